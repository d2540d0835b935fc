"""Regiokaart's benchmark: prints figures, asserts nothing.

    .venv/bin/python bench/run.py [--runs 10] [--from DIR]

Needs Debian's Chromium and the pinned boundary files (``--from``, default ../shared/…).
Measures, against real `streamlit run` servers, in Chromium with other hosts blocked, side by
side with the bare page ``bench/bare_map.py`` (the same municipalities as plain GeoJSON in
st_folium, a click printed, nothing else) in the same run, and prints the ratios:

- opening ``/`` until the map is drawn (median);
- a click on Gent until the panel shows the region (median);
- server start until the first map is drawn (median of fresh servers);
- the server's memory (RSS) after the runs;
- the bytes the websocket carries for ``/`` (uncompressed frames);

taken in turns (dashboard, dashboard with a layer, bare page; then again), so that a machine
that gets busier or quieter during the run weighs on all three alike;

all five also for the dashboard with a division layer on (``?laag=vervoerregio``). Also:
- the server time of the script run that a click causes (``REGIOKAART_TIMING``);
- the map's GeoJSON payload in the page, and the boundary build per vintage;
- the "Andere indeling" layer: what it adds to the page per kind, and a layer switch (server
  time of its script run, and the time until the new borders are drawn).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench import paint  # noqa: E402
from bench.boundaries import measure_builds  # noqa: E402
from bench.layers import measure_layer_switch, overlay_payload_kib  # noqa: E402
from bench.wire import CountingRelay  # noqa: E402
from tests.support.chromium import launch, wait_for_app  # noqa: E402
from tests.support.map_page import municipality_pixel, wait_for_map  # noqa: E402
from tests.support.streamlit_server import (  # noqa: E402
    rss_bytes,
    streamlit_process,
    streamlit_server,
)

GENT = "44021"
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "boundaries" / "pic-3b1b6d8"
DEFAULT_DIVISIONS = REPO_ROOT.parent / "shared" / "divisions" / "pic-3b1b6d8"
TIMING = re.compile(r"regiokaart-timing (\S+) ([\d.]+) ms")


def new_page(browser):
    """A fresh context: a cold cache, like a first visit."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    return context, context.new_page()


def first_map(browser, script: Path, env: dict[str, str], query: str = "") -> float:
    """Seconds from starting a fresh server to the first map painted in the browser."""
    start = time.time()  # the epoch clock: the browser's paint note is on it too
    with streamlit_server(script, env=env) as url:
        context, page = new_page(browser)
        page.goto(url + query)
        elapsed = paint.map_painted_at(page) - start
        context.close()
    return elapsed


def open_and_click(browser, url: str, done_marker: str) -> tuple[float, float, int]:
    """(open ``url`` until the map is painted, click Gent until ``done_marker`` is painted:
    seconds, as the browser saw them (bench/paint.py); bytes the websocket brought until the
    first run ended)."""
    context, page = new_page(browser)
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(data)))
    page.goto(url)
    opened = paint.map_painted_at(page) - paint.navigation_started_at(page)
    wait_for_app(page)
    payload = sum(len(frame) for frame in received)
    x, y = municipality_pixel(page, GENT)
    start = paint.now(page)
    page.mouse.click(x, y)
    clicked = paint.text_shown_at(page, done_marker) - start
    context.close()
    return opened, clicked, payload


def served(browser, pages: dict, env: dict, runs: int, log=None) -> dict:
    """Visits of warm servers, one per page, taken in turns (one visit of each page per round,
    so a machine that gets busier or quieter during the run affects every page alike):
    {name: ([(opened, clicked, bytes)], server RSS after them)}. ``pages``: {name: (script,
    query, marker)}; the server of "app" writes its log to ``log``."""
    with contextlib.ExitStack() as stack:
        urls, pids = {}, {}
        for name, (script, _, _) in pages.items():
            url, process = stack.enter_context(
                streamlit_process(script, env=env, log_path=log if name == "app" else None)
            )
            urls[name], pids[name] = url, process.pid
        for name, (_, query, marker) in pages.items():
            open_and_click(browser, urls[name] + query, marker)  # warm the caches
        visits = {name: [] for name in pages}
        for _ in range(runs):
            for name, (_, query, marker) in pages.items():
                visits[name].append(open_and_click(browser, urls[name] + query, marker))
        return {name: (visits[name], rss_bytes(pids[name])) for name in pages}


