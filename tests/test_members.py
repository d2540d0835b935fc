"""lib.data.members: a region's municipalities per vintage, with what the 2025 mergers changed."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from lib.data.dataset import load_dataset
from lib.data.members import Member, describe, members
from lib.data.paths import REPO_ROOT


@pytest.fixture(scope="module")
def membership() -> pd.DataFrame:
    return load_dataset(REPO_ROOT / "data").membership


@pytest.fixture(scope="module")
def csv_rows() -> list[dict]:
    with (REPO_ROOT / "data" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _by_name(items: list[Member]) -> dict[str, Member]:
    return {member.name: member for member in items}


def test_hasselt_2025_was_formed_from_hasselt_and_kortessem(membership):
    hasselt = _by_name(members(membership, "limburg", 2025))["Hasselt"]
    assert hasselt == Member("71072", "Hasselt", ("Hasselt", "Kortessem"), None)
    assert describe(hasselt) == "Hasselt (sinds 2025 samen met Kortessem)"


def test_kortessem_2019_merged_into_hasselt(membership):
    limburg_2019 = _by_name(members(membership, "limburg", 2019))
    kortessem = limburg_2019["Kortessem"]
    assert kortessem == Member("73040", "Kortessem", (), "Hasselt")
    assert describe(kortessem) == "Kortessem (sinds 2025 deel van Hasselt)"
    # The old Hasselt merged too, into a municipality of the same name.
    assert describe(limburg_2019["Hasselt"]) == "Hasselt (sinds 2025 gefuseerd)"
    # An untouched municipality is just its name.
    assert limburg_2019["Genk"] == Member("71016", "Genk")
    assert describe(limburg_2019["Genk"]) == "Genk"


def test_a_merger_of_three_lists_all_three(membership):
    pajottegem = _by_name(members(membership, "halle-vilvoorde", 2025))["Pajottegem"]
    assert pajottegem.formed_from == ("Galmaarden", "Gooik", "Herne")
    assert describe(pajottegem) == "Pajottegem (sinds 2025: fusie van Galmaarden, Gooik en Herne)"


def test_merger_into_a_municipality_that_kept_its_code(membership):
    antwerpen = _by_name(members(membership, "antwerpen", 2025))["Antwerpen"]
    assert antwerpen.nis_code == "11002"
    assert antwerpen.formed_from == ("Antwerpen", "Borsbeek")
    assert describe(antwerpen) == "Antwerpen (sinds 2025 samen met Borsbeek)"


@pytest.mark.parametrize("vintage", [2025, 2019])
@pytest.mark.parametrize("region_id", ["limburg", "gent", "westhoek"])
def test_members_are_the_regions_rows_sorted_by_name(membership, csv_rows, region_id, vintage):
    expected = sorted(
        (r["municipality"], r["nis_code"])
        for r in csv_rows
        if r["region_id"] == region_id and r["vintage"] == str(vintage)
    )
    got = members(membership, region_id, vintage)
    assert [(m.name, m.nis_code) for m in got] == expected
    if vintage == 2019:
        assert all(m.formed_from == () for m in got)
    else:
        assert all(m.merged_into is None for m in got)


def test_region_sizes_add_up_to_all_flemish_municipalities(membership):
    region_ids = sorted(set(membership["region_id"]))
    assert len(region_ids) == 15
    assert sum(len(members(membership, r, 2025)) for r in region_ids) == 285
    assert sum(len(members(membership, r, 2019)) for r in region_ids) == 300


def test_unknown_region_has_no_members(membership):
    assert members(membership, "atlantis", 2025) == []


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
