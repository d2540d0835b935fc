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


def accepted_store(path: Path, count: int, year: str = "2022") -> None:
    """``count`` accepted practices in Kempen from ``year``, stored and accepted through the
    library."""
    from lib.praktijk import model, store
    from tests.support.praktijk import REGIONS, valid_form

    engine = store.make_engine(store.sqlite_url(path))
    for number in range(1, count + 1):
        form = valid_form(region_id="kempen", title=f"Praktijk nummer {number}", year=year)
        checked = model.check_form(form, {**REGIONS, "kempen": "Kempen"})
        assert checked.submission is not None
        stored = store.submit(engine, checked.submission, store.new_form_key())
        moderation.accept(engine, stored.number, "Test")
    engine.dispose()


def test_the_year_filter_offers_the_years_of_the_projects_and_the_practices(
    store_file: Path,
) -> None:
    accepted_store(store_file, 1, year="2024")  # the twelve are from 2021 and 2022
    at = open_page(DOORBRAKEN, jaar="2024")
    assert_clean(at)
    assert at.multiselect(key="filter_jaar").options == ["2021", "2022", "2024"]
    assert at.multiselect(key="filter_jaar").value == ["2024"]
    assert "0 van 12 doorbraken" in texts(at)
    assert [plain(s.value) for s in at.subheader] == ["Praktijk nummer 1"]
    assert "jaar 2024" in texts(at)


def test_ten_at_a_time_and_the_region_section(store_file: Path) -> None:
    accepted_store(store_file, 12)
    at = open_page(DOORBRAKEN)
    assert_clean(at)
    shown = [plain(s.value) for s in at.subheader if "Praktijk nummer" in s.value]
    assert shown == [f"Praktijk nummer {n}" for n in range(12, 2, -1)]  # newest first, ten
    at.button[0].click()  # "Toon er 10 meer"
    at = at.run()
    assert len([s for s in at.subheader if "Praktijk nummer" in s.value]) == 12

    from streamlit.testing.v1 import AppTest

    def panel() -> None:
        import streamlit as st

        from lib.app.practices import region_practices_section

        def doorbraken() -> None:
            pass

        target = st.Page(doorbraken, url_path="doorbraken")
        st.navigation([target], position="hidden")
        region_practices_section("kempen", target)
        region_practices_section("gent", target)  # none there: says nothing

    section = AppTest.from_function(panel).run()
    assert not section.exception
    assert [plain(c.value) for c in section.caption] == ["12 aanvaarde praktijken in deze regio"]
    links = section.get("page_link")
    assert len(links) == 12
    assert links[0].proto.query_string == "id=praktijk-1"


@pytest.fixture
def postgres_store(built_data_dir: Path, pic_dir: Path, monkeypatch):
    import secrets

    from sqlalchemy import text

    from lib.praktijk import store
    from tests.support.postgres import find_bin_dir, missing, postgres_server

    bin_dir = find_bin_dir()
    if bin_dir is None:
        missing()
    use_data(monkeypatch, built_data_dir, pic_dir)
    with postgres_server(bin_dir) as server:
        schema = "t_" + secrets.token_hex(6)
        admin = store.make_engine(server.url)
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
        url = f"{server.url}?options=-csearch_path%3D{schema}"
        monkeypatch.setenv("REGIOKAART_PRAKTIJK_URL", url)
        yield server, url


def test_postgres_stopped_mid_way_keeps_the_form(postgres_store) -> None:
    from lib.praktijk import store

    server, url = postgres_store
    at = open_page(DEEL)
    fill(at)
    at = send(at)
    assert "PR-00001" in plain(at.success[0].value)

    fill(at, title="Een tweede praktijk")
    server.stop()
    try:
        at = send(at)
        assert_clean(at)
        assert "niet bereikbaar" in texts(at)
        assert _widget(at, "deel_title").value == "Een tweede praktijk"
    finally:
        server.start()
    at = send(at)  # retry after the restart
    assert_clean(at)
    assert "PR-00002" in plain(at.success[0].value)
    engine = store.make_engine(url)
    with engine.connect() as connection:
        count = connection.exec_driver_sql("SELECT count(*) FROM submissions").scalar()
    engine.dispose()
    assert count == 2


