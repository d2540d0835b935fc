"""AppTest runs of /deel, /beheer and the submitted practices on /doorbraken.

Each test gets its own SQLite store in a temporary folder (``REGIOKAART_PRAKTIJK_URL``); the
rows are counted with plain SQL, not through the page's code.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lib.praktijk import moderation
from tests.support.apptest import DOORBRAKEN, assert_clean, open_page, plain, texts, use_data

DEEL = "pages/deel.py"
BEHEER = "pages/beheer.py"
PASSWORD = "geheim wachtwoord"
HASH = moderation.hash_password(PASSWORD, n=2**10, r=8, p=1)  # cheap for tests


@pytest.fixture
def store_file(built_data_dir: Path, pic_dir: Path, tmp_path: Path, monkeypatch) -> Path:
    use_data(monkeypatch, built_data_dir, pic_dir)
    path = tmp_path / "praktijk.sqlite3"
    monkeypatch.setenv("REGIOKAART_PRAKTIJK_URL", f"sqlite:///{path}")
    return path


def rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT id, status, practice FROM submissions").fetchall()


def fill(at, **changes) -> None:
    values = {
        "title": "Samen aankopen over de gemeentegrens",
        "region_id": "kempen",
        "year": 2022,
        "themes": ["bestuur"],
        "partners": "Gemeente A\nGemeente B",
        "summary": "Vier besturen kochten samen in.",
        "contact_name": "An Peeters",
        "contact_role": "coördinator",
        "contact_organisation": "Gemeente A",
        "submitter_name": "Jan Janssens",
        "submitter_organisation": "Gemeente B",
        "submitter_email": "jan@gemeente-b.be",
    }
    values.update(changes)
    for name, value in values.items():
        widget = _widget(at, f"deel_{name}")
        widget.set_value(value)
    _widget(at, "deel_consent").check()


def _widget(at, key: str):
    for kind in ("text_input", "text_area", "selectbox", "multiselect", "checkbox"):
        for widget in at.get(kind):
            if widget.key == key:
                return widget
    raise AssertionError(f"no widget {key}")


def send(at):
    at.button(key="FormSubmitter:deel-Versturen").click()
    return at.run()


def errors_after(at, key: str) -> str | None:
    """The st.error drawn right after the widget with ``key`` in the form, if any."""
    form = next(block for block in at.main.children.values() if block.type == "form")
    children = list(form.children.values())
    for index, child in enumerate(children):
        if getattr(child, "key", None) == key:
            after = children[index + 1] if index + 1 < len(children) else None
            return plain(after.value) if after is not None and after.type == "error" else None
    raise AssertionError(f"no widget {key} in the form")


def test_mistake_beside_field_then_fixed_stores_once(store_file: Path) -> None:
    at = open_page(DEEL)
    assert_clean(at)
    fill(at, submitter_email="jan-at-gemeente")
    at = send(at)
    assert_clean(at)
    assert "e-mailadres" in (errors_after(at, "deel_submitter_email") or "")
    assert errors_after(at, "deel_title") is None
    assert _widget(at, "deel_title").value == "Samen aankopen over de gemeentegrens"  # kept
    assert _widget(at, "deel_submitter_email").value == "jan-at-gemeente"
    assert not store_file.exists() or rows(store_file) == []

    _widget(at, "deel_submitter_email").set_value("jan@gemeente-b.be")
    at = send(at)
    assert_clean(at)
    assert "PR-00001" in plain(at.success[0].value)
    assert [r[:2] for r in rows(store_file)] == [(1, "new")]
    assert _widget(at, "deel_title").value == ""  # a new, empty form
    assert at.get("download_button")

    # the same content sent again (a resent form): the same reference, one row
    fill(at, submitter_email="jan@gemeente-b.be")
    at = send(at)
    assert "PR-00001" in plain(at.success[0].value)
    assert len(rows(store_file)) == 1


def test_store_down_keeps_input_and_retry_works(store_file: Path, tmp_path: Path, monkeypatch):
    blocker = tmp_path / "niet-schrijfbaar"
    blocker.write_text("een bestand waar een map moet staan")
    down = blocker / "praktijk.sqlite3"
    monkeypatch.setenv("REGIOKAART_PRAKTIJK_URL", f"sqlite:///{down}")
    at = open_page(DEEL)
    fill(at)
    at = send(at)
    assert_clean(at)
    assert "niet bewaard" in texts(at) and "databank" in texts(at)
    assert _widget(at, "deel_summary").value == "Vier besturen kochten samen in."
    assert _widget(at, "deel_consent").value is True

    blocker.unlink()  # the database comes back
    at = send(at)
    assert_clean(at)
    assert "PR-00001" in plain(at.success[0].value)
    assert len(rows(down)) == 1


def test_honeypot_stores_nothing(store_file: Path) -> None:
    at = open_page(DEEL)
    fill(at)
    _widget(at, "deel_website").set_value("http://spam.example")
    at = send(at)
    assert "ontvangen" in plain(at.success[0].value)
    assert not store_file.exists() or rows(store_file) == []


def test_beheer_off_without_hash(store_file: Path) -> None:
    at = open_page(BEHEER)
    assert_clean(at)
    assert "staat uit" in texts(at)
    assert not at.text_input


def log_in(at, password: str):
    at.text_input[0].set_value("Mod Erator")
    at.text_input[1].set_value(password)
    at.button[0].click()
    return at.run()


def open_beheer():
    from streamlit.testing.v1 import AppTest

    from tests.support.apptest import APP, TIMEOUT

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["praktijk"] = {"moderator_password_hash": HASH}
    at.switch_page(BEHEER)
    return at.run()


def test_beheer_wrong_password(store_file: Path) -> None:
    at = log_in(open_beheer(), "fout")
    assert_clean(at)
    assert "klopt niet" in texts(at)
    assert at.text_input  # still the login form
    with sqlite3.connect(store_file) as connection:
        assert connection.execute("SELECT count(*) FROM login_failures").fetchone() == (1,)


def test_accept_shows_on_doorbraken_with_filters(store_file: Path) -> None:
    at = open_page(DEEL)
    fill(at, title="<img src=x onerror=alert(1)> {{7*7}}")
    at = send(at)
    assert "PR-00001" in plain(at.success[0].value)

    at = log_in(open_beheer(), PASSWORD)
    assert_clean(at)
    assert "Aangemeld als" in texts(at)
    at.button(key="accept_1").click()
    at = at.run()
    assert_clean(at)
    assert "aanvaard" in texts(at)
    assert rows(store_file)[0][1] == "accepted"
    at.segmented_control(key="status").set_value("all")
    at = at.run()
    history = at.dataframe[-1].value
    assert list(history["Wat"]) == ["ingezonden", "aanvaard"]
    assert list(history["Wie"]) == ["inzender", "Mod Erator"]

    title = "<img src=x onerror=alert(1)> {{7*7}}"
    at = open_page(DOORBRAKEN, regio="kempen", jaar="2022")
    assert_clean(at)
    assert title in {plain(s.value) for s in at.subheader}
    assert "Ingezonden praktijk" in texts(at)
    at = open_page(DOORBRAKEN, regio="gent")
    assert title not in {plain(s.value) for s in at.subheader}
    at = open_page(DOORBRAKEN, id="praktijk-1")
    assert [plain(s.value) for s in at.subheader] == [title]
