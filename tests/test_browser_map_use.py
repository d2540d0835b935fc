"""What a new user hits on the map (issue 21), in the real app: desktop and a 390x844 phone.

One server for the run (``app_url``); the desktop tab of the run, and one phone tab for this
module.
"""

from __future__ import annotations

import pytest

from tests.support.chromium import wait_for_app
from tests.support.map_page import MAP_FRAME, municipality_pixel, wait_for_map

pytestmark = pytest.mark.browser

GENT_NIS = "44021"
PHONE = {"width": 390, "height": 844}

_VIEW_JS = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def _open(page, url: str):
    page.goto(url)
    wait_for_app(page)
    wait_for_map(page)
    return page.locator(MAP_FRAME).element_handle().content_frame()


def _frame_top(page) -> float:
    return page.locator(MAP_FRAME).bounding_box()["y"]


def test_on_a_phone_a_tap_leaves_the_map_under_the_finger_and_its_tooltip_covers_no_label(
    phone, app_url
):
    frame = _open(phone, app_url)
    before = _frame_top(phone)
    phone.touchscreen.tap(*municipality_pixel(phone, GENT_NIS))
    summary = phone.get_by_text("Referentieregio Gent", exact=True).first
    summary.wait_for(timeout=30_000)
    wait_for_app(phone)
    # the summary appeared above the map, and the page scrolled with it: no jump
    assert abs(_frame_top(phone) - before) <= 2
    assert summary.bounding_box()["y"] >= 0  # and the answer is still on the screen
    # the tapped municipality's tooltip is open; no label shows under it
    covered = frame.evaluate(
        """() => {
            const tip = document.querySelector(".leaflet-tooltip");
            if (!tip) { return null; }
            const t = tip.getBoundingClientRect();
            return [...document.querySelectorAll(".regiokaart-label")]
                .filter((e) => getComputedStyle(e).visibility === "visible"
                               && !e.classList.contains("regiokaart-label-covered"))
                .map((e) => [e.textContent, e.getBoundingClientRect()])
                .filter(([, b]) => b.left < t.right && b.right > t.left
                                   && b.top < t.bottom && b.bottom > t.top)
                .map(([name]) => name);
        }"""
    )
    assert covered == []


def test_at_the_flanders_view_the_open_legend_covers_no_region(page, app_url):
    frame = _open(page, app_url)
    frame.locator(".regiokaart-legend-title").click()
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


def test_the_map_stays_in_view_while_the_panel_is_read(page, app_url):
    _open(page, f"{app_url}/?regio=gent")
    page.get_by_role("heading", name="Referentieregio Gent").wait_for()
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


def test_a_reload_shows_the_view_the_click_made(page, app_url):
    frame = _open(page, app_url)
    home = frame.evaluate(_VIEW_JS)
    page.mouse.click(*municipality_pixel(page, GENT_NIS))
    page.wait_for_url("**regio=gent**", timeout=30_000)
    wait_for_app(page)
    frame.wait_for_function(f"() => window.map.getZoom() > {home[0]} + 0.5")
    clicked = frame.evaluate(_VIEW_JS)
    frame = _open(page, page.url)
    frame.wait_for_function(f"() => window.map.getZoom() > {home[0]} + 0.5")
    reloaded = frame.evaluate(_VIEW_JS)
    assert reloaded[0] == pytest.approx(clicked[0], abs=1e-6)  # the same zoom ...
    offset = frame.evaluate(  # ... and centre, within a pixel (Leaflet rounds its origin)
        """([lat, lng]) => window.map.latLngToContainerPoint([lat, lng])
                           .distanceTo(window.map.getSize().divideBy(2))""",
        clicked[1:],
    )
    assert offset < 1


def test_with_a_division_layer_the_region_borders_look_unlike_its_lines(page, app_url):
    frame = _open(page, f"{app_url}/?laag=vervoerregio")
    frame.locator("path.regiokaart-division").first.wait_for(timeout=30_000)
    styles = frame.evaluate(
        """() => {
            const style = (selector) => { const s = getComputedStyle(
                document.querySelector(selector));
                return [parseFloat(s.strokeWidth), +s.strokeOpacity, s.stroke]; };
            return {region: style(".leaflet-regiokaart-regiogrenzen-pane path"),
                    division: style("path.regiokaart-division:not(.regiokaart-division-crossing)"),
                    crossing: style("path.regiokaart-division-crossing")};
        }"""
    )
    region, division, crossing = styles["region"], styles["division"], styles["crossing"]
    assert region[0] >= 3 * division[0] and region[0] >= 2 * crossing[0]  # a wide band ...
    assert region[1] < 0.6 <= division[1]  # ... and soft, against crisp lines
    assert len({region[2], division[2], crossing[2]}) == 3
