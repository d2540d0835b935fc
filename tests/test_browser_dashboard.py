"""The dashboard in Debian's Chromium, against a real `streamlit run`, other hosts blocked.

Set REGIOKAART_UPDATE_SCREENSHOTS=1 to refresh the README's screenshots in docs/screenshots/.
"""

from __future__ import annotations

import json
import re
import urllib.request
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


def test_the_map_draws_the_build_exactly_and_a_click_on_gent_shows_its_forum(
    page, app_url, app_data_dir, blocked_requests, screenshot_dir
) -> None:
    """Chromium's decoder, at the precision the build rounded to, gives the cache's shapes; a
    click inside Gent then selects its region."""
    page.goto(app_url)
    wait_for_app(page)
    heading = page.get_by_role("heading", name="Regiokaart")
    assert heading.is_visible()
    wait_for_map(page)
    page.screenshot(path=str(screenshot_dir / "smoke-main.png"), full_page=True)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
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
    # polygons are no keyboard targets (the select boxes beside the map are)
    focusable = frame.evaluate(
        """() => [...document.querySelectorAll("path.leaflet-interactive")]
                 .filter((p) => p.tabIndex >= 0).length"""
    )
    assert frame.evaluate('() => document.querySelectorAll("path.leaflet-interactive").length')
    assert focusable == 0

    wait_for_app(page)
    x, y = municipality_pixel(page, GENT_NIS)
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Referentieregio Gent").wait_for(timeout=30_000)
    wait_for_app(page)
    panel = page.get_by_test_id("stMain")
    # beside the map the panel says it all: the phone's summary above the map is hidden
    assert page.locator(".st-key-samenvatting").is_hidden()
    assert panel.get_by_text("Politiek streekforum").last.is_visible()
    assert panel.get_by_text("Veneco", exact=False).last.is_visible()
    assert re.search(r"[?&]regio=gent\b", page.url)
    # Leaflet came from the app itself; of the blocked outside requests none was code or style
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
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
    move_off_the_map(page)  # no tooltip in the README's picture
    save_screenshot(page, screenshot_dir, "kaart", readme=True)


def test_a_layer_file_that_does_not_arrive_is_said_on_the_map(page, app_url) -> None:
    """The layers are fetched by the map (lib.map.static_files): when one fails, the map says so
    in Dutch instead of staying silently empty, and the other layers are still drawn."""
    failing = "**/app/static/map/gemeenten-*.json"
    page.route(failing, lambda route: route.abort())
    try:
        page.goto(app_url)
        wait_for_app(page)
        frame = page.frame_locator(MAP_FRAME)
        notice = frame.locator(".regiokaart-notice")
        notice.wait_for(timeout=30_000)
        assert notice.inner_text() == elements.LAYER_FAILED
        # the region borders came, the municipalities did not
        frame.locator(".leaflet-regiokaart-regiogrenzen-pane path").first.wait_for()
        assert frame.locator(".leaflet-regiokaart-gemeenten-pane path").count() == 0
    finally:
        page.unroute(failing)


def test_an_unknown_region_id_then_typed_names_confirmed_with_enter(page, app_url):
    """A link with an unknown region gives a notice and the default view; from there, names
    typed in the search and confirmed with Enter find their municipality's region."""
    page.goto(f"{app_url}/?regio=atlantis")
    wait_for_app(page)
    notice = page.get_by_text("De regio 'atlantis' uit de link bestaat niet", exact=False)
    notice.wait_for()
    assert page.get_by_role("heading", name="Kies een referentieregio").is_visible()
    search = page.get_by_role("textbox", name=re.compile("Zoek een gemeente"))
    for typed, region in (("Gent", "Gent"), ("sint niklaas", "Waasland"), ("Kortessém", "Limburg")):
        search.click()
        search.fill(typed)
        page.keyboard.press("Enter")
        page.get_by_role("heading", name=f"Referentieregio {region}").wait_for(timeout=30_000)
        wait_for_app(page)


def test_a_deep_link_opens_westhoek_which_survives_a_visit_to_another_page(page, app_url):
    page.goto(f"{app_url}/?regio=westhoek")
    wait_for_app(page)
    page.get_by_role("heading", name="Referentieregio Westhoek").wait_for()
    page.wait_for_function("() => document.documentElement.lang === 'nl'", timeout=10_000)
    assert page.get_by_text("Westhoekoverleg").last.is_visible()
    wait_for_map(page)
    page.get_by_role("link", name="Doorbraken").first.click()
    page.get_by_text("van 12 doorbraken", exact=False).wait_for()
    wait_for_app(page)
    page.get_by_role("link", name="Kaart").first.click()
    page.get_by_role("heading", name="Referentieregio Westhoek").wait_for(timeout=30_000)
    assert re.search(r"[?&]regio=westhoek\b", page.url)


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


