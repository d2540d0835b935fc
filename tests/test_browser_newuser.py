"""What a new user hits, in Chromium on desktop and on a 390×844 phone.

Menu and address agree, every page has its own tab title, unknown addresses get a Dutch answer,
no English word from ENGLISH shows, names are whole (chips, the layer box, the chart), the phone
menu closes after a choice, and a hostile link renders nothing. One shared server (``app_url``)
and the run's desktop tab (tests/conftest.py).

Page loads cost most of this module's time: a test opens an address only where the address is
what it checks, and goes on from there with the app's own links and widgets. What a phone shows
is checked on the page already open, in the desktop tab at the phone's size (390×844, without
touch, as the phone tab these checks had before): the layout follows the width, not the load.
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
DESKTOP = {"width": 1400, "height": 950}  # the desktop tab's size (tests/conftest.py)
MENU = {  # menu label -> its address
    "Kaart": "/",
    "Doorbraken": "/doorbraken",
    "Ontwikkeltrajecten": "/ontwikkeltrajecten",
    "Inzichten": "/inzichten",
    "Afstemming": "/afstemming",
    "Gegevens": "/gegevens",
}
UNKNOWN = "/nietbestaand"
ADDRESSES = (  # (typed address, where it lands, that page's title); a page Streamlit knows first
    ("/trajecten", "/ontwikkeltrajecten", "Ontwikkeltrajecten"),
    ("/Doorbraken", "/doorbraken", "Doorbraken"),
    ("/kaart", "/", "Kaart"),
    (UNKNOWN, "/", "Kaart"),
)
HOSTILE_LINK = "[Log hier opnieuw in](https://evil.example/login)"
HOSTILE_THEME = "![x](http://127.0.0.1:9/pixel.png) :red[rood] $$x^2$$"  # no comma in it
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


def open_at(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def path_of(page) -> str:
    return urlsplit(page.url).path or "/"


def english_on(page) -> list[str]:
    shown = page.inner_text("[data-testid='stApp']")
    return [word for word in ENGLISH if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", shown)]


def wait_for_page_style(page) -> None:
    """Until the page's CSS and scripts apply (lib.app.style: st.html, whose code Streamlit's
    frontend loads after the rest of the page), the phone's copy of a notice shows beside the
    desktop's, for up to some 400 ms; page.js, in the element after the CSS, sets the language."""
    page.wait_for_function("() => document.documentElement.lang === 'nl'")


def check_address_lands(page, app_url: str, asked: str, lands: str, title: str) -> None:
    """A typed address lands on its page, with that page's tab title, in Dutch; only an unknown
    one gets the notice that it does not exist (on the map, with its heading)."""
    open_at(page, app_url + asked)
    page.wait_for_url(re.compile(re.escape(app_url + lands) + r"(\?.*)?$"))
    page.wait_for_function("t => document.title === t", arg=f"{title} – Regiokaart")
    # Streamlit's frontend may flash its own dialog while the server reroutes the unknown page;
    # what stays on screen has none
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert english_on(page) == [], (asked, english_on(page))
    notice = page.locator("[data-testid='stAlert']:visible", has_text="bestaat niet in Regiokaart")
    if asked == UNKNOWN:
        wait_for_page_style(page)
        expect(notice).to_have_count(1)
        assert UNKNOWN in notice.inner_text()
        assert page.get_by_role("heading", name="Regiokaart").is_visible()
    else:
        assert notice.count() == 0, asked


def check_an_open_theme_list_is_dutch(page) -> None:
    """On /doorbraken: the open list of themes has options and no "Select all"."""
    page.get_by_role("combobox", name="Thema").click()
    page.get_by_role("option", name=THEMES["mobiliteit"]).wait_for()
    options = page.get_by_role("option").all_inner_texts()
    assert "Select all" not in options and options
    page.keyboard.press("Escape")


def check_menu_address_and_tab_title_agree_on_every_page(page, app_url: str) -> None:
    """Each menu link, clicked in turn, opens its own address with its own tab title, in Dutch."""
    for label, address in MENU.items():
        page.get_by_role("link", name=label, exact=True).first.click()
        page.wait_for_url(re.compile(re.escape(app_url + address) + r"(\?.*)?$"))
        assert path_of(page) == address
        page.wait_for_function("t => document.title === t", arg=f"{label} – Regiokaart")
        wait_for_app(page)  # the run that set the title has ended: the page is all there
        assert english_on(page) == [], (address, english_on(page))


