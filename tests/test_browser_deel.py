"""/deel, /beheer and /doorbraken in Chromium, on one server with a SQLite store of its own and a
moderator's password hash in a secrets file of its own.

One journey in order (the tests share the server and the store): a form with one mistake and a
hostile title, fixed and sent; the moderator accepts it; it shows on /doorbraken with its
filters and its own address; the hostile title stays text on every page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lib.praktijk import moderation
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
def server(built_data_dir: Path, pic_dir: Path, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("deel")
    secrets = folder / "secrets.toml"
    password_hash = moderation.hash_password(PASSWORD, n=2**10, r=8, p=1)
    secrets.write_text(f'[praktijk]\nmoderator_password_hash = "{password_hash}"\n')
    database = folder / "praktijk.sqlite3"
    env = {
        "REGIOKAART_DATA_DIR": str(built_data_dir),
        "REGIOKAART_BOUNDARIES_URL": str(pic_dir),
        "REGIOKAART_PRAKTIJK_URL": f"sqlite:///{database}",
    }
    options = ("--secrets.files", str(secrets))
    with streamlit_process(env=env, log_path=folder / "log", options=options) as (url, _):
        yield url, database


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
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.get_by_role("option", name=option, exact=True).click()
    if "themes" in key:
        page.keyboard.press("Escape")  # a multiselect stays open after a choice


def assert_inert(page, dialogs: list[str]) -> None:
    assert page.evaluate(INERT) == {"xss": True, "img": 0, "js": 0}
    assert dialogs == []


def test_form_mistake_fix_and_send(page, server, dialogs, screenshot_dir) -> None:
    url, _ = server
    page.goto(f"{url}/deel")
    wait_for_app(page)
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


def test_accept_then_on_doorbraken(page, server, dialogs, screenshot_dir) -> None:
    url, database = server
    page.goto(f"{url}/beheer")
    wait_for_app(page)
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


def test_phone_screens(browser, server, screenshot_dir) -> None:
    url, _ = server
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    try:
        phone = context.new_page()
        for path, name, field in (
            ("/deel", "deel-390", "Titel"),
            ("/beheer", "beheer-390", "Wachtwoord"),
        ):
            phone.goto(url + path)
            wait_for_app(phone)
            expect(phone.get_by_label(field, exact=True)).to_be_visible()
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"]  # nothing wider than the phone
            save_screenshot(phone, screenshot_dir, name)
    finally:
        context.close()
