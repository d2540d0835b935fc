"""The other divisions in Chromium: the map layer, a layer switch, the page /afstemming.

Runs against the session's `streamlit run` server (``app_url``); the hostile names are tested
with the hostile data in test_browser_dashboard.py, whose server they share.
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from lib.divisions.sources import KINDS
from tests.support.chromium import wait_for_app
from tests.support.map_page import MAP_FRAME, move_off_the_map, municipality_pixel, wait_for_map
from tests.support.screenshots import save_screenshot as save

pytestmark = pytest.mark.browser

AALST = "41002"
DIVISION_LINES = "path.regiokaart-division"
CROSSING_LINES = "path.regiokaart-division-crossing"


def map_frame(page):
    return page.locator(MAP_FRAME).element_handle().content_frame()


def choose_layer(page, label: str) -> None:
    box = page.get_by_role("combobox", name="Andere indeling")
    box.click()
    page.get_by_role("option", name=label, exact=True).click()


def test_a_layer_in_the_address_draws_the_division_borders(page, app_url, screenshot_dir):
    page.goto(f"{app_url}/?regio=denderregio&laag=vervoerregio")
    wait_for_app(page)
    wait_for_map(page)
    frame = map_frame(page)
    frame.wait_for_function(f"() => document.querySelectorAll('{DIVISION_LINES}').length > 0")
    lines = frame.evaluate(f"() => document.querySelectorAll('{DIVISION_LINES}').length")
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


def test_switching_layers_keeps_the_map_its_zoom_and_its_centre(page, app_url) -> None:
    page.goto(app_url)
    wait_for_app(page)
    wait_for_map(page)
    frame = map_frame(page)
    frame.evaluate(
        "() => { window.__regiokaartMounted = true;"
        " window.map.setView([50.95, 4.05], 10, {animate: false}); }"
    )
    before = frame.evaluate("() => [window.map.getZoom(), window.map.getCenter()]")

    choose_layer(page, "Politiezones")
    frame.wait_for_function(f"() => document.querySelectorAll('{DIVISION_LINES}').length > 100")
    wait_for_app(page)
    assert re.search(r"[?&]laag=politiezone\b", page.url)
    police = frame.evaluate(f"() => document.querySelectorAll('{DIVISION_LINES}').length")

    choose_layer(page, "Vervoerregio's")
    frame.wait_for_function(
        f"(n) => document.querySelectorAll('{DIVISION_LINES}').length !== n", arg=police
    )
    wait_for_app(page)
    frame = map_frame(page)
    assert frame.evaluate("() => window.__regiokaartMounted === true")  # the same map document
    assert frame.evaluate("() => [window.map.getZoom(), window.map.getCenter()]") == before

    choose_layer(page, "Geen")
    frame.wait_for_function(f"() => document.querySelectorAll('{DIVISION_LINES}').length === 0")
    assert frame.evaluate("() => window.__regiokaartMounted === true")
    assert "laag=" not in page.url
    # without a layer the municipalities' tooltips name no division any more
    assert frame.evaluate("() => !window.regiokaartTooltipExtra")


# the bars of the chart, as Vega draws them (SVG)
_CHART_DRAWN = """() => document.querySelectorAll(
    '[data-testid="stVegaLiteChart"] svg .mark-rect path').length > 0"""


def test_the_page_shows_one_line_per_kind(page, app_url, screenshot_dir) -> None:
    page.goto(f"{app_url}/afstemming")
    wait_for_app(page)
    page.get_by_role("heading", name="Afstemming met andere indelingen").wait_for()
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


def test_on_a_phone_the_layer_choice_and_the_page_fit(browser, app_url, screenshot_dir) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?regio=denderregio&laag=vervoerregio")
        wait_for_app(page)
        wait_for_map(page)
        choice = page.get_by_role("combobox", name="Andere indeling")
        choice.scroll_into_view_if_needed()
        box = choice.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # within the screen
        save(page, screenshot_dir, "telefoon-laag")
        page.goto(f"{app_url}/afstemming")
        wait_for_app(page)
        first = page.get_by_text(
            re.compile(r"van \d+ vervoerregio's (?:ligt|liggen) volledig binnen")
        )
        first.wait_for()
        assert first.bounding_box()["width"] <= 390
        save(page, screenshot_dir, "telefoon-afstemming")
    finally:
        context.close()


def test_the_panel_downloads_the_fiche_of_the_chosen_region(page, app_url, app_data_dir, tmp_path):
    """The button in the region panel gives the region's fiche: its name and member count,
    counted here from the data file itself."""
    with (Path(app_data_dir) / "regions.csv").open(encoding="utf-8") as rows:
        members = [
            r
            for r in csv.DictReader(rows)
            if (r["vintage"], r["region_id"]) == ("2025", "westhoek")
        ]
    page.goto(f"{app_url}/?regio=westhoek")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download de fiche (PDF)").click()
    assert download.value.suggested_filename == "regiofiche-westhoek.pdf"
    pdf = tmp_path / "fiche.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert members[0]["region"] in flat  # "Westhoek"
    assert f"Gemeenten ({len(members)})" in flat
