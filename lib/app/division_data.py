"""The other divisions' tables and scores, cached for every page.

Everything expensive happens once: the tables are downloaded and cached by
``lib.divisions.tables``, the shared municipality borders are built with the 2025 map by the
boundary build (``lib.boundaries.borders``; read with ``lib.map.borders``), and the scores are
computed once per version of their inputs (``st.cache_resource``, keyed by file fingerprints).
A failed download is remembered for a while for every session
(:func:`lib.app.failure.remembered`), so that offline no page waits for it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from lib.app import failure, store
from lib.data import paths, vintages
from lib.divisions import tables as division_tables
from lib.divisions.errors import DivisionError
from lib.divisions.report import score_cache
from lib.divisions.scores import Alignment
from lib.map import borders as municipality_borders


@dataclass(frozen=True)
class AppAlignment:
    """The scores with what the pages need to show them."""

    alignment: Alignment
    assignment: dict[str, dict[str, str]]  # kind → nis_code → division_id
    names: dict[str, dict[str, str]]  # kind → division_id → name
    municipalities: dict[str, str]  # nis_code → name (2025)
    region_names: dict[str, str]  # region_id → name

    @property
    def has_border_share(self) -> bool:
        return all(score.border_share is not None for score in self.alignment.kinds.values())


def _tables_key(data_dir: Path) -> tuple:
    return ("division tables", str(data_dir))


def forget_failure(data_dir: Path) -> None:
    """Let the next attempt download again at once (the retry button)."""
    failure.forget(_tables_key(data_dir))


def ensure_tables(data_dir: Path, progress=None) -> None:
    """Make sure the division cache exists; raises PinnedError (remembered for a while)."""

    def attempt() -> None:
        cache = paths.divisions_path(data_dir)
        if cache.exists():
            _checked_cache(str(data_dir), file_stamp(cache))
        else:
            division_tables.ensure_tables(data_dir, progress=progress)

    failure.remembered(_tables_key(data_dir), attempt, what="division tables", wrap=DivisionError)


def file_stamp(path: Path) -> tuple:
    """A file's version (size, time) for cache keys; () when it is missing."""
    return (path.stat().st_size, path.stat().st_mtime_ns) if path.exists() else ()


@st.cache_resource(show_spinner=False, max_entries=4)
def _checked_cache(data_dir: str, stamp: tuple) -> str:
    """An existing cache is checked (and rebuilt if not of the pinned files) once per version."""
    return str(division_tables.ensure_tables(Path(data_dir)))


@st.cache_resource(show_spinner=False, max_entries=4)
def _alignment(data_dir: str, data_stamp: tuple, tables_stamp: tuple, borders_stamp: tuple):
    folder = Path(data_dir)
    ds = store.dataset(folder)
    rows = ds.rows(vintages.DEFAULT)
    regions = dict(zip(rows["nis_code"], rows["region_id"], strict=True))
    municipalities = dict(zip(rows["nis_code"], rows["municipality"], strict=True))
    pairs = municipality_borders.load_borders(folder).pairs() if borders_stamp else None
    checked, scored = score_cache(folder, regions, municipalities, pairs)
    return AppAlignment(
        alignment=scored,
        assignment={kind: dict(table.assignment) for kind, table in checked.items()},
        names={kind: dict(table.names) for kind, table in checked.items()},
        municipalities=municipalities,
        region_names={profile.id: profile.name for profile in ds.regions},
    )


def _borders_stamp(data_dir: Path) -> tuple:
    """The shared borders' version; whether they are current is borders_ready's concern."""
    return file_stamp(paths.municipality_borders_path(data_dir))


def alignment(data_dir: Path, progress=None) -> AppAlignment:
    """The checked tables and every score; raises PinnedError when they are unavailable.

    The border share of each kind is included when the shared borders have been built (see
    :func:`borders_ready`), else it is None.
    """
    ensure_tables(data_dir, progress)
    return _alignment(
        str(data_dir),
        store.fingerprint(data_dir),
        file_stamp(paths.divisions_path(data_dir)),
        _borders_stamp(data_dir),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def _borders_match(data_dir: str, boundary_stamp: tuple, borders_stamp: tuple) -> bool:
    return municipality_borders.is_current(Path(data_dir))


def borders_ready(data_dir: Path) -> bool:
    """Whether the shared borders of the 2025 map are built (the boundary build writes them
    with the map; see lib.boundaries.borders). Checked once per version of the two files."""
    boundary = paths.map_artifact_path(vintages.DEFAULT, data_dir)
    if not boundary.is_file():
        return False
    return _borders_match(str(data_dir), file_stamp(boundary), _borders_stamp(data_dir))
