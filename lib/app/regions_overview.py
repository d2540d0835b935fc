"""The 15 regions at a glance, shown on / before a region is chosen."""

from __future__ import annotations

import streamlit as st

from lib.app.text import escape as md  # cleans and escapes
from lib.data.dataset import Dataset

OVERVIEW_COLUMNS = ("Referentieregio", "Gemeenten", "Doorbraken")


def overview_rows(ds: Dataset, vintage: int) -> list[tuple[str, int, int]]:
    """(region name, municipalities in ``vintage``, breakthrough projects) for every region."""
    counts = ds.rows(vintage)["region_id"].value_counts()
    return [(p.name, int(counts.get(p.id, 0)), len(ds.breakthroughs_of(p.id))) for p in ds.regions]


def table(ds: Dataset, vintage: int) -> None:
    """The 15 regions as a small Markdown table (no data grid: it would load a heavy frontend
    component for fifteen rows)."""
    rows = overview_rows(ds, vintage)
    lines = [
        "| " + " | ".join(OVERVIEW_COLUMNS) + " |",
        "| :-- | --: | --: |",
        *(f"| {md(name)} | {members} | {projects} |" for name, members, projects in rows),
    ]
    st.markdown("\n".join(lines))
