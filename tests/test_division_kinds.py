"""The three kinds added with issue 18 (woonsamenwerking, streekwerking, toerisme), counted twice.

The product's counts (tables read, checked and scored by lib.divisions) are held against a
computation of this test's own with openpyxl over the byte-identical copies in ../shared and
data/regions.csv: areas, areas inside one region, and municipalities with no area of the kind
(the source's "Geen …" code, which is no area).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lib.data import paths
from lib.divisions import report, tables
from lib.divisions.sources import KIND_BY_ID, KINDS
from tests.conftest import copy_data

NEW = {"woonsamenwerking": "igs", "streekwerking": "streekwerking", "toerisme": "treg_gem"}
DEFINITIONS = {"igs": "igs", "streekwerking": "streekwerking", "treg_gem": "TREG_gem"}


def sheet(path: Path) -> list[tuple]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def regions_2025() -> dict[str, str]:
    with (paths.REPO_ROOT / "data" / "regions.csv").open(encoding="utf-8-sig") as handle:
        return {
            r["nis_code"]: r["region_id"] for r in csv.DictReader(handle) if r["vintage"] == "2025"
        }


def independent_counts(divisions_dir: Path, key: str) -> tuple[int, int, int]:
    """(areas, areas inside one region, municipalities without an area) of one source key."""
    regions = regions_2025()
    definitions = sheet(divisions_dir / "gebiedsdefinities" / f"{DEFINITIONS[key]}.xlsx")
    header = [str(cell).lower() for cell in definitions[0]]
    code_at, name_at = header.index("geoitem code"), header.index("name")
    none = {row[code_at] for row in definitions[1:] if str(row[name_at]).lower().startswith("geen")}
    touched: dict[str, set[str]] = {}
    without = 0
    for code, area in sheet(divisions_dir / "aggregatietabellen" / f"gemeente_{key}.xlsx")[1:]:
        code = str(code).zfill(5)
        if code not in regions:
            continue
        if area in none:
            without += 1
        else:
            touched.setdefault(str(area), set()).add(regions[code])
    return len(touched), sum(1 for found in touched.values() if len(found) == 1), without


@pytest.fixture(scope="module")
def alignment(tmp_path_factory, divisions_dir: Path):
    folder = copy_data(tmp_path_factory.mktemp("kinds") / "data")
    tables.build_tables(folder, base=str(divisions_dir))
    regions, names = report.membership_2025(folder)
    return report.score_cache(folder, regions, names)[1]


def test_the_nine_kinds_are_the_six_and_the_three_new_ones() -> None:
    assert len(KINDS) == 9 and [kind.id for kind in KINDS[-3:]] == list(NEW)
    assert {kind: KIND_BY_ID[kind].key for kind in NEW} == NEW


@pytest.mark.parametrize("kind", list(NEW))
def test_new_kinds_agree_with_an_independent_count(alignment, divisions_dir, kind) -> None:
    areas, nested, without = independent_counts(divisions_dir, NEW[kind])
    score = alignment.kinds[kind]
    assert (score.divisions, score.nested) == (areas, nested)
    assert len(alignment.regions) - score.municipalities == without
    names = {division.name for division in alignment.divisions[kind]}
    assert not any(name.lower().startswith("geen") for name in names)


def test_geen_igs_is_no_area_anywhere(alignment, divisions_dir) -> None:
    _, _, without = independent_counts(divisions_dir, "igs")
    assert without > 0  # the source has municipalities without an IGS wonen
    members = {code for d in alignment.divisions["woonsamenwerking"] for code in d.municipalities}
    assert len(members) == len(alignment.regions) - without
    assert all(t.division_id != "igs999" for t in alignment.tensions)


def test_report_per_municipality_has_a_row_per_municipality_and_kind_it_belongs_to(
    tmp_path, divisions_dir: Path
) -> None:
    from tests.support.cli import run_module

    folder = copy_data(tmp_path / "data")
    result = run_module(
        "lib.divisions",
        "report",
        "--per",
        "gemeente",
        "--format",
        "csv",
        "--from",
        str(divisions_dir),
        env={paths.DATA_DIR_ENV: str(folder)},
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert list(rows[0]) == [
        "nis_code",
        "municipality",
        "region_id",
        "kind",
        "division_id",
        "division",
        "nested",
    ]
    regions = regions_2025()
    without = sum(independent_counts(divisions_dir, key)[2] for key in NEW.values())
    assert len(rows) == len(regions) * len(KINDS) - without
    # every row's nested agrees with the areas' regions computed here
    touched: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        assert row["region_id"] == regions[row["nis_code"]]
        touched.setdefault((row["kind"], row["division_id"]), set()).add(row["region_id"])
    for row in rows:
        nested = len(touched[(row["kind"], row["division_id"])]) == 1
        assert row["nested"] == ("true" if nested else "false")
    assert not any(row["division_id"] == "igs999" for row in rows)
