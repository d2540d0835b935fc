"""lib.app.search: municipality search over both vintages, tolerant of case and accents."""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from lib.app.search import entries, find, fold
from lib.data.dataset import Dataset, load_dataset
from lib.data.paths import REPO_ROOT

REGIONS_CSV = REPO_ROOT / "data" / "regions.csv"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """regions.csv read with the csv module: the expectations, independent of lib."""
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def real_entries():
    return entries(load_dataset(REPO_ROOT / "data"))


def _membership(rows: list[tuple]) -> Dataset:
    """A dataset of only a tiny membership table in lib.data.dataset's form (vintage int,
    merged_into '' if none)."""
    frame = pd.DataFrame(
        rows, columns=["vintage", "nis_code", "municipality", "region_id", "region", "merged_into"]
    )
    frame["vintage"] = frame["vintage"].astype(int)
    return Dataset(frame, pd.DataFrame(), (), (), None, None)


# --- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kortessem", "kortessem"),
        ("KORTESSEM", "kortessem"),
        ("Sint-Truiden", "sint truiden"),
        ("Écaussinnes", "ecaussinnes"),
        ("  Beveren-Kruibeke-Zwijndrecht ", "beveren kruibeke zwijndrecht"),
        ("'s-Gravenbrakel", "s gravenbrakel"),
        ("Sint-Genesius-Rode (faciliteiten)", "sint genesius rode faciliteiten"),
        ("Straße", "strasse"),
        ("ÏÖÜ äëéèê", "iou aeeee"),
        ("", ""),
        ("--", ""),
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_makes_spellings_meet():
    assert fold("kortéssem") == fold("Kortessem") == fold("KORTESSEM")
    assert fold("sint truiden") == fold("Sint-Truiden") == fold("SINT–TRUIDEN")


# --- entries over the real membership ----------------------------------------------------------


def named(name: str, candidates) -> list:
    return [entry for entry in candidates if entry.name == name]


def test_kortessem_is_found_as_the_2019_municipality_now_part_of_hasselt(real_entries):
    hits = named("Kortessem", real_entries)
    assert len(hits) == 1
    (hit,) = hits
    assert (hit.vintage, hit.nis_code, hit.name) == (2019, "73040", "Kortessem")
    assert (hit.merged_into, hit.merged_into_name) == ("71072", "Hasselt")
    assert (hit.region_id, hit.region) == ("limburg", "Limburg")
    assert hit.key == "2019:73040"
    assert "Hasselt" in hit.label and "Limburg" in hit.label and "2025" in hit.label


def test_every_name_of_either_vintage_appears_exactly_once(real_entries, rows):
    names_2019 = {r["municipality"] for r in rows if r["vintage"] == "2019"}
    names_2025 = {r["municipality"] for r in rows if r["vintage"] == "2025"}
    counts = Counter(entry.name for entry in real_entries)
    assert set(counts) == names_2019 | names_2025
    assert [name for name, n in counts.items() if n > 1] == []
    assert len(real_entries) == len(names_2019 | names_2025) == 307


def test_a_name_in_both_vintages_is_its_2025_entry(real_entries, rows):
    by_name = {entry.name: entry for entry in real_entries}
    # Unchanged code and name.
    assert by_name["Aartselaar"].vintage == 2025
    # Same name, new code after a merger (Hasselt 71022 + Kortessem → Hasselt 71072).
    hasselt = by_name["Hasselt"]
    assert (hasselt.vintage, hasselt.nis_code, hasselt.former_code) == (2025, "71072", "71022")
    # Every 2025 municipality is there, under its 2025 code.
    codes_2025 = {r["nis_code"] for r in rows if r["vintage"] == "2025"}
    assert {e.nis_code for e in real_entries if e.vintage == 2025} == codes_2025


def test_only_former_municipalities_remain_as_2019_entries(real_entries, rows):
    names_2025 = {r["municipality"] for r in rows if r["vintage"] == "2025"}
    old = [entry for entry in real_entries if entry.vintage == 2019]
    assert {entry.name for entry in old} == {
        r["municipality"]
        for r in rows
        if r["vintage"] == "2019" and r["municipality"] not in names_2025
    }
    assert len(old) == 22
    assert all(entry.merged_into for entry in old)  # each was merged into a 2025 municipality


def test_keys_are_unique_and_today_first(real_entries):
    keys = [entry.key for entry in real_entries]
    assert len(keys) == len(set(keys))
    vintages = [entry.vintage for entry in real_entries]
    assert vintages == sorted(vintages, reverse=True)


def test_entries_of_a_new_municipality_name(real_entries):
    (pajottegem,) = named("Pajottegem", real_entries)
    assert (pajottegem.vintage, pajottegem.region_id) == (2025, "halle-vilvoorde")
    assert pajottegem.former_code is None
    formers = {e.name for e in real_entries if e.merged_into == pajottegem.nis_code}
    assert formers == {"Galmaarden", "Gooik", "Herne"}


# --- labels --------------------------------------------------------------------------------------

SMALL = _membership(
    [
        (2025, "10001", "Gent", "gent", "Gent", ""),
        (2025, "10002", "Sint-Gent", "gent", "Gent", ""),
        (2025, "10003", "Gentse Brug", "gent", "Gent", ""),
        (2025, "10004", "Écaussinnes", "gent", "Gent", ""),
        (2019, "10001", "Gent", "gent", "Gent", ""),
        (2019, "10009", "Gentbos", "gent", "Gent", "10003"),
    ]
)


def test_labels_carry_the_plain_spelling_of_accented_names():
    """Streamlit's select box filters on labels: "ecaussinnes" must find "Écaussinnes"."""
    by_name = {e.name: e for e in entries(SMALL)}
    assert "ecaussinnes" in by_name["Écaussinnes"].label
    assert "(" not in by_name["Sint-Gent"].label  # no alias where the name has no accents


def test_find_orders_exact_then_prefix_then_today_then_name():
    names = [(e.name, e.vintage) for e in find("GENT", entries(SMALL))]
    assert names == [("Gent", 2025), ("Gentse Brug", 2025), ("Gentbos", 2019), ("Sint-Gent", 2025)]


def test_find_is_tolerant_of_accents_and_punctuation():
    assert [e.name for e in find("ecaussinnes", entries(SMALL))] == ["Écaussinnes"]
    assert [e.name for e in find("sint gent", entries(SMALL))] == ["Sint-Gent"]
    assert [e.name for e in find("Sint–Gent", entries(SMALL))] == ["Sint-Gent"]


@pytest.mark.parametrize("query", ["", "   ", "--", "xyz"])
def test_find_nothing(query):
    assert find(query, entries(SMALL)) == []


def test_labels_say_what_happened():
    by_key = {e.key: e for e in entries(SMALL)}
    assert by_key["2025:10001"].label == "Gent · Gent"
    assert by_key["2019:10009"].label == (
        "Gentbos (tot 2024) → sinds 2025 deel van Gentse Brug · Gent"
    )
    assert "2019:10001" not in by_key  # unchanged Gent: only today's entry
