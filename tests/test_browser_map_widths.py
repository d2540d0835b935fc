"""Long names on the map stay within bounds (issue 12, case 6), drawn by Chromium.

A 10,000-character region name once made an 18,858 px tall label and a 113,353 px wide legend.
The validator now refuses names over 100 characters, but the map must not depend on that: the
page folium renders is served from a folder by a plain local web server, with the app's Leaflet
and the map's layer files beside it.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from lib.data import paths
from lib.map import artifact, elements, leaflet_assets, static_files
from tests.support.http_thread import base_url, serving
from tests.support.screenshots import save_screenshot

pytestmark = pytest.mark.browser

LONG_NAME = "Heel lange regionaam " * 480  # 10,080 characters


@pytest.fixture(scope="module")
def map_file(built_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2025 map with Gent's region renamed to LONG_NAME, as a file beside its Leaflet."""
    document = json.loads(paths.map_artifact_path(2025, built_data_dir).read_bytes())
    for feature in document["layers"]["municipalities"]["features"]:
        if feature["p"]["region_id"] == "gent":
            feature["p"]["region"] = LONG_NAME
    for region in document["regions"]:
        if region["region_id"] == "gent":
            region["name"] = LONG_NAME
    fmap = elements.base_map(artifact.from_document(document), tiles=False)
    root = tmp_path_factory.mktemp("map")
    # the page refers to ../../app/static/leaflet/, as from streamlit-folium's component frame
    page = root / "component" / "st_folium" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(fmap.get_root().render(), encoding="utf-8")
    shutil.copytree(leaflet_assets.ensure_assets(), root / "app" / "static" / "leaflet")
    # the layer files and the loader this page fetches (written into static/ by base_map)
    layers = root / "app" / "static" / static_files.LAYERS
    layers.mkdir()
    for name in re.findall(r"/map/([\w.-]+\.(?:json|js))", page.read_text(encoding="utf-8")):
        shutil.copy(static_files.layers_dir() / name, layers / name)
    return page


@pytest.fixture(scope="module")
def map_url(map_file: Path) -> Iterator[str]:
    """The page over HTTP (a fetch from a file: page is refused), on a free local port."""
    root = map_file.parents[2]
    handler = functools.partial(QuietHandler, directory=str(root))
    with serving(handler) as server:
        yield f"{base_url(server)}/{map_file.relative_to(root).as_posix()}"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


def test_a_long_region_name_keeps_label_legend_and_tooltip_small(
    page, map_url: str, screenshot_dir: Path
) -> None:
    page.set_viewport_size({"width": 1000, "height": 700})  # the page fixture restores it
    page.goto(map_url)
    page.locator("path.leaflet-interactive").first.wait_for()
    page.locator(".regiokaart-legend-title").click()  # open the legend
    sizes = page.evaluate(
        """(name) => {
        const label = [...document.querySelectorAll(".regiokaart-label")]
            .find((el) => el.textContent === name);
        const entry = [...document.querySelectorAll(".regiokaart-legend-row span + span")]
            .find((el) => el.textContent === name);
        const legend = document.querySelector(".regiokaart-legend");
        return {label: label.getBoundingClientRect(), entry: entry.getBoundingClientRect(),
                legend: legend.getBoundingClientRect(),
                entryCut: entry.scrollHeight > entry.clientHeight};
    }""",
        LONG_NAME,
    )
    assert sizes["label"]["width"] <= 90 and sizes["label"]["height"] <= 50, sizes["label"]
    assert sizes["entry"]["width"] <= 230 and sizes["entry"]["height"] <= 50, sizes["entry"]
    assert sizes["legend"]["width"] <= 560, sizes["legend"]  # the open legend's grid
    assert sizes["entryCut"]  # wrapped, and cut after three lines (names up to 100 fit)
    # the tooltip of a municipality of that region
    gent = page.evaluate(
        """() => {
        const map = Object.values(window).find((value) => value instanceof L.Map);
        const layer = Object.values(map._layers).find((l) => l.feature
            && l.feature.properties.nis_code === "44021" && l.getCenter);
        const p = map.latLngToContainerPoint(layer.getCenter());
        const box = map.getContainer().getBoundingClientRect();
        return {x: p.x + box.left, y: p.y + box.top};
    }"""
    )
    page.mouse.move(gent["x"], gent["y"])
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    box = tooltip.bounding_box()
    assert box["width"] <= 280 and box["height"] <= 120, box  # three lines for the name
    save_screenshot(page, screenshot_dir, "long-name")
