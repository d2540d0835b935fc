"""Membership of municipalities in reference regions (``regions.csv``) and the corrections
against the VVSG page (``corrections.csv``), read as plain frames.

These readers do not validate: :func:`lib.dataset.load_dataset` (which validates first) is what
the app uses. Both accept a UTF-8 byte-order mark, as spreadsheet programs like to write one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

COLUMNS = ["vintage", "nis_code", "municipality", "region_id", "region", "merged_into"]
CORRECTION_COLUMNS = ["seed_text", "official_name", "nis_code", "region_id", "kind", "explanation"]


def _read_text_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def read_membership(data_dir: Path) -> pd.DataFrame:
    """Read ``regions.csv`` as text (``vintage`` as int); checks live in lib.validation."""
    frame = _read_text_csv(data_dir / "regions.csv")
    frame["vintage"] = frame["vintage"].astype(int)
    return frame


def read_corrections(data_dir: Path) -> pd.DataFrame:
    """Read ``corrections.csv``, every column as text."""
    return _read_text_csv(data_dir / "corrections.csv")
