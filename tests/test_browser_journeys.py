"""Every way of choosing a region, in Chromium: the address shows the choice when the run ends.

One journey goes through all routes — a click on the map, the region list, typed text with a
typo and Enter, a candidate for ambiguous text, the vintage switch, a reload, back — and checks
the address, the heading and the notice after each step. It runs twice: waiting for each run
to end, and acting as soon as the answer shows (while the run may still be going), which is
when a stale address could win; that one checks where the journey ends.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.support.chromium import wait_for_app
from tests.support.map_page import municipality_pixel, wait_for_map

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


@pytest.mark.parametrize("patient", [True, False], ids=["waiting", "hurried"])
def test_every_route_writes_the_address_and_a_reload_shows_the_same(page, app_url, patient):
    def step(heading: str) -> None:
        if patient:
            settled(page, heading)
        else:  # the next action as soon as the answer shows, while the run may still be going
            page.get_by_role("heading", name=heading).wait_for(timeout=30_000)

    page.goto(app_url)
    wait_for_app(page)
    wait_for_map(page)
    assert address(page) == {}

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
    expected = {"regio": "waasland", "gemeente": SINT_NIKLAAS, "indeling": "2019"}
    assert address(page) == expected
    if not patient:
        return  # the race is in the steps above; a reload and back are the same either way

    # a reload shows what was on screen
    page.reload()
    settled(page, "Referentieregio Waasland")
    assert address(page) == expected
    page.get_by_role("radio", name="2019–2024", checked=True).wait_for(timeout=5_000)
    wait_for_map(page)

    # back: the step before the vintage switch
    page.go_back()
    page.get_by_role("radio", name="sinds 2025", checked=True).wait_for(timeout=30_000)
    settled(page, "Referentieregio Waasland")
    assert address(page) == {"regio": "waasland", "gemeente": SINT_NIKLAAS}
