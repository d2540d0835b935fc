"""AppTest runs: what a visitor sees when the data, the browser or the code misbehaves.

Issue 12, case 5: the data check's message instead of a traceback, never a path on the server,
forged map values ignored, and a Dutch notice with a code (details in the server log) for a
failure nobody foresaw.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
import streamlit_folium

from lib.app import notices
from lib.data import paths, validate
from lib.pinned.errors import DEADLINE_ENV
from tests.support.apptest import (
    DOORBRAKEN,
    GEGEVENS,
    KAART,
    FakeStFolium,
    assert_clean,
    header_values,
    open_page,
    plain,
    texts,
    use_data,
)
from tests.test_app_kaart import GENT, feature

SERVER_PATH = re.compile(r"/(?:tmp|home|work|srv|usr)/")


def assert_no_server_path(at, *paths: Path) -> None:
    shown = texts(at)
    for path in paths:
        assert str(path) not in shown
    assert not SERVER_PATH.search(shown), SERVER_PATH.search(shown)


# --- broken data: the validator's own lines -----------------------------------------------------


def deep_yaml(folder: Path) -> None:
    (folder / "insights.yaml").write_text("insights: " + "[" * 5000 + "]" * 5000 + "\n")


def dangling_link(folder: Path) -> None:
    (folder / "regions.csv").unlink()
    (folder / "regions.csv").symlink_to(folder / "gone.csv")


def control_character(folder: Path) -> None:
    path = folder / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Antwerpen\n", 'name: "Antw\\0erpen"\n', 1), "utf-8")


@pytest.mark.parametrize(
    ("breakage", "page"),
    [(deep_yaml, KAART), (dangling_link, KAART), (control_character, DOORBRAKEN)],
)
def test_broken_data_shows_the_validators_lines(
    data_copy: Path, offline_boundaries, monkeypatch, capsys, breakage, page: str
) -> None:
    breakage(data_copy)
    assert validate.main([str(data_copy)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed

    use_data(monkeypatch, data_copy, offline_boundaries)
    at = open_page(page)
    assert_clean(at)
    shown = plain(at.error[0].value)
    for line in printed:  # the same message as `python -m lib.validate`
        assert line in shown
    assert "\x00" not in shown
    assert_no_server_path(at, data_copy)


# --- forged values from the browser -------------------------------------------------------------


@pytest.fixture
def fake_map(monkeypatch) -> FakeStFolium:
    fake = FakeStFolium()
    monkeypatch.setattr(streamlit_folium, "st_folium", fake)
    return fake


FORGED = [
    "boom",
    [1, 2, 3],
    {"last_active_drawing": "boom"},
    {"last_active_drawing": [{"properties": {"nis_code": GENT}}]},
    {"last_active_drawing": {"properties": "boom"}},
    {"last_active_drawing": {"properties": {"nis_code": ["44021"]}}},
    {"last_active_drawing": {"properties": {"nis_code": 10**40}}},
    {"last_active_drawing": {"properties": {"nis_code": 44021.0, "region_id": None}}},
    {"last_active_drawing": {"properties": {"nis_code": "99999", "region_id": "gent"}}},
    {"last_active_drawing": {"properties": {"nis_code": "../../etc", "region_id": "gent"}}},
    {"last_active_drawing": {"properties": {"nis_code": GENT, "region_id": "<script>"}}},
    {"last_active_drawing": {"properties": {"nis_code": GENT, "region_id": "westhoek"}}},
]


def forge(fake: FakeStFolium, at, value) -> None:
    """Send ``value`` as the component's value, as a devtools user can."""
    import json

    at.text_input(key=fake.widget_key("kaart")).input(json.dumps(value))
    at.run()


def test_forged_map_values_are_ignored_and_the_session_goes_on(
    built_data_dir: Path, pic_dir: Path, monkeypatch, fake_map: FakeStFolium
) -> None:
    use_data(monkeypatch, built_data_dir, pic_dir)
    at = open_page()
    for value in FORGED:
        forge(fake_map, at, value)
        assert_clean(at)
        if header_values(at):  # the only well-formed code: Gent, whatever region it claims
            assert header_values(at) == ["Referentieregio Gent"]
    assert header_values(at) == ["Referentieregio Gent"]
    # and an honest click still works
    fake_map.click(at, feature(built_data_dir, "32003"), lat=51.03, lng=2.86)  # Diksmuide
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Westhoek"]


# --- a failure nobody foresaw -------------------------------------------------------------------


