"""The server's cost of the rerun a click on the map causes: prints figures, asserts nothing.

    .venv/bin/python bench/rerun.py [--clicks 20] [--data DIR] [--from DIR]

Against a real `streamlit run` and Chromium: opens ``/``, then clicks municipalities of two
regions in turn, each time waiting until the panel shows the region and the server is idle. Per
click it reads the server process's CPU time (/proc, every thread: the websocket, the callbacks,
the script and the messages it sends) and the script's own figures (``REGIOKAART_TIMING``: wall
clock and the script thread's CPU). Prints medians and the spread.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.chromium import launch, wait_for_app  # noqa: E402
from tests.support.map_page import municipality_pixel, wait_for_map  # noqa: E402
from tests.support.streamlit_server import cpu_seconds, streamlit_process  # noqa: E402

DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "boundaries" / "pic-3b1b6d8"
TIMING = re.compile(r"regiokaart-timing (\S+) ([\d.]+) ms cpu ([\d.]+) ms")
CLICKS = [("44021", "Gent"), ("31005", "Brugge")]  # alternate: each click changes the region
SETTLE_S = 0.3  # after the run: let the server send its last messages before reading the CPU


def built_data(source: str, folder: Path) -> Path:
    from lib.boundaries import build

    shutil.copytree(
        REPO_ROOT / "data", folder, ignore=shutil.ignore_patterns("*.geojson", "*.json", "*.md")
    )
    for vintage in (2025, 2019):
        build.build(vintage, base=source, data_dir=folder)
    return folder


def idle(page) -> None:
    wait_for_app(page)
    time.sleep(SETTLE_S)


def measure(url: str, pid: int, clicks: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    cpu = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1400, "height": 950})
        page = context.new_page()
        page.goto(url)
        wait_for_map(page)
        idle(page)
        for number in range(clicks + 2):
            code, name = CLICKS[number % 2]
            x, y = municipality_pixel(page, code)
            before = cpu_seconds(pid)
            page.mouse.click(x, y)
            page.get_by_role("heading", name=f"Referentieregio {name}").wait_for(timeout=30_000)
            idle(page)
            if number >= 2:  # the first clicks warm caches
                cpu.append((cpu_seconds(pid) - before) * 1000)
        browser.close()
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--data", type=Path, help="a data folder with built boundaries")
    parser.add_argument("--from", dest="source", default=str(DEFAULT_SOURCE))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or built_data(args.source, Path(tmp) / "data")
        log = Path(tmp) / "server.log"
        env = {"REGIOKAART_DATA_DIR": str(data), "REGIOKAART_TIMING": "1"}
        with streamlit_process(REPO_ROOT / "app.py", env=env, log_path=log) as (url, process):
            process_cpu = measure(url, process.pid, args.clicks)
        found = TIMING.findall(log.read_text())
        runs = [(float(w), float(c)) for page, w, c in found if page == "/"]
        print(f"{len(runs)} script runs of / for {args.clicks + 2} clicks and 1 visit")
    script = runs[-len(process_cpu) :]  # one script run per click, the last ones

    def line(name: str, values: list[float]) -> str:
        q = statistics.quantiles(values, n=10)
        return (
            f"  {name:<44} median {statistics.median(values):6.1f} ms"
            f"   p10 {q[0]:6.1f}   p90 {q[-1]:6.1f}   ({len(values)} clicks)"
        )

    print("Server cost of the rerun after a click on the map (target: 30 ms CPU)")
    print(line("server process CPU, all threads", process_cpu))
    print(line("script run, this thread's CPU", [c for _, c in script]))
    print(line("script run, wall clock", [w for w, _ in script]))


if __name__ == "__main__":
    main()
