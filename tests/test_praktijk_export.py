"""The export of accepted practices passes the data validator; the CLI lines of the README."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from lib.data.validate import main as validate
from lib.praktijk import config, export, model, moderation, store
from lib.praktijk.__main__ import main as cli
from tests.conftest import copy_data
from tests.support.cli import run_module
from tests.support.praktijk import REGIONS, valid_form

HOSTILE = "<img src=x onerror=alert(1)> {{7*7}}: - [x] # niet"


@pytest.fixture
def filled(tmp_path: Path) -> tuple[str, list[int]]:
    """A SQLite store with three submissions: two accepted (one hostile, one from 2024, a year
    after Labo Regiovorming's two calls), one rejected."""
    url = store.sqlite_url(tmp_path / "store" / "praktijk.sqlite3")
    engine = store.make_engine(url)
    numbers = []
    for changes in (
        {"title": HOSTILE, "subregion": "Neteland", "region_id": "kempen"},
        {"title": "Afgewezen praktijk"},
        {
            "summary": "Regel een: 'quotes' en \"meer\".\n\nNa een lege regel.\n  - geen lijst",
            "year": "2024",
        },
    ):
        checked = model.check_form(valid_form(**changes), REGIONS)
        assert checked.submission is not None, checked.errors
        numbers.append(store.submit(engine, checked.submission, store.new_form_key()).number)
    moderation.accept(engine, numbers[0], "Mia")
    moderation.reject(engine, numbers[1], "Mia", "Dubbel.")
    moderation.accept(engine, numbers[2], "Mia")
    engine.dispose()
    return url, [numbers[0], numbers[2]]


def _validate(folder: Path, capsys) -> str:
    code = validate([str(folder)])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_the_export_replaces_or_merges_and_passes_the_validator(
    filled, tmp_path: Path, capsys
) -> None:
    url, accepted = filled
    target = tmp_path / "export.yaml"
    ran = run_module("lib.praktijk", "--url", url, "export", "-o", str(target))
    assert ran.returncode == 0, ran.stderr
    assert "2 aanvaarde praktijk(en)" in ran.stdout

    items = yaml.safe_load(target.read_text(encoding="utf-8"))["breakthroughs"]
    assert [item["id"] for item in items] == [f"praktijk-{number}" for number in accepted]
    assert items[0]["title"] == HOSTILE and items[0]["subregion"] == "Neteland"
    assert items[1]["summary"].startswith("Regel een: 'quotes'")
    assert [item["year"] for item in items] == [2022, 2024]
    assert "jan@gemeente-b.be" not in target.read_text(encoding="utf-8")  # no personal data

    # replacing data/breakthroughs.yaml
    replaced = copy_data(tmp_path / "vervangen")
    target.replace(replaced / "breakthroughs.yaml")
    assert "2 breakthroughs" in _validate(replaced, capsys)

    # merging: the curated twelve (comments kept) followed by the accepted ones
    merged = copy_data(tmp_path / "samengevoegd")
    curated = merged / "breakthroughs.yaml"
    engine = store.make_engine(url)
    text = export.export_yaml(export.accepted_practices(engine), curated.read_text("utf-8"))
    assert text.startswith(curated.read_text("utf-8").rstrip("\n"))
    curated.write_text(text, encoding="utf-8")
    assert "14 breakthroughs" in _validate(merged, capsys)
    # merging again adds nothing twice
    assert export.export_yaml(export.accepted_practices(engine), text) == text
    engine.dispose()


def test_an_empty_export_is_a_valid_file(tmp_path: Path, capsys) -> None:
    engine = store.make_engine(store.sqlite_url(tmp_path / "leeg.sqlite3"))
    text = export.export_yaml(export.accepted_practices(engine))
    folder = copy_data(tmp_path / "data")
    (folder / "breakthroughs.yaml").write_text(text, encoding="utf-8")
    assert "0 breakthroughs" in _validate(folder, capsys)


def test_upgrade_hash_password_and_purge_from_the_command_line(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    url = store.sqlite_url(tmp_path / "cli" / "praktijk.sqlite3")
    assert cli(["--url", url, "upgrade"]) == 0
    assert f"van versie 0 naar {store.LATEST}" in capsys.readouterr().out
    assert cli(["--url", url, "upgrade"]) == 0
    assert f"al op versie {store.LATEST}" in capsys.readouterr().out
    assert cli(["--url", url, "purge", "--dry-run"]) == 0
    assert "0 inzending(en)" in capsys.readouterr().out

    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert cli(["hash-password"]) == 1
    assert "minstens 12 tekens" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("een lang genoeg wachtwoord\n"))
    assert cli(["hash-password"]) == 0
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(capsys.readouterr().out, encoding="utf-8")
    stored = config.moderator_hash(config.read_secrets(secrets))
    assert stored is not None
    assert moderation.verify_password("een lang genoeg wachtwoord", stored)
    assert not moderation.verify_password("een ander wachtwoord", stored)


def test_the_secrets_example_configures_postgresql_and_a_hash_that_opens_nothing(
    monkeypatch,
) -> None:
    monkeypatch.delenv(config.URL_ENV, raising=False)  # tests/conftest.py sets it for the pages
    example = config.read_secrets(config.SECRETS_PATH.with_name("secrets.example.toml"))
    section = config.connection_section(example)
    assert section is not None
    assert config.store_url(example).startswith("postgresql+psycopg://")
    assert store.connection_kwargs(section) == {"pool_pre_ping": True}
    placeholder = config.moderator_hash(example)
    assert placeholder is not None and not moderation.verify_password("", placeholder)


def test_without_secrets_the_store_is_the_sqlite_file_in_the_data_folder(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv(config.URL_ENV, raising=False)  # tests/conftest.py sets it for the pages
    kwargs = store.connection_kwargs(None, data_dir=tmp_path)
    assert kwargs["url"] == f"sqlite:///{tmp_path / 'praktijk.sqlite3'}"
    assert config.store_url({}, data_dir=tmp_path) == kwargs["url"]
    assert config.moderator_hash({}) is None


def test_gitignore_keeps_the_store_and_the_real_secrets_out() -> None:
    import subprocess

    from tests.support.streamlit_server import REPO_ROOT

    ignored = subprocess.run(
        [
            "git",
            "check-ignore",
            "data/praktijk.sqlite3",
            "data/praktijk.sqlite3-wal",
            ".streamlit/secrets.toml",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == [
        "data/praktijk.sqlite3",
        "data/praktijk.sqlite3-wal",
        ".streamlit/secrets.toml",
    ]


def test_streamlit_opens_the_store_with_these_kwargs(tmp_path: Path) -> None:
    """The contract with the pages: st.connection("praktijk", type="sql", **connection_kwargs)
    gives an engine the store takes (no secrets: the SQLite file, made on first use)."""
    from streamlit.testing.v1 import AppTest

    script = f"""
import pathlib
import streamlit as st
from lib.praktijk import store
kwargs = store.connection_kwargs(None, data_dir=pathlib.Path({str(tmp_path)!r}))
conn = st.connection("praktijk", type="sql", **kwargs)
store.prepare(conn.engine)
st.text(str(store.current_version(conn.engine)))
"""
    app = AppTest.from_string(script).run(timeout=30)
    assert not app.exception
    assert [element.value for element in app.text] == [str(store.LATEST)]
    assert (tmp_path / "praktijk.sqlite3").is_file()
