"""Errors of the boundary build and of reading its cache: one paragraph each, in English.

All are :class:`lib.pinned.errors.PinnedError`, like the download errors a build may raise, so
"it did not work, say why" catches every one of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lib.pinned.errors import PinnedError


class BoundaryError(PinnedError):
    """Building or reading the municipality boundaries failed."""


class CacheNotWritable(BoundaryError):
    """The boundary cache cannot be written: its folder is read-only (a deployment without a
    built cache)."""

    def __init__(self, folder: Path, error: OSError) -> None:
        super().__init__(
            f"Cannot write the boundary cache in {folder} ({error}): the folder is not "
            "writable. Run `python -m lib.boundaries build --vintage all` where it is writable "
            "before the app starts, or point REGIOKAART_DATA_DIR (or --out) at a writable folder."
        )


def _codes(codes: Iterable[str], limit: int = 40) -> str:
    ordered = sorted(codes)
    shown = ", ".join(ordered[:limit])
    return shown if len(ordered) <= limit else f"{shown} and {len(ordered) - limit} more"


class JoinError(BoundaryError):
    """Boundary polygons and ``regions.csv`` rows do not match one to one."""

    def __init__(
        self,
        vintage: int,
        without_row: Iterable[str] = (),
        without_polygon: Iterable[str] = (),
        duplicates: Iterable[str] = (),
    ) -> None:
        self.vintage = vintage
        self.without_row = sorted(without_row)
        self.without_polygon = sorted(without_polygon)
        self.duplicates = sorted(duplicates)
        parts = []
        if self.without_row:
            parts.append(f"polygons without a row in regions.csv: {_codes(self.without_row)}")
        if self.without_polygon:
            parts.append(f"rows of regions.csv without a polygon: {_codes(self.without_polygon)}")
        if self.duplicates:
            parts.append(f"NIS codes that occur more than once: {_codes(self.duplicates)}")
        detail = "; ".join(parts) if parts else "no rows for this vintage in regions.csv"
        super().__init__(
            f"The boundaries do not match regions.csv for vintage {vintage}: {detail}. "
            "Every Flemish municipality polygon needs exactly one row with the same NIS code and "
            "vice versa; check the vintage and source of the boundaries, or fix regions.csv."
        )
