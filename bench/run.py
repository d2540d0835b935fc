"""Regiokaart's benchmark: prints figures, asserts nothing.

    .venv/bin/python bench/run.py [--runs 10] [--from DIR]

Needs Debian's Chromium and the pinned boundary files (``--from``, default ../shared/…).
Measures, against real `streamlit run` servers, in Chromium with other hosts blocked:

- cold start: a fresh server until the app's first complete render, next to a bare page;
- opening ``/`` until the map is drawn, and a click on the map until the panel shows the
  region, as medians, next to a bare page that draws the same GeoJSON with st_folium and
  prints the clicked feature;
- the server time of the script run that a click causes (``REGIOKAART_TIMING``);
- the map's GeoJSON payload in the page, and the boundary build per vintage;
- the "Andere indeling" layer: what it adds to the page per kind, and a layer switch (server
  time of its script run, and the time until the new borders are drawn).
"""

from __future__ import annotations

import argparse
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

from bench.boundaries import measure_builds  # noqa: E402
from bench.layers import measure_layer_switch, overlay_payload_kib  # noqa: E402
from tests.support.chromium import launch, wait_for_app  # noqa: E402
from tests.support.map_page import municipality_pixel, wait_for_map  # noqa: E402
from tests.support.streamlit_server import streamlit_server  # noqa: E402

GENT = "44021"
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "boundaries" / "pic-3b1b6d8"
DEFAULT_DIVISIONS = REPO_ROOT.parent / "shared" / "divisions" / "pic-3b1b6d8"
TIMING = re.compile(r"regiokaart-timing (\S+) ([\d.]+) ms")


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    return context, context.new_page()


def cold_start(browser, script: Path, env: dict[str, str], marker: str) -> float:
    """Seconds from starting the server to the first complete render showing ``marker``."""
    start = time.perf_counter()
    with streamlit_server(script, env=env) as url:
        context, page = new_page(browser)
        page.goto(url)
        wait_for_app(page)
        page.get_by_text(marker, exact=False).first.wait_for()
        elapsed = time.perf_counter() - start
        context.close()
    return elapsed


def open_and_click(browser, url: str, done_marker: str) -> tuple[float, float]:
    """(open ``url`` until the map is drawn, click Gent until ``done_marker`` shows), seconds."""
    context, page = new_page(browser)
    start = time.perf_counter()
    page.goto(url)
    wait_for_map(page)
    opened = time.perf_counter() - start
    wait_for_app(page)
    x, y = municipality_pixel(page, GENT)
    start = time.perf_counter()
    page.mouse.click(x, y)
    page.get_by_text(done_marker, exact=False).filter(visible=True).first.wait_for(timeout=30_000)
    clicked = time.perf_counter() - start
    context.close()
    return opened, clicked


def payload_kib(data_dir: Path) -> dict[str, float]:
    """KiB of map data the page carries for the 2025 map: the app's own cached layers."""
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


def report(name: str, value: float, baseline: float, unit: str = "s") -> None:
    ratio = value / baseline
    print(f"  {name:<40} {value:8.3f} {unit}   bare {baseline:8.3f} {unit}   ratio {ratio:5.2f}")


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
        print("Map data in the page (2025)")
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

        app_cold = [
            cold_start(browser, REPO_ROOT / "app.py", env, "Regiokaart")
            for _ in range(min(runs, 5))
        ]
        bare_cold = [
            cold_start(browser, REPO_ROOT / "bench" / "bare_page.py", env, "Bare page")
            for _ in range(min(runs, 5))
        ]

        log = Path(tmp) / "app.log"
        with streamlit_server(REPO_ROOT / "app.py", env=env, log_path=log) as url:
            open_and_click(browser, url, "Referentieregio Gent")  # warm the caches
            app = [open_and_click(browser, url, "Referentieregio Gent") for _ in range(runs)]
        with streamlit_server(REPO_ROOT / "bench" / "bare_map.py", env=env) as url:
            open_and_click(browser, url, "clicked gent")
            bare = [open_and_click(browser, url, "clicked gent") for _ in range(runs)]
        switch_log = Path(tmp) / "switch.log"
        with streamlit_server(REPO_ROOT / "app.py", env=env, log_path=switch_log) as url:
            measure_layer_switch(browser, url, switch_log, 2)  # warm the caches
            switch_server, switch_drawn = measure_layer_switch(browser, url, switch_log, runs)
        browser.close()

        timings = [float(ms) for page, ms in TIMING.findall(log.read_text()) if page == "/"]

    print(f"Chromium, medians of {runs} runs (cold start: {min(runs, 5)})")
    report(
        "cold start to first complete render",
        statistics.median(app_cold),
        statistics.median(bare_cold),
    )
    report(
        "open / until the map is drawn",
        statistics.median(o for o, _ in app),
        statistics.median(o for o, _ in bare),
    )
    report(
        "click on the map until the panel shows",
        statistics.median(c for _, c in app),
        statistics.median(c for _, c in bare),
    )
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