def check_an_empty_search_is_dutch(page) -> None:
    """On /gegevens: a search that finds nothing says so in Dutch."""
    field = page.get_by_role("textbox", name=re.compile("Zoek op gemeente"))
    field.fill("xyzzy")
    field.press("Enter")
    page.get_by_text("Geen gemeente, regio of NIS-code past bij").wait_for()
    wait_for_app(page)
    assert english_on(page) == []


CHIPS = "[data-testid='stMultiSelectTagsContainer'] > span > span"


def _chips_cut(tab) -> list[str]:
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


def at_phone_width(page) -> None:
    """The desktop tab at the phone's size, once Streamlit has laid the page out for it (its menu
    is then a sidebar behind a button)."""
    page.set_viewport_size(PHONE)
    page.locator("[data-testid='stExpandSidebarButton']").wait_for()


def at_desktop_width(page) -> None:
    page.set_viewport_size(DESKTOP)
    page.locator("[data-testid='stExpandSidebarButton']").wait_for(state="detached")


def check_unknown_address_answered_above_the_map(tab, app_url: str) -> None:
    """The Dutch notice about an unknown address stands above the map, on the first screen."""
    tab.wait_for_url(re.compile(re.escape(app_url) + r"/(\?.*)?$"))
    notice = tab.locator("[data-testid='stAlert']:visible", has_text="bestaat niet")
    wait_for_page_style(tab)
    expect(notice).to_have_count(1)
    the_map = tab.locator(".st-key-kaartvak iframe")
    the_map.wait_for()
    assert notice.bounding_box()["y"] < the_map.bounding_box()["y"]
    assert notice.bounding_box()["y"] < PHONE["height"]  # on the first screen


def check_menu_closes_after_a_choice(tab) -> None:
    """The menu (a sidebar on a phone) opens, a choice (Afstemming) closes it again, and the
    page asked for is not under it."""
    tab.locator("[data-testid='stExpandSidebarButton']").click()
    sidebar = tab.locator("[data-testid='stSidebar']")
    tab.wait_for_function(
        "() => document.querySelector(\"[data-testid='stSidebar']\")"
        ".getAttribute('data-collapsed') === 'false'"
    )
    sidebar.get_by_role("link", name="Afstemming").click()
    tab.wait_for_url(re.compile(r"/afstemming$"))
    tab.wait_for_function(
        "() => document.querySelector(\"[data-testid='stSidebar']\")"
        ".getAttribute('data-collapsed') === 'true'"
    )
    heading = tab.get_by_role("heading", name="Afstemming met andere indelingen")
    heading.wait_for()
    box = heading.bounding_box()
    assert box is not None and box["x"] >= 0  # not under the menu
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0


def check_alignment_chart_is_whole(tab) -> None:
    """On /afstemming the chart's texts stay inside it, and it names every kind."""
    chart = tab.locator("[data-testid='stVegaLiteChart']")
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


def test_addresses_and_the_menu_on_a_desktop_and_at_a_phone_width_in_dutch(page, app_url) -> None:
    """Typed addresses, then the menu at a phone's width and on the desktop; four page loads.

    1. The old, the guessed and an unknown address, in ADDRESSES' order, each land on their
       page with its tab title, without English and with a notice only for the unknown one
       (``check_address_lands``); on /doorbraken (from /Doorbraken) the open theme list has no
       English (``check_an_open_theme_list_is_dutch``).
    2. The map the unknown address landed on, at a phone's width: the notice stands above the
       map, on the first screen (``check_unknown_address_answered_above_the_map``); the menu, a
       sidebar there, closes after the choice of Afstemming (``check_menu_closes_after_a_choice``),
       whose chart is whole and names every kind (``check_alignment_chart_is_whole``).
    3. Back at the desktop's width, every menu link in turn: address, tab title, no English
       (``check_menu_address_and_tab_title_agree_on_every_page``).
    4. On /gegevens, the last page of the menu: an empty search, in Dutch
       (``check_an_empty_search_is_dutch``).
    """
    # the first visit is to a page Streamlit knows (/trajecten): the very first visit to a fresh
    # server, if to an unknown address, is Streamlit's own (see the README), and its dialog would
    # block the menu
    for asked, lands, title in ADDRESSES:
        check_address_lands(page, app_url, asked, lands, title)
        if lands == "/doorbraken":
            check_an_open_theme_list_is_dutch(page)
    at_phone_width(page)
    check_unknown_address_answered_above_the_map(page, app_url)
    check_menu_closes_after_a_choice(page)
    check_alignment_chart_is_whole(page)
    at_desktop_width(page)
    check_menu_address_and_tab_title_agree_on_every_page(page, app_url)
    assert path_of(page) == "/gegevens"
    check_an_empty_search_is_dutch(page)


