"""Benchmark of the "Andere indeling" map layer: its payload and a layer switch.

Used by bench/run.py; prints nothing itself.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from lib.divisions.sources import KIND_BY_ID
from tests.support.chromium import wait_for_app
from tests.support.map_page import MAP_FRAME, wait_for_map

TIMING = re.compile(r"regiokaart-timing (\S+) ([\d.]+) ms")
LINES = "path.regiokaart-division"
# the layers switched between, as the select names them (lib.app.division_layer.layer_label)
SWITCHES = tuple(
    KIND_BY_ID[kind].short_label
    for kind in ("politiezone", "vervoerregio", "eerstelijnszone", "gezondheidsmakers")
)


def overlay_payload_kib(data_dir: Path) -> dict[str, float]:
    """KiB the page gets in addition when a layer is on: the feature group's script, per kind.

    That script is what streamlit-folium sends with each run while the layer is on (the base
    map's script is unchanged and does not travel again as a new map).
    """
    import folium
    import streamlit_folium

    from lib.app import division_data, division_layer
    from lib.divisions.sources import KINDS

    division_data.ensure_tables(data_dir)
    sizes = {}
    for kind in KINDS:
        group = division_layer.overlay_group(data_dir, kind.id)
        script = streamlit_folium._get_feature_group_string(group, folium.Map(), 1)
        sizes[kind.id] = len(script.encode("utf-8")) / 1024
    return sizes


def _timings(log: Path) -> list[float]:
    return [float(ms) for page, ms in TIMING.findall(log.read_text()) if page == "/"]


def measure_layer_switch(
    browser, url: str, log: Path, runs: int
) -> tuple[list[float], list[float]]:
    """(server ms of each switch's script run, seconds from the choice to the lines drawn)."""
    context = browser.new_context(viewport={"width": 1400, "height": 950})
    page = context.new_page()
    page.goto(url)
    wait_for_map(page)
    wait_for_app(page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    server, drawn = [], []
    for index in range(runs):
        label = SWITCHES[index % len(SWITCHES)]
        before_runs = len(_timings(log))
        before_lines = frame.evaluate(f"() => document.querySelectorAll('{LINES}').length")
        box = page.get_by_role("combobox", name="Andere indeling")
        box.click()
        box.fill(label)  # the list draws its first options only; typing narrows it
        option = page.get_by_role("option", name=label, exact=True)
        start = time.perf_counter()
        option.click()
        frame.wait_for_function(
            f"(n) => {{ const c = document.querySelectorAll('{LINES}').length;"
            " return c > 0 && c !== n; }",
            arg=before_lines,
            timeout=30_000,
        )
        drawn.append(time.perf_counter() - start)
        wait_for_app(page)
        deadline = time.monotonic() + 5
        while len(_timings(log)) <= before_runs and time.monotonic() < deadline:
            time.sleep(0.05)
        server.extend(_timings(log)[before_runs:])
    context.close()
    return server, drawn
