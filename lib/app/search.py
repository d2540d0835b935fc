"""Find a municipality by name, in either vintage, tolerant of case and accents."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lib.data.dataset import Dataset
from lib.data.vintages import AFTER, BEFORE


def fold(text: str) -> str:
    """Lower-case, no accents, punctuation as spaces: "Sint-Truiden" → "sint truiden"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def _has_accents(text: str) -> bool:
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFKD", text))


@dataclass(frozen=True)
class MunicipalityEntry:
    """One searchable municipality: ``key`` is ``"<vintage>:<nis_code>"``."""

    key: str
    vintage: int
    nis_code: str
    name: str
    region_id: str
    region: str
    merged_into: str | None  # AFTER code, for a BEFORE municipality that merged
    merged_into_name: str | None
    label: str
    folded: str
    former_code: str | None = None  # AFTER: BEFORE code of the same-named municipality it continues


def entries(dataset: Dataset) -> list[MunicipalityEntry]:
    """All municipalities of both vintages, today's first; a name in both appears once (AFTER)."""
    names_before = dataset.names(BEFORE.year)
    names_after = dataset.names(AFTER.year)
    # An AFTER municipality that kept the name of a BEFORE one it absorbed under a new code
    # (Hasselt 71022 → 71072): the AFTER entry stands for both, and on the BEFORE map marks the
    # old code.
    former = {
        code: old
        for code in names_after
        for old in dataset.predecessors(code)
        if old != code and names_before[old] == names_after[code]
    }
    result: list[MunicipalityEntry] = []
    seen_after = set()
    for row in dataset.membership.sort_values(
        ["vintage", "municipality"], ascending=[False, True]
    ).itertuples(index=False):
        if row.vintage == AFTER.year:
            seen_after.add((row.nis_code, row.municipality))
            label = f"{row.municipality} · {row.region}"
            merged, merged_name = None, None
        else:
            if (row.nis_code, row.municipality) in seen_after:
                continue  # unchanged municipality: the AFTER entry already covers it
            merged = row.merged_into or None
            merged_name = dataset.successor_name(row.nis_code) if merged else None
            if merged_name == row.municipality:
                continue  # same name, new code: the AFTER entry covers it (see ``former``)
            if merged_name and merged_name != row.municipality:
                label = (
                    f"{row.municipality} (tot {BEFORE.until}) → sinds {AFTER.year} deel van "
                    f"{merged_name} · {row.region}"
                )
            else:
                label = f"{row.municipality} (gemeente tot {BEFORE.until}) · {row.region}"
        if _has_accents(row.municipality):
            # Streamlit filters options by their label: add the plain spelling for accents
            label = f"{label} ({fold(row.municipality)})"
        result.append(
            MunicipalityEntry(
                key=f"{row.vintage}:{row.nis_code}",
                vintage=int(row.vintage),
                nis_code=row.nis_code,
                name=row.municipality,
                region_id=row.region_id,
                region=row.region,
                merged_into=merged,
                merged_into_name=merged_name,
                label=label,
                folded=fold(row.municipality),
                former_code=former.get(row.nis_code) if row.vintage == AFTER.year else None,
            )
        )
    return result


def find(query: str, candidates: list[MunicipalityEntry]) -> list[MunicipalityEntry]:
    """Entries whose folded name contains the folded query, exact and prefix matches first."""
    needle = fold(query)
    if not needle:
        return []
    hits = [entry for entry in candidates if needle in entry.folded]
    return sorted(
        hits,
        key=lambda e: (
            e.folded != needle,
            not e.folded.startswith(needle),
            e.vintage != AFTER.year,
            e.folded,
        ),
    )