def test_choosing_from_the_list_fits_the_map_to_the_region_without_a_remount(
    page, app_url, screenshot_dir
):
    """The choice travels in feature_group_to_add: the same map document moves to the region,
    the other regions fade, and "Heel Vlaanderen" shows all of Flanders again; then a search for
    Kortessem selects Limburg and zooms the same map to Hasselt.

    One visit: the opening view is checked first (its names, at 1400x1000), then the choices."""
    page.set_viewport_size({"width": 1400, "height": 1000})  # the page fixture restores it
    page.goto(app_url)
    wait_for_app(page)
    wait_for_map(page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    check_all_region_names_show_without_overlap_at_the_opening_view(page, frame)
    frame.evaluate("() => { window.__regiokaartMounted = true; }")
    overview = frame.evaluate("() => window.map.getZoom()")
    region = page.get_by_role("combobox", name="Referentieregio")
    region.click()
    region.fill("Westhoek")
    page.get_by_role("option", name="Westhoek", exact=True).click()
    page.get_by_role("heading", name="Referentieregio Westhoek").wait_for(timeout=30_000)
    wait_for_app(page)
    frame.wait_for_function(f"() => window.map.getZoom() > {overview} + 1")
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

    search = page.get_by_role("textbox", name=re.compile("Zoek een gemeente"))
    search.click()
    search.fill("kortessem")
    page.get_by_role("button", name="Zoek").click()
    page.get_by_role("heading", name="Referentieregio Limburg").wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.get_by_text("Kortessem is sinds 1 januari 2025 deel van Hasselt").is_visible()
    assert re.search(r"[?&]regio=limburg\b", page.url)
    # the notice did not remount the map, and the map moved to Hasselt (Kortessem's 2025 home)
    frame.wait_for_function(f"() => window.map.getZoom() === {elements.MUNICIPALITY_MAX_ZOOM}")
    assert frame.evaluate("() => window.__regiokaartMounted === true")
    centre = frame.evaluate("() => window.map.getCenter()")
    assert 50.85 < centre["lat"] < 51.0 and 5.2 < centre["lng"] < 5.5
    save_screenshot(page, screenshot_dir, "zoeken")


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


def visible_labels(frame) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every region label that is shown, inside the map."""
    return frame.evaluate(
        """() => {
            const map = document.getElementById("map_div").getBoundingClientRect();
            return [...document.querySelectorAll(".regiokaart-label")]
                .filter((e) => getComputedStyle(e).visibility === "visible")
                .map((e) => { const b = e.getBoundingClientRect();
                              return [e.textContent, b.left, b.top, b.right, b.bottom]; })
                .filter((b) => b[1] >= map.left && b[3] <= map.right &&
                               b[2] >= map.top && b[4] <= map.bottom);
        }"""
    )


def overlaps(boxes) -> list[tuple[str, str]]:
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and a[3] > b[1] and a[2] < b[4] and a[4] > b[2]
    ]


def test_on_a_phone_a_tap_shows_the_answer_without_scrolling(browser, app_url, screenshot_dir):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-BE", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(app_url)
        wait_for_app(page)
        wait_for_map(page)
        frame = page.locator(MAP_FRAME).element_handle().content_frame()
        boxes = visible_labels(frame)
        assert len(boxes) == 15 and overlaps(boxes) == []  # smaller or shorter, not missing
        save_screenshot(page, screenshot_dir, "telefoon", readme=True)
        page.touchscreen.tap(*municipality_pixel(page, GENT_NIS))
        summary = page.get_by_text("Referentieregio Gent", exact=True).first
        summary.wait_for(timeout=30_000)
        wait_for_app(page)
        box = summary.bounding_box()  # the test scrolled nothing: the answer is in view
        assert box["y"] >= 0 and box["y"] + box["height"] <= 844
        assert page.get_by_text("Politiek streekforum").first.is_visible()
        # the link leads down to the whole panel, which starts below the screen
        panel = page.get_by_role("heading", name="Referentieregio Gent")
        assert panel.bounding_box()["y"] > 844
        page.get_by_role("link", name="Alles over Gent").click()
        page.wait_for_function(
            """() => { const top = document.getElementById("regio").getBoundingClientRect().top;
                       return top >= 0 && top < 400; }""",
            timeout=5_000,
        )
        save_screenshot(page, screenshot_dir, "telefoon-paneel")
    finally:
        context.close()
