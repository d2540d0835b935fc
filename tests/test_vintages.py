"""lib.data.vintages and the dataset's answers about mergers: predecessors, successors, members."""

from __future__ import annotations

import ast
import csv
import re

import pytest

from lib.data import vintages
from lib.data.dataset import Dataset, Member, load_dataset
from lib.data.paths import REPO_ROOT


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(REPO_ROOT / "data")


def members(data: Dataset, region_id: str, vintage: int) -> list[Member]:
    return data.members(region_id, vintage)


def describe(member: Member) -> str:
    return member.describe()


@pytest.fixture(scope="module")
def csv_rows() -> list[dict]:
    with (REPO_ROOT / "data" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_name(items: list[Member]) -> dict[str, Member]:
    return {member.name: member for member in items}


def test_hasselt_2025_was_formed_from_hasselt_and_kortessem(data):
    hasselt = _by_name(members(data, "limburg", 2025))["Hasselt"]
    assert hasselt == Member("71072", "Hasselt", ("Hasselt", "Kortessem"), None)
    assert describe(hasselt) == "Hasselt (sinds 2025 samen met Kortessem)"


def test_kortessem_2019_merged_into_hasselt(data):
    limburg_2019 = _by_name(members(data, "limburg", 2019))
    kortessem = limburg_2019["Kortessem"]
    assert kortessem == Member("73040", "Kortessem", (), "Hasselt")
    assert describe(kortessem) == "Kortessem (sinds 2025 deel van Hasselt)"
    # The old Hasselt merged too, into a municipality of the same name.
    assert describe(limburg_2019["Hasselt"]) == "Hasselt (sinds 2025 gefuseerd)"
    # An untouched municipality is just its name.
    assert limburg_2019["Genk"] == Member("71016", "Genk")
    assert describe(limburg_2019["Genk"]) == "Genk"


def test_a_merger_of_three_lists_all_three(data):
    pajottegem = _by_name(members(data, "halle-vilvoorde", 2025))["Pajottegem"]
    assert pajottegem.formed_from == ("Galmaarden", "Gooik", "Herne")
    assert describe(pajottegem) == "Pajottegem (sinds 2025: fusie van Galmaarden, Gooik en Herne)"


def test_merger_into_a_municipality_that_kept_its_code(data):
    antwerpen = _by_name(members(data, "antwerpen", 2025))["Antwerpen"]
    assert antwerpen.nis_code == "11002"
    assert antwerpen.formed_from == ("Antwerpen", "Borsbeek")
    assert describe(antwerpen) == "Antwerpen (sinds 2025 samen met Borsbeek)"


@pytest.mark.parametrize("vintage", [2025, 2019])
@pytest.mark.parametrize("region_id", ["limburg", "gent", "westhoek"])
def test_members_are_the_regions_rows_sorted_by_name(data, csv_rows, region_id, vintage):
    expected = sorted(
        (r["municipality"], r["nis_code"])
        for r in csv_rows
        if r["region_id"] == region_id and r["vintage"] == str(vintage)
    )
    got = members(data, region_id, vintage)
    assert [(m.name, m.nis_code) for m in got] == expected
    if vintage == 2019:
        assert all(m.formed_from == () for m in got)
    else:
        assert all(m.merged_into is None for m in got)


def test_region_sizes_add_up_to_all_flemish_municipalities(data):
    region_ids = sorted(set(data.membership["region_id"]))
    assert len(region_ids) == 15
    assert sum(len(members(data, r, 2025)) for r in region_ids) == 285
    assert sum(len(members(data, r, 2019)) for r in region_ids) == 300


def test_unknown_region_or_vintage_is_an_error(data):
    with pytest.raises(KeyError, match="atlantis"):
        members(data, "atlantis", 2025)
    with pytest.raises(ValueError, match="unknown vintage 2020"):
        members(data, "gent", 2020)


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (Member("1", "Aalst"), "Aalst"),
        (Member("1", "Aalst", ("Aalst",)), "Aalst"),  # only itself: nothing to say
        (Member("1", "Nieuw", ("A", "B")), "Nieuw (sinds 2025: fusie van A en B)"),
        (Member("1", "A", ("A", "B", "C")), "A (sinds 2025 samen met B en C)"),
        (Member("1", "Oud", merged_into="Nieuw"), "Oud (sinds 2025 deel van Nieuw)"),
        (Member("1", "Oud", merged_into="Oud"), "Oud (sinds 2025 gefuseerd)"),
    ],
)
def test_describe(member, expected):
    assert describe(member) == expected


