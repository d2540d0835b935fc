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


def entries(membership: pd.DataFrame) -> list[MunicipalityEntry]:
    """All municipalities of both vintages, today's first; a name in both appears once (2025)."""
    names_2025 = dict(
        membership.loc[membership["vintage"] == 2025, ["nis_code", "municipality"]].itertuples(
            index=False
        )
    )
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
            if merged_name and merged_name != row.municipality:
                label = (
                    f"{row.municipality} (tot 2024) → sinds 2025 deel van {merged_name}"
                    f" · {row.region}"
                )
            else:
                label = f"{row.municipality} (gemeente tot 2024) · {row.region}"
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
