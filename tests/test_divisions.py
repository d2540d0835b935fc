"""The division tables (lib.divisions.tables) and the report (python -m lib.divisions report).

Reading and checking run on small .xlsx files written here; the acceptance tests run on the
byte-identical copies in ../shared/divisions/pic-3b1b6d8 and compare with a computation of their
own in pandas.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from lib.data import paths
from lib.divisions import report, tables
from lib.divisions.errors import DivisionError
from lib.divisions.sources import DIVISION_SOURCE, KINDS, Kind
from lib.pinned.errors import ChecksumError, DownloadError
from tests.conftest import copy_data

KIND = Kind("proef", "Proefzones", "Proefzone", "proef")


def write_xlsx(path: Path, rows: list[tuple]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_an_aggregation_table_keeps_flanders_as_text_codes(tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        [
            ("gemeente", "proef"),
            ("11001", "z1"),
            (11002, 7),  # numbers become text
            ("21004", "z9"),  # Brussels: left out
            (None, None),  # empty rows are skipped
            ("99991", "z91"),  # not located: left out
            ("44021", " z2 "),
        ],
    )
    assert tables.read_assignment(path, KIND) == (
        (2, "11001", "z1"),
        (3, "11002", "7"),
        (7, "44021", "z2"),
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("gemeente", "iets")], r"t\.xlsx: row 1 lacks the column\(s\) proef"),
        ([("gemeente", "proef"), ("1100A", "z")], r"row 2: gemeente: '1100A' is no five"),
        ([("gemeente", "proef"), ("11001", None)], r"row 2: proef: municipality 11001 has no"),
        (
            [("gemeente", "proef"), ("11001", "z"), ("11001", "y")],
            r"row 3: gemeente: municipality 11001 is listed twice \(also on row 2\)",
        ),
    ],
)
def test_bad_rows_are_named_by_file_row_and_field(tmp_path, rows, message) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    with pytest.raises(DivisionError, match=message):
        tables.read_assignment(path, KIND, "t.xlsx")


def test_a_file_that_is_no_xlsx_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(DivisionError, match=r"t\.xlsx: cannot be read as an \.xlsx file"):
        tables.read_assignment(path, KIND, "t.xlsx")


def test_definitions_give_names_by_code(tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "d.xlsx",
        [
            ("sequence nr", "geoitem code", "short name", "name"),
            (1, 7, "K", "Kust"),
            (2, "z1", "", "Zee"),
        ],
    )
    assert tables.read_definitions(path, "d.xlsx") == {"7": "Kust", "z1": "Zee"}
    write_xlsx(tmp_path / "e.xlsx", [("geoitem code", "name"), ("z1", None)])
    with pytest.raises(DivisionError, match=r"e\.xlsx: row 2: name: empty"):
        tables.read_definitions(tmp_path / "e.xlsx", "e.xlsx")


MUNICIPALITIES = {"11001": "Aartselaar", "11002": "Antwerpen", "44021": "Gent"}


def raw_tables(rows: dict[str, tuple], names: dict[str, str]) -> dict[str, tables.RawTable]:
    return {kind.id: tables.RawTable(kind.id, rows[kind.id], names) for kind in KINDS}


def complete_rows() -> dict[str, tuple]:
    return {kind.id: ((2, "11001", "z1"), (3, "11002", "z1"), (4, "44021", "z2")) for kind in KINDS}


def test_check_gives_every_municipality_its_division() -> None:
    checked = tables.check(raw_tables(complete_rows(), {"z1": "Een", "z2": "Twee"}), MUNICIPALITIES)
    first = checked[KINDS[0].id]
    assert first.assignment == {"11001": "z1", "11002": "z1", "44021": "z2"}
    assert first.names == {"z1": "Een", "z2": "Twee"}


def test_a_municipality_missing_from_a_table_names_file_and_code() -> None:
    rows = complete_rows()
    kind = KINDS[1]
    rows[kind.id] = rows[kind.id][:2]  # Gent left out
    with pytest.raises(DivisionError) as caught:
        tables.check(raw_tables(rows, {"z1": "Een", "z2": "Twee"}), MUNICIPALITIES)
    message = str(caught.value)
    assert kind.table in message and "44021 (Gent)" in message and "regions.csv" in message


def test_a_code_that_is_no_2025_municipality_names_file_row_and_code() -> None:
    rows = complete_rows()
    kind = KINDS[2]
    rows[kind.id] = (*rows[kind.id], (9, "44084", "z2"))  # a 2019 code
    with pytest.raises(DivisionError, match=rf"{kind.table}: gemeente: .*row 9: 44084"):
        tables.check(raw_tables(rows, {"z1": "Een", "z2": "Twee"}), MUNICIPALITIES)


def test_a_division_without_a_name_names_the_definitions_file() -> None:
    with pytest.raises(DivisionError, match=rf"{KINDS[0].definitions}: geoitem code: .*z2"):
        tables.check(raw_tables(complete_rows(), {"z1": "Een"}), MUNICIPALITIES)


# --- on the real files in ../shared ------------------------------------------------------------


def shared_sums(divisions_dir: Path) -> dict[str, str]:
    lines = (divisions_dir / "SHA256SUMS").read_text().splitlines()
    return {name.removeprefix("./"): digest for digest, name in (line.split() for line in lines)}


def test_pinned_sums_match_the_shared_copies(divisions_dir: Path) -> None:
    product = {name: digest for name, digest in shared_sums(divisions_dir).items()}
    for name, digest in DIVISION_SOURCE.sha256.items():
        assert product[name] == digest
    assert {f for kind in KINDS for f in kind.files} == set(DIVISION_SOURCE.sha256)
    assert DIVISION_SOURCE.url.endswith(f"/{DIVISION_SOURCE.pinned.commit}/data_voor_swing/")


def test_the_reference_regions_of_the_source_match_regions_csv(divisions_dir: Path) -> None:
    """gemeente_refreg.xlsx groups the 2025 municipalities exactly as data/regions.csv does."""
    refreg = Kind("referentieregio", "Referentieregio's", "Referentieregio", "refreg")
    rows = tables.read_assignment(divisions_dir / refreg.table, refreg)
    names = tables.read_definitions(divisions_dir / "gebiedsdefinities" / "REFREG.xlsx", "REFREG")
    membership = pd.read_csv(paths.REPO_ROOT / "data" / "regions.csv", dtype=str)
    ours = membership[membership["vintage"] == "2025"].set_index("nis_code")
    theirs = {code: names[division] for _, code, division in rows}
    assert set(theirs) == set(ours.index)
    # the same partition, and the same names once "Regio " is dropped
    pairs = {
        (ours.loc[code, "region"], name.removeprefix("Regio ")) for code, name in theirs.items()
    }
    assert len(pairs) == 15 and all(region == name for region, name in pairs)


@pytest.fixture(scope="module")
def report_data(tmp_path_factory, divisions_dir: Path) -> Path:
    folder = copy_data(tmp_path_factory.mktemp("divisions") / "data")
    tables.build_tables(folder, base=str(divisions_dir))
    return folder


def independent_rows(divisions_dir: Path) -> pd.DataFrame:
    """The report's numbers computed another way: pandas over the raw sheets."""
    membership = pd.read_csv(paths.REPO_ROOT / "data" / "regions.csv", dtype=str)
    regions = membership[membership["vintage"] == "2025"][["nis_code", "region_id"]]
    frames = []
    for kind in KINDS:
        sheet = pd.read_excel(divisions_dir / kind.table, dtype=str)
        sheet.columns = ["nis_code", "division_id"]
        definitions = pd.read_excel(divisions_dir / kind.definitions, dtype=str)
        none = set(definitions[definitions["name"].str.match(r"(?i)geen\b")]["geoitem code"])
        sheet = sheet[~sheet["division_id"].isin(none)]  # "Geen IGS" is no area
        joined = regions.merge(sheet, on="nis_code", how="inner")
        grouped = joined.groupby("division_id").agg(
            municipalities=("nis_code", "size"), regions=("region_id", "nunique")
        )
        grouped["kind"] = kind.id
        frames.append(grouped.reset_index())
    return pd.concat(frames, ignore_index=True)


