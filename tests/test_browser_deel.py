"""/deel, /beheer and /doorbraken in Chromium, on one server with a store of its own and a
moderator's password hash in a secrets file of its own.

The store is a throw-away PostgreSQL server when Debian's ``postgresql`` is installed (always in
CI), else a SQLite file: one server for the module either way. One journey in order (the tests
share the server and the store): a form with one mistake and a hostile title, fixed and sent;
the moderator accepts it; it shows on /doorbraken with its filters and its own address; the
hostile title stays text on every page; PostgreSQL stopped while a filled-in form is sent, then
started again, and the same form sent once more. /deel and /beheer also fit a phone's screen,
checked in the same visits at the phone's size (no page loads of their own).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lib.praktijk import moderation, store
from tests.conftest import DESKTOP
from tests.support import postgres as pg
from tests.support.chromium import wait_for_app
from tests.support.screenshots import save_screenshot
from tests.support.streamlit_server import streamlit_process

pytestmark = pytest.mark.browser

PASSWORD = "een wachtwoord voor de test"
HOSTILE_TITLE = "<img src=x onerror=alert(1)> {{7*7}} [klik](javascript:alert(2))"
PHONE = {"width": 390, "height": 844}
INERT = """() => ({
    xss: window.__deelXss === undefined,
    img: document.querySelectorAll('img[src="x"]').length,
    js: document.querySelectorAll('a[href^="javascript"]').length,
})"""


@pytest.fixture(scope="module")
def postgres() -> Iterator[pg.PostgresServer | None]:
    """The module's PostgreSQL server, or None without the package (the journey then runs on
    SQLite and the test that stops the database skips, or fails with CI=true)."""
    bin_dir = pg.find_bin_dir()
    if bin_dir is None:
        yield None
        return
    with pg.postgres_server(bin_dir) as running:
        yield running


@pytest.fixture(scope="module")
def deel_url(
    built_data_dir: Path, pic_dir: Path, tmp_path_factory, postgres: pg.PostgresServer | None
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("deel")
    secrets = folder / "secrets.toml"
    password_hash = moderation.hash_password(PASSWORD, n=2**10, r=8, p=1)
    secrets.write_text(f'[praktijk]\nmoderator_password_hash = "{password_hash}"\n')
    env = {
        "REGIOKAART_DATA_DIR": str(built_data_dir),
        "REGIOKAART_BOUNDARIES_URL": str(pic_dir),
        "REGIOKAART_PRAKTIJK_URL": (
            postgres.url if postgres else store.sqlite_url(folder / "praktijk.sqlite3")
        ),
    }
    options = ("--secrets.files", str(secrets))
    server = streamlit_process(env=env, log_path=folder / "log", options=options, graceful=False)
    with server as (url, _):
        yield url


@pytest.fixture
def dialogs(page) -> Iterator[list[str]]:
    seen: list[str] = []

    def remember(dialog) -> None:
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", remember)
    yield seen
    page.remove_listener("dialog", remember)


def choose(page, key: str, option: str) -> None:
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    box.fill(option)  # the list shows only some options: narrow it down
    page.get_by_role("option", name=option, exact=True).click()
    if "themes" in key:
        page.keyboard.press("Escape")  # a multiselect stays open after a choice


def assert_inert(page, dialogs: list[str]) -> None:
    assert page.evaluate(INERT) == {"xss": True, "img": 0, "js": 0}
    assert dialogs == []


def test_form_mistake_fix_and_send(page, deel_url, dialogs, screenshot_dir) -> None:
    url = deel_url
    page.goto(f"{url}/deel")
    wait_for_app(page)
    check_the_page_fits_a_phone(page, "Titel", screenshot_dir, "deel-390")
    page.get_by_label("Titel", exact=True).fill(HOSTILE_TITLE)
    choose(page, "deel_region_id", "Kempen")
    choose(page, "deel_year", "2022")
    choose(page, "deel_themes", "Mobiliteit")
    page.get_by_label("Partners", exact=True).fill("Gemeente A\nGemeente B")
    page.get_by_label("Wat werd er gedaan", exact=True).fill("Samen een busplan gemaakt.")
    page.get_by_label("Contactpersoon", exact=True).fill("An Peeters")
    page.get_by_label("Functie van de contactpersoon (optioneel)").fill("coördinator")
    page.get_by_label("Organisatie van de contactpersoon (optioneel)").fill("Gemeente A")
    page.get_by_label("Uw naam", exact=True).fill("Jan Janssens")
    page.get_by_label("Uw organisatie", exact=True).fill("Gemeente B")
    page.get_by_label("Uw e-mailadres", exact=True).fill("jan-zonder-apenstaart")
    page.locator(".st-key-deel_consent label").click()
    page.get_by_role("button", name="Versturen").click()

    message = page.get_by_text("Is geen geldig e-mailadres")
    expect(message).to_be_visible()
    expect(page.locator("[data-testid=stForm] [data-testid=stAlert]")).to_have_count(1)
    field = page.locator(".st-key-deel_submitter_email").bounding_box()
    below = message.bounding_box()
    assert 0 <= below["y"] - (field["y"] + field["height"]) < 60  # right under its field
    expect(page.get_by_label("Titel", exact=True)).to_have_value(HOSTILE_TITLE)  # kept
    trap = page.locator(".st-key-deel-honeypot input").bounding_box()
    assert trap is None or trap["x"] + trap["width"] <= 0  # the honeypot is out of sight
    assert_inert(page, dialogs)
    message.scroll_into_view_if_needed()
    save_screenshot(page, screenshot_dir, "deel-melding-1400")

    page.get_by_label("Uw e-mailadres", exact=True).fill("jan@gemeente-b.be")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text(re.compile(r"referentie PR-00001"))).to_be_visible()
    expect(page.get_by_role("button", name="Download een kopie")).to_be_visible()
    page.get_by_text(re.compile(r"referentie PR-00001")).scroll_into_view_if_needed()
    save_screenshot(page, screenshot_dir, "deel-bewaard-1400")
    assert_inert(page, dialogs)


def test_accept_then_on_doorbraken(page, deel_url, dialogs, screenshot_dir) -> None:
    url = deel_url
    page.goto(f"{url}/beheer")
    wait_for_app(page)
    check_the_page_fits_a_phone(page, "Wachtwoord", screenshot_dir, "beheer-390")
    page.get_by_label("Uw naam", exact=True).fill("Mod Erator")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Aangemeld als")).to_be_visible()
    expect(page.get_by_role("heading", name=HOSTILE_TITLE)).to_be_visible()
    expect(page.get_by_role("button", name="Aanvaarden")).to_be_visible()
    wait_for_app(page)
    assert_inert(page, dialogs)
    save_screenshot(page, screenshot_dir, "beheer-1400")
    page.get_by_role("button", name="Aanvaarden").click()
    expect(page.get_by_text("is aanvaard")).to_be_visible()

    page.goto(f"{url}/doorbraken?regio=kempen&thema=mobiliteit")
    wait_for_app(page)
    heading = page.get_by_role("heading", name=HOSTILE_TITLE)
    expect(heading).to_be_visible()
    expect(page.get_by_text("Ingezonden praktijk", exact=True)).to_be_visible()
    assert_inert(page, dialogs)
    heading.scroll_into_view_if_needed()
    save_screenshot(page, screenshot_dir, "doorbraken-ingezonden-1400")

    page.goto(f"{url}/doorbraken?regio=gent")
    wait_for_app(page)
    expect(page.get_by_text("Geen ingezonden praktijk past bij deze filters.")).to_be_visible()
    expect(page.get_by_role("heading", name=HOSTILE_TITLE)).to_have_count(0)

    page.goto(f"{url}/doorbraken?id=praktijk-1")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=HOSTILE_TITLE)).to_be_visible()
    assert_inert(page, dialogs)


FULL_FORM = {  # every text field of the form, by its label, with what is typed into it
    "Titel": "Vrachtwagens samen parkeren langs de A12",
    "Deelregio (optioneel)": "Klein-Brabant",
    "Partners": "Gemeente Puurs-Sint-Amands\nGemeente Bornem\nDe Werkvennootschap",
    "Wat werd er gedaan": "De gemeenten zochten samen plaatsen voor vrachtwagens.\nEén plan.",
    "Resultaten (optioneel)": "Twee nieuwe parkings\nEen gedeelde handhaving",
    "Lessen (optioneel)": "Betrek de bedrijven vanaf het begin.",
    "Contactpersoon": "Els Claes",
    "Functie van de contactpersoon (optioneel)": "projectleider mobiliteit",
    "Organisatie van de contactpersoon (optioneel)": "Gemeente Bornem",
    "Links (optioneel)": "https://voorbeeld.be/vrachtwagens",
    "Uw naam": "Piet Peeters",
    "Uw organisatie": "Gemeente Bornem",
    "Uw e-mailadres": "piet@bornem.voorbeeld.be",
}
FULL_CHOICE = {"deel_region_id": "Rivierenland", "deel_year": "2024"}  # widget key → option
FULL_THEMES = ("Mobiliteit", "Economie en werk")


def assert_form_as_typed(page) -> None:
    for label, value in FULL_FORM.items():
        expect(page.get_by_label(label, exact=True)).to_have_value(value)
    for key, option in FULL_CHOICE.items():
        expect(page.locator(f".st-key-{key}").get_by_role("combobox")).to_have_value(option)
    expect(page.locator(".st-key-deel_themes [data-tag]")).to_have_text(list(FULL_THEMES))
    expect(page.locator(".st-key-deel_consent input[type=checkbox]")).to_be_checked()


def rows_titled(url: str, title: str) -> list[int]:
    """The numbers of the stored submissions with ``title``."""
    engine = store.make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(store.submissions.c.id, store.submissions.c.practice)
            ).all()
    finally:
        engine.dispose()
    return [number for number, practice in rows if json.loads(practice)["title"] == title]


def test_database_stopped_mid_way_keeps_the_form(
    page, deel_url, postgres, dialogs, screenshot_dir
) -> None:
    if postgres is None:
        pg.missing()
    page.goto(f"{deel_url}/deel")
    wait_for_app(page)
    for label, value in FULL_FORM.items():
        page.get_by_label(label, exact=True).fill(value)
    for key, option in FULL_CHOICE.items():
        choose(page, key, option)
    for theme in FULL_THEMES:
        choose(page, "deel_themes", theme)
    page.locator(".st-key-deel_consent label").click()
    assert_form_as_typed(page)

    postgres.stop()
    try:
        page.get_by_role("button", name="Versturen").click()
        problem = page.get_by_text("de databank is niet bereikbaar")
        expect(problem).to_be_visible()
        wait_for_app(page)
        expect(page.get_by_text("Wat u invulde staat nog in het formulier")).to_be_visible()
        expect(page.get_by_text(re.compile(r"referentie PR-"))).to_have_count(0)
        assert_form_as_typed(page)
        problem.scroll_into_view_if_needed()
        save_screenshot(page, screenshot_dir, "deel-databank-weg-1400")
    finally:
        postgres.start()

    page.get_by_role("button", name="Versturen").click()
    saved = page.get_by_text(re.compile(r"referentie PR-(\d{5})"))
    expect(saved).to_be_visible()
    expect(problem).to_have_count(0)
    number = int(re.search(r"PR-(\d{5})", saved.inner_text()).group(1))
    assert rows_titled(postgres.url, FULL_FORM["Titel"]) == [number]  # stored once, this one
    assert dialogs == []


def check_the_page_fits_a_phone(page, field: str, screenshot_dir, name: str) -> None:
    """The page as it is, at 390x844: ``field`` shows and nothing is wider than the phone; then
    the desktop size again. A new size in the same visit instead of a page load of its own."""
    page.set_viewport_size(PHONE)
    expect(page.get_by_label(field, exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the phone
    save_screenshot(page, screenshot_dir, name)
    page.set_viewport_size(DESKTOP)
