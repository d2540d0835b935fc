"""What a new user hits, in Chromium on desktop and on a 390×844 phone.

Menu and address agree, every page has its own tab title, unknown addresses get a Dutch answer,
no English word from ENGLISH shows, names are whole (chips, the layer box, the chart), the phone
menu closes after a choice, and a hostile link renders nothing. One shared server (``app_url``),
the shared desktop tab and one phone tab for the module.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from lib.data.themes import THEMES
from lib.divisions.sources import KINDS
from tests.support.chromium import wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MENU = {  # menu label -> its address
    "Kaart": "/",
    "Doorbraken": "/doorbraken",
    "Ontwikkeltrajecten": "/ontwikkeltrajecten",
    "Inzichten": "/inzichten",
    "Afstemming": "/afstemming",
    "Gegevens": "/gegevens",
}
# English that Streamlit or pandas would show if a page let it (whole words, case as shown)
ENGLISH = (
    "Select all",
    "empty",
    "Page not found",
    "None",
    "True",
    "False",
    "nan",
    "NaN",
    "region",
    "division",
    "No results",
    "Press Enter",
)


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    tab = context.new_page()
    yield tab
    context.close()


def open_at(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def path_of(page) -> str:
    return urlsplit(page.url).path or "/"


def english_on(page) -> list[str]:
    shown = page.inner_text("[data-testid='stApp']")
    return [word for word in ENGLISH if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", shown)]


def test_menu_address_and_tab_title_agree_on_every_page(page, app_url) -> None:
    open_at(page, f"{app_url}/")
    for label, address in MENU.items():
        page.get_by_role("link", name=label, exact=True).first.click()
        page.wait_for_url(re.compile(re.escape(app_url + address) + r"(\?.*)?$"))
        wait_for_app(page)
        assert path_of(page) == address
        page.wait_for_function("t => document.title === t", arg=f"{label} – Regiokaart")
        assert english_on(page) == [], (address, english_on(page))


@pytest.mark.parametrize(
    ("asked", "lands", "title"),
    [
        ("/trajecten", "/ontwikkeltrajecten", "Ontwikkeltrajecten"),
        ("/Doorbraken", "/doorbraken", "Doorbraken"),
        ("/kaart", "/", "Kaart"),
        ("/nietbestaand", "/", "Kaart"),
    ],
)
def test_old_guessed_and_unknown_addresses(page, app_url, asked, lands, title) -> None:
    # (the first test of this module has opened "/": the server runs in st.navigation's mode;
    # the very first visit to a fresh server is Streamlit's own, see the README)
    open_at(page, app_url + asked)
    page.wait_for_url(re.compile(re.escape(app_url + lands) + r"(\?.*)?$"))
    page.wait_for_function("t => document.title === t", arg=f"{title} – Regiokaart")
    # Streamlit's frontend may flash its own dialog while the server reroutes the unknown page;
    # what stays on screen has none
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert english_on(page) == []
    notice = page.locator("[data-testid='stAlert']:visible", has_text="bestaat niet in Regiokaart")
    if asked == "/nietbestaand":
        notice.wait_for()
        assert "/nietbestaand" in notice.inner_text()
        assert page.get_by_role("heading", name="Regiokaart").is_visible()
    else:
        assert notice.count() == 0


def test_no_english_in_open_lists_or_an_empty_search(page, app_url) -> None:
    open_at(page, f"{app_url}/doorbraken")
    page.get_by_role("combobox", name="Thema").click()
    page.get_by_role("option", name=THEMES["mobiliteit"]).wait_for()
    options = page.get_by_role("option").all_inner_texts()
    assert "Select all" not in options and options
    page.keyboard.press("Escape")

    open_at(page, f"{app_url}/gegevens")
    field = page.get_by_role("textbox", name=re.compile("Zoek op gemeente"))
    field.fill("xyzzy")
    field.press("Enter")
    page.get_by_text("Geen gemeente, regio of NIS-code past bij").wait_for()
    wait_for_app(page)
    assert english_on(page) == []


def _chips_whole(tab) -> list[str]:
    return tab.evaluate(
        """() => [...document.querySelectorAll(
              "[data-testid='stMultiSelectTagsContainer'] > span > span > span")]
            .filter((s) => s.scrollWidth > s.clientWidth + 1 || s.getBoundingClientRect().right
                > s.closest("[data-testid='stMultiSelect']").getBoundingClientRect().right + 1)
            .map((s) => s.textContent)"""
    )


def _layer_box_cut(tab) -> bool:
    return tab.evaluate(
        """() => { const box = document.querySelector('.st-key-laag input');
                   return box.scrollWidth > box.clientWidth; }"""
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_whole_names(page, phone, app_url, device) -> None:
    tab = page if device == "desktop" else phone
    open_at(tab, f"{app_url}/doorbraken?thema={','.join(THEMES)}")
    tab.locator("[data-testid='stMultiSelectTagsContainer'] > span > span").first.wait_for()
    assert tab.locator("[data-testid='stMultiSelectTagsContainer'] > span > span").count() == len(
        THEMES
    )
    assert _chips_whole(tab) == []

    # the longest name in the "Andere indeling" box (same font for all: the others fit too)
    longest = max(KINDS, key=lambda kind: len(kind.short_label))
    open_at(tab, f"{app_url}/?laag={longest.id}")
    box = tab.locator(".st-key-laag input")
    assert box.input_value() == longest.short_label
    assert not _layer_box_cut(tab), longest.short_label


def test_phone_menu_closes_after_a_choice(phone, app_url) -> None:
    open_at(phone, f"{app_url}/")
    phone.locator("[data-testid='stExpandSidebarButton']").click()
    sidebar = phone.locator("[data-testid='stSidebar']")
    phone.wait_for_function(
        "() => document.querySelector(\"[data-testid='stSidebar']\")"
        ".getAttribute('data-collapsed') === 'false'"
    )
    sidebar.get_by_role("link", name="Afstemming").click()
    phone.wait_for_url(re.compile(r"/afstemming$"))
    phone.wait_for_function(
        "() => document.querySelector(\"[data-testid='stSidebar']\")"
        ".getAttribute('data-collapsed') === 'true'"
    )
    heading = phone.get_by_role("heading", name="Afstemming met andere indelingen")
    heading.wait_for()
    box = heading.bounding_box()
    assert box is not None and box["x"] >= 0  # not under the menu
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0


def test_phone_unknown_address_is_answered_above_the_map(phone, app_url) -> None:
    open_at(phone, f"{app_url}/nietbestaand")
    phone.wait_for_url(re.compile(re.escape(app_url) + r"/(\?.*)?$"))
    notice = phone.locator("[data-testid='stAlert']:visible", has_text="bestaat niet")
    notice.wait_for()
    assert notice.count() == 1
    the_map = phone.locator(".st-key-kaartvak iframe")
    the_map.wait_for()
    assert notice.bounding_box()["y"] < the_map.bounding_box()["y"]
    assert notice.bounding_box()["y"] < PHONE["height"]  # on the first screen


def test_phone_alignment_chart_is_whole(phone, app_url) -> None:
    open_at(phone, f"{app_url}/afstemming")
    chart = phone.locator("[data-testid='stVegaLiteChart']")
    chart.locator("svg text").first.wait_for()
    outside = chart.evaluate(
        """(el) => { const frame = el.getBoundingClientRect();
              return [...el.querySelectorAll('svg text')].filter((t) => {
                  const r = t.getBoundingClientRect();
                  return r.width > 0 && (r.left < frame.left - 1 || r.right > frame.right + 1);
              }).map((t) => t.textContent); }"""
    )
    assert outside == []
    texts = chart.evaluate("(el) => [...el.querySelectorAll('svg text')].map((t) => t.textContent)")
    for kind in KINDS:
        assert kind.short_label in texts


def test_a_hostile_link_renders_nothing(page, app_url) -> None:
    # a listener, not page.route: routing any request turns off the tab's cache and sends every
    # request through Python (about twice the CPU per page load); nothing answers on port 9
    fetched: list[str] = []

    def remember(request) -> None:
        if request.url.startswith("http://127.0.0.1:9/"):
            fetched.append(request.url)

    page.on("request", remember)
    try:
        link = "[Log hier opnieuw in](https://evil.example/login)"
        open_at(page, f"{app_url}/?laag={quote(link, safe='')}")
        page.get_by_text("uit de link bestaat niet").wait_for()
        shown = page.inner_text("[data-testid='stApp']").replace("\u2060", "")
        assert link.lower() in shown  # ids are read in lower case
        assert page.locator("a[href*='evil.example']").count() == 0

        image = "![x](http://127.0.0.1:9/pixel.png) :red[rood] $$x^2$$"
        open_at(page, f"{app_url}/doorbraken?thema={quote(image, safe='')}")
        page.get_by_text("Niet herkend in de link").wait_for()
        assert page.locator("img[src*='127.0.0.1:9']").count() == 0
        assert page.locator(".katex").count() == 0
        notice = page.locator("[data-testid='stAlert']")
        assert notice.locator("span[style*='color'], [class*='red']").count() == 0
        assert ":red[rood]" in notice.inner_text()
        assert fetched == []
    finally:
        page.remove_listener("request", remember)
