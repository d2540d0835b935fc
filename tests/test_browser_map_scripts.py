"""The map's scripts (lib/map/js) and CSS (lib/map/css) in Chromium, on a page of their own.

A small local server serves Leaflet (from the pinned package), the real script files and
hand-made layers: two regions of two square municipalities each, side by side. Each test loads
the page afresh in one tab shared by the module and calls the scripts as lib.map.elements does.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil

import pytest

from lib import browser_code
from lib.map import elements, leaflet_assets, static_files
from lib.map.division_overlay import CROSSING_STYLE, HALO_STYLE, HOVER_STYLE, PLAIN_STYLE
from lib.map.encoding import encode_collection, encode_ring, page_collection
from tests.support.http_thread import base_url, serving

pytestmark = pytest.mark.browser

LONG_NAME = "Scheldekrookvallei en Leiebochtgemeenten van het Meetjesland <b>vet</b>"
SIDE = 0.2  # degrees
WEST, SOUTH = 4.0, 51.0
# municipality -> (region, column, row) of its square
SQUARES = {
    "10001": ("oost", 0, 0),
    "10002": ("oost", 1, 0),
    "20001": ("west", 2, 0),
    "20002": ("west", 3, 0),
}
NAMES = {"10001": "Aaa", "10002": LONG_NAME, "20001": "Ccc", "20002": "Ddd"}
REGION_NAMES = {"oost": "Oostregio", "west": "Westregio"}
HOME = [[SOUTH, WEST], [SOUTH + SIDE, WEST + 4 * SIDE]]
REGIONS = {
    "oost": [[SOUTH, WEST], [SOUTH + SIDE, WEST + 2 * SIDE]],
    "west": [[SOUTH, WEST + 2 * SIDE], [SOUTH + SIDE, WEST + 4 * SIDE]],
}
VIEWPORT = {"width": 700, "height": 400}


def _square(column: int, row: int) -> list[list[float]]:
    x, y = WEST + column * SIDE, SOUTH + row * SIDE
    return [[x, y], [x + SIDE, y], [x + SIDE, y + SIDE], [x, y + SIDE], [x, y]]


def _municipalities() -> dict:
    features = [
        {
            "properties": {
                "nis_code": code,
                "municipality": NAMES[code],
                "region_id": region,
                "region": REGION_NAMES[region],
            },
            "geometry": {"type": "Polygon", "coordinates": [_square(column, row)]},
        }
        for code, (region, column, row) in SQUARES.items()
    ]
    layer = encode_collection(
        {"features": features}, ["nis_code", "municipality", "region_id", "region"], 5
    )
    return page_collection(
        layer, ["nis_code", "municipality", "region_id"], {"region": "region_id"}
    )


def _page_html(leaflet_css: bool = True) -> str:
    link = '<link rel="stylesheet" href="leaflet.css">' if leaflet_css else ""
    return f"""<!doctype html>
