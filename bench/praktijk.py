"""Bench: server time of one submitted practice, and of loading 1,000 accepted ones.

    .venv/bin/python bench/praktijk.py [--rounds 50] [--postgres] [--page]

Not part of the test suite. Prints figures only. A submission is what the page does on "Versturen":
check the form, then store it (one transaction, idempotency key). Loading is
``lib.praktijk.export.accepted_practices`` over a store with 1,000 accepted practices: what
/doorbraken will read (the page's drawing is measured with the page). SQLite in a temporary
folder by default; ``--postgres`` also on a throw-away PostgreSQL server (Debian's binaries, as
the tests start it). ``--page``: the server time of a run of /doorbraken (AppTest, the warm
rerun of one session, median of 20) with an empty store, today's page, and with 1,000 accepted
practices. Targets: one submission ≤ 150 ms; /doorbraken with 1,000 ≤ 1.5× today's page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from lib.praktijk import export, model, moderation, store  # noqa: E402
from tests.support.praktijk import REGIONS, valid_form  # noqa: E402

PRACTICES = 1000


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(values) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"


def bench(name: str, url: str, rounds: int) -> None:
    engine = store.make_engine(url)
    store.prepare(engine)
    form = valid_form()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        checked = model.check_form(form, REGIONS)
        assert checked.submission is not None
        store.submit(engine, checked.submission, store.new_form_key())
        times.append(time.perf_counter() - started)
    print(f"{name:10s} one submission ({rounds}x):           {_ms(times)}")

    submission = model.check_form(form, REGIONS).submission
    assert submission is not None
    have = len(moderation.list_submissions(engine))
    for _ in range(PRACTICES - have):
        store.submit(engine, submission, store.new_form_key())
    with engine.begin() as connection:
        connection.execute(
            store.submissions.update().values(status="accepted", decided_at=store.now())
        )
    loads = []
    for _ in range(10):
        started = time.perf_counter()
        accepted = export.accepted_practices(engine)
        loads.append(time.perf_counter() - started)
    assert len(accepted) == PRACTICES
    print(f"{name:10s} load {PRACTICES} accepted practices (10x): {_ms(loads)}")
    engine.dispose()


def fill_accepted(url: str, count: int) -> None:
    """A store at ``url`` with ``count`` accepted practices."""
    engine = store.make_engine(url)
    store.prepare(engine)
    submission = model.check_form(valid_form(region_id="kempen"), REGIONS | {"kempen": "K"})
    assert submission.submission is not None
    for _ in range(count):
        store.submit(engine, submission.submission, store.new_form_key())
    with engine.begin() as connection:
        connection.execute(
            store.submissions.update().values(status="accepted", decided_at=store.now())
        )
    engine.dispose()


def page_time(url: str, runs: int = 20) -> tuple[list[float], list[float]]:
    """Server time of /doorbraken's warm reruns in one AppTest session on the store ``url``:
    (wall clock, CPU time of this process; CPU is what other processes on the machine disturb
    least)."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["REGIOKAART_PRAKTIJK_URL"] = url
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/doorbraken.py")
    at.run()  # the first run loads the data and the store
    assert not at.exception, at.exception
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return times, cpu


def bench_page(folder: Path) -> None:
    empty = store.sqlite_url(folder / "leeg.sqlite3")
    full = store.sqlite_url(folder / "vol.sqlite3")
    fill_accepted(full, PRACTICES)
    today, today_cpu = page_time(empty)
    loaded, loaded_cpu = page_time(full)
    ratio = statistics.median(loaded) / statistics.median(today)
    ratio_cpu = statistics.median(loaded_cpu) / statistics.median(today_cpu)
    print(f"/doorbraken, store empty (today's page):  wall {_ms(today)}")
    print(f"{'':41s} cpu  {_ms(today_cpu)}")
    print(f"/doorbraken, {PRACTICES} accepted practices:   wall {_ms(loaded)}   ({ratio:.2f}x)")
    print(f"{'':41s} cpu  {_ms(loaded_cpu)}   ({ratio_cpu:.2f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--page", action="store_true", help="time /doorbraken (AppTest)")
    args = parser.parse_args()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if args.page:
            bench_page(folder)
            return 0
        bench("SQLite", store.sqlite_url(folder / "praktijk.sqlite3"), args.rounds)
        if args.postgres:
            from tests.support.postgres import find_bin_dir, postgres_server

            bin_dir = find_bin_dir()
            if bin_dir is None:
                print("PostgreSQL is not installed; skipped")
                return 0
            server = stack.enter_context(postgres_server(bin_dir, durable=True))
            bench("PostgreSQL", server.url, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