def test_edit_reject_delete_with_history(store_file: Path) -> None:
    accepted_store(store_file, 0)  # an empty store with its schema
    at = open_page(DEEL)
    fill(at)
    at = send(at)
    at = log_in(open_beheer(), PASSWORD)

    _widget(at, "edit_1_title").set_value("Een titel\u200b met een onzichtbaar teken")
    at.button(key="FormSubmitter:edit_1-Wijzigingen bewaren").click()
    at = at.run()
    assert_clean(at)
    assert any("onzichtbaar teken" in plain(e.value) for e in at.error)
    assert "Samen aankopen" in rows(store_file)[0][2]  # nothing stored
    _widget(at, "edit_1_title").set_value("Samen aankopen, bijgewerkt")
    at.button(key="FormSubmitter:edit_1-Wijzigingen bewaren").click()
    at = at.run()
    assert "bijgewerkt" in texts(at)
    assert "Samen aankopen, bijgewerkt" in rows(store_file)[0][2]

    at.button(key="FormSubmitter:reject_1-Afwijzen").click()
    at = at.run()
    assert "Geef een reden" in texts(at)
    _widget(at, "reason_1").set_value("Hoort niet bij een referentieregio.")
    at.button(key="FormSubmitter:reject_1-Afwijzen").click()
    at = at.run()
    assert rows(store_file)[0][1] == "rejected"
    at.segmented_control(key="status").set_value("all")
    at = at.run()
    assert list(at.dataframe[-1].value["Wat"]) == ["ingezonden", "bewerkt", "afgewezen"]

    _widget(at, "sure_1").check()
    at.button(key="FormSubmitter:delete_1-Verwijderen").click()
    at = at.run()
    assert_clean(at)
    assert rows(store_file) == []
    with sqlite3.connect(store_file) as connection:
        actions = connection.execute("SELECT action, actor FROM audit ORDER BY id").fetchall()
    assert actions[-1] == ("verwijderd", "Mod Erator")


def test_the_copy_to_download_is_plain_dutch_text() -> None:
    from datetime import UTC, datetime

    from lib.app.practices import submission_copy
    from lib.praktijk import model
    from tests.support.praktijk import REGIONS, valid_form

    form = valid_form(title="<b>Samen</b> {{7*7}}", links="https://voorbeeld.be/a")
    submission = model.check_form(form, REGIONS).submission
    assert submission is not None
    moment = datetime(2026, 3, 1, 11, 30, tzinfo=UTC)  # 12:30 in Brussels
    copy = submission_copy(submission, "PR-00042", REGIONS, moment)
    lines = copy.splitlines()
    assert lines[1:3] == ["Referentie: PR-00042", "Ingezonden op: 01-03-2026 12:30"]
    assert "Titel: <b>Samen</b> {{7*7}}" in lines  # as typed: a text file, never markup
    assert "Referentieregio: Gent" in lines
    assert "Thema's: Bestuur en samenwerking, Personeel en organisatie" in lines
    assert lines[lines.index("Links:") + 1] == "- https://voorbeeld.be/a"
    assert "Ingezonden door (niet openbaar): Jan Janssens, Gemeente B, jan@gemeente-b.be" in lines


def test_the_session_limit(store_file: Path) -> None:
    from lib.praktijk import model

    at = open_page(DEEL)
    at.session_state["deel_limit"] = model.SessionLimit(limit=1)
    fill(at)
    at = send(at)
    assert "PR-00001" in plain(at.success[0].value)
    fill(at, title="Nog een praktijk")
    at = send(at)
    assert "veel praktijken ingezonden" in texts(at)
    assert _widget(at, "deel_title").value == "Nog een praktijk"  # kept
    assert len(rows(store_file)) == 1
