"""The other divisions in Chromium: the map layer, a layer switch, the page /afstemming.

Runs against the session's `streamlit run` server (``app_url``); the hostile names are tested
with the hostile data in test_browser_hostile.py, on its server.

Two page loads, both in the run's desktop tab (one at a phone's size): page loads cost most of
this module's time, so each test opens the address once and goes on with the page's own controls and
links, as a visitor does.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from lib.divisions.sources import KINDS
from tests.support.chromium import wait_for_app
from tests.support.downloads import downloaded_pdf_text
from tests.support.map_page import MAP_FRAME, move_off_the_map, municipality_pixel, wait_for_map
from tests.support.screenshots import save_screenshot as save

pytestmark = pytest.mark.browser

AALST = "41002"
DIVISION_LINES = "path.regiokaart-division"
CROSSING_LINES = "path.regiokaart-division-crossing"
PHONE = {"width": 390, "height": 844}


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def choose_layer(page, label: str) -> None:
    box = page.get_by_role("combobox", name="Andere indeling")
    box.click()
    page.get_by_role("option", name=label, exact=True).click()


def wait_for_page(page, title: str) -> None:
    """After a link: the new page's run has set its tab title and has ended (the old page's
    elements are gone by then)."""
    page.wait_for_function("t => document.title === t", arg=f"{title} – Regiokaart")
    wait_for_app(page)


def pick_region(page, name: str) -> None:
    region = page.get_by_role("combobox", name="Referentieregio")
    region.click()
    region.fill(name)
    page.get_by_role("option", name=name, exact=True).click()


def division_lines(frame) -> int:
    return frame.evaluate(f"() => document.querySelectorAll('{DIVISION_LINES}').length")


def map_view(frame) -> list:
    return frame.evaluate("() => [window.map.getZoom(), window.map.getCenter()]")


def check_the_layer_in_the_address_draws_the_division_borders(page, screenshot_dir) -> None:
    """/?regio=denderregio&laag=vervoerregio: the borders, some red for crossing a region border,
    the caption's count, the README's picture, and Aalst's tooltip naming its division."""
    wait_for_map(page)
    frame = map_frame(page)
    frame.wait_for_function(f"() => document.querySelectorAll('{DIVISION_LINES}').length > 0")
    lines = division_lines(frame)
    crossing = frame.evaluate(f"() => document.querySelectorAll('{CROSSING_LINES}').length")
    assert 0 < crossing < lines  # some borders belong to a division across a region border
    caption = page.get_by_text("rode stippellijn", exact=False)
    assert "(8 van de 15)" in caption.inner_text()
    assert page.get_by_role("heading", name="Afstemming met andere indelingen").is_visible()
    move_off_the_map(page)  # no tooltip in the README's picture
    save(page, screenshot_dir, "laag-vervoerregio", readme=True)
    # a municipality's tooltip names its division while the layer is on
    x, y = municipality_pixel(page, AALST)
    page.mouse.move(x, y)
    tooltip = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "Vervoerregio: Dender (Verv.)" in tooltip.inner_text()
    move_off_the_map(page)


def check_switching_layers_keeps_the_map_its_zoom_and_its_centre(page) -> None:
    """From a layer to none, from none to a layer, from one layer to another: the same map
    document each time (not mounted anew), at the zoom and centre it had; the address follows."""
    frame = map_frame(page)
    frame.evaluate(
        "() => { window.__regiokaartMounted = true;"
        " window.map.setView([50.95, 4.05], 10, {animate: false}); }"
    )
    before = map_view(frame)

    choose_layer(page, "Geen")
    frame.wait_for_function(f"() => document.querySelectorAll('{DIVISION_LINES}').length === 0")
    wait_for_app(page)
    assert frame.evaluate("() => window.__regiokaartMounted === true")
    assert "laag=" not in page.url
    # without a layer the municipalities' tooltips name no division any more
    assert frame.evaluate("() => !window.regiokaartTooltipExtra")
    assert map_view(frame) == before

    choose_layer(page, "Politiezones")
    frame.wait_for_function(f"() => document.querySelectorAll('{DIVISION_LINES}').length > 100")
    wait_for_app(page)
    assert re.search(r"[?&]laag=politiezone\b", page.url)
    assert frame.evaluate("() => window.__regiokaartMounted === true")
    assert map_view(frame) == before
    police = division_lines(frame)

    choose_layer(page, "Vervoerregio's")
    frame.wait_for_function(
        f"(n) => document.querySelectorAll('{DIVISION_LINES}').length !== n", arg=police
    )
    wait_for_app(page)
    assert re.search(r"[?&]laag=vervoerregio\b", page.url)
    frame = map_frame(page)
    assert frame.evaluate("() => window.__regiokaartMounted === true")  # the same map document
    assert map_view(frame) == before


