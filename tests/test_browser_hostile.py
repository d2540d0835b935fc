"""Hostile data in a fresh server, in Chromium: script payloads in the data stay text.

The data carry markup, template literals and Jinja syntax in a region's description, in a
municipality's name (so the server must build its boundaries first) and in a division's name;
every one shows literally in the panel, the map's tooltips and /afstemming, and none runs.
A module of its own: it starts its own server, so pytest-xdist can run it beside the others.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.support.chromium import wait_for_app
from tests.support.divisions import HOSTILE_NAME, make_hostile_divisions
from tests.support.downloads import downloaded_pdf_text
from tests.support.map_page import MAP_FRAME, municipality_pixel, wait_for_map
from tests.support.screenshots import save_screenshot

pytestmark = pytest.mark.browser

GENT_NIS = "44021"


HOSTILE_IMG = '<img src=x onerror="window.__regiokaartXss=1">'
HOSTILE_TEMPLATE = "${window.__regiokaartXss=2}"
HOSTILE_JINJA = "{{ 7*7 }}"


def make_hostile_data(source: Path, target: Path) -> tuple[str, str]:
    """A copy of the data whose texts and one municipality carry script payloads."""
    shutil.copytree(source, target)
    municipality = f"Gent {HOSTILE_IMG} {HOSTILE_TEMPLATE}"
    csv_path = target / "regions.csv"
    csv_text = csv_path.read_text(encoding="utf-8")
    csv_text = re.sub(
        rf"^(\d{{4}}),{GENT_NIS},Gent,",
        lambda m: f'{m.group(1)},{GENT_NIS},"' + municipality.replace('"', '""') + '",',
        csv_text,
        flags=re.M,
    )
    csv_path.write_text(csv_text, encoding="utf-8")
    regions_path = target / "regions.yaml"
    regions = yaml.safe_load(regions_path.read_text(encoding="utf-8"))
    gent = next(r for r in regions["regions"] if r["id"] == "gent")
    description = f"Beschrijving met {HOSTILE_IMG} en {HOSTILE_TEMPLATE} en {HOSTILE_JINJA}."
    gent["forum"]["description"] = description
    regions_path.write_text(yaml.safe_dump(regions, allow_unicode=True), encoding="utf-8")
    for cache in [*target.glob("*.geojson"), *target.glob("map*.json")]:
        cache.unlink()  # rebuilt by the app on first start, with the hostile name
    make_hostile_divisions(target)  # vervoerregio 13 (Halle-Vilvoorde) gets a hostile name
    return municipality, description


_DIVISION_LINE = """(needle) => {
    // a division border: its halo holds the tooltip (municipalities name their division too)
    const line = Object.values(window.map._layers).find((l) =>
        l.feature && l.options.className === "regiokaart-halo"
        && l.getTooltip()._content(l).textContent.includes(needle));
    const parts = line.getLatLngs();
    const longest = parts.reduce((a, b) => (b.length > a.length ? b : a));
    const i = Math.floor(longest.length / 2);
    const middle = [(longest[i - 1].lat + longest[i].lat) / 2,
                    (longest[i - 1].lng + longest[i].lng) / 2];
    window.map.setView(middle, 11, {animate: false});
    return middle;
}"""
_POINT_AND_HIT = """(latlng) => {
    const p = window.map.latLngToContainerPoint(latlng);
    const hit = document.elementFromPoint(p.x, p.y);
    return {x: p.x, y: p.y, hit: hit && hit.getAttribute("class")};
}"""


_HALO_AT = """(latlng) => {
    const p = window.map.latLngToContainerPoint(latlng);
    const hit = document.elementFromPoint(p.x, p.y);
    return Boolean(hit && (hit.getAttribute("class") || "").includes("regiokaart-halo"));
}"""
# An element made from a payload: only then could its handler ever fire. Text is never one.
_PAYLOAD_ELEMENTS = """() => document.querySelectorAll(
    '[onerror*="__regiokaartXss"], [onload*="__regiokaartXss"]').length"""


def assert_inert(page, dialogs: list) -> None:
    """No payload ran, and none is in any frame's document as an element that could run later
    (so nothing needs to wait for a handler that should never fire)."""
    for frame in [page.main_frame, *page.main_frame.child_frames]:
        assert frame.evaluate(_PAYLOAD_ELEMENTS) == 0, frame.url
        assert frame.evaluate("() => window.__regiokaartXss === undefined"), frame.url
    assert dialogs == []


def check_hostile_division_names_stay_inert(page, url, screenshot_dir, dialogs) -> None:
    """A division named with markup and template syntax: literal in panel, tooltip, /afstemming."""
    page.goto(f"{url}/?regio=halle-vilvoorde&laag=vervoerregio")
    wait_for_app(page)
    page.get_by_role("heading", name="Referentieregio Halle-Vilvoorde").wait_for(timeout=60_000)
    wait_for_map(page)
    main = page.get_by_test_id("stMain")
    # the panel names the division literally, markup and template included
    assert main.get_by_text(HOSTILE_NAME, exact=False).first.is_visible()
    # the tooltip of one of its borders too
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    frame.wait_for_function("() => document.querySelectorAll('path.regiokaart-division').length")
    middle = frame.evaluate(_DIVISION_LINE, "Rand ")  # centres the map on one of its borders
    # what the pointer will hover, once the map is drawn at the new view: the line's halo
    frame.wait_for_function(_HALO_AT, arg=middle)
    point = frame.evaluate(_POINT_AND_HIT, middle)
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=4)
    tooltips = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip")
    tooltip = tooltips.filter(has_text="Vervoerregio's")
    tooltip.wait_for()
    assert HOSTILE_NAME in tooltip.inner_text()
    # the municipality's tooltip closed when the line took over (gone after its fade)
    expect(tooltips).to_have_count(1)
    save_screenshot(page, screenshot_dir, "vijandige-indeling")
    assert_inert(page, dialogs)
    # and the page /afstemming, whose tables hold the name (through the menu: no new page load)
    page.get_by_role("link", name="Afstemming").first.click()
    page.wait_for_url("**/afstemming")
    wait_for_app(page)
    page.get_by_role("heading", name="Gebieden over een regiogrens").wait_for()
    assert_inert(page, dialogs)


def check_hostile_municipality_in_the_toets(page, url, municipality, dialogs, tmp_path) -> None:
    """The hostile municipality name on /toets: the verdict, the map's tooltip, the document."""

    page.goto(f"{url}/toets?gemeenten={GENT_NIS}")
    wait_for_app(page)
    wait_for_map(page)
    main = page.get_by_test_id("stMain")
    sentence = main.get_by_text(f"De gemeente {municipality} ligt binnen één referentieregio")
    sentence.wait_for()
    x, y = municipality_pixel(page, GENT_NIS)
    page.mouse.move(x, y)
    tooltip = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert municipality in tooltip.inner_text()
    button = main.get_by_role("button", name="Document (PDF)")
    _, flat = downloaded_pdf_text(page, button, tmp_path)
    assert f"De gemeente {municipality} ligt binnen" in flat
    frames = [page.main_frame, *page.main_frame.child_frames]
    assert all(f.evaluate("() => window.__regiokaartXss === undefined") for f in frames)
    assert dialogs == []


