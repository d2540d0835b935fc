"""lib.app.search: municipality search over both vintages, tolerant of case and accents."""

from __future__ import annotations

import csv
from collections import Counter

import pandas as pd
import pytest

from lib.app.search import allowed_errors, compact, entries, fold, match
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


def names(found) -> list[str]:
    return [entry.name for entry in found.candidates]


def test_match_prefers_the_exact_name_then_the_fewest_errors():
    small = entries(SMALL)
    assert match("GENT", small).entry.name == "Gent"
    assert match("GENT", small).exact
    assert match("Gnet", small).entry.name == "Gent"  # two letters swapped: one error
    assert not match("Gnet", small).exact
    assert match("ecaussinnes", small).entry.name == "Écaussinnes"
    assert match("sint gent", small).entry.name == "Sint-Gent"
    assert match("Sint–Gent", small).entry.name == "Sint-Gent"


def test_match_lists_equally_good_candidates_today_first():
    found = match("Gentb", entries(SMALL))  # the start of Gentbos, one letter off Gentse Brug
    assert found.entry.name == "Gentbos"
    found = match("Gents", entries(SMALL))
    assert found.entry.name == "Gentse Brug"
    found = match("Gen", entries(SMALL))
    assert found.entry is None
    assert names(found) == ["Gent", "Gentse Brug", "Gentbos", "Sint-Gent"]


@pytest.mark.parametrize("query", ["", "   ", "--", "xyz", "Brussel"])
def test_match_nothing(query):
    found = match(query, entries(SMALL))
    assert found.entry is None and found.candidates == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("St.-Truiden", "sinttruiden"),
        ("st truiden", "sinttruiden"),
        ("Saint-Truiden", "sinttruiden"),
        ("Sint Niklaas", "sintniklaas"),
        ("Stekene", "stekene"),  # "st" inside a word stays
        ("Kortessém", "kortessem"),
    ],
)
def test_compact(text, expected):
    assert compact(text) == expected


def test_short_names_forgive_fewer_errors():
    assert [allowed_errors(n) for n in (1, 2, 3, 5, 6, 12)] == [0, 0, 1, 1, 2, 2]


# Misspellings as people type them, over the real data: what Enter picks.
MISSPELLINGS = [
    ("Kortesseem", "Kortessem"),  # a letter too many
    ("kortesem", "Kortessem"),  # a letter missing
    ("Kotressem", "Kortessem"),  # two letters swapped
    ("Kortessém", "Kortessem"),  # an accent
    ("KORTESSEM", "Kortessem"),
    ("sint niklaas", "Sint-Niklaas"),  # a space for a hyphen
    ("St.-Niklaas", "Sint-Niklaas"),  # the abbreviation
    ("SintNiklaas", "Sint-Niklaas"),  # no space at all
    ("Sint-Niklas", "Sint-Niklaas"),
    ("Sint Genesius Rhode", "Sint-Genesius-Rode"),
    ("Oudenaarden", "Oudenaarde"),
    ("Kortrjik", "Kortrijk"),
    ("Maasmechlen", "Maasmechelen"),
    ("Geeraardsbergen", "Geraardsbergen"),
    ("Dendermonte", "Dendermonde"),
    ("Midelkerke", "Middelkerke"),
    ("Zwevegen", "Zwevegem"),
    ("Antwerp", "Antwerpen"),  # the start of the name
    ("Bruges", "Brugge"),
    ("knokke", "Knokke-Heist"),
    ("Herk", "Herk-de-Stad"),
    ("Gemt", "Gent"),
    ("Iepr", "Ieper"),
    ("Lier", "Lier"),  # exact, although Lierde starts the same
    ("Lierd", "Lierde"),
    ("Beveren", "Beveren"),  # the 2019 municipality, now part of Beveren-Kruibeke-Zwijndrecht
    ("Wortegem Petegem", "Wortegem-Petegem"),
]


@pytest.mark.parametrize(("typed", "expected"), MISSPELLINGS)
def test_real_misspellings_find_the_municipality(real_entries, typed, expected):
    found = match(typed, real_entries)
    assert found.entry is not None, f"{typed!r} found nothing; candidates {names(found)}"
    assert found.entry.name == expected


@pytest.mark.parametrize(
    ("typed", "some"),
    [
        ("Sint", {"Sint-Niklaas", "Sint-Truiden", "Sint-Pieters-Leeuw", "Puurs-Sint-Amands"}),
        ("Heist", {"Heist-op-den-Berg", "Knokke-Heist"}),
        ("Gen", {"Gent", "Genk"}),
        ("Zelle", {"Zele", "Melle"}),
    ],
)
def test_ambiguous_text_lists_candidates_instead_of_guessing(real_entries, typed, some):
    found = match(typed, real_entries)
    assert found.entry is None
    assert some <= set(names(found))
    # a name that starts with the text comes before one where only a later word does
    if typed == "Sint":
        assert names(found)[-1] == "Puurs-Sint-Amands"


@pytest.mark.parametrize("typed", ["Yper", "Brussel", "Atlantis", "xq"])
def test_text_too_far_from_any_name_finds_nothing(real_entries, typed):
    found = match(typed, real_entries)
    assert found.entry is None and found.candidates == ()


def test_labels_say_what_happened():
    by_key = {e.key: e for e in entries(SMALL)}
    assert by_key["2025:10001"].label == "Gent · Gent"
    assert by_key["2019:10009"].label == (
        "Gentbos (tot 2024) → sinds 2025 deel van Gentse Brug · Gent"
    )
    assert "2019:10001" not in by_key  # unchanged Gent: only today's entry
