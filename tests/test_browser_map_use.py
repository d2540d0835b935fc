"""What a new user hits on the map (issue 21), in the real app: on a 390x844 phone, and arriving
by a link.

One server for the run (``app_url``); the run's desktop tab and its phone tab (tests/conftest.py).
The desktop checks of a first visit (the legend, a reload after a click, the map beside a long
panel) run in test_browser_dashboard.py's visit of /.
"""

from __future__ import annotations

import re

import pytest

from tests.support.chromium import wait_for_app
from tests.support.map_labels import overlaps, visible_labels
from tests.support.map_page import MAP_FRAME, municipality_pixel, wait_for_map
from tests.support.screenshots import save_screenshot

pytestmark = pytest.mark.browser

GENT_NIS = "44021"
PHONE_HEIGHT = 844  # the phone tab's screen (tests/conftest.py)


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def _frame_top(page) -> float:
    return page.locator(MAP_FRAME).bounding_box()["y"]


def test_on_a_phone_a_tap_answers_on_screen_leaves_the_map_under_the_finger_and_covers_no_label(
    phone, app_url, screenshot_dir
):
    """One visit of / on the phone, in order:

    1. all 15 region names show without overlap (smaller or shorter, not missing);
    2. a tap on Gent shows the answer without scrolling: the summary appears above the map, the
       page scrolls with it (the map stays under the finger, no jump), and it is on the screen
       with the forum;
    3. the tapped municipality's tooltip is open, and no region label shows under it;
    4. the whole panel starts below the screen, and the summary's link scrolls down to it.
    """
    phone.goto(app_url)
    wait_for_app(phone)
    wait_for_map(phone)
    frame = map_frame(phone)
    boxes = visible_labels(frame)
    assert len(boxes) == 15 and overlaps(boxes) == []  # smaller or shorter, not missing
    save_screenshot(phone, screenshot_dir, "telefoon", readme=True)

    before = _frame_top(phone)
    phone.touchscreen.tap(*municipality_pixel(phone, GENT_NIS))
    summary = phone.get_by_text("Referentieregio Gent", exact=True).first
    summary.wait_for(timeout=30_000)
    wait_for_app(phone)
    check_the_answer_is_on_the_screen_and_the_map_did_not_jump(phone, summary, before)
    check_the_tooltip_covers_no_label(frame)
    check_the_summary_s_link_leads_down_to_the_panel(phone)
    save_screenshot(phone, screenshot_dir, "telefoon-paneel")


def check_the_answer_is_on_the_screen_and_the_map_did_not_jump(phone, summary, before) -> None:
    # the summary appeared above the map, and the page scrolled with it: no jump
    assert abs(_frame_top(phone) - before) <= 2
    box = summary.bounding_box()  # the test scrolled nothing: the answer is in view
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE_HEIGHT
    assert phone.get_by_text("Politiek streekforum").first.is_visible()


def check_the_tooltip_covers_no_label(frame) -> None:
    """The tapped municipality's tooltip is open; no region label shows under it."""
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


def check_the_summary_s_link_leads_down_to_the_panel(phone) -> None:
    """The whole panel starts below the screen; "Alles over Gent" scrolls it into view."""
    panel = phone.get_by_role("heading", name="Referentieregio Gent")
    assert panel.bounding_box()["y"] > PHONE_HEIGHT
    phone.get_by_role("link", name="Alles over Gent").click()
    phone.wait_for_function(
        """() => { const top = document.getElementById("regio").getBoundingClientRect().top;
                   return top >= 0 && top < 400; }""",
        timeout=5_000,
    )


def test_a_link_to_westhoek_survives_a_visit_to_another_page_and_shows_a_division_layer_apart(
    page, app_url
):
    """One visit of /?regio=westhoek, then only the app's own links and lists, in order:

    1. the link opens Westhoek: its heading, its forum, a Dutch page, the map;
    2. a visit to Doorbraken and back through the menu keeps Westhoek, in the address too;
    3. with a division layer chosen in the list, the region borders look unlike its lines.
    """
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

    wait_for_app(page)
    wait_for_map(page)
    choice = page.get_by_role("combobox", name="Andere indeling")
    choice.click()
    page.get_by_role("option", name="Vervoerregio's", exact=True).click()
    check_the_region_borders_look_unlike_the_division_s_lines(map_frame(page))


def check_the_region_borders_look_unlike_the_division_s_lines(frame) -> None:
    """A wide soft band for the region borders, against the division's crisp lines; the three
    kinds of line each in their own colour."""
    # drawn: some of its lines in view (Leaflet leaves those outside the view empty)
    frame.locator("path.regiokaart-division").filter(visible=True).first.wait_for(timeout=30_000)
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
