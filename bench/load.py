"""Load test: N simulated visitors at once against one `streamlit run`; prints figures only.

    .venv/bin/python bench/load.py [--visitors 1 10 20] [--browsers 4] [--data DIR] [--from DIR]

Not part of the test suite. Each visitor, in its own browser context, opens ``/`` until the map
is drawn, clicks Gent until the panel shows the region, then goes to Doorbraken through the top
navigation and filters on a theme until the filtered list shows. The visitors of one round
start together, spread over several Chromium processes (one asyncio loop each), so that the
browsers do not become the bottleneck. Per round it prints p50/p95 of each step, failures,
the server's CPU seconds per visitor (/proc) and its resident memory: growth per visitor while
the sessions are open, and after they have left and their sessions expired
(``server.disconnectedSessionTTL`` is SESSION_TTL_S here; Streamlit's default keeps a left
session for 120 s). Every round runs twice on the same server: memory that stays after the
first must not grow again in the second.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.map_page import MAP_FRAME  # noqa: E402
from tests.support.streamlit_server import cpu_seconds, rss_bytes, streamlit_process  # noqa: E402

DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "boundaries" / "pic-3b1b6d8"
SESSION_TTL_S = 10
STEP_TIMEOUT_MS = 180_000
GENT = "44021"
THEME, THEME_LABEL = "mobiliteit", "Mobiliteit"


def _theme_count() -> int:
    """How many projects the theme filter shows, from the data file itself."""
    import yaml

    text = (REPO_ROOT / "data" / "breakthroughs.yaml").read_text(encoding="utf-8")
    return sum(THEME in item["themes"] for item in yaml.safe_load(text)["breakthroughs"])


THEME_COUNT = _theme_count()
STEPS = ("map", "click", "doorbraken")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PIXEL_JS = """(code) => {
    const layer = Object.values(window.map._layers).find(
        (l) => l.feature && l.feature.properties && l.feature.properties.nis_code === code
            && typeof l.getCenter === "function");
    const p = window.map.latLngToContainerPoint(layer.getCenter());
    return {x: p.x, y: p.y};
}"""


async def visit(browser, url: str) -> dict:
    """One visitor: seconds per step, or the step that failed."""
    context = await browser.new_context(viewport={"width": 1400, "height": 950})

    # other hosts: refused by Chromium itself (CHROMIUM_ARGS, --host-resolver-rules)
    page = await context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    result: dict = {}
    step = "map"
    try:
        start = time.perf_counter()
        await page.goto(url)
        frame = page.frame_locator(MAP_FRAME)
        await frame.locator("path.leaflet-interactive").first.wait_for()
        result["map"] = time.perf_counter() - start

        step = "click"
        await page.wait_for_selector(IDLE)
        handle = await page.locator(MAP_FRAME).element_handle()
        inner = await handle.content_frame()
        point = await inner.evaluate(PIXEL_JS, GENT)
        box = await page.locator(MAP_FRAME).bounding_box()
        start = time.perf_counter()
        await page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        await page.get_by_role("heading", name="Referentieregio Gent").wait_for()
        result["click"] = time.perf_counter() - start

        step = "doorbraken"  # through the top navigation, then a theme filter, as a visitor
        await page.wait_for_selector(IDLE)
        start = time.perf_counter()
        await page.get_by_role("link", name="Doorbraken").first.click()
        await page.get_by_text("12 van 12 doorbraken").wait_for()
        await page.wait_for_selector(IDLE)
        await page.get_by_role("combobox", name="Thema").click()
        await page.get_by_role("option", name=THEME_LABEL, exact=True).click()
        await page.get_by_text(f"{THEME_COUNT} van 12 doorbraken").wait_for()
        await page.wait_for_selector(IDLE)
        result["doorbraken"] = time.perf_counter() - start
    except Exception as exc:  # a failure is a figure here
        result["failed"] = f"{step}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    finally:
        await context.close()
    return result


def worker(url: str, visitors: int, ready, start, results) -> None:
    """One Chromium process running ``visitors`` visitors at once, after ``start`` is set."""
    from playwright.async_api import async_playwright

    async def run() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            ready.release()
            await asyncio.get_running_loop().run_in_executor(None, start.wait)
            done = await asyncio.gather(*(visit(browser, url) for _ in range(visitors)))
            await browser.close()
        for item in done:
            results.put(item)

    asyncio.run(run())


def wave(url: str, visitors: int, browsers: int) -> list[dict]:
    """``visitors`` visitors at once, spread over ``browsers`` Chromium processes."""
    context = multiprocessing.get_context("spawn")
    ready, start, results = context.Semaphore(0), context.Event(), context.Queue()
    shares = [visitors // browsers + (1 if i < visitors % browsers else 0) for i in range(browsers)]
    processes = [
        context.Process(target=worker, args=(url, share, ready, start, results))
        for share in shares
        if share
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    start.set()
    found = [results.get() for _ in range(visitors)]
    for process in processes:
        process.join()
    return found


def settle(pid: int, seconds: float = 1.0) -> None:
    """Wait until the server has been idle (no CPU used) for a moment."""
    last = cpu_seconds(pid)
    while True:
        time.sleep(seconds)
        now = cpu_seconds(pid)
        if now - last < 0.02 * seconds:
            return
        last = now


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def run_round(url: str, pid: int, visitors: int, browsers: int) -> dict:
    settle(pid)
    rss_before, cpu_before = rss_bytes(pid), cpu_seconds(pid)
    found = wave(url, visitors, browsers)
    settle(pid)
    cpu = cpu_seconds(pid) - cpu_before
    rss_open = rss_bytes(pid)
    time.sleep(SESSION_TTL_S + 5)  # the sessions expire
    settle(pid)
    rss_left = rss_bytes(pid)
    return {
        "visitors": visitors,
        "found": found,
        "cpu": cpu,
        "rss_before": rss_before,
        "rss_open": rss_open,
        "rss_left": rss_left,
    }


def report(rounds: list[dict]) -> None:
    mb = 1024 * 1024
    print(
        "| visitors | open / → map p50 / p95 | click → panel p50 / p95 | doorbraken p50 / p95 "
        "| failures | server CPU per visitor | RSS growth per visitor, sessions open "
        "| RSS after they left (vs. before) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for item in rounds:
        ok = [r for r in item["found"] if "failed" not in r]
        cells = []
        for step in STEPS:
            values = [r[step] for r in ok]
            cells.append(
                f"{percentile(values, 0.5):.1f} / {percentile(values, 0.95):.1f} s"
                if values
                else "–"
            )
        n = item["visitors"]
        print(
            f"| {n} | {' | '.join(cells)} | {n - len(ok)} | {item['cpu'] / n:.2f} s "
            f"| {(item['rss_open'] - item['rss_before']) / mb / n:+.2f} MB "
            f"| {(item['rss_left'] - item['rss_before']) / mb:+.1f} MB |"
        )
        for failure in (r["failed"] for r in item["found"] if "failed" in r):
            print(f"  failed: {failure}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visitors", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--browsers", type=int, default=4, help="Chromium processes")
    parser.add_argument("--repeat", type=int, default=2, help="rounds per number of visitors")
    parser.add_argument("--data", type=Path, help="a data folder with built boundaries")
    parser.add_argument("--from", dest="source", default=str(DEFAULT_SOURCE))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            from lib.boundaries import build

            data = Path(tmp) / "data"
            shutil.copytree(
                REPO_ROOT / "data", data, ignore=shutil.ignore_patterns("*.geojson", "*.json")
            )
            for vintage in (2025, 2019):
                build.build(vintage, base=args.source, data_dir=data)
        options = ("--server.disconnectedSessionTTL", str(SESSION_TTL_S))
        env = {"REGIOKAART_DATA_DIR": str(data)}
        with streamlit_process(REPO_ROOT / "app.py", env=env, options=options) as (url, server):
            wave(url, 1, 1)  # warm the caches: the first visit builds them
            rounds = []
            for visitors in args.visitors:
                for _ in range(args.repeat):
                    rounds.append(run_round(url, server.pid, visitors, args.browsers))
            rss_end = rss_bytes(server.pid)
    cores = os.cpu_count()
    load = os.getloadavg()
    print(
        f"Machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}; "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        f"(1 / 5 / 15 min); {args.browsers} Chromium processes; server RSS at the end "
        f"{rss_end / 1024 / 1024:.0f} MB"
    )
    report(rounds)


if __name__ == "__main__":
    main()
