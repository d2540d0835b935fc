"""Counts in the texts beside the figures agree with the figures (issue 8).

The region panel shows, next to a region's forum, notes and projects, how many municipalities it
has in the chosen vintage. A text that states a count must name the year it holds for (a vintage
named in the same clause) or hold in both vintages; a count a clause attributes to the VVSG page,
or to a subregion, is that source's and is left alone. Counts are read from
regions.csv with the csv module, independently of lib.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
WORDS = {
    "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
}  # fmt: skip
COUNT = re.compile(
    r"\b(\d+|"
    + "|".join(WORDS)
    + r")\s+(?:[a-z]+e\s+)?(gemeenten|besturen|burgemeesters|steden)\b",
    re.IGNORECASE,
)
CLAUSE = re.compile(r"(?<=[.!?])\s+|[;:]\s+|,\s+(?=maar\b)")
ATTRIBUTED = ("VVSG-pagina", "subregio")


def counts() -> dict[str, Counter]:
    with (DATA / "regions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        vintage: Counter(r["region_id"] for r in rows if r["vintage"] == vintage)
        for vintage in ("2019", "2025")
    }


def panel_texts() -> list[tuple[str, str, str]]:
    """(region id, where, text) of every text the region panel shows beside its figures."""
    regions = yaml.safe_load((DATA / "regions.yaml").read_text(encoding="utf-8"))["regions"]
    items = yaml.safe_load((DATA / "breakthroughs.yaml").read_text(encoding="utf-8"))
    texts = []
    for region in regions:
        forum = region["forum"]
        texts.append((region["id"], "forum.description", forum["description"]))
        if forum.get("since_label"):
            texts.append((region["id"], "forum.since_label", forum["since_label"]))
        texts += [(region["id"], "notes", note) for note in region.get("notes") or []]
        texts += [
            (region["id"], "subforums", sub.get("description") or "")
            for sub in region.get("subforums") or []
        ]
    for item in items["breakthroughs"]:
        if not item.get("subregion"):
            texts.append((item["region_id"], f"breakthrough {item['id']}", item["summary"]))
    return texts


def vintages_named(sentence: str) -> set[str]:
    named = set()
    if re.search(r"\b(2019|2024)\b", sentence):
        named.add("2019")
    if re.search(r"\b2025\b", sentence):
        named.add("2025")
    return named


def stated_counts() -> list[tuple[str, str, str, int]]:
    found = []
    for region_id, where, text in panel_texts():
        for sentence in CLAUSE.split(" ".join(text.split())):
            if any(marker in sentence for marker in ATTRIBUTED):
                continue
            for match in COUNT.finditer(sentence):
                raw = match.group(1).lower()
                number = int(raw) if raw.isdigit() else WORDS[raw]
                found.append((region_id, where, sentence, number))
    return found


def test_the_texts_state_counts_at_all():
    """The check below has something to check (a regex that finds nothing would pass)."""
    assert len(stated_counts()) >= 3


@pytest.mark.parametrize(
    ("region_id", "where", "sentence", "number"),
    stated_counts(),
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)
def test_a_count_in_a_text_names_its_year_or_holds_in_both(region_id, where, sentence, number):
    per_vintage = counts()
    named = vintages_named(sentence)
    if named:
        assert any(per_vintage[v][region_id] == number for v in named), (
            f"{region_id} ({where}): {number} is not the count of "
            f"{' or '.join(sorted(named))}: {sentence!r}"
        )
    else:
        assert per_vintage["2019"][region_id] == per_vintage["2025"][region_id] == number, (
            f"{region_id} ({where}) says {number} without a year, but counts "
            f"{per_vintage['2019'][region_id]} (2019–2024) and {per_vintage['2025'][region_id]} "
            f"(2025): {sentence!r}"
        )
