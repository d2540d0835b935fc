"""lib.app.selection: what a map click or a search result selects."""

from __future__ import annotations

import csv

import pytest

from lib.app.search import entries
from lib.app.selection import Selection, from_map_value, from_search
from lib.data.dataset import load_dataset
from lib.data.paths import REPO_ROOT


@pytest.fixture(scope="module")
def by_name():
    """Search entries of the real data by name (each name appears once)."""
    return {entry.name: entry for entry in entries(load_dataset(REPO_ROOT / "data"))}


@pytest.fixture(scope="module")
def codes() -> dict[int, set[str]]:
    """The NIS codes on the map of each vintage, straight from regions.csv."""
    result: dict[int, set[str]] = {2019: set(), 2025: set()}
    with (REPO_ROOT / "data" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            result[int(row["vintage"])].add(row["nis_code"])
    return result


# --- from_map_value ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        None,
        {},
        {"last_active_drawing": None},
        {"last_active_drawing": {}},
        {"last_active_drawing": {"type": "Feature", "geometry": {}}},  # no properties
        {"last_active_drawing": {"properties": None}},
        {"last_active_drawing": {"properties": {"region_id": "gent"}}},  # no nis_code
        {"last_active_drawing": {"properties": {"nis_code": "", "region_id": "gent"}}},
    ],
)
def test_nothing_new_selects_nothing(value):
    assert from_map_value(value) is None


def test_click_on_a_flemish_municipality_selects_its_region():
    value = {
        "last_active_drawing": {
            "type": "Feature",
            "properties": {"nis_code": "44021", "region_id": "gent", "municipality": "Gent"},
            "geometry": {"type": "Polygon", "coordinates": []},
        },
        "last_object_clicked": {"lat": 51.05, "lng": 3.72},
    }
    assert from_map_value(value) == Selection("gent", "44021", None)


def test_a_numeric_code_comes_back_as_text():
    value = {"last_active_drawing": {"properties": {"nis_code": 44021, "region_id": "gent"}}}
    assert from_map_value(value) == Selection("gent", "44021", None)


@pytest.mark.parametrize("region_id", ["", None])
def test_click_on_brussels_selects_no_region_and_says_why(region_id):
    value = {"last_active_drawing": {"properties": {"nis_code": "21004", "region_id": region_id}}}
    chosen = from_map_value(value)
    assert chosen is not None
    assert chosen.region_id is None and chosen.nis_code == "21004"
    assert chosen.note is not None and "Brussel" in chosen.note


# --- from_search -------------------------------------------------------------------------------


def test_a_merged_2019_municipality_on_the_2025_map_marks_its_new_municipality(by_name, codes):
    chosen = from_search(by_name["Kortessem"], 2025, codes[2025])
    assert chosen == Selection(
        "limburg", "71072", "Kortessem is sinds 1 januari 2025 deel van Hasselt."
    )


def test_a_merged_2019_municipality_on_the_2019_map_marks_itself(by_name, codes):
    assert from_search(by_name["Kortessem"], 2019, codes[2019]) == Selection(
        "limburg", "73040", None
    )


def test_merger_into_a_municipality_that_kept_its_code(by_name, codes):
    """Borsbeek merged into Antwerpen, which kept its code 11002."""
    chosen = from_search(by_name["Borsbeek"], 2025, codes[2025])
    assert chosen == Selection(
        "antwerpen", "11002", "Borsbeek is sinds 1 januari 2025 deel van Antwerpen."
    )


def test_a_new_2025_municipality_on_the_2019_map_selects_the_region_only(by_name, codes):
    chosen = from_search(by_name["Pajottegem"], 2019, codes[2019])
    assert chosen.region_id == "halle-vilvoorde"
    assert chosen.nis_code is None
    assert chosen.note == (
        "Pajottegem bestaat pas sinds 2025; kies de indeling 'sinds 2025' om haar te zien."
    )


def test_a_2025_name_that_existed_before_marks_its_old_code_on_the_2019_map(by_name, codes):
    """Hasselt (71072 since 2025) was Hasselt 71022 before: no "exists only since 2025"."""
    chosen = from_search(by_name["Hasselt"], 2019, codes[2019])
    assert chosen == Selection("limburg", "71022", None)
    assert from_search(by_name["Hasselt"], 2025, codes[2025]) == Selection("limburg", "71072", None)


@pytest.mark.parametrize("vintage", [2025, 2019])
def test_an_unchanged_municipality_is_marked_on_either_map(by_name, codes, vintage):
    assert from_search(by_name["Gent"], vintage, codes[vintage]) == Selection("gent", "44021", None)


def test_every_search_entry_lands_on_a_code_of_the_map_or_explains(by_name, codes):
    for vintage in (2025, 2019):
        for entry in by_name.values():
            chosen = from_search(entry, vintage, codes[vintage])
            assert chosen.region_id == entry.region_id
            if chosen.nis_code is None:
                assert chosen.note, (entry.name, vintage)
            else:
                assert chosen.nis_code in codes[vintage], (entry.name, vintage)
        # On the 2025 map every entry can be marked: former names point to their merger.
        assert all(from_search(entry, 2025, codes[2025]).nis_code for entry in by_name.values())


# --- forged values: whatever the browser sends (issue 12, case 5) ------------------------------

ON_MAP = {"44021": "gent", "21004": None}


@pytest.mark.parametrize(
    "value",
    [
        "boom",
        [1, 2],
        42,
        {"last_active_drawing": "boom"},
        {"last_active_drawing": ["boom"]},
        {"last_active_drawing": {"properties": "boom"}},
        {"last_active_drawing": {"properties": ["nis_code"]}},
        {"last_active_drawing": {"properties": {"nis_code": ["44021"]}}},
        {"last_active_drawing": {"properties": {"nis_code": {"x": 1}}}},
        {"last_active_drawing": {"properties": {"nis_code": True}}},
        {"last_active_drawing": {"properties": {"nis_code": 44021.0}}},
        {"last_active_drawing": {"properties": {"nis_code": 10**40}}},
        {"last_active_drawing": {"properties": {"nis_code": "4402"}}},
        {"last_active_drawing": {"properties": {"nis_code": "../etc"}}},
        {"last_active_drawing": {"properties": {"nis_code": "99999", "region_id": "gent"}}},
    ],
)
def test_forged_values_select_nothing(value):
    assert from_map_value(value, ON_MAP) is None


def test_the_region_comes_from_the_map_not_from_the_value():
    forged = {"last_active_drawing": {"properties": {"nis_code": "44021", "region_id": "kempen"}}}
    assert from_map_value(forged, ON_MAP) == Selection("gent", "44021", None)
    brussels = {"last_active_drawing": {"properties": {"nis_code": "21004", "region_id": "gent"}}}
    assert from_map_value(brussels, ON_MAP).region_id is None


@pytest.mark.parametrize("region_id", ["<script>", "Gent", 7, ["gent"], "gent/../x"])
def test_without_the_map_a_region_id_must_look_like_one(region_id):
    value = {"last_active_drawing": {"properties": {"nis_code": "44021", "region_id": region_id}}}
    assert from_map_value(value).region_id is None
