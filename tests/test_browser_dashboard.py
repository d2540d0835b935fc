"""The dashboard in Debian's Chromium, against a real `streamlit run`, other hosts blocked.

Set REGIOKAART_UPDATE_SCREENSHOTS=1 to refresh the README's screenshots in docs/screenshots/.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import yaml

from lib.data import paths
from lib.map import elements
from lib.map.encoding import (
    DECODER_JS,
    decode_page_collection,
    encode_collection,
    page_collection,
)
from tests.support.chromium import wait_for_app
from tests.support.map_labels import overlaps, visible_labels
from tests.support.map_page import MAP_FRAME, move_off_the_map, municipality_pixel, wait_for_map
from tests.support.screenshots import save_screenshot
from tests.support.streamlit_server import REPO_ROOT

pytestmark = pytest.mark.browser

GENT_NIS = "44021"


def breakthrough_titles() -> dict[str, str]:
    with open(REPO_ROOT / "data" / "breakthroughs.yaml", encoding="utf-8") as handle:
        items = yaml.safe_load(handle)["breakthroughs"]
    return {item["id"]: item["title"] for item in items}


# as one JSON text: Playwright's own serialisation of 304 polygons' nested arrays took ~6 s of
# the test (0.2 s this way); JSON.stringify writes each number so that it reads back exactly
_DRAWN_GEOMETRIES_JS = """() => {
    const drawn = {};
    Object.values(window.map._layers).forEach((layer) => {
        const properties = layer.feature && layer.feature.properties;
        if (properties && properties.nis_code) { drawn[properties.nis_code] = layer.feature; }
    });
    return JSON.stringify(drawn);
}"""


def test_the_decoder_restores_holes_multipolygons_and_negative_coordinates(page) -> None:
    """DECODER_JS itself, in Chromium, on shapes the real map does not have, at 5 and 6 places."""
    square = [[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.1], [4.0, 51.0]]
    hole = [[4.02, 51.02], [4.02, 51.05], [4.05, 51.05], [4.05, 51.02], [4.02, 51.02]]
    west = [[-0.5, -33.9], [-0.25, -33.9], [-0.25, -33.75], [-0.5, -33.9]]
    fine = [[4.123456, 51.654321], [4.2, 51.1], [4.123456, 51.654321]]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "a"},
                "geometry": {"type": "Polygon", "coordinates": [square, hole]},
            },
            {
                "type": "Feature",
                "properties": {"id": "b"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[square, hole], [west]]},
            },
        ],
    }
    decode = f"(encoded) => {{ {DECODER_JS}\n return regiokaartDecode(encoded); }}"
    for precision in (5, 6):
        layer = encode_collection(collection, ["id"], precision=precision)
        encoded = page_collection(layer, ["id"])
        assert page.evaluate(decode, encoded) == collection == decode_page_collection(encoded)
    # a name that follows from an id travels once per id, and a missing id has no name
    named = {
        "features": [
            {"properties": {"id": "a", "name": "Één"}, "geometry": polygon}
            for polygon in ({"type": "Polygon", "coordinates": [square]},) * 2
        ]
        + [
            {
                "properties": {"id": None, "name": None},
                "geometry": {"type": "Polygon", "coordinates": [west]},
            }
        ]
    }
    encoded = page_collection(encode_collection(named, ["id", "name"], 5), ["id"], {"name": "id"})
    assert encoded["derived"] == {"name": ["id", {"a": "Één", "null": None}]}
    shown = [f["properties"] for f in page.evaluate(decode, encoded)["features"]]
    assert shown == [{"id": "a", "name": "Één"}] * 2 + [{"id": None, "name": None}]
    polygon = {"type": "Polygon", "coordinates": [fine]}
    layer = encode_collection({"features": [{"properties": {}, "geometry": polygon}]}, [], 6)
    (decoded,) = page.evaluate(decode, page_collection(layer, []))["features"]
    assert decoded["geometry"]["coordinates"] == [fine]


def test_breakthroughs_filtered_by_theme_from_the_address(page, app_url, screenshot_dir) -> None:
    titles = breakthrough_titles()
    page.goto(f"{app_url}/doorbraken?thema=mobiliteit")
    wait_for_app(page)
    page.get_by_text("3 van 12 doorbraken").wait_for()
    main = page.get_by_test_id("stMain")
    for shown in (
        "denderregio-socio-economie",
        "kempen-buurtmobiliteit",
        "rivierenland-vrachtwagenparkeren",
    ):
        assert main.get_by_role("heading", name=titles[shown]).is_visible()
    for hidden in ("neteland-rechtspositieregeling", "rivierenland-geestelijke-gezondheidszorg"):
        assert main.get_by_role("heading", name=titles[hidden]).count() == 0
    save_screenshot(page, screenshot_dir, "doorbraken", readme=True)


def test_the_map_from_its_opening_view_through_a_click_a_reload_a_pick_and_a_search(
    page, app_url, app_data_dir, blocked_requests, screenshot_dir
) -> None:
    """One visit of / and one reload: the map as it opens, then the ways a region is chosen.

    In order:
    1. the map draws the build exactly (Chromium's decoder, at the precision the build rounded
       to, gives the cache's shapes), and its polygons are no keyboard targets;
    2. at the opening view (1400x1000) Flanders fills the map's width, all 15 region names show
       without overlap, and no empty band lies between the navigation and the title;
    3. at that Flanders view the open legend covers no region (and closed again, the view is
       back);
    4. a click inside Gent selects its region: the panel beside the map shows its forum; Leaflet
       and all code came from the app, the only requests to other hosts were tiles, and those
       never left this machine; the app serves its files with real MIME types;
    5. a reload shows the view the click made;
    6. the map stays in view while the panel is read;
    7. choosing from the list moves the same map document to the region (no remount), the other
       regions fade, and "Heel Vlaanderen" shows all of Flanders again, the choice staying;
    8. a search for Kortessem selects Limburg and zooms the same map to Hasselt.
    """
    page.goto(app_url)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Regiokaart").is_visible()
    wait_for_map(page)
    save_screenshot(page, screenshot_dir, "smoke-main", full_page=True)
    frame = map_frame(page)
    check_the_map_draws_the_build_exactly(frame, app_data_dir)
    with viewport(page, {"width": 1400, "height": 1000}):
        check_all_region_names_show_without_overlap_at_the_opening_view(page, frame)
    home = frame.evaluate(_VIEW_JS)
    check_the_open_legend_covers_no_region_at_the_flanders_view(frame, home)

    page.mouse.click(*municipality_pixel(page, GENT_NIS))
    page.get_by_role("heading", name="Referentieregio Gent").wait_for(timeout=30_000)
    wait_for_app(page)
    check_the_panel_beside_the_map_shows_gent_s_forum(page)
    frame.wait_for_function(f"() => window.map.getZoom() > {home[0]} + 0.5")  # Gent's region
    clicked = frame.evaluate(_VIEW_JS)
    check_code_came_from_the_app_and_nothing_reached_another_host(page, app_url, blocked_requests)
    move_off_the_map(page)  # no tooltip in the README's picture
    save_screenshot(page, screenshot_dir, "kaart", readme=True)

    page.goto(page.url)  # a reload
    wait_for_app(page)
    wait_for_map(page)
    frame = map_frame(page)
    frame.wait_for_function(f"() => window.map.getZoom() > {home[0]} + 0.5")
    check_the_view_is(frame, clicked)
    page.get_by_role("heading", name="Referentieregio Gent").wait_for()
    check_the_map_stays_in_view_while_the_panel_is_read(page)

    check_choosing_from_the_list_fits_the_same_map_to_the_region(page, frame, home)
    check_a_search_for_kortessem_zooms_the_same_map_to_hasselt(page, frame)
    save_screenshot(page, screenshot_dir, "zoeken")


_VIEW_JS = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


@contextlib.contextmanager
def viewport(page, size: dict[str, int]) -> Iterator[None]:
    """The page at ``size`` for a while, then at its own size again."""
    own = page.viewport_size
    page.set_viewport_size(size)
    try:
        yield
    finally:
        page.set_viewport_size(own)


def check_the_map_draws_the_build_exactly(frame, app_data_dir) -> None:
    """Every municipality of the 2025 cache is drawn with the cache's geometry and properties;
    no polygon is a keyboard target (the select boxes beside the map are)."""
    drawn = json.loads(frame.evaluate(_DRAWN_GEOMETRIES_JS))
    cache = json.loads(paths.boundaries_path(2025, app_data_dir).read_bytes())
    assert cache["regiokaart"]["decimals"] in (4, 5, 6)  # the build's choice, 1e-4° ≈ 10 m
    assert len(drawn) == len(cache["features"]) == 304
    for feature in cache["features"]:
        props = feature["properties"]
        shown = drawn[props["nis_code"]]
        assert shown["geometry"] == json.loads(json.dumps(feature["geometry"])), props["nis_code"]
        assert shown["properties"]["region_id"] == props["region_id"]
        assert shown["properties"]["municipality"] == props["municipality"]
        assert shown["properties"]["region"] == props["region"]
    focusable = frame.evaluate(
        """() => [...document.querySelectorAll("path.leaflet-interactive")]
                 .filter((p) => p.tabIndex >= 0).length"""
    )
    assert frame.evaluate('() => document.querySelectorAll("path.leaflet-interactive").length')
    assert focusable == 0


def check_all_region_names_show_without_overlap_at_the_opening_view(page, frame) -> None:
    """At the opening view (1400x1000) Flanders fills the map's width, all 15 region names show
    without overlap, and no empty band lies between the navigation and the title."""
    # Flanders fills the map's width
    flanders = frame.evaluate(
        """() => {
            const b = window.map.getBounds(), h = window.regiokaartHome;
            return [(h[1][1] - h[0][1]) / (b.getEast() - b.getWest()),
                    b.contains(h)];
        }"""
    )
    assert flanders[1] and flanders[0] > 0.95
    boxes = visible_labels(frame)
    assert len(boxes) == 15, boxes
    assert overlaps(boxes) == []
    assert {name for name, *_ in boxes} >= {"Zuid-West-Vlaanderen", "Rivierenland"}
    # no empty band between the top navigation and the page's title
    gap = page.evaluate(
        """() => document.querySelector("h1").getBoundingClientRect().top
                 - document.querySelector('[data-testid="stHeader"]').getBoundingClientRect()
                   .bottom"""
    )
    assert gap < 24


def check_the_open_legend_covers_no_region_at_the_flanders_view(frame, home) -> None:
    """Opened, the legend lies below every region and all of Flanders with its 16 names stays
    on the map; closed again, the map is back at the view it had (``home``)."""
    title = frame.locator(".regiokaart-legend-title")
    title.click()
    frame.wait_for_function(
        """() => {
            const legend = document.querySelector(".regiokaart-legend");
            if (!legend.open) { return false; }
            const top = legend.getBoundingClientRect().top;
            const paths = [...document.querySelectorAll(
                ".leaflet-regiokaart-gemeenten-pane path, "
                + ".leaflet-regiokaart-regiogrenzen-pane path")];
            return paths.length > 300
                && paths.every((p) => p.getBoundingClientRect().bottom <= top);
        }""",
        timeout=5_000,
    )
    # and all of Flanders is still on the map, every region name with it
    assert frame.evaluate("() => window.map.getBounds().contains(window.regiokaartHome)")
    assert frame.locator(".regiokaart-legend-label").count() == 16
    title.click()
    frame.wait_for_function(
        """([zoom, lat, lng]) => !document.querySelector(".regiokaart-legend").open
            && Math.abs(window.map.getZoom() - zoom) < 1e-6
            && window.map.latLngToContainerPoint([lat, lng])
                   .distanceTo(window.map.getSize().divideBy(2)) < 1""",
        arg=home,
        timeout=5_000,
    )


def check_the_panel_beside_the_map_shows_gent_s_forum(page) -> None:
    panel = page.get_by_test_id("stMain")
    # beside the map the panel says it all: the phone's summary above the map is hidden
    assert page.locator(".st-key-samenvatting").is_hidden()
    assert panel.get_by_text("Politiek streekforum").last.is_visible()
    assert panel.get_by_text("Veneco", exact=False).last.is_visible()
    assert re.search(r"[?&]regio=gent\b", page.url)


def check_code_came_from_the_app_and_nothing_reached_another_host(
    page, app_url, blocked_requests
) -> None:
    # Leaflet came from the app itself; of the blocked outside requests none was code or style
    frame = map_frame(page)
    assert frame.evaluate("() => L.version") == "1.9.4"
    assert not [url for kind, url in blocked_requests if kind in {"script", "stylesheet"}]
    # the only requests to other hosts are the optional background tiles
    tiles_host = urlsplit(elements.TILES_URL.replace("{s}", "a")).hostname.split(".", 1)[1]
    others = [
        url
        for kind, url in blocked_requests
        if not (kind == "image" and urlsplit(url).hostname.endswith(tiles_host))
    ]
    assert others == []
    # and they never left this machine: Chromium cannot resolve another host
    tile = elements.TILES_URL.format(s="a", z=8, x=131, y=85, r="")
    reach = "(url) => fetch(url, {mode: 'no-cors'}).then(() => 'reached', () => 'blocked')"
    assert frame.evaluate(reach, tile) == "blocked"
    # served with real MIME types (Chromium refuses a script sent as text/plain with nosniff)
    for name, kind in (("leaflet.js", "javascript"), ("leaflet.css", "text/css")):
        with urllib.request.urlopen(f"{app_url}/app/static/leaflet/{name}") as response:
            assert kind in response.headers["Content-Type"]


def check_the_view_is(frame, view) -> None:
    """The map shows ``view`` (zoom, lat, lng): the same zoom, and the centre within a pixel
    (Leaflet rounds its origin)."""
    assert frame.evaluate(_VIEW_JS)[0] == pytest.approx(view[0], abs=1e-6)
    offset = frame.evaluate(
        """([lat, lng]) => window.map.latLngToContainerPoint([lat, lng])
                           .distanceTo(window.map.getSize().divideBy(2))""",
        view[1:],
    )
    assert offset < 1


def check_the_map_stays_in_view_while_the_panel_is_read(page) -> None:
    """Scrolled to the end of the region's panel (longer than the screen), the whole map is
    still on the screen; then back to the top."""
    main = page.locator('[data-testid="stMain"]')
    height = page.viewport_size["height"]
    scrollable = main.evaluate("(m) => m.scrollHeight - m.clientHeight")
    assert scrollable > 600  # the region's panel is longer than the screen
    main.evaluate("(m) => { m.scrollTop = m.scrollHeight; }")
    page.wait_for_function(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m.scrollTop > 600; }"""
    )
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height
    main.evaluate("(m) => { m.scrollTop = 0; }")