# --- predecessors and successors ---------------------------------------------------------------


def test_successor_of_a_merged_a_continued_and_an_unknown_code(data):
    assert (data.successor("73040"), data.successor_name("73040")) == ("71072", "Hasselt")
    assert data.successor("71022") == "71072"  # Hasselt itself got a new code
    assert (data.successor("71016"), data.successor_name("71016")) == ("71016", "Genk")
    assert data.successor("11007") == "11002"  # Borsbeek into Antwerpen, which kept its code
    assert data.successor("99999") is None and data.successor_name("99999") is None
    assert data.successor("71072") is None  # an AFTER code is not a BEFORE one


def test_predecessors_and_merged(data):
    assert data.predecessors("71072") == ("71022", "73040")  # Hasselt, Kortessem: by name
    assert data.predecessors("11002") == ("11002", "11007")
    assert data.predecessors("71016") == ("71016",) and not data.merged("71016")
    assert data.merged("71072") and data.merged("11002")
    assert data.predecessors("73040") == ()  # Kortessem is no AFTER municipality


def test_successors_and_predecessors_agree_with_regions_csv(data, csv_rows):
    after = {r["nis_code"] for r in csv_rows if r["vintage"] == str(vintages.AFTER.year)}
    before = [r for r in csv_rows if r["vintage"] == str(vintages.BEFORE.year)]
    for row in before:
        expected = row["merged_into"] or row["nis_code"]
        assert expected in after
        assert data.successor(row["nis_code"]) == expected
        assert row["nis_code"] in data.predecessors(expected)
    assert sum(len(data.predecessors(code)) for code in after) == len(before) == 300
    merged = {r["merged_into"] for r in before if r["merged_into"]}
    assert {code for code in after if data.merged(code)} == merged | {
        r["nis_code"] for r in before if r["nis_code"] in merged
    }


def test_names_of_a_vintage(data):
    assert data.names(vintages.AFTER.year)["71072"] == "Hasselt"
    assert data.names(vintages.BEFORE.year)["73040"] == "Kortessem"
    assert len(data.names(vintages.BEFORE.year)) == vintages.BEFORE.municipalities
    assert len(data.names(vintages.AFTER.year)) == vintages.AFTER.municipalities


# --- the vintages themselves -------------------------------------------------------------------


def test_vintages_and_their_dutch_names():
    assert vintages.YEARS == (2025, 2019) and vintages.DEFAULT == 2025
    assert vintages.label(2019) == vintages.label("2019") == "2019–2024"
    assert vintages.label(2025) == "sinds 2025"
    assert vintages.MERGER_DATE == "1 januari 2025"
    with pytest.raises(KeyError, match="2020"):
        vintages.get(2020)


YEAR = re.compile(r"\b(2019|2025)\b")


def _year_literals(path) -> list[str]:
    """Years written as values (numbers, strings, f-string parts) in ``path``; docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {  # a string on its own is documentation, not a value
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        if (isinstance(node.value, int) and node.value in (2019, 2025)) or (
            isinstance(node.value, str) and YEAR.search(node.value)
        ):
            found.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {node.value!r}")
    return found


def test_the_vintage_years_are_written_only_in_lib_data_vintages():
    files = [
        *sorted((REPO_ROOT / "lib").rglob("*.py")),
        *sorted((REPO_ROOT / "pages").glob("*.py")),
    ]
    files.append(REPO_ROOT / "app.py")
    home = REPO_ROOT / "lib" / "data" / "vintages.py"
    assert home in files and _year_literals(home)  # the check does see them where they are
    assert [found for path in files if path != home for found in _year_literals(path)] == []
