"""Member municipalities of a region, with what the 2025 mergers changed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.data.dataset import name_sort_key


@dataclass(frozen=True)
class Member:
    nis_code: str
    name: str
    formed_from: tuple[str, ...] = ()  # 2025: the 2019 municipalities it was formed from
    merged_into: str | None = None  # 2019: the 2025 municipality it became part of


def members(membership: pd.DataFrame, region_id: str, vintage: int) -> list[Member]:
    """The region's municipalities in ``vintage``, by name, with merger notes."""
    rows = membership[(membership["region_id"] == region_id)]
    old = rows[rows["vintage"] == 2019]
    new = rows[rows["vintage"] == 2025]
    names_2025 = dict(zip(new["nis_code"], new["municipality"], strict=True))
    merged = old[old["merged_into"] != ""]
    if vintage == 2025:
        formed: dict[str, list[str]] = {}
        for row in merged.itertuples(index=False):
            formed.setdefault(row.merged_into, []).append(row.municipality)
        old_names = dict(zip(old["nis_code"], old["municipality"], strict=True))
        for code, names in formed.items():
            if code in old_names:  # the code continued (Antwerpen absorbed Borsbeek)
                names.append(old_names[code])
        result = [
            Member(row.nis_code, row.municipality, tuple(sorted(formed.get(row.nis_code, []))))
            for row in new.itertuples(index=False)
        ]
    else:
        result = [
            Member(
                row.nis_code,
                row.municipality,
                merged_into=names_2025.get(row.merged_into) if row.merged_into else None,
            )
            for row in old.itertuples(index=False)
        ]
    return sorted(result, key=lambda m: name_sort_key(m.name))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def describe(member: Member) -> str:
    """A short Dutch line: "Hasselt (sinds 2025 samen met Kortessem)", or for a new name
    "Merelbeke-Melle (sinds 2025: fusie van Melle en Merelbeke)"."""
    if member.formed_from:
        others = [name for name in member.formed_from if name != member.name]
        if not others:
            return member.name
        if member.name in member.formed_from:  # it kept its own name
            return f"{member.name} (sinds 2025 samen met {_and(others)})"
        return f"{member.name} (sinds 2025: fusie van {_and(others)})"
    if member.merged_into and member.merged_into != member.name:
        return f"{member.name} (sinds 2025 deel van {member.merged_into})"
    if member.merged_into:
        return f"{member.name} (sinds 2025 gefuseerd)"
    return member.name