def check_hostile_division_name_in_the_toets(page, dialogs, tmp_path) -> None:
    """On /toets, from the area tab: vervoerregio 13 and its hostile name, chosen from the list
    (where the name is an option's text), named as text among the closest areas and in the
    document."""

    main = page.get_by_test_id("stMain")
    main.get_by_role("tab", name="Vanuit een gebied").click()
    main.get_by_role("combobox", name="Soort gebied").click()
    page.get_by_role("option", name="Vervoerregio", exact=True).click()
    wait_for_app(page)
    area = main.get_by_role("combobox", name="Gebied", exact=True)
    area.click()
    area.fill("Rand")
    page.get_by_role("option", name=HOSTILE_NAME, exact=True).click()
    # the tab's button (each of the closest areas has one too)
    main.get_by_test_id("stTabs").get_by_role("button", name="Begin vanuit dit gebied").click()
    main.get_by_text(f"Dit is precies vervoerregio {HOSTILE_NAME}.").wait_for()
    wait_for_app(page)
    button = main.get_by_role("button", name="Document (PDF)")
    _, flat = downloaded_pdf_text(page, button, tmp_path)
    assert f"Vervoerregio {HOSTILE_NAME}" in flat and "49" not in flat.split("Vervoerregio")[1][:60]
    assert_inert(page, dialogs)


def test_a_fresh_server_on_hostile_data(page, built_data_dir, pic_dir, tmp_path, screenshot_dir):
    """One fresh server, whose data carry script payloads (and need a boundary build).

    Its first visitor opens /trajecten and still gets app.py's navigation; then Gent's texts and
    its hostile municipality name show literally, in the panel and in the map, and never run.
    """
    from tests.support.streamlit_server import streamlit_server

    target = tmp_path / "data"
    municipality, description = make_hostile_data(built_data_dir, target)
    env = {"REGIOKAART_DATA_DIR": str(target), "REGIOKAART_BOUNDARIES_URL": str(pic_dir)}
    with streamlit_server(env=env, log_path=tmp_path / "streamlit.log", graceful=False) as url:
        page.goto(f"{url}/trajecten")
        wait_for_app(page)
        page.get_by_role("heading", name="Ontwikkeltrajecten").wait_for()
        wait_for_app(page)
        assert page.get_by_test_id("stSidebar").count() == 0  # no automatic pages/ sidebar
        nav_link = page.get_by_role("link", name="Doorbraken")
        assert nav_link.first.is_visible()

        dialogs = []

        def on_dialog(dialog):
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(f"{url}/?regio=gent")
        wait_for_app(page)
        page.get_by_role("heading", name="Referentieregio Gent").wait_for(timeout=60_000)
        wait_for_map(page)
        main = page.get_by_test_id("stMain")
        # the description and the municipality name appear as text, payloads included
        assert main.get_by_text(description).is_visible()
        assert main.get_by_text(municipality, exact=False).first.is_visible()
        # the tooltip shows the hostile name as text too
        x, y = municipality_pixel(page, GENT_NIS)
        page.mouse.move(x, y)
        frame = page.frame_locator(MAP_FRAME)
        tooltip = frame.locator(".leaflet-tooltip")
        tooltip.wait_for()
        assert municipality in tooltip.inner_text()
        save_screenshot(page, screenshot_dir, "vijandige-tekst")
        assert_inert(page, dialogs)
        assert "49" not in main.get_by_text(description).inner_text()
        check_hostile_division_names_stay_inert(page, url, screenshot_dir, dialogs)
        check_hostile_municipality_in_the_toets(page, url, municipality, dialogs, tmp_path)
        check_hostile_division_name_in_the_toets(page, dialogs, tmp_path)
        page.remove_listener("dialog", on_dialog)
