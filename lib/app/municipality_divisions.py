"""One municipality in every division (the Kaart page), and every municipality in every division
as a CSV (the page /afstemming).

The facts are :func:`lib.divisions.scores.memberships` and
:func:`lib.divisions.report.municipality_rows`, as for ``python -m lib.divisions report --per
gemeente``; this module only says them in Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.app import division_data
from lib.app.kaart_state import Catalog
from lib.app.text import escape as md  # cleans and escapes
from lib.data.vintages import AFTER
from lib.divisions.report import municipality_rows
from lib.divisions.scores import Alignment, Membership, memberships
from lib.divisions.sources import KIND_BY_ID
from lib.pinned.errors import PinnedError

NAMES_IN_FULL = 8  # longer lists of partner municipalities are given as a count

CSV_COLUMNS = {
    "nis_code": "nis_code",
    "municipality": "gemeente",
    "region_id": "regio_id",
    "kind": "soort_indeling",
    "division_id": "gebied_id",
    "division": "gebied",
    "nested": "binnen_referentieregio",
}


@dataclass(frozen=True)
class Line:
    """One kind, for one municipality, in plain Dutch (escaped when drawn)."""

    kind: str  # the kind's Dutch label, singular
    area: str | None  # the area's name; None: no area of this kind
    nested: bool
    outside: tuple[str, ...]  # partner municipalities in other regions, their names


def lines(scores: Alignment, nis_code: str, names: Mapping[str, str]) -> tuple[Line, ...]:
    """Per kind: the municipality's area, whether it lies inside its region, the partners
    outside it. ``KeyError`` for a code that is no 2025 municipality."""

    def line(member: Membership) -> Line:
        kind = KIND_BY_ID[member.kind].singular if member.kind in KIND_BY_ID else member.kind
        return Line(
            kind,
            member.division.name if member.division is not None else None,
            member.nested,
            tuple(sorted((names.get(c, c) for c in member.outside), key=str.casefold)),
        )

    return tuple(line(member) for member in memberships(scores, nis_code))


def _partners(outside: tuple[str, ...]) -> str:
    if len(outside) > NAMES_IN_FULL:
        return f"{len(outside)} gemeenten"
    return ", ".join(md(name) for name in outside)


def section(data_dir: Path, nis_code: str) -> None:
    """ "<gemeente> in alle indelingen" for a 2025 municipality; nothing for another code (a
    municipality before the mergers has no areas in these tables)."""
    try:
        current = division_data.alignment(data_dir)
    except PinnedError:
        return  # the region panel already says the divisions are unavailable
    if nis_code not in current.alignment.regions:
        return
    names = current.municipalities
    name = names.get(nis_code, nis_code)
    st.markdown(f"##### {md(name)} in alle indelingen")
    rows = []
    for item in lines(current.alignment, nis_code, names):
        if item.area is None:
            rows.append(f"- **{md(item.kind)}**: geen gebied")
        elif item.nested:
            rows.append(f"- **{md(item.kind)}**: {md(item.area)} — binnen de referentieregio")
        else:
            rows.append(
                f"- **{md(item.kind)}**: {md(item.area)} — over de regiogrens, samen met "
                f"{_partners(item.outside)}"
            )
    st.markdown("\n".join(rows))


def today(catalog: Catalog, chosen: str | None) -> str | None:
    """The 2025 municipality of a choice on the Kaart page (a code of either vintage)."""
    entry = catalog.by_code.get(chosen) if chosen else None
    if entry is None:
        return None
    if entry.vintage == AFTER.year:
        return entry.nis_code
    return entry.merged_into or entry.nis_code


def municipalities_csv(scores: Alignment, names: Mapping[str, str]) -> bytes:
    """Every 2025 municipality × every kind it belongs to (``municipality_rows``), with Dutch
    columns; semicolons and a byte-order mark, as the other downloads."""
    frame = pd.DataFrame(municipality_rows(scores, names), columns=list(CSV_COLUMNS))
    frame["nested"] = frame["nested"].map({"true": "ja", "false": "nee"})
    return frame.rename(columns=CSV_COLUMNS).to_csv(index=False, sep=";").encode("utf-8-sig")


@st.cache_data(show_spinner=False, max_entries=4, hash_funcs={Alignment: id})
def cached_csv(scores: Alignment, names: Mapping[str, str]) -> bytes:
    return municipalities_csv(scores, names)
