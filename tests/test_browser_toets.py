"""The page /toets in Chromium: a pasted list, a start from an area, a click on the map, a reload,
the document; hostile text in the pasted list stays text.

On the run's server (``app_url``). A division's hostile name on /toets (among the closest areas
and in the document) and the hostile municipality name are checked on the hostile server of
test_browser_hostile.py, whose data carry them.

Page loads cost most of this module's time: the tests load a page only where the address is what
they check (two loads and one reload in all), and go on with the page's own buttons and the map
from there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.chromium import wait_for_app
from tests.support.downloads import downloaded_pdf_text
from tests.support.map_page import MAP_FRAME, municipality_pixel, wait_for_map
from tests.support.screenshots import save_screenshot

pytestmark = pytest.mark.browser

BUGGENHOUT = "42004"
# vervoerregio 13: Halle-Vilvoorde plus Buggenhout (Denderregio), so it crosses a region border
AREA = "vervoerregio:13"
AREA_NAME = "Vlaamse Rand (Verv.)"
HOSTILE_ENTRY = '<img src=x onerror="window.__regiokaartXss=5"> {{7*7}}'
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dialogs(page):
    found: list[str] = []

    def on_dialog(dialog):
        found.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield found
    page.remove_listener("dialog", on_dialog)


def assert_inert(page, dialogs) -> None:
    frames = [page.main_frame, *page.main_frame.child_frames]
    assert all(f.evaluate("() => window.__regiokaartXss === undefined") for f in frames)
    assert dialogs == []


def chosen(page, count: int | None = None) -> list[str]:
    """The multiselect's tags (the set); with ``count``, once that many are shown."""
    tags = page.get_by_test_id("stMultiSelectTagsContainer").first.locator("[data-tag]")
    if count is not None:
        expect(tags).to_have_count(count)
    return sorted(tags.evaluate_all("(tags) => tags.map((t) => t.getAttribute('aria-label'))"))


def check_an_area_from_the_address(page) -> list[str]:
    """?vanuit=vervoerregio:13: the set is the area, it crosses a region border, and the area is
    named among the closest areas; returns the set."""
    wait_for_map(page)
    main = page.get_by_test_id("stMain")
    main.get_by_text("Past niet: de samenwerking loopt over een regiogrens").wait_for()
    assert main.get_by_text(f"Dit is precies vervoerregio {AREA_NAME}.").is_visible()
    members = chosen(page)
    assert "Buggenhout" in members
    return members


def check_the_document(page, members: list[str], tmp_path: Path) -> None:
    """The document holds the set, the verdict, the area's name and a "leg uit" section."""
    main = page.get_by_test_id("stMain")
    button = main.get_by_role("button", name="Document (PDF)")
    _, flat = downloaded_pdf_text(page, button, tmp_path)
    assert "Past niet: de samenwerking loopt over een regiogrens" in flat
    assert f"De samenwerking: {len(members)} gemeenten" in flat
    assert "Leg uit: motivering per gemeente buiten de regio" in flat
    assert f"Buggenhout ({BUGGENHOUT})" in flat
    assert f"Vervoerregio {AREA_NAME}" in flat


def check_a_click_on_the_map_takes_a_municipality_out(page, rest: list[str], screenshot_dir):
    """A click on Buggenhout takes it out; the set fits, and the address follows."""
    main = page.get_by_test_id("stMain")
    page.locator(MAP_FRAME).scroll_into_view_if_needed()  # the download button scrolled down
    x, y = municipality_pixel(page, BUGGENHOUT)
    page.mouse.click(x, y)
    main.get_by_text("Past: binnen één referentieregio").wait_for()
    wait_for_app(page)
    assert "vanuit=" not in page.url and BUGGENHOUT not in page.url
    assert chosen(page, len(rest)) == rest
    save_screenshot(page, screenshot_dir, "toets-gebied")