def test_report_csv_agrees_with_an_independent_count(
    report_data: Path, divisions_dir: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(report_data))
    assert report.main(["report", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == (
        "kind,division_id,division,municipalities,regions,region_ids,nested"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = independent_rows(divisions_dir)
    assert len(rows) == len(expected)
    theirs = {(r.kind, r.division_id): (r.municipalities, r.regions) for r in expected.itertuples()}
    for row in rows:
        count, touched = theirs[(row["kind"], row["division_id"])]
        assert int(row["municipalities"]) == count
        assert int(row["regions"]) == touched == len(row["region_ids"].split(";"))
        assert row["nested"] == ("true" if touched == 1 else "false")
    # every Flemish municipality with an area is counted once per kind
    for kind in KINDS:
        members = expected[expected["kind"] == kind.id]["municipalities"].sum()
        assert sum(int(r["municipalities"]) for r in rows if r["kind"] == kind.id) == members
        assert members == (263 if kind.id == "woonsamenwerking" else 285)  # 22 "Geen IGS"
    # the source's names, and the dominant region first
    dender = next(r for r in rows if r["kind"] == "vervoerregio" and r["division_id"] == "1")
    assert dender["division"] == "Dender (Verv.)" and dender["region_ids"] == "denderregio"


def test_report_text_sums_up_each_kind(report_data: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(report_data))
    assert report.main(["report", "--format", "text"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for kind in KINDS:
        assert any(line.startswith(f"{kind.label} ({kind.id}): ") for line in lines)
    assert lines[-1].startswith("Tension points: ")


def test_the_cache_is_reused_and_rebuilt_when_not_of_the_pinned_files(
    report_data: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(report_data, folder)
    cache = paths.divisions_path(folder)
    assert tables.is_current(folder)
    stamp = cache.stat().st_mtime_ns
    tables.ensure_tables(folder)
    assert cache.stat().st_mtime_ns == stamp
    cache.write_text(cache.read_text().replace(DIVISION_SOURCE.pinned.commit, "0" * 40))
    assert not tables.is_current(folder)
    messages: list[str] = []
    tables.ensure_tables(folder, progress=messages.append)
    assert tables.is_current(folder) and messages[0].startswith("De andere indelingen")


def test_offline_the_report_fails_with_one_clear_line(tmp_path, monkeypatch, capsys) -> None:
    folder = copy_data(tmp_path / "data")
    empty = tmp_path / "leeg"
    empty.mkdir()
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    assert report.main(["report", "--from", str(empty)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("error: ") and "does not exist" in line
    assert "REGIOKAART_DIVISIONS_URL" in line
    assert not paths.divisions_path(folder).exists()


def test_a_bad_checksum_is_refused_and_the_cache_kept(
    report_data: Path, divisions_dir: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(divisions_dir, mirror)
    table = mirror / KINDS[3].table
    content = bytearray(table.read_bytes())
    content[len(content) // 2] ^= 0x01
    table.write_bytes(bytes(content))
    folder = tmp_path / "data"
    shutil.copytree(report_data, folder)
    before = paths.divisions_path(folder).read_bytes()
    with pytest.raises(ChecksumError, match=KINDS[3].table):
        tables.build_tables(folder, base=str(mirror))
    assert paths.divisions_path(folder).read_bytes() == before
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    assert report.main(["report", "--from", str(mirror)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert "Checksum mismatch" in line and "REGIOKAART_DIVISIONS_URL" in line


def test_a_missing_cache_is_an_error_that_says_how_to_build_it(tmp_path) -> None:
    with pytest.raises(DivisionError, match="python -m lib.divisions report"):
        tables.load_raw(tmp_path)
    assert issubclass(ChecksumError, DownloadError)


def test_the_page_download_is_the_report_in_dutch(report_data: Path, monkeypatch, capsys) -> None:
    """/afstemming's "Alle gebieden per indeling": the CLI's rows, Dutch names and ja/nee."""
    from lib.app.afstemming_tables import report_csv

    monkeypatch.setenv(paths.DATA_DIR_ENV, str(report_data))
    assert report.main(["report", "--format", "csv"]) == 0
    cli = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    raw = report_csv(report.load_alignment(report_data))
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "soort;gebied_id;gebied;gemeenten;regio's;regio_ids;binnen_een_regio"
    page = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert len(page) == len(cli) > 0
    yes_no = {"true": "ja", "false": "nee"}
    for mine, theirs in zip(page, cli, strict=True):
        assert (mine["soort"], mine["gebied_id"], mine["gebied"]) == (
            theirs["kind"],
            theirs["division_id"],
            theirs["division"],
        )
        assert (mine["gemeenten"], mine["regio's"], mine["regio_ids"]) == (
            theirs["municipalities"],
            theirs["regions"],
            theirs["region_ids"],
        )
        assert mine["binnen_een_regio"] == yes_no[theirs["nested"]]
    assert {row["binnen_een_regio"] for row in page} == {"ja", "nee"}