def wire_kb(browser, script: Path, env: dict, compression: bool, query: str = "") -> float:
    """KB the server writes on the websocket for opening ``/`` until its run ends (median of 3),
    with Streamlit's websocket compression on or off."""
    option = ("--server.enableWebsocketCompression", "true" if compression else "false")
    sizes = []
    with streamlit_process(script, env=env, options=option) as (url, _):
        relay = CountingRelay(int(url.rsplit(":", 1)[1]))
        with relay.running() as relayed:
            for _ in range(4):  # the first visit warms the caches
                relay.websocket_bytes = 0
                context, page = new_page(browser)
                page.goto(relayed + query)
                wait_for_map(page)
                wait_for_app(page)
                sizes.append(relay.websocket_bytes / 1000)
                context.close()
    return statistics.median(sizes[1:])


def payload_kib(data_dir: Path) -> dict[str, float]:
    """KiB of map data the page fetches for the 2025 map: its layer files (static/map/)."""
    from lib.app import store
    from lib.data import paths

    layers = store.map_layers(data_dir, 2025)
    sizes = {
        "layer 'gemeenten'": len(layers.municipality_layer.encode()) / 1024,
        "layer 'regiogrenzen'": len(layers.outline_layer.encode()) / 1024,
    }
    sizes["total (budget 400 KiB)"] = sum(sizes.values())
    plain = json.loads(paths.boundaries_path(2025, data_dir).read_bytes())["features"]
    sizes["plain GeoJSON, for comparison"] = len(json.dumps(plain, separators=(",", ":"))) / 1024
    return sizes


TARGETS = {  # ratio to the bare page the dashboard should stay within
    "open / until the map is drawn": 0.9,
    "click on Gent until the panel shows": 1.0,
    "server start until the first map": 1.1,
    "server memory (RSS) after the runs": 1.2,
}
PAYLOAD_BUDGET_KB = 200


def report(name: str, value: float, baseline: float, unit: str = "s") -> None:
    ratio = value / baseline
    target = TARGETS.get(name)
    verdict = "" if target is None else (" ok" if ratio <= target else f" over {target:.1f}")
    print(
        f"  {name:<38} {value:9.2f} {unit:<2} bare {baseline:9.2f} {unit:<2} "
        f"ratio {ratio:5.2f}{verdict}"
    )


