"""Where the data lives: the repository's ``data/`` folder or ``REGIOKAART_DATA_DIR``."""

from __future__ import annotations

import os
from pathlib import Path

from lib.data.vintages import DEFAULT

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR_ENV = "REGIOKAART_DATA_DIR"


def data_dir() -> Path:
    """The data folder: ``$REGIOKAART_DATA_DIR`` when set, else the repository's ``data/``."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else REPO_ROOT / "data"


def boundaries_path(vintage: int, base: Path | None = None) -> Path:
    """The built (git-ignored) boundary cache of one vintage."""
    folder = base if base is not None else data_dir()
    if vintage == DEFAULT:
        return folder / "municipalities.geojson"
    return folder / f"municipalities-{vintage}.geojson"


def map_artifact_path(vintage: int, base: Path | None = None) -> Path:
    """The built (git-ignored) map artifact of one vintage: what the app draws."""
    folder = base if base is not None else data_dir()
    if vintage == DEFAULT:
        return folder / "map.json"
    return folder / f"map-{vintage}.json"


def outlines_path(vintage: int, base: Path | None = None) -> Path:
    """The built (git-ignored) dissolved region outlines of one vintage."""
    folder = base if base is not None else data_dir()
    if vintage == DEFAULT:
        return folder / "region-outlines.geojson"
    return folder / f"region-outlines-{vintage}.geojson"


def divisions_path(base: Path | None = None) -> Path:
    """The built (git-ignored) division tables, read from the pinned downloads."""
    return (base if base is not None else data_dir()) / "divisions.json"


def municipality_borders_path(base: Path | None = None) -> Path:
    """The built (git-ignored) borders between neighbouring 2025 municipalities."""
    return (base if base is not None else data_dir()) / "municipality-borders.json"


def praktijk_db_path(base: Path | None = None) -> Path:
    """The (git-ignored) SQLite store of submitted practices, made on first use (lib.praktijk)."""
    return (base if base is not None else data_dir()) / "praktijk.sqlite3"
