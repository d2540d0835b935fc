"""The app's cached accessors: everything expensive is read or computed once per input.

Keys are plain values (the data folder as text and a fingerprint of its files), never
GeoDataFrames, so editing a data file invalidates exactly what depends on it. Results are
read-only by convention and kept with ``st.cache_resource`` (no copy per rerun); a click then
reruns the page in milliseconds. folium ``Map`` objects are not cached (st_folium mutates them).
"""

from __future__ import annotations

from pathlib import Path

import folium
import streamlit as st

from lib.app import failure, kaart_state, membership, search
from lib.boundaries import build
from lib.boundaries.errors import BoundaryError
from lib.data import paths, vintages
from lib.data.dataset import Dataset, load_dataset
from lib.map import artifact, elements, leaflet_assets, static_files
from lib.map import borders as municipality_borders
from lib.map.artifact import MapArtifact

DATA_PATTERNS = ("*.csv", "*.yaml")


def fingerprint(data_dir: Path, patterns: tuple[str, ...] = DATA_PATTERNS) -> tuple:
    """Names, sizes and modification times of the data files: cheap to compute every rerun."""
    stats = []
    for pattern in patterns:
        for path in sorted(data_dir.glob(pattern)):
            try:
                info = path.stat()
            except OSError:  # a dangling link, a file removed meanwhile: the check reports it
                stats.append((path.name, None, None))
                continue
            stats.append((path.name, info.st_size, info.st_mtime_ns))
    return tuple(stats)


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset(data_dir: str, stamp: tuple) -> Dataset:
    return load_dataset(Path(data_dir))


def dataset(data_dir: Path) -> Dataset:
    """The validated dataset; raises DataValidationError (not cached) on problems."""
    return _dataset(str(data_dir), fingerprint(data_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def _search_entries(data_dir: str, stamp: tuple) -> tuple[search.MunicipalityEntry, ...]:
    return tuple(search.entries(dataset(Path(data_dir))))


def search_entries(data_dir: Path) -> tuple[search.MunicipalityEntry, ...]:
    return _search_entries(str(data_dir), fingerprint(data_dir))


@st.cache_resource(show_spinner=False, max_entries=4)
def _kaart_catalog(data_dir: str, stamp: tuple) -> kaart_state.Catalog:
    ds = dataset(Path(data_dir))
    membership = ds.membership
    return kaart_state.Catalog.build(
        region_names={profile.id: profile.name for profile in ds.regions},
        entries=search_entries(Path(data_dir)),
        codes={
            vintage: set(membership.loc[membership["vintage"] == vintage, "nis_code"])
            for vintage in vintages.YEARS
        },
        default_vintage=vintages.DEFAULT,
    )


def kaart_catalog(data_dir: Path) -> kaart_state.Catalog:
    """What the Kaart page's choices can be (lib.app.kaart_state), built once per data version."""
    return _kaart_catalog(str(data_dir), fingerprint(data_dir))


def _cache_files(data_dir: Path, vintage: int) -> tuple[Path, ...]:
    """The files of the boundary cache of ``vintage`` (lib.boundaries.build); for 2025 with the
    borders between neighbouring municipalities."""
    files = (
        paths.boundaries_path(vintage, data_dir),
        paths.outlines_path(vintage, data_dir),
        paths.map_artifact_path(vintage, data_dir),
    )
    if vintage == municipality_borders.VINTAGE:
        files += (paths.municipality_borders_path(data_dir),)
    return files


def boundary_fingerprint(data_dir: Path, vintage: int) -> tuple:
    """Names, sizes and times of the built cache files of ``vintage`` that exist."""
    files = _cache_files(data_dir, vintage)
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files if p.exists())


@st.cache_resource(show_spinner=False, max_entries=4)
def _map_layers(data_dir: str, vintage: int, stamp: tuple) -> MapArtifact:
    return artifact.read(paths.map_artifact_path(vintage, Path(data_dir)))


def map_layers(data_dir: Path, vintage: int) -> MapArtifact:
    """The map of ``vintage`` as built (lib.map.artifact); the boundary cache must exist (see
    ensure_boundaries). Read once per version of the file, with json only."""
    return _map_layers(str(data_dir), vintage, boundary_fingerprint(data_dir, vintage))


@st.cache_resource(show_spinner=False, max_entries=8)
def _ensured(data_dir: str, vintage: int, data_stamp: tuple, boundary_stamp: tuple) -> str:
    folder = Path(data_dir)
    return str(build.ensure_boundaries(vintage, folder, dataset=dataset(folder)))


def _boundary_key(data_dir: Path, vintage: int) -> tuple:
    return ("boundaries", str(data_dir), vintage)


def forget_failed_build(data_dir: Path, vintage: int) -> None:
    """Let the next ensure_boundaries try again at once (the page's retry button)."""
    failure.forget(_boundary_key(data_dir, vintage))


def ensure_boundaries(data_dir: Path, vintage: int, progress=None) -> Path:
    """Make sure the boundary cache of ``vintage`` exists and is current; return its path.

    A missing cache (or one of its files, such as the municipality borders) is built with
    ``progress`` messages for the page; an existing one is checked against regions.csv once per
    fingerprint (and rebuilt as a whole when stale). Raises
    lib.pinned.errors.PinnedError when it cannot be built; the failure is remembered for a while
    (lib.app.failure.remembered), so that offline every click does not wait for it again.
    """

    def attempt() -> Path:
        current = boundary_fingerprint(data_dir, vintage)
        if len(current) == len(_cache_files(data_dir, vintage)):
            return Path(_ensured(str(data_dir), vintage, fingerprint(data_dir), current))
        return build.ensure_boundaries(
            vintage, data_dir, progress=progress, dataset=dataset(data_dir)
        )

    return failure.remembered(
        _boundary_key(data_dir, vintage), attempt, what=f"boundaries {vintage}", wrap=BoundaryError
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def _leaflet_assets_ready(folder: str) -> Path:
    return leaflet_assets.ensure_assets(Path(folder))


def base_map(layers: MapArtifact) -> folium.Map:
    """The map without a selection (lib.map.elements); its layers' files are written into
    static/ the first time (lib.map.static_files)."""
    try:
        return elements.base_map(layers)
    except static_files.MapFilesUnavailable as error:
        failure.logger().warning("map unavailable: %s", error)
        raise


def leaflet_assets_ready() -> Path:
    """Copy Leaflet into static/ once per server process (lib.map.leaflet_assets)."""
    try:
        return _leaflet_assets_ready(str(leaflet_assets.static_dir()))
    except static_files.MapFilesUnavailable as error:  # not installed, or not writable
        failure.logger().warning("map unavailable: %s", error)
        raise


@st.cache_data(show_spinner=False, max_entries=4)
def _membership_csv(data_dir: str, stamp: tuple) -> bytes:
    frame = membership.download_frame(dataset(Path(data_dir)))
    # semicolons and a byte-order mark: how Excel with Belgian settings opens a CSV correctly
    return frame.to_csv(index=False, sep=";").encode("utf-8-sig")


def membership_csv(data_dir: Path) -> bytes:
    """The membership of both vintages as an Excel-friendly CSV (built once per data version)."""
    return _membership_csv(str(data_dir), fingerprint(data_dir))
