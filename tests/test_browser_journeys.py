"""Every way of choosing a region, in Chromium: the address shows the choice when the run ends.

One journey goes through all routes — a click on the map, the region list, typed text with a
typo and Enter, a candidate for ambiguous text, the vintage switch, a reload, back — and checks
the address, the heading and the notice after each step. It runs twice in one visit: waiting for
each run to end, then, from where back left it, acting as soon as the answer shows (while the
run may still be going), which is when a stale address could win; that one checks where the
journey ends.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.support.chromium import wait_for_app
from tests.support.map_page import MAP_FRAME, municipality_pixel, wait_for_map

pytestmark = pytest.mark.browser

GENT, KORTESSEM, SINT_NIKLAAS = "44021", "73040", "46021"


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


def pick_region(page, name: str) -> None:
    region = page.get_by_role("combobox", name="Referentieregio")
    region.click()
    region.fill(name)
    page.get_by_role("option", name=name, exact=True).click()


def test_every_route_writes_the_address_waiting_and_hurried_and_a_reload_shows_the_same(
    page, app_url
):
    """One visit of / (and one reload), in order:

    1. waiting for each run to end: after every route the address, heading and notice are
       right; a reload shows what was on screen, and back goes to the step before the vintage
       switch;
    2. from there, with the map back at all of Flanders, the same routes hurried: each next
       action as soon as the answer shows, while the run may still be going; the address is
       right where the journey ends (a stale one would win here).
    """
    page.goto(app_url)
    wait_for_app(page)
    wait_for_map(page)
    assert address(page) == {}

    journey(page, patient=True)
    check_a_reload_and_back(page)

    # the map where a first visit has it, so that Gent is on it for the click
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.get_by_role("button", name="Heel Vlaanderen").click()
    frame.wait_for_function("() => window.map.getBounds().contains(window.regiokaartHome)")
    journey(page, patient=False)


EXPECTED_AT_THE_END = {"regio": "waasland", "gemeente": SINT_NIKLAAS, "indeling": "2019"}


def journey(page, patient: bool) -> None:
    """A click on the map, the region list, typed text with a typo and Enter, a candidate for
    ambiguous text, the vintage switch; each step checks heading and notice, and, ``patient``,
    waits for the run to end and checks the address too."""

    def step(heading: str) -> None:
        if patient:
            settled(page, heading)
        else:  # the next action as soon as the answer shows, while the run may still be going
            page.get_by_role("heading", name=heading).wait_for(timeout=30_000)

    # a click on the map
    page.mouse.click(*municipality_pixel(page, GENT))
    step("Referentieregio Gent")
    if patient:
        assert address(page) == {"regio": "gent", "gemeente": GENT}

    # the region list
    pick_region(page, "Westhoek")
    step("Referentieregio Westhoek")
    if patient:
        assert address(page) == {"regio": "westhoek"}

    # typed text with a typo, confirmed with Enter
    type_and_enter(page, "Kortesseem")
    step("Referentieregio Limburg")
    notice = page.get_by_text("Je zocht 'Kortesseem'; dat lijkt het meest op Kortessem.")
    notice.wait_for()
    assert page.get_by_text("Kortessem is sinds 1 januari 2025 deel van Hasselt.").is_visible()
    if patient:
        assert address(page) == {"regio": "limburg", "gemeente": KORTESSEM}

    # ambiguous text lists candidates; one of them chooses
    type_and_enter(page, "Sint")
    page.get_by_text("Meerdere gemeenten passen bij 'Sint'").wait_for()
    assert page.get_by_role("heading", name="Referentieregio Limburg").is_visible()
    page.get_by_role("radio", name=re.compile("^Sint-Niklaas")).click()
    step("Referentieregio Waasland")
    if patient:
        assert address(page) == {"regio": "waasland", "gemeente": SINT_NIKLAAS}

    # the vintage switch
    page.get_by_role("radio", name="2019–2024").click()
    page.get_by_text("Indeling 2019–2024", exact=False).first.wait_for(timeout=30_000)
    settled(page, "Referentieregio Waasland")
    assert address(page) == EXPECTED_AT_THE_END


def check_a_reload_and_back(page) -> None:
    """A reload shows what was on screen; back goes to the step before the vintage switch."""
    page.reload()
    settled(page, "Referentieregio Waasland")
    assert address(page) == EXPECTED_AT_THE_END
    page.get_by_role("radio", name="2019–2024", checked=True).wait_for(timeout=5_000)
    wait_for_map(page)

    page.go_back()
    page.get_by_role("radio", name="sinds 2025", checked=True).wait_for(timeout=30_000)
    settled(page, "Referentieregio Waasland")
    assert address(page) == {"regio": "waasland", "gemeente": SINT_NIKLAAS}
