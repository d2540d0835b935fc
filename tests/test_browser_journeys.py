"""Every way of choosing a region, in Chromium: the map moves to it, and the address shows the
choice when the run ends.

One visit of / checks the map as it opens, then one journey goes through all routes — a click
on the map, a reload, the region list, typed text with a typo and Enter, a candidate for
ambiguous text, the vintage switch, a reload, back — and checks the address, the heading, the
notice and the map after each step. The routes then run once more from where back left them,
acting as soon as the answer shows (while the run may still be going), which is when a stale
address could win; that run checks where the journey ends.

Set REGIOKAART_UPDATE_SCREENSHOTS=1 to refresh the README's screenshots in docs/screenshots/.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.request
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

from lib.data import paths
from lib.map import elements
from tests.support.chromium import wait_for_app
from tests.support.map_labels import overlaps, visible_labels
from tests.support.map_page import MAP_FRAME, move_off_the_map, municipality_pixel, wait_for_map
from tests.support.screenshots import save_screenshot

pytestmark = pytest.mark.browser

GENT, KORTESSEM, SINT_NIKLAAS = "44021", "73040", "46021"
EXPECTED_AT_THE_END = {"regio": "waasland", "gemeente": SINT_NIKLAAS, "indeling": "2019"}


def address(page) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(page.url).query))


def settled(page, heading: str) -> None:
    """The answer is on screen and the run that drew it has ended."""
    page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
    wait_for_app(page)


def search_field(page):
    return page.get_by_role("textbox", name=re.compile("Zoek een gemeente"))


def type_and_enter(page, text: str) -> None:
    field = search_field(page)
    field.click()
    field.fill(text)
    page.keyboard.press("Enter")


def type_and_press_zoek(page, text: str) -> None:
    field = search_field(page)
    field.click()
    field.fill(text)
    page.get_by_role("button", name="Zoek").click()


def pick_region(page, name: str) -> None:
    region = page.get_by_role("combobox", name="Referentieregio")
    region.click()
    region.fill(name)
    page.get_by_role("option", name=name, exact=True).click()


def switch_to_2019(page) -> None:
    page.get_by_role("radio", name="2019-2024").click()
    page.get_by_text("Indeling 2019–2024", exact=False).first.wait_for(timeout=30_000)
    settled(page, "Referentieregio Waasland")


def test_from_the_opening_view_every_route_to_a_region_moves_the_map_and_writes_the_address(
    page, app_url, app_data_dir, blocked_requests, screenshot_dir
) -> None:
    """One visit of / and two reloads, in order.

    The map as it opens:
    1. the address is empty; the map draws the build exactly (Chromium's decoder, at the
       precision the build rounded to, gives the cache's shapes); its polygons are no keyboard
       targets;
    2. at the opening view (1400x1000) Flanders fills the map's width, all 15 region names show
       without overlap, and no empty band lies between the navigation and the title;
    3. at that Flanders view the open legend covers no region (closed again, the view is back).

    Every route, waiting for each run to end, with the address after each step:
    4. a click inside Gent: the panel beside the map shows its forum; Leaflet and all code came
       from the app, the only requests to other hosts were tiles, and those never left this
       machine; the app serves its files with real MIME types;
    5. a reload shows the view the click made, and the map stays in view while the long panel
       is read;
    6. the region list: the same map document moves to Westhoek (no remount), the other regions
       fade; "Heel Vlaanderen" shows all of Flanders again, the choice staying;
    7. typed text with a typo and Enter: Limburg, with both notices, and the same map zooms to
       Hasselt (Kortessem's 2025 home);
    8. ambiguous text sent with the Zoek button lists candidates; one of them chooses;
    9. the vintage switch; a reload shows what was on screen; back goes to the step before the
       switch.

    Hurried:
    10. from there, with the map back at all of Flanders, the routes of 4 and 6-9 once more,
        each next action as soon as the answer shows; the address is right where they end.
    """
    page.goto(app_url)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Regiokaart").is_visible()
    wait_for_map(page)
    assert address(page) == {}
    save_screenshot(page, screenshot_dir, "smoke-main", full_page=True)
    frame = map_frame(page)
    check_the_map_draws_the_build_exactly(frame, app_data_dir)
    with viewport(page, {"width": 1400, "height": 1000}):
        check_all_region_names_show_without_overlap_at_the_opening_view(page, frame)
    home = frame.evaluate(_VIEW_JS)
    check_the_open_legend_covers_no_region_at_the_flanders_view(frame, home)

    # a click on the map
    page.mouse.click(*municipality_pixel(page, GENT))
    settled(page, "Referentieregio Gent")
    assert address(page) == {"regio": "gent", "gemeente": GENT}
    check_the_panel_beside_the_map_shows_gent_s_forum(page)
    frame.wait_for_function(f"() => window.map.getZoom() > {home[0]} + 0.5")  # Gent's region
    clicked = frame.evaluate(_VIEW_JS)
    check_code_came_from_the_app_and_nothing_reached_another_host(page, app_url, blocked_requests)
    move_off_the_map(page)  # no tooltip in the README's picture
    save_screenshot(page, screenshot_dir, "kaart", readme=True)

    # a reload shows the view the click made
    page.goto(page.url)
    wait_for_app(page)
    wait_for_map(page)
    frame = map_frame(page)
    frame.wait_for_function(f"() => window.map.getZoom() > {home[0]} + 0.5")
    check_the_view_is(frame, clicked)
    settled(page, "Referentieregio Gent")
    assert address(page) == {"regio": "gent", "gemeente": GENT}
    check_the_map_stays_in_view_while_the_panel_is_read(page)

    # the region list
    frame.evaluate("() => { window.__regiokaartMounted = true; }")
    pick_region(page, "Westhoek")
    settled(page, "Referentieregio Westhoek")
    assert address(page) == {"regio": "westhoek"}
    check_the_same_map_moved_to_westhoek_and_faded_the_rest(frame, home)
    check_heel_vlaanderen_shows_flanders_and_keeps_the_choice(page, frame)

    # typed text with a typo, confirmed with Enter
    type_and_enter(page, "Kortesseem")
    settled(page, "Referentieregio Limburg")
    page.get_by_text("Je zocht 'Kortesseem'; dat lijkt het meest op Kortessem.").wait_for()
    assert page.get_by_text("Kortessem is sinds 1 januari 2025 deel van Hasselt.").is_visible()
    assert address(page) == {"regio": "limburg", "gemeente": KORTESSEM}
    check_the_same_map_zoomed_to_hasselt(frame)
    save_screenshot(page, screenshot_dir, "zoeken")

    # ambiguous text lists candidates; one of them chooses
    type_and_press_zoek(page, "Sint")
    page.get_by_text("Meerdere gemeenten passen bij 'Sint'").wait_for()
    assert page.get_by_role("heading", name="Referentieregio Limburg").is_visible()
    page.get_by_role("radio", name=re.compile("^Sint-Niklaas")).click()
    settled(page, "Referentieregio Waasland")
    assert address(page) == {"regio": "waasland", "gemeente": SINT_NIKLAAS}

    # the vintage switch, a reload and back
    switch_to_2019(page)
    assert address(page) == EXPECTED_AT_THE_END
    check_a_reload_shows_the_same_and_back_the_step_before(page)

    # hurried, from where back left the journey, with Gent on the map again: back to 2025 is
    # another map script, so a new map frame, drawn after the run has ended
    wait_for_map(page)
    frame = map_frame(page)
    frame.get_by_role("button", name="Heel Vlaanderen").click()
    frame.wait_for_function("() => window.map.getBounds().contains(window.regiokaartHome)")
    hurried_journey(page)


def hurried_journey(page) -> None:
    """The routes of the journey once more, each next action as soon as the answer shows, while
    the run may still be going: a stale address could win here. Where they end, the address
    shows the last choice."""

    def shown(heading: str) -> None:
        page.get_by_role("heading", name=heading).wait_for(timeout=30_000)

    page.mouse.click(*municipality_pixel(page, GENT))
    shown("Referentieregio Gent")
    pick_region(page, "Westhoek")
    shown("Referentieregio Westhoek")
    type_and_enter(page, "Kortesseem")
    shown("Referentieregio Limburg")
    page.get_by_text("Je zocht 'Kortesseem'; dat lijkt het meest op Kortessem.").wait_for()
    assert page.get_by_text("Kortessem is sinds 1 januari 2025 deel van Hasselt.").is_visible()
    type_and_press_zoek(page, "Sint")
    page.get_by_text("Meerdere gemeenten passen bij 'Sint'").wait_for()
    assert page.get_by_role("heading", name="Referentieregio Limburg").is_visible()
    page.get_by_role("radio", name=re.compile("^Sint-Niklaas")).click()
    shown("Referentieregio Waasland")
    switch_to_2019(page)
    assert address(page) == EXPECTED_AT_THE_END


def check_a_reload_shows_the_same_and_back_the_step_before(page) -> None:
    """A reload shows what was on screen; back goes to the step before the vintage switch."""
    page.reload()
    settled(page, "Referentieregio Waasland")
    assert address(page) == EXPECTED_AT_THE_END
    page.get_by_role("radio", name="2019-2024", checked=True).wait_for(timeout=5_000)
    wait_for_map(page)

    page.go_back()
    page.get_by_role("radio", name="sinds 2025", checked=True).wait_for(timeout=30_000)
    settled(page, "Referentieregio Waasland")
    assert address(page) == {"regio": "waasland", "gemeente": SINT_NIKLAAS}


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


def check_the_same_map_moved_to_westhoek_and_faded_the_rest(frame, home) -> None:
    """The choice travels in feature_group_to_add: the same map document moves to Westhoek, and
    the other regions fade (Gent, chosen before, too)."""
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


def check_heel_vlaanderen_shows_flanders_and_keeps_the_choice(page, frame) -> None:
    frame.get_by_role("button", name="Heel Vlaanderen").click()
    frame.wait_for_function(
        "() => window.map.getBounds().contains([[50.69, 2.55], [51.50, 5.91]])", timeout=5_000
    )
    assert page.get_by_role("heading", name="Referentieregio Westhoek").is_visible()


def check_the_same_map_zoomed_to_hasselt(frame) -> None:
    """The search's notices did not remount the map, and the map moved to Hasselt (Kortessem's
    2025 home)."""
    frame.wait_for_function(f"() => window.map.getZoom() === {elements.MUNICIPALITY_MAX_ZOOM}")
    assert frame.evaluate("() => window.__regiokaartMounted === true")
    centre = frame.evaluate("() => window.map.getCenter()")
    assert 50.85 < centre["lat"] < 51.0 and 5.2 < centre["lng"] < 5.5


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