def check_a_hostile_layer_is_text(page) -> None:
    """/?laag=<a Markdown link>: the notice names it as text, and no link is made."""
    page.get_by_text("uit de link bestaat niet").wait_for()
    shown = page.inner_text("[data-testid='stApp']").replace("\u2060", "")
    assert HOSTILE_LINK.lower() in shown  # ids are read in lower case
    assert page.locator("a[href*='evil.example']").count() == 0


def check_the_longest_layer_name_is_whole(page) -> None:
    """The "Andere indeling" box, set to the kind with the longest name, shows it and does not cut
    it (same font for all: the others fit too), on the desktop and at a phone's width."""
    longest = max(KINDS, key=lambda kind: len(kind.short_label))
    page.get_by_role("combobox", name="Andere indeling").click()
    page.get_by_role("option", name=longest.short_label, exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]laag={longest.id}\b"))
    wait_for_app(page)
    box = page.locator(".st-key-laag input")
    assert box.input_value() == longest.short_label
    assert not _layer_box_cut(page), longest.short_label
    at_phone_width(page)
    assert box.input_value() == longest.short_label
    assert not _layer_box_cut(page), longest.short_label
    at_desktop_width(page)


def check_a_hostile_theme_is_text(page, fetched: list[str]) -> None:
    """/doorbraken?thema=…,<an image, a colour, a formula>: the notice shows the unknown theme as
    text; no image is fetched, nothing is coloured or typeset."""
    page.get_by_text("Niet herkend in de link").wait_for()
    assert page.locator("img[src*='127.0.0.1:9']").count() == 0
    assert page.locator(".katex").count() == 0
    notice = page.locator("[data-testid='stAlert']")
    assert notice.locator("span[style*='color'], [class*='red']").count() == 0
    assert ":red[rood]" in notice.inner_text()
    assert fetched == []


def check_theme_chips_are_whole(page) -> None:
    """Every theme of the address has a chip, and none is cut, on the desktop and at a phone's
    width."""
    page.locator(CHIPS).first.wait_for()
    assert page.locator(CHIPS).count() == len(THEMES)
    assert _chips_cut(page) == []
    at_phone_width(page)
    assert _chips_cut(page) == []


def test_hostile_links_render_nothing_and_long_names_stay_whole(page, app_url) -> None:
    """The desktop tab, two page loads, each of a link with hostile text in its address.

    1. /?laag=<a Markdown link> (``check_a_hostile_layer_is_text``); on that map, the box of
       layers with the longest name (``check_the_longest_layer_name_is_whole``).
    2. /doorbraken?thema=<every theme>,<an image, a colour, a formula>
       (``check_a_hostile_theme_is_text``), with a whole chip for every theme
       (``check_theme_chips_are_whole``).
    """
    # a listener, not page.route: routing any request turns off the tab's cache and sends every
    # request through Python (about twice the CPU per page load); nothing answers on port 9
    fetched: list[str] = []

    def remember(request) -> None:
        if request.url.startswith("http://127.0.0.1:9/"):
            fetched.append(request.url)

    page.on("request", remember)
    try:
        open_at(page, f"{app_url}/?laag={quote(HOSTILE_LINK, safe='')}")
        check_a_hostile_layer_is_text(page)
        check_the_longest_layer_name_is_whole(page)

        themes = [*THEMES, HOSTILE_THEME]
        open_at(page, f"{app_url}/doorbraken?thema={quote(','.join(themes), safe='')}")
        check_a_hostile_theme_is_text(page, fetched)
        check_theme_chips_are_whole(page)
    finally:
        page.remove_listener("request", remember)
