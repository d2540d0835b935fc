"""Membership of municipalities in reference regions (``regions.csv``), read as a plain frame.

This reader does not validate: :func:`lib.data.dataset.load_dataset` (which validates first) is what
the app uses; the boundary build reads the rows it joins here. It accepts a UTF-8 byte-order
mark, as spreadsheet programs like to write one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_membership(data_dir: Path) -> pd.DataFrame:
    """Read ``regions.csv`` as text (``vintage`` as int); checks live in lib.data.validation."""
    frame = pd.read_csv(
        data_dir / "regions.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    frame["vintage"] = frame["vintage"].astype(int)
    return frame
