"""Find a municipality by name, in either vintage, tolerant of case and accents."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import pandas as pd


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
    merged_into: str | None  # 2025 code, for a 2019 municipality that merged
    merged_into_name: str | None
    label: str
    folded: str
    former_code: str | None = None  # 2025: 2019 code of the same-named municipality it continues


def entries(membership: pd.DataFrame) -> list[MunicipalityEntry]:
    """All municipalities of both vintages, today's first; a name in both appears once (2025)."""
    names_2025 = dict(
        membership.loc[membership["vintage"] == 2025, ["nis_code", "municipality"]].itertuples(
            index=False
        )
    )
    # A 2025 municipality that kept the name of a 2019 one it absorbed under a new code (Hasselt
    # 71022 → 71072): the 2025 entry stands for both, and on the 2019 map marks the old code.
    former = {
        row.merged_into: row.nis_code
        for row in membership[membership["vintage"] == 2019].itertuples(index=False)
        if row.merged_into and names_2025.get(row.merged_into) == row.municipality
    }
    result: list[MunicipalityEntry] = []
    seen_2025 = set()
    for row in membership.sort_values(
        ["vintage", "municipality"], ascending=[False, True]
    ).itertuples(index=False):
        if row.vintage == 2025:
            seen_2025.add((row.nis_code, row.municipality))
            label = f"{row.municipality} · {row.region}"
            merged, merged_name = None, None
        else:
            if (row.nis_code, row.municipality) in seen_2025:
                continue  # unchanged municipality: the 2025 entry already covers it
            merged = row.merged_into or None
            merged_name = names_2025.get(merged) if merged else None
            if merged_name == row.municipality:
                continue  # same name, new code: the 2025 entry covers it (see ``former``)
            if merged_name and merged_name != row.municipality:
                label = (
                    f"{row.municipality} (tot 2024) → sinds 2025 deel van {merged_name}"
                    f" · {row.region}"
                )
            else:
                label = f"{row.municipality} (gemeente tot 2024) · {row.region}"
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
                former_code=former.get(row.nis_code) if row.vintage == 2025 else None,
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
            e.vintage != 2025,
            e.folded,
        ),
    )