def check_a_reload_shows_the_same(page, rest: list[str]) -> None:
    page.reload()
    wait_for_app(page)
    wait_for_map(page)
    page.get_by_test_id("stMain").get_by_text("Past: binnen één referentieregio").wait_for()
    assert chosen(page, len(rest)) == rest
    assert BUGGENHOUT not in page.url


def check_a_pasted_list_with_a_typo_an_old_name_and_an_unknown_entry(page, screenshot_dir):
    """After "Maak leeg", a pasted list: the old name and the typo are read, the hostile unknown
    entry is said as text, the set and the address are the two municipalities, the text stays."""
    main = page.get_by_test_id("stMain")
    main.get_by_role("button", name="Maak leeg").click()
    main.get_by_text("Nog geen gemeenten gekozen").wait_for()
    wait_for_app(page)
    assert chosen(page, 0) == []
    page.get_by_label("Namen, oude namen of NIS-codes", exact=False).fill(
        f"Hasselt\nKortesem\nGnek\n{HOSTILE_ENTRY}"
    )
    page.get_by_role("button", name="Voeg toe").click()
    main.get_by_text("Past: binnen één referentieregio").wait_for()
    wait_for_app(page)
    assert main.get_by_text("Kortesem → Hasselt, sinds 2025 (gelezen als Kortessem)").is_visible()
    assert main.get_by_text("Gnek → Genk (tikfout verbeterd)").is_visible()
    unknown = main.get_by_text("geen gemeente of NIS-code gevonden")
    assert unknown.inner_text() == f"✗ '{HOSTILE_ENTRY}': geen gemeente of NIS-code gevonden"
    assert main.get_by_text(
        "De 2 gemeenten liggen binnen één referentieregio, Limburg"
    ).is_visible()
    assert chosen(page, 2) == ["Genk", "Hasselt"]
    assert re.search(r"[?&]gemeenten=71016%2C71072$", page.url)
    assert (
        page.get_by_label("Namen, oude namen of NIS-codes", exact=False)
        .input_value()
        .startswith("Hasselt\nKortesem")
    )  # the text stays in the box
    save_screenshot(page, screenshot_dir, "toets-lijst")


def test_from_an_area_to_a_document_a_click_a_reload_then_a_pasted_list(
    page, app_url, dialogs, screenshot_dir, tmp_path
) -> None:
    """The desktop tab, one page load and one reload; the pasted hostile text stays text.

    1. /toets?vanuit=vervoerregio:13: the area, over a region border, named among the closest
       areas (``check_an_area_from_the_address``).
    2. Its document (``check_the_document``).
    3. A click on the map takes Buggenhout out
       (``check_a_click_on_the_map_takes_a_municipality_out``), and a reload shows the same
       (``check_a_reload_shows_the_same``).
    4. Emptied, then a pasted list with a typo, an old name and a hostile unknown entry
       (``check_a_pasted_list_with_a_typo_an_old_name_and_an_unknown_entry``).
    5. No script ran, no dialog opened.
    """
    page.goto(f"{app_url}/toets?vanuit={AREA}")
    wait_for_app(page)
    members = check_an_area_from_the_address(page)
    check_the_document(page, members, tmp_path)
    rest = sorted(m for m in members if m != "Buggenhout")
    check_a_click_on_the_map_takes_a_municipality_out(page, rest, screenshot_dir)
    check_a_reload_shows_the_same(page, rest)
    check_a_pasted_list_with_a_typo_an_old_name_and_an_unknown_entry(page, screenshot_dir)
    assert_inert(page, dialogs)


def test_the_page_on_a_phone(page, app_url, screenshot_dir) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/toets?gemeenten=71011,71016,24107,99999")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    notice = main.get_by_text("Deze NIS-code uit de link is geen gemeente van 2025: '99999'.")
    assert notice.is_visible()
    heading = main.get_by_role(
        "heading", name="Past niet: de samenwerking loopt over een regiogrens"
    )
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    button = main.get_by_role("button", name="Pas deze aanpassing toe").first
    button.scroll_into_view_if_needed()
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= PHONE["width"]
    save_screenshot(page, screenshot_dir, "toets-telefoon")