<html><head><meta charset="utf-8">
{link}
<style>{browser_code.read("map/css/map.css")}</style>
<script src="laden.js"></script>
<script src="leaflet.js"></script>
</head><body><div id="map_div"></div></body></html>"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        super().do_GET()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """The test page and its files on a local server; its base URL."""
    root = tmp_path_factory.mktemp("map-scripts")
    leaflet = leaflet_assets.package_dir()
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy(leaflet / name, root / name)
    (root / "gemeenten.json").write_text(json.dumps(_municipalities()), encoding="utf-8")
    # the app's own loader file (its fetch, then the map's scripts), as the app publishes it
    url = static_files.publish_loader(["gemeenten.json"], "laden-test")
    shutil.copy(static_files.layers_dir() / url.rsplit("/", 1)[1], root / "laden.js")
    (root / "index.html").write_text(_page_html(), encoding="utf-8")
    (root / "late.html").write_text(_page_html(leaflet_css=False), encoding="utf-8")
    # a tile: any small PNG will do (Leaflet's own marker shadow)
    shutil.copy(leaflet / "images" / "marker-shadow.png", root / "tile.png")
    handler = functools.partial(_Handler, directory=str(root))
    with serving(handler) as server:
        yield base_url(server)


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(5_000)  # a local page: everything is there at once
    yield page
    context.close()


BASE_MAP_JS = """([home, regions, options, labels]) => {
    const map = L.map("map_div", {zoomSnap: 0, zoomControl: false});
    window.map = map;
    regiokaartFitToBounds(map, home, regions);
    regiokaartControls(map);
    regiokaartHomeControl(map, "Heel Vlaanderen");
    window.loaded = regiokaartGeoJson(map, options);
    regiokaartLabels(map, labels);
    regiokaartLegend(map, "Referentieregio's", [
        {label: "Oostregio", color: "#c00"}, {label: "Westregio", color: "#00c"}]);
    return window.loaded;
}"""


def _layer_options(**extra) -> dict:
    element = elements.CompactGeoJson(
        "gemeenten.json",
        "regiokaart-gemeenten",
        350,
        style={"fillOpacity": 0.55, "color": "#ffffff", "weight": 0.7},
        colors={"oost": "#cc0000", "west": "#0000cc"},
        hover={"fillOpacity": 0.8},
        tooltip=[("municipality", "Gemeente"), ("region", "Regio")],
        click_fits=True,
        **extra,
    )
    return json.loads(element.options_json)


def _labels(*names: tuple[str, float, float]) -> list[dict]:
    return [
        {"name": name, "short": elements.short_name(name), "lat": lat, "lon": lon}
        for name, lat, lon in names
    ]


def _open(tab, site: str, labels=()) -> None:
    tab.set_viewport_size(VIEWPORT)
    tab.goto(f"{site}/index.html")
    tab.evaluate(BASE_MAP_JS, [HOME, REGIONS, _layer_options(), list(labels)])


def _centre_of(tab, code: str) -> tuple[float, float]:
    return tuple(
        tab.evaluate(
            """(code) => {
                const layer = Object.values(map._layers).find(
                    (l) => l.feature && l.feature.properties.nis_code === code);
                const p = map.latLngToContainerPoint(layer.getBounds().getCenter());
                return [p.x, p.y];
            }""",
            code,
        )
    )


def test_the_loader_fetches_each_file_once_and_the_layer_draws_what_it_decoded(tab, site):
    _Handler.requests.clear()
    _open(tab, site)
    drawn = tab.evaluate(
        """() => Object.values(map._layers).filter((l) => l.feature)
                 .map((l) => [l.feature.properties.nis_code, l.feature.properties.region,
                              l.options.fillColor])"""
    )
    assert sorted(drawn) == [
        ["10001", "Oostregio", "#cc0000"],
        ["10002", "Oostregio", "#cc0000"],
        ["20001", "Westregio", "#0000cc"],
        ["20002", "Westregio", "#0000cc"],
    ]
    # fetched by the loader before Leaflet ran, and the layer used that same request
    assert _Handler.requests.count("/gemeenten.json") == 1
    assert tab.evaluate("() => Object.keys(window.regiokaartFiles)") == ["gemeenten.json"]
    # polygons are not keyboard targets
    assert tab.evaluate(
        """() => [...document.querySelectorAll("path.leaflet-interactive")]
                 .every((p) => p.getAttribute("tabindex") === "-1")"""
    )


@pytest.mark.parametrize("width", [700, 390])
def test_a_tooltip_shows_a_long_name_whole_and_as_text(tab, site, width):
    _open(tab, site)
    tab.set_viewport_size({"width": width, "height": 400})
    tab.evaluate("() => { map.invalidateSize(); regiokaartFit(); }")
    tab.mouse.move(*_centre_of(tab, "10002"))
    tooltip = tab.locator(".leaflet-tooltip.regiokaart-tooltip")
    tooltip.wait_for()
    assert tooltip.text_content() == f"Gemeente: {LONG_NAME}Regio: Oostregio"
    assert tooltip.locator("b").count() == 0  # the name's markup stays text
    box = tab.evaluate(
        """() => {
            const tip = document.querySelector(".leaflet-tooltip.regiokaart-tooltip");
            const clipped = [tip, ...tip.querySelectorAll("*")].filter(
                (e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
            const r = tip.getBoundingClientRect();
            return {clipped: clipped.length, width: r.width, height: r.height,
                    lines: Math.round(r.height / parseFloat(getComputedStyle(tip).lineHeight))};
        }"""
    )
    assert box["clipped"] == 0  # nothing cut off ...
    assert box["width"] <= (260 if width > 520 else 180) + 14  # ... the name wraps instead
    assert box["lines"] >= 3


def test_a_division_border_tooltip_names_both_sides_whole(tab, site):
    _open(tab, site)
    # two divisions: the first two squares and the last two; the border between them is the
    # line x = WEST + 2 * SIDE
    x = WEST + 2 * SIDE
    line = [[x, SOUTH], [x, SOUTH + SIDE]]
    encoded = {
        "precision": 5,
        "names": [LONG_NAME, "Korte <i>naam</i>"],
        "crossing": [0, 1],
        "members": {"10001": 0, "10002": 0, "20001": 1, "20002": 1},
        "borders": [[0, 1, [encode_ring(line, 5)]]],
    }
    options = {
        "title": "Vervoerregio's",
        "singular": "Vervoerregio",
        "codeProperty": "nis_code",
        "crossingNote": "over de regiogrens",
        "halo": HALO_STYLE,
        "plain": PLAIN_STYLE,
        "crossing": CROSSING_STYLE,
        "hover": HOVER_STYLE,
    }
    tab.evaluate(
        """([options, encoded]) => {
            window.group = L.featureGroup();
            regiokaartDivisionBorders(window.group, options, encoded);
            window.group.addTo(map);
        }""",
        [options, encoded],
    )
    point = tab.evaluate(
        "(ll) => { const p = map.latLngToContainerPoint(ll); return [p.x, p.y]; }",
        [SOUTH + SIDE / 2, x],
    )
    tab.mouse.move(*point)
    tooltip = tab.locator(".leaflet-tooltip.regiokaart-tooltip")
    tooltip.wait_for()
    assert tooltip.text_content() == (
        f"Vervoerregio's{LONG_NAME}Korte <i>naam</i> · over de regiogrens"
    )
    assert tooltip.locator("b, i").count() == 0
    # a municipality's tooltip names its division while the layer is on the map
    tab.mouse.move(*_centre_of(tab, "20002"))
    tab.wait_for_function(
        """() => [...document.querySelectorAll(".leaflet-tooltip")]
                 .some((t) => t.textContent.includes("Vervoerregio: Korte <i>naam</i>"))"""
    )
    # while it is on, the region borders are drawn unlike its lines; off, as before
    container = tab.locator("#map_div")
    assert "regiokaart-with-divisions" in container.get_attribute("class")
    tab.evaluate("() => window.group.remove()")
    assert "regiokaart-with-divisions" not in container.get_attribute("class")


def test_region_borders_look_unlike_division_lines_while_a_division_layer_is_on(tab, site):
    _open(tab, site)
    outline = _layer_options()
    outline.update(
        pane="regiokaart-regiogrenzen",
        zIndex=360,
        interactive=False,
        colors=None,
        fade=None,
        clickFits=False,
        style={"fill": False, "color": "#2b3a48", "weight": 2.2},
    )
    tab.evaluate("(options) => regiokaartGeoJson(map, options)", outline)

    def region_border() -> dict:
        return tab.evaluate(
            """() => { const s = getComputedStyle(
                          document.querySelector(".leaflet-regiokaart-regiogrenzen-pane path"));
                       return {width: parseFloat(s.strokeWidth), opacity: +s.strokeOpacity,
                               color: s.stroke}; }"""
        )

    before = region_border()
    assert before["width"] == pytest.approx(2.2) and before["opacity"] == 1
    tab.evaluate("() => map.getContainer().classList.add('regiokaart-with-divisions')")
    after = region_border()
    # a wide soft band, against the division's thin opaque lines
    assert after["width"] >= 3 * PLAIN_STYLE["weight"] and after["opacity"] < 0.6
    assert after["width"] > HALO_STYLE["weight"]


def test_crowded_labels_shrink_then_hide_and_step_aside_under_a_tooltip(tab, site):
    crowded = [(f"Zuid-West-Vlaanderen {i}", SOUTH + SIDE / 2, WEST + SIDE / 2) for i in range(40)]
    _open(tab, site, _labels(("Westregio", SOUTH + SIDE / 2, WEST + 3 * SIDE), *crowded))
    tab.wait_for_function("() => document.querySelectorAll('.regiokaart-label').length === 41")
    shown = tab.evaluate(
        """() => [...document.querySelectorAll(".regiokaart-label")].map((e) => {
            const r = e.getBoundingClientRect();
            return {text: e.textContent, visible: getComputedStyle(e).visibility === "visible",
                    small: e.classList.contains("regiokaart-label-small"),
                    box: [r.left, r.top, r.right, r.bottom]}; })"""
    )
    visible = [s for s in shown if s["visible"]]
    assert shown[0]["visible"] and not shown[0]["small"]  # room enough: full size
    assert any(s["small"] for s in visible)  # crowded: smaller first ...
    assert len(visible) < len(shown)  # ... then hidden
    for i, a in enumerate(visible):  # and never on top of each other
        for b in visible[i + 1 :]:
            ax, ay, ax2, ay2 = a["box"]
            bx, by, bx2, by2 = b["box"]
            assert not (ax < bx2 and ax2 > bx and ay < by2 and ay2 > by), (a, b)
    # a tooltip opened over the lone label hides it until it closes
    label = tab.locator(".regiokaart-label", has_text="Westregio")
    box = label.bounding_box()
    # (in the map's right half a sticky tooltip opens to the left of the pointer)
    tab.mouse.move(box["x"] + box["width"] + 2, box["y"] + box["height"] / 2)
    tab.locator(".leaflet-tooltip").wait_for()
    tab.wait_for_function(
        """() => [...document.querySelectorAll(".regiokaart-label")]
                 .find((e) => e.textContent === "Westregio")
                 .classList.contains("regiokaart-label-covered")"""
    )
    label.evaluate("(e) => e.getAnimations().length ? e.getAnimations()[0].finished : null")
    assert label.evaluate("(e) => getComputedStyle(e).opacity") == "0"
    tab.mouse.move(5, 5)  # off the polygons: the tooltip closes
    tab.wait_for_function("""() => !document.querySelector(".regiokaart-label-covered")""")


def _view(tab) -> dict:
    return tab.evaluate(
        "() => ({zoom: map.getZoom(), lat: map.getCenter().lat, lng: map.getCenter().lng})"
    )


def test_the_open_legend_covers_no_region_at_the_home_view(tab, site):
    _open(tab, site)
    closed = _view(tab)
    tab.locator(".regiokaart-legend-title").click()
    tab.wait_for_function("() => document.querySelector('.regiokaart-legend').open")

    def clear() -> bool:
        return tab.evaluate(
            """() => {
                const legend = document.querySelector(".regiokaart-legend")
                    .getBoundingClientRect();
                return [...document.querySelectorAll(".regiokaart-gemeenten path, "
                                                      + ".leaflet-regiokaart-gemeenten-pane path")]
                    .every((p) => p.getBoundingClientRect().bottom <= legend.top);
            }"""
        )

    tab.wait_for_function(f"() => map.getCenter().lat !== {closed['lat']}")
    assert clear()
    # the legend shows every name whole, in a grid
    assert tab.locator(".regiokaart-legend-label").all_text_contents() == [
        "Oostregio",
        "Westregio",
    ]
    # on a phone too
    tab.set_viewport_size({"width": 390, "height": 300})
    tab.evaluate("() => { map.invalidateSize(); regiokaartFit(); }")
    assert clear()


def test_a_stylesheet_that_arrives_after_the_script_gives_the_same_view(tab, site):
    """streamlit-folium appends Leaflet's stylesheet without waiting for it, then runs the map's
    script: the view must not depend on which of the two wins."""
    _open(tab, site)
    expected = _view(tab)
    tab.goto(f"{site}/late.html")
    tab.evaluate(
        """() => {
            const link = document.createElement("link");
            link.rel = "stylesheet";
            link.href = "leaflet.css";
            window.sheetLoaded = new Promise((resolve) => { link.onload = resolve; });
            document.head.appendChild(link);
        }"""
    )
    tab.evaluate(BASE_MAP_JS, [HOME, REGIONS, _layer_options(), []])
    tab.evaluate("() => window.sheetLoaded")
    tab.wait_for_function(
        "([zoom, lat, lng]) => Math.abs(map.getZoom() - zoom) < 1e-9"
        " && map.latLngToContainerPoint([lat, lng]).distanceTo(map.getSize().divideBy(2)) < 1",
        arg=[expected["zoom"], expected["lat"], expected["lng"]],
    )


def test_a_click_shows_the_region_as_its_link_does(tab, site):
    _open(tab, site)
    home = _view(tab)
    tab.mouse.click(*_centre_of(tab, "20001"))
    tab.wait_for_function(f"() => map.getZoom() > {home['zoom']} + 0.2")
    clicked = _view(tab)
    assert tab.evaluate("(b) => map.getBounds().contains(b)", REGIONS["west"]) and not tab.evaluate(
        "(b) => map.getBounds().contains(b)", REGIONS["oost"]
    )
    # what a link to that region does (lib.map.elements.SelectionView), on a fresh page
    _open(tab, site)
    tab.evaluate(
        "(bounds) => regiokaartSelect({region: 'west', view: {bounds, maxZoom: 13, seq: 1}})",
        REGIONS["west"],
    )
    assert _view(tab)["zoom"] == pytest.approx(clicked["zoom"])
    offset = tab.evaluate(  # the same centre, within a pixel (Leaflet rounds its origin)
        """([lat, lng]) => map.latLngToContainerPoint([lat, lng])
                           .distanceTo(map.getSize().divideBy(2))""",
        [clicked["lat"], clicked["lng"]],
    )
    assert offset < 1
    # inside the chosen region, a click leaves the map where it is
    tab.evaluate("() => map.setZoom(map.getZoom() + 1, {animate: false})")
    closer = _view(tab)
    tab.mouse.click(*_centre_of(tab, "20002"))
    assert _view(tab) == pytest.approx(closer)


def test_controls_speak_dutch_the_scale_is_metric_and_home_shows_everything(tab, site):
    _open(tab, site)
    assert tab.get_by_title("Inzoomen").count() == 1
    assert tab.get_by_title("Uitzoomen").count() == 1
    scales = tab.locator(".leaflet-control-scale-line").all_text_contents()
    assert len(scales) == 1 and scales[0].endswith(("km", " m"))
    assert tab.locator(".leaflet-control-attribution").text_content().startswith("Leaflet")
    home = _view(tab)
    tab.evaluate("() => map.setView([51.1, 4.1], 12, {animate: false})")
    tab.get_by_role("button", name="Heel Vlaanderen").click()
    assert _view(tab) == pytest.approx(home)


def test_tile_credits_appear_only_once_a_tile_has_loaded(tab, site):
    _open(tab, site)
    attribution = tab.locator(".leaflet-control-attribution")
    tab.evaluate(
        """() => new Promise((done) => {
            map.once("layeradd", (e) => e.layer.once("tileerror", () => done()));
            regiokaartTiles(map, "missing/{z}/{x}/{y}.png", {}, "Kaart: niemand");
        })"""
    )
    assert "niemand" not in attribution.text_content()
    tab.evaluate(
        """() => new Promise((done) => {
            map.once("layeradd", (e) => e.layer.once("tileload", () => done()));
            regiokaartTiles(map, "tile.png?{z}-{x}-{y}", {}, "Kaart: iemand");
        })"""
    )
    tab.wait_for_function(
        "() => document.querySelector('.leaflet-control-attribution').textContent"
        ".includes('iemand')"
    )
    assert "niemand" not in attribution.text_content()
