"""The membership table of /gegevens and its CSV download: one place for both.

Each vintage says what the mergers of 2025 changed for a municipality: in 2019–2024 the 2025
municipality it became part of, in 2025 the municipalities it was formed from. A search matches
those names too, so a name from before the mergers finds its 2025 municipality.
"""

from __future__ import annotations

import pandas as pd

from lib.app import search
from lib.data.dataset import Dataset
from lib.data.vintages import AFTER, BEFORE

HISTORY_LABELS = {
    BEFORE.year: f"Sinds {AFTER.year} deel van",
    AFTER.year: f"Ontstaan uit (vóór {AFTER.year})",
}


def _history(ds: Dataset, vintage: int, codes: pd.Series, merged: pd.Series) -> list[str]:
    if vintage == BEFORE.year:
        return [
            (ds.successor_name(code) or "") if into else ""
            for code, into in zip(codes, merged, strict=True)
        ]
    before = ds.names(BEFORE.year)
    return [
        ", ".join(before[c] for c in ds.predecessors(code)) if ds.merged(code) else ""
        for code in codes
    ]


def table(ds: Dataset, vintage: int, query: str = "") -> pd.DataFrame:
    """Columns nis_code, municipality, region, history (see ``HISTORY_LABELS``), filtered.

    ``query`` matches a municipality, a region or a name in ``history`` (accents and case
    ignored), or a NIS code.
    """
    rows = ds.rows(vintage)
    frame = pd.DataFrame(
        {
            "nis_code": rows["nis_code"].to_list(),
            "municipality": rows["municipality"].to_list(),
            "region": rows["region"].to_list(),
            "history": _history(ds, vintage, rows["nis_code"], rows["merged_into"]),
        }
    )
    needle = search.fold(query or "")
    if not needle:
        return frame
    hit = (
        frame["municipality"].map(search.fold).str.contains(needle, regex=False)
        | frame["region"].map(search.fold).str.contains(needle, regex=False)
        | frame["history"].map(search.fold).str.contains(needle, regex=False)
        | frame["nis_code"].str.contains(query.strip(), regex=False)
    )
    return frame[hit]


DOWNLOAD_COLUMNS = {
    "vintage": "indeling",
    "nis_code": "nis_code",
    "municipality": "gemeente",
    "region_id": "regio_id",
    "region": "referentieregio",
    "merged_name": f"sinds_{AFTER.year}_deel_van",
    "merged_into": f"sinds_{AFTER.year}_deel_van_nis_code",
}


def download_frame(ds: Dataset) -> pd.DataFrame:
    """Both vintages, one row per municipality and vintage: the names beside the names."""
    frame = ds.membership.copy()
    frame["merged_name"] = [
        (ds.successor_name(code) or "") if into else ""
        for code, into in zip(frame["nis_code"], frame["merged_into"], strict=True)
    ]
    return frame[list(DOWNLOAD_COLUMNS)].rename(columns=DOWNLOAD_COLUMNS)