def check_the_panel_downloads_the_fiche_of_the_chosen_region(page, app_data_dir, tmp_path):
    """Westhoek chosen from the list: the panel's button gives its fiche, with its name and
    member count (counted here from the data file itself)."""
    with (Path(app_data_dir) / "regions.csv").open(encoding="utf-8") as rows:
        members = [
            r
            for r in csv.DictReader(rows)
            if (r["vintage"], r["region_id"]) == ("2025", "westhoek")
        ]
    pick_region(page, "Westhoek")
    page.get_by_role("heading", name="Referentieregio Westhoek").wait_for()
    wait_for_app(page)
    assert re.search(r"[?&]regio=westhoek\b", page.url)
    button = page.get_by_role("button", name="Download de fiche (PDF)")
    name, flat = downloaded_pdf_text(page, button, tmp_path)
    assert name == "regiofiche-westhoek.pdf"
    assert members[0]["region"] in flat  # "Westhoek"
    assert f"Gemeenten ({len(members)})" in flat


# the bars of the chart, as Vega draws them (SVG)
_CHART_DRAWN = """() => document.querySelectorAll(
    '[data-testid="stVegaLiteChart"] svg .mark-rect path').length > 0"""


def check_the_page_shows_one_line_per_kind(page, screenshot_dir) -> None:
    """/afstemming: a line per kind of division, the Spanningspunten, the chart; the README's
    picture."""
    page.get_by_role("heading", name="Afstemming met andere indelingen").wait_for()
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    for kind in KINDS:
        line = main.get_by_text(
            re.compile(
                rf"^\d+ van \d+ {re.escape(kind.label.lower())} (?:ligt|liggen) volledig binnen"
            )
        )
        assert line.is_visible()
    assert main.get_by_role("heading", name="Spanningspunten").is_visible()
    page.wait_for_function(_CHART_DRAWN)  # the chart draws after the run
    save(page, screenshot_dir, "afstemming", readme=True)


def test_a_layer_from_the_address_layer_switches_a_fiche_and_the_page_afstemming(
    page, app_url, app_data_dir, tmp_path, screenshot_dir
) -> None:
    """The desktop tab, one page load; the rest by the page's own controls and its menu.

    1. /?regio=denderregio&laag=vervoerregio draws the vervoerregio's borders, some marked as
       crossing a region border, and Aalst's tooltip names its division
       (``check_the_layer_in_the_address_draws_the_division_borders``).
    2. Switching the layer off, to Politiezones and back to Vervoerregio's keeps the map, its
       zoom and its centre (``check_switching_layers_keeps_the_map_its_zoom_and_its_centre``).
    3. Westhoek chosen from the list: the panel's button downloads its fiche
       (``check_the_panel_downloads_the_fiche_of_the_chosen_region``).
    4. The menu's Afstemming: a line per kind and the chart
       (``check_the_page_shows_one_line_per_kind``).
    """
    page.goto(f"{app_url}/?regio=denderregio&laag=vervoerregio")
    wait_for_app(page)
    check_the_layer_in_the_address_draws_the_division_borders(page, screenshot_dir)
    check_switching_layers_keeps_the_map_its_zoom_and_its_centre(page)
    check_the_panel_downloads_the_fiche_of_the_chosen_region(page, app_data_dir, tmp_path)
    page.get_by_role("link", name="Afstemming", exact=True).first.click()
    page.mouse.move(5, 5)  # off the menu: the README's picture shows no link under the pointer
    page.wait_for_url(re.compile(r"/afstemming$"))
    wait_for_page(page, "Afstemming")
    check_the_page_shows_one_line_per_kind(page, screenshot_dir)


def test_on_a_phone_the_layer_choice_and_the_page_fit(page, app_url, screenshot_dir) -> None:
    """At a phone's size (390x844), one page load: the layer's box on the map page fits the
    screen; its link "Alle indelingen vergelijken" leads to /afstemming, whose lines fit too.

    The run's desktop tab at the phone's size (the ``page`` fixture gives its size back), as the
    phone context of this test was (no touch): always a warm tab, where the run's phone tab may
    still be cold in this worker."""
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/?regio=denderregio&laag=vervoerregio")
    wait_for_app(page)
    wait_for_map(page)
    choice = page.get_by_role("combobox", name="Andere indeling")
    choice.scroll_into_view_if_needed()
    box = choice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]  # within the screen
    save(page, screenshot_dir, "telefoon-laag")
    page.get_by_role("link", name="Alle indelingen vergelijken").click()
    page.wait_for_url(re.compile(r"/afstemming$"))
    wait_for_page(page, "Afstemming")
    first = page.get_by_text(re.compile(r"van \d+ vervoerregio's (?:ligt|liggen) volledig binnen"))
    first.wait_for()
    assert first.bounding_box()["width"] <= PHONE["width"]
    save(page, screenshot_dir, "telefoon-afstemming")