def report_visits(title: str, app: dict, bare: dict) -> None:
    print(title)
    for index, name in enumerate(
        ("open / until the map is drawn", "click on Gent until the panel shows")
    ):
        report(
            name,
            statistics.median(v[index] for v in app["visits"]),
            statistics.median(v[index] for v in bare["visits"]),
        )
    report(
        "server start until the first map",
        statistics.median(app["cold"]),
        statistics.median(bare["cold"]),
    )
    report("server memory (RSS) after the runs", app["rss"] / 2**20, bare["rss"] / 2**20, "MB")
    app_kb = statistics.median(v[2] for v in app["visits"]) / 1000
    bare_kb = statistics.median(v[2] for v in bare["visits"]) / 1000
    report("websocket bytes for /", app_kb, bare_kb, "KB")
    state = "ok" if app_kb <= PAYLOAD_BUDGET_KB else "over"
    print(f"  {'':<38} budget {PAYLOAD_BUDGET_KB} KB: {state}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10, help="repetitions per figure (median)")
    parser.add_argument(
        "--from",
        dest="source",
        default=str(DEFAULT_SOURCE),
        help="folder or URL with the pinned boundary files",
    )
    parser.add_argument(
        "--divisions",
        default=str(DEFAULT_DIVISIONS),
        help="folder or URL with the pinned division tables",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from lib.boundaries.build import build

    print("Boundary build (pic source)")
    for row in measure_builds(base=args.source):
        print(
            f"  vintage {row['vintage']}: {row['seconds']:.2f} s, "
            f"{row['boundaries_bytes'] / 1024:.0f} KiB municipalities, "
            f"{row['outlines_bytes'] / 1024:.0f} KiB outlines"
        )

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        data_dir = Path(tmp) / "data"
        shutil.copytree(
            REPO_ROOT / "data",
            data_dir,
            ignore=shutil.ignore_patterns("*.geojson", "map*.json", "README.md"),
        )
        for vintage in (2025, 2019):
            build(vintage, base=args.source, data_dir=data_dir)
        print("Map layer files the page fetches (2025)")
        for name, size in payload_kib(data_dir).items():
            print(f"  {name:<40} {size:8.1f} KiB")
        from lib.divisions import tables as division_tables

        division_tables.build_tables(data_dir, base=args.divisions)
        layer_sizes = overlay_payload_kib(data_dir)
        print("Extra page data with an 'Andere indeling' layer on (budget 60 KB)")
        for kind, size in layer_sizes.items():
            print(f"  {kind:<40} {size:8.1f} KiB")

        env = {
            "REGIOKAART_DATA_DIR": str(data_dir),
            "REGIOKAART_TIMING": "1",
            "REGIOKAART_DIVISIONS_URL": args.divisions,
        }
        browser = launch(playwright)
        runs = args.runs

        cold_runs = min(runs, 5)
        app_script, bare_script = REPO_ROOT / "app.py", REPO_ROOT / "bench" / "bare_map.py"
        log = Path(tmp) / "app.log"
        layer = "?laag=vervoerregio"
        pages = {
            "app": (app_script, "", "Referentieregio Gent"),
            "layer": (app_script, layer, "Referentieregio Gent"),
            "bare": (bare_script, "", "clicked gent"),
        }
        cold = {name: [] for name in pages}
        for _ in range(cold_runs):  # in turns, as the visits
            for name, (script, query, _) in pages.items():
                cold[name].append(first_map(browser, script, env, query))
        figures = {
            name: {"cold": cold[name], "visits": visits, "rss": rss}
            for name, (visits, rss) in served(browser, pages, env, runs, log).items()
        }
        wire = {
            (name, compression): wire_kb(browser, script, env, compression, query)
            for name, script, query in (
                ("app", app_script, ""),
                ("layer", app_script, layer),
                ("bare", bare_script, ""),
            )
            for compression in (False, True)
        }
        switch_log = Path(tmp) / "switch.log"
        with streamlit_server(REPO_ROOT / "app.py", env=env, log_path=switch_log) as url:
            measure_layer_switch(browser, url, switch_log, 2)  # warm the caches
            switch_server, switch_drawn = measure_layer_switch(browser, url, switch_log, runs)
        browser.close()

        timings = [float(ms) for page, ms in TIMING.findall(log.read_text()) if page == "/"]

    print(f"Chromium, medians of {runs} runs (server start: {cold_runs} fresh servers)")
    report_visits("The dashboard at /, next to the bare page", figures["app"], figures["bare"])
    report_visits(
        f"The dashboard at /{layer}, next to the same bare page", figures["layer"], figures["bare"]
    )
    print("Bytes the server writes on the websocket for / (server.enableWebsocketCompression)")
    for name, title in (("app", "/"), ("layer", f"/{layer}"), ("bare", "bare page")):
        print(f"  {title:<38} off {wire[name, False]:7.1f} KB   on {wire[name, True]:7.1f} KB")
    # every visit makes a first run (page load) and a second run (the click); warm ones only
    click_runs = timings[3::2]
    print("Server time of a script run after a click (REGIOKAART_TIMING)")
    print(
        f"  median {statistics.median(click_runs):.1f} ms, max {max(click_runs):.1f} ms "
        f"over {len(click_runs)} runs (budget 250 ms)"
    )
    print("Switching the 'Andere indeling' layer")
    print(
        f"  server time of the script run: median {statistics.median(switch_server):.1f} ms, "
        f"max {max(switch_server):.1f} ms over {len(switch_server)} runs (budget 300 ms)"
    )
    print(
        f"  choice until the new borders are drawn: median {statistics.median(switch_drawn):.2f} s"
    )


if __name__ == "__main__":
    main()
