"""python -m lib.toets on the real tables: verdicts computed here from ../shared and regions.csv.

The sets are the members of real areas, read with openpyxl from the byte-identical copies of the
tables (a politiezone, a vervoerregio that crosses a region border, a reference region, and two
reference regions together); the expected verdict, regions and changes are computed in this test
from those tables and data/regions.csv.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lib.data import paths
from lib.divisions import tables
from lib.toets import cli
from tests.conftest import copy_data
from tests.support.cli import run_module


def table(divisions_dir: Path, key: str) -> dict[str, str]:
    """nis_code → area code of one aggregation table (Flanders and Brussels alike)."""
    path = divisions_dir / "aggregatietabellen" / f"gemeente_{key}.xlsx"
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))[1:]
    finally:
        workbook.close()
    return {str(code).zfill(5): str(area) for code, area in rows}


def regions_2025() -> tuple[dict[str, str], dict[str, str]]:
    with (paths.REPO_ROOT / "data" / "regions.csv").open(encoding="utf-8-sig") as handle:
        rows = [r for r in csv.DictReader(handle) if r["vintage"] == "2025"]
    return {r["nis_code"]: r["region_id"] for r in rows}, {
        r["nis_code"]: r["municipality"] for r in rows
    }


def expected(codes: set[str]) -> dict:
    regions, _ = regions_2025()
    touched = sorted({regions[c] for c in codes})
    counts = {r: sum(1 for c in codes if regions[c] == r) for r in touched}
    whole = all(counts[r] == sum(1 for v in regions.values() if v == r) for r in touched)
    if len(touched) == 1:
        verdict = "region" if whole else "within"
    else:
        verdict = "regions" if whole else "crosses"
    dominant = sorted(touched, key=lambda r: (-counts[r], r))[0]
    drop, add = [], []
    if verdict == "crosses":
        drop = sorted(c for c in codes if regions[c] != dominant)
        add = sorted(c for c, r in regions.items() if r == dominant and c not in codes)
    return {
        "verdict": verdict,
        "dominant": dominant,
        "touched": set(touched),
        "drop": drop,
        "add": add,
    }


def members(divisions_dir: Path, key: str, area: str) -> set[str]:
    regions, _ = regions_2025()
    return {c for c, a in table(divisions_dir, key).items() if a == area and c in regions}


@pytest.fixture(scope="module")
def data(tmp_path_factory, divisions_dir: Path) -> Path:
    folder = copy_data(tmp_path_factory.mktemp("toets") / "data")
    tables.build_tables(folder, base=str(divisions_dir))
    return folder


def check(shown: dict, codes: set[str], kind: str | None = None, area: str | None = None) -> None:
    want = expected(codes)
    assert shown["verdict"] == want["verdict"]
    assert {m["nis_code"] for m in shown["municipalities"]} == codes
    assert shown["regions"][0]["region_id"] == want["dominant"]
    assert {r["region_id"] for r in shown["regions"]} == want["touched"]
    assert sum(len(r["nis_codes"]) for r in shown["regions"]) == len(codes)
    assert shown["changes"] == {"drop": want["drop"], "add": want["add"]}
    if kind is not None:
        best = shown["closest"][0]
        assert best["overlap"] == 1.0
        assert any((c["kind"], c["division_id"]) == (kind, area) for c in shown["closest"])


def test_the_members_of_a_crossing_vervoerregio_by_command_line(data, divisions_dir) -> None:
    """As a user runs it: ``python -m lib.toets --format json`` with the mirror variable."""
    codes = members(divisions_dir, "vervoerregio", "13")  # Vlaamse Rand
    result = run_module(
        "lib.toets",
        "--format",
        "json",
        *sorted(codes),
        env={paths.DATA_DIR_ENV: str(data), "REGIOKAART_DIVISIONS_URL": str(divisions_dir)},
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["verdict"] == "crosses"
    check(shown, codes, "vervoerregio", "13")


def run(monkeypatch, capsys, data: Path, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_politiezone_given_by_name_and_two_reference_regions(
    data, divisions_dir, monkeypatch, capsys
) -> None:
    _, names = regions_2025()
    codes = members(divisions_dir, "politiezone", "ipz1")  # PZ Hekla
    status, out, err = run(
        monkeypatch, capsys, data, "--format", "json", ", ".join(names[c] for c in codes)
    )
    assert status == 0, err
    check(json.loads(out), codes, "politiezone", "ipz1")

    refreg = table(divisions_dir, "refreg")
    gent = members(divisions_dir, "refreg", refreg["44021"])
    status, out, err = run(monkeypatch, capsys, data, "--format", "json", *sorted(gent))
    assert status == 0, err
    shown = json.loads(out)
    assert shown["verdict"] == "region"
    check(shown, gent)

    both = gent | members(divisions_dir, "refreg", refreg["46021"])  # Gent and Waasland
    status, out, err = run(monkeypatch, capsys, data, "--format", "json", ";".join(sorted(both)))
    assert status == 0, err
    shown = json.loads(out)
    assert shown["verdict"] == "regions"
    check(shown, both)


def test_unknown_and_ambiguous_entries_exit_1_one_line_each(data, monkeypatch, capsys) -> None:
    status, out, err = run(monkeypatch, capsys, data, "Gent, Kortessem", "Sint", "Xyzzy")
    assert status == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("meerdere mogelijk: 'Sint' kan meerdere gemeenten zijn: ")
    assert "Sint-Niklaas (46021)" in lines[0]
    assert lines[1].startswith("onbekend: 'Xyzzy'")


def test_text_names_an_old_name_and_an_empty_set_is_an_error(data, monkeypatch, capsys) -> None:
    status, out, err = run(monkeypatch, capsys, data, "Kortessem", "Hasselt", "Gnet")
    assert status == 0, err
    assert "Kortessem → Hasselt, sinds 2025 [71072]" in out
    assert "Hasselt — dubbel, één keer geteld" in out
    assert "Gnet → Gent (tikfout verbeterd)" in out
    assert "liggen over de grens van een referentieregio" in out
    status, out, err = run(monkeypatch, capsys, data, " , ;")
    assert status == 1 and out == "" and err.startswith("fout: geef minstens één gemeente op")


def test_a_file_of_one_column_and_a_bad_file(data, tmp_path, monkeypatch, capsys) -> None:
    good = tmp_path / "lijst.csv"
    good.write_text("gemeente\nAartselaar\n11002\n", encoding="utf-8")
    status, out, err = run(monkeypatch, capsys, data, "--format", "json", "--file", str(good))
    assert status == 0, err
    assert [m["input"] for m in json.loads(out)["municipalities"]] == ["Aartselaar", "11002"]
    bad = tmp_path / "twee.csv"
    bad.write_text("Aartselaar;Boom\n", encoding="utf-8")
    status, out, err = run(monkeypatch, capsys, data, "--file", str(bad))
    assert (status, out) == (1, "") and err.startswith("fout: Rij 1 van het bestand")
    status, out, err = run(monkeypatch, capsys, data, "--file", str(tmp_path / "weg.csv"))
    assert (status, out) == (1, "") and err.startswith("fout: het bestand")
    assert "Traceback" not in err