@pytest.mark.parametrize("page", [KAART, GEGEVENS])
def test_an_unexpected_error_shows_a_dutch_notice_with_a_code(
    built_data_dir: Path, pic_dir: Path, monkeypatch, capsys, page: str
) -> None:
    use_data(monkeypatch, built_data_dir, pic_dir)

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/regiokaart/secret.py exploded")

    # every page gets its data through this; it fails after the validation passed
    monkeypatch.setattr(notices, "dataset_or_stop", broken)
    at = open_page(page)
    assert not at.exception  # no traceback element
    shown = plain(at.error[0].value)
    assert shown.startswith("**Deze pagina kon niet worden getoond**")
    code = re.search(r"foutcode \*\*([0-9a-f]{6})\*\*", shown).group(1)
    assert_no_server_path(at)
    assert "RuntimeError" not in texts(at)
    log = capsys.readouterr().err
    assert f"page failed (code {code})" in log  # whoever runs the app finds the details
    assert "secret.py exploded" in log


# --- a download that never ends (issue 12, case 3) ----------------------------------------------


def test_a_first_start_against_a_dripping_server_ends_in_a_dutch_notice(
    data_copy: Path, monkeypatch, capsys
) -> None:
    from tests.test_download_deadline import misbehaving_server

    with misbehaving_server() as (url, _):
        use_data(monkeypatch, data_copy, url + "/drip")
        monkeypatch.setenv(DEADLINE_ENV, "0.8")
        at = open_page(regio="gent")
    assert_clean(at)
    warning = plain(at.warning[0].value)
    assert warning.startswith("**De kaart is even niet beschikbaar**")
    assert "Het ophalen van de gemeentegrenzen duurde langer dan de toegestane 0,8 seconden." in (
        warning
    )
    assert url not in texts(at)
    assert header_values(at) == ["Referentieregio Gent"]  # the rest of the page works
    logged = [line for line in capsys.readouterr().err.splitlines() if "regiokaart" in line]
    assert len(logged) == 1 and "boundaries 2025 unavailable" in logged[0]
    assert "did not finish within 0.8 s" in logged[0]


# --- a read-only deployment (issue 21) ----------------------------------------------------------


def _read_only(monkeypatch, folder: Path) -> None:
    """Every write under ``folder`` fails as on a read-only mount (as root, no permission bit
    would stop it); the rest of the file system stays writable."""
    from lib.pinned import atomic

    write = atomic.write_files

    def refuse(files):
        if any(folder in Path(target).parents for target in files):
            raise OSError(errno.EROFS, "Read-only file system", str(folder))
        write(files)

    monkeypatch.setattr(atomic, "write_files", refuse)


def test_a_read_only_app_folder_serves_what_the_build_published(
    built_data_dir: Path, pic_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Without the build's files, the notice names the cause ('map niet beschrijfbaar') and the
    log says in one line what to run; with them, the map is served from the read-only folder."""
    from lib.boundaries import build
    from lib.map import artifact, static_files

    use_data(monkeypatch, built_data_dir, pic_dir)
    published, empty = tmp_path / "published", tmp_path / "empty"
    # the deployment step: the build publishes while the folder is writable
    monkeypatch.setenv(static_files.STATIC_DIR_ENV, str(published))
    for vintage in (2025, 2019):
        layers = artifact.read(paths.map_artifact_path(vintage, built_data_dir))
        urls, problem = build.publish(layers)
        assert problem is None and len(urls) == 3
    _read_only(monkeypatch, tmp_path)

    monkeypatch.setenv(static_files.STATIC_DIR_ENV, str(empty))
    at = open_page(regio="gent")
    assert_clean(at)
    warning = plain(at.warning[0].value)
    assert warning.startswith("**De kaart is even niet beschikbaar**: Map niet beschrijfbaar")
    for wrong in ("Leaflet", "opgehaald", "opgebouwd."):
        assert wrong not in warning
    assert header_values(at) == ["Referentieregio Gent"]  # the rest of the page works
    logged = [line for line in capsys.readouterr().err.splitlines() if "map unavailable" in line]
    assert len(logged) == 1 and "python -m lib.boundaries build --vintage all" in logged[0]

    monkeypatch.setenv(static_files.STATIC_DIR_ENV, str(published))
    at = open_page(regio="gent")
    assert_clean(at)
    assert not at.warning
    assert not [line for line in capsys.readouterr().err.splitlines() if "map unavailable" in line]