def check_choosing_from_the_list_fits_the_same_map_to_the_region(page, frame, home) -> None:
    """The choice travels in feature_group_to_add: the same map document moves to Westhoek, the
    other regions fade (Gent, chosen before, too), and "Heel Vlaanderen" shows all of Flanders
    again while the choice stays."""
    frame.evaluate("() => { window.__regiokaartMounted = true; }")
    region = page.get_by_role("combobox", name="Referentieregio")
    region.click()
    region.fill("Westhoek")
    page.get_by_role("option", name="Westhoek", exact=True).click()
    page.get_by_role("heading", name="Referentieregio Westhoek").wait_for(timeout=30_000)
    wait_for_app(page)
    # the map has left Gent (where the click put it): one fit, no animation
    frame.wait_for_function("() => !window.map.getBounds().contains([51.05, 3.72])")
    assert frame.evaluate("() => window.map.getZoom()") > home[0] + 1
    assert frame.evaluate("() => window.__regiokaartMounted === true")  # same map document
    # the map shows all of Westhoek (Poperinge, Nieuwpoort, Heuvelland, Diksmuide) ...
    inside = frame.evaluate(
        """(points) => points.every((p) => window.map.getBounds().contains(p))""",
        [[50.855, 2.724], [51.13, 2.75], [50.77, 2.83], [51.03, 2.86]],
    )
    assert inside
    assert not frame.evaluate("() => window.map.getBounds().contains([51.05, 3.72])")  # not Gent
    # ... and the other regions fade
    opacities = frame.evaluate(
        """() => {
            const out = {};
            Object.values(window.map._layers)
                .filter((l) => l.feature && "nis_code" in l.feature.properties)
                .forEach((l) => {
                    out[l.feature.properties.region_id || "-"] = l.options.fillOpacity;
                });
            return out;
        }"""
    )
    assert opacities["westhoek"] > 0.5 and opacities["gent"] == elements.FADED_OPACITY
    # "Heel Vlaanderen" shows all of Flanders, the choice stays
    frame.get_by_role("button", name="Heel Vlaanderen").click()
    frame.wait_for_function(
        "() => window.map.getBounds().contains([[50.69, 2.55], [51.50, 5.91]])", timeout=5_000
    )
    assert page.get_by_role("heading", name="Referentieregio Westhoek").is_visible()


def check_a_search_for_kortessem_zooms_the_same_map_to_hasselt(page, frame) -> None:
    """Kortessem, found with the Zoek button, selects Limburg with a notice; the notice did not
    remount the map, and the map moved to Hasselt (Kortessem's 2025 home)."""
    search = page.get_by_role("textbox", name=re.compile("Zoek een gemeente"))
    search.click()
    search.fill("kortessem")
    page.get_by_role("button", name="Zoek").click()
    page.get_by_role("heading", name="Referentieregio Limburg").wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text("Kortessem is sinds 1 januari 2025 deel van Hasselt").is_visible()
    assert re.search(r"[?&]regio=limburg\b", page.url)
    frame.wait_for_function(f"() => window.map.getZoom() === {elements.MUNICIPALITY_MAX_ZOOM}")
    assert frame.evaluate("() => window.__regiokaartMounted === true")
    centre = frame.evaluate("() => window.map.getCenter()")
    assert 50.85 < centre["lat"] < 51.0 and 5.2 < centre["lng"] < 5.5
