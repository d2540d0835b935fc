"""Municipality boundaries: build the cache, make sure it is current, read it.

The cache of one vintage is three files under the data folder (git-ignored):

- municipalities (``paths.boundaries_path``, GeoJSON, EPSG:4326): one feature per Flemish
  municipality with ``nis_code``, ``municipality``, ``region_id``, ``region`` and ``label_lon``,
  ``label_lat`` (a point well inside it), plus Brussels' 19 municipalities as context features
  whose ``region_id`` and ``region`` are null;
- region outlines (``paths.outlines_path``, GeoJSON): one feature per reference region with
  ``region_id``, ``region``, ``municipalities`` (count), ``area_km2`` and its label point;
- the map artifact (``paths.map_artifact_path``, :mod:`lib.map.artifact`): everything the app
  draws, encoded once here so that serving a page needs no geometry library;
- for 2025 also the borders between neighbouring municipalities (:mod:`lib.boundaries.borders`,
  read by :mod:`lib.map.borders`), from which the division layers and border shares are drawn.

A build into the data folder also publishes what the browser loads for the map (its layer files
and Leaflet) into the app's ``static/`` folder (:mod:`lib.map.static_files`), exactly as the app
would: an app whose folder is read-only serves what its build published.

All carry the build's provenance (source, tolerance, decimals, attribution) and a fingerprint of
the ``regions.csv`` rows they were joined with, so :func:`ensure_boundaries` rebuilds a cache that
no longer matches ``regions.csv``. Only the build imports geopandas and shapely (lazily): checking
that the cache is current reads the artifact with :mod:`json`.

Command line::

    python -m lib.boundaries build [--vintage YEAR|all] [--from DIR_OR_URL] [--out PATH]

``--vintage all`` builds every vintage the app shows, one after the other (``python3 dev.py
boundaries`` runs exactly that in the project's environment).

``--out PATH`` writes the municipalities to PATH, the outlines beside it as
``<stem>-outlines<suffix>`` and the map artifact as ``<stem>-map.json``
(``x/m.geojson`` → ``x/m-outlines.geojson``, ``x/m-map.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from lib.boundaries.errors import BoundaryError, CacheNotWritable
from lib.data import paths, vintages
from lib.data.dataset import Dataset, DataValidationError, load_dataset
from lib.map import artifact, leaflet_assets, static_files
from lib.map import borders as municipality_borders
from lib.pinned import atomic, download, shapefiles
from lib.pinned.errors import PinnedError
from lib.pinned.shapefiles import Progress

if TYPE_CHECKING:  # geopandas is imported by the build only, never to serve a page
    import geopandas as gpd

__all__ = [
    "LAYERS",
    "BuildResult",
    "build",
    "ensure_boundaries",
    "is_current",
    "load_boundaries",
    "load_outlines",
    "main",
]

METADATA_KEY = "regiokaart"
LAYERS = {
    vintages.AFTER.year: shapefiles.GEMEENTE,
    vintages.BEFORE.year: shapefiles.GEMEENTE_2024,
}
"""The pinned layer that holds each vintage's municipalities."""
_BUILD_LOCK = threading.Lock()


@dataclass(frozen=True)
class BuildResult:
    """What one build wrote, and how it went."""

    vintage: int
    source: str
    boundaries_path: Path
    outlines_path: Path
    artifact_path: Path
    municipalities: int
    context: int
    regions: int
    boundaries_bytes: int
    outlines_bytes: int
    artifact_bytes: int
    seconds: float
    tolerance_m: float
    decimals: int
    hausdorff_p95_m: float
    hausdorff_max_m: float
    within_200m: float
    published: tuple[str, ...] = ()  # the map's files in the app's static folder
    publish_problem: str | None = None  # why they could not be written there

    def summary(self) -> str:
        return (
            f"Built {self.vintage} boundaries from {self.source}: {self.municipalities} Flemish "
            f"municipalities + {self.context} Brussels context features -> "
            f"{self.boundaries_path} ({self.boundaries_bytes / 1024:.0f} KB), {self.regions} "
            f"region outlines -> {self.outlines_path} ({self.outlines_bytes / 1024:.0f} KB), "
            f"map -> {self.artifact_path} ({self.artifact_bytes / 1024:.0f} KB) in "
            f"{self.seconds:.1f} s; tolerance {self.tolerance_m:.0f} m, {self.decimals} decimals, "
            f"Hausdorff p95 {self.hausdorff_p95_m:.0f} m, max {self.hausdorff_max_m:.0f} m."
            + (
                f" Published the map's {len(self.published)} files for the app."
                if self.published
                else ""
            )
        )


def outlines_beside(out: Path) -> Path:
    """Where ``--out PATH`` puts the region outlines: ``<stem>-outlines<suffix>`` beside it."""
    return out.with_name(f"{out.stem}-outlines{out.suffix}")


def artifact_beside(out: Path) -> Path:
    """Where ``--out PATH`` puts the map artifact: ``<stem>-map.json`` beside it."""
    return out.with_name(f"{out.stem}-map.json")


def _targets(vintage: int, out: Path | None, folder: Path) -> tuple[Path, Path, Path]:
    """(municipalities, outlines, map artifact) of one build."""
    if out is not None:
        out = Path(out)
        return out, outlines_beside(out), artifact_beside(out)
    return (
        paths.boundaries_path(vintage, folder),
        paths.outlines_path(vintage, folder),
        paths.map_artifact_path(vintage, folder),
    )


def _borders_target(artifact_target: Path) -> Path:
    """The shared-borders file beside a map artifact."""
    return paths.municipality_borders_path(artifact_target.parent)


def _folder(data_dir: Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else paths.data_dir()


def _membership(folder: Path, dataset: Dataset | None) -> pd.DataFrame:
    """The validated ``regions.csv`` rows: from ``dataset``, else from the data folder."""
    if dataset is not None:
        return dataset.membership
    try:
        return load_dataset(folder).membership
    except DataValidationError as error:
        shown = "; ".join(str(problem) for problem in error.problems[:3])
        more = len(error.problems) - 3
        raise BoundaryError(
            f"The data in {folder} has {len(error.problems)} problem(s), so the boundaries cannot "
            f"be joined to it: {shown}{f'; and {more} more' if more > 0 else ''}. Run "
            "`python -m lib.validate` for the whole list (set REGIOKAART_DATA_DIR or pass the "
            "data folder if it is elsewhere)."
        ) from error


def membership_digest(membership: pd.DataFrame, vintage: int) -> str:
    """A fingerprint of the rows a build depends on, to tell when a cache is stale."""
    rows = membership[membership["vintage"] == vintage]
    records = sorted(
        rows[["nis_code", "municipality", "region_id", "region"]].astype(str).values.tolist()
    )
    return hashlib.sha256(json.dumps(records, ensure_ascii=False).encode()).hexdigest()


def _check_vintage(vintage: int) -> None:
    if vintage not in LAYERS:
        raise BoundaryError(
            f"Unknown vintage {vintage}; choose one of {', '.join(map(str, sorted(LAYERS)))}."
        )


def build(
    vintage: int = vintages.DEFAULT,
    base: str | None = None,
    out: Path | None = None,
    data_dir: Path | None = None,
    *,
    progress: Progress | None = None,
    dataset: Dataset | None = None,
) -> BuildResult:
    """Fetch, check, join, simplify and write the boundaries and outlines of ``vintage``.

    ``base`` is a folder or ``http(s)://`` address holding the source files (default:
    ``$REGIOKAART_BOUNDARIES_URL`` or the pinned address).
    The validated ``regions.csv`` rows come from ``dataset`` or else from ``data_dir`` (default
    :func:`paths.data_dir`), and the files are written there unless ``out`` is given. Writes are
    atomic: a failing build leaves any existing files as they were.
    """
    _check_vintage(vintage)
    import numpy as np  # the geometry stack: for a build only

    from lib.boundaries.geometry import (
        HAUSDORFF_NEAR_M,
        MUNICIPALITY_COLUMNS,
        OUTLINE_COLUMNS,
        prepare,
        read_layer,
    )

    report = progress or (lambda _message: None)
    folder = _folder(data_dir)
    membership = _membership(folder, dataset)
    started = time.perf_counter()
    location = base if base else shapefiles.default_base()
    layer = LAYERS[vintage]
    with download.work_folder() as work:  # removed however the build ends
        shp = shapefiles.fetch_layer(layer, location, work, progress=report)
        frame = read_layer(shp, layer)
    result = prepare(frame, membership, vintage, report)

    metadata = {
        "vintage": vintage,
        "source": shapefiles.PIC_REPOSITORY,
        "source_version": shapefiles.PIC_COMMIT,
        "tolerance_m": result.tolerance_m,
        "decimals": result.decimals,
        "membership_sha256": membership_digest(membership, vintage),
        "attribution": shapefiles.ATTRIBUTION,
    }
    municipality_features = _features(result.municipalities, MUNICIPALITY_COLUMNS)
    outline_features = _features(result.outlines, OUTLINE_COLUMNS)
    municipalities = _feature_collection(municipality_features, metadata)
    outlines = _feature_collection(outline_features, metadata)
    map_file = artifact.to_bytes(
        artifact.build_document(
            vintage, result.decimals, municipality_features, outline_features, metadata
        )
    )
    boundaries_target, outlines_target, artifact_target = _targets(vintage, out, folder)
    files = {outlines_target: outlines, boundaries_target: municipalities}
    if vintage == municipality_borders.VINTAGE:
        # the borders the division layers are drawn from (lib.map.borders), with the map
        from lib.boundaries.borders import borders_file

        report("Grenzen tussen buurgemeenten berekenen")
        files[_borders_target(artifact_target)] = borders_file(map_file)
    report("Gemeentegrenzen opslaan")
    # The map artifact last: it is what is_current reads, so it marks a complete build.
    files[artifact_target] = map_file
    try:
        atomic.write_files(files)
    except OSError as error:
        if static_files.not_writable(error):
            raise CacheNotWritable(boundaries_target.parent, error) from error
        raise BoundaryError(
            f"Cannot write the boundary cache in {boundaries_target.parent} ({error}). Make the "
            f"folder writable, or point REGIOKAART_DATA_DIR (or --out) at a writable folder."
        ) from error

    published, publish_problem = (), None
    if out is None:  # the map the app serves: publish its files now (a read-only app folder)
        published, publish_problem = publish(artifact.from_document(json.loads(map_file)))

    flemish = result.municipalities["region_id"].notna().to_numpy()
    distances = result.hausdorff_m[flemish]
    return BuildResult(
        vintage=vintage,
        source=location,
        boundaries_path=boundaries_target,
        outlines_path=outlines_target,
        artifact_path=artifact_target,
        municipalities=result.flemish,
        context=result.context,
        regions=len(result.outlines),
        boundaries_bytes=len(municipalities),
        outlines_bytes=len(outlines),
        artifact_bytes=len(map_file),
        seconds=time.perf_counter() - started,
        tolerance_m=result.tolerance_m,
        decimals=result.decimals,
        hausdorff_p95_m=float(np.percentile(distances, 95)) if len(distances) else 0.0,
        hausdorff_max_m=float(distances.max()) if len(distances) else 0.0,
        within_200m=float(np.mean(distances <= HAUSDORFF_NEAR_M)) if len(distances) else 1.0,
        published=published,
        publish_problem=publish_problem,
    )


def publish(layers: artifact.MapArtifact) -> tuple[tuple[str, ...], str | None]:
    """Write the files the browser loads for this map into the app's static folder, as the app
    itself does (lib.map.static_files, lib.map.leaflet_assets): an app whose folder is read-only
    then serves them. Returns their URLs, or () and why they could not be written."""
    try:
        urls = static_files.publish_map(
            layers.vintage, layers.municipality_layer, layers.outline_layer
        )
        leaflet_assets.ensure_assets()
    except static_files.MapFilesUnavailable as error:
        return (), str(error)
    return urls, None


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _features(frame: gpd.GeoDataFrame, columns: list[str]) -> list[dict]:
    import shapely.geometry

    return [
        {
            "type": "Feature",
            "properties": {
                column: _plain(value) for column, value in zip(columns, row, strict=True)
            },
            "geometry": shapely.geometry.mapping(geometry),
        }
        for row, geometry in zip(
            frame[columns].itertuples(index=False, name=None), frame.geometry, strict=True
        )
    ]


def _feature_collection(features: list[dict], metadata: dict) -> bytes:
    document = {"type": "FeatureCollection", METADATA_KEY: metadata, "features": features}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def is_current(vintage: int, data_dir: Path | None = None, dataset: Dataset | None = None) -> bool:
    """All cache files exist, and the map artifact is of this format, this vintage and built
    from the ``regions.csv`` rows of today (of ``dataset`` when given); for 2025 the shared
    borders were built from that very artifact."""
    folder = _folder(data_dir)
    targets = _targets(vintage, None, folder)
    if not all(path.is_file() for path in targets):
        return False
    document = artifact.read_document(targets[-1])
    if document is None or document.get("vintage") != vintage:
        return False
    built_from = (document.get("build") or {}).get("membership_sha256")
    if built_from != membership_digest(_membership(folder, dataset), vintage):
        return False
    return vintage != municipality_borders.VINTAGE or municipality_borders.is_current(folder)


def ensure_boundaries(
    vintage: int,
    data_dir: Path | None = None,
    progress: Progress | None = None,
    dataset: Dataset | None = None,
) -> Path:
    """The cache path of ``vintage``, building it first when missing or stale.

    Uses the default source (``$REGIOKAART_BOUNDARIES_URL`` when set). ``progress`` receives
    short Dutch status messages for the UI; ``dataset`` saves reading the data folder again.
    Raises :class:`PinnedError` (for instance
    :class:`OfflineError`) when a needed build fails; an existing cache is then left as it was.
    """
    folder = _folder(data_dir)
    target = paths.boundaries_path(vintage, folder)
    with _BUILD_LOCK:
        if is_current(vintage, folder, dataset):
            return target
        report = progress or (lambda _message: None)
        if target.exists():
            report(f"De indeling is gewijzigd: gemeentegrenzen {vintage} worden opnieuw opgebouwd")
        else:
            report(f"Gemeentegrenzen {vintage} worden eenmalig opgehaald en opgebouwd")
        build(vintage, data_dir=folder, progress=report, dataset=dataset)
        report(f"Gemeentegrenzen {vintage} zijn klaar")
    return target


def _read_cache(path: Path, vintage: int, what: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    if not path.is_file():
        raise BoundaryError(
            f"No {what} cache at {path}. Build it with `python -m lib.boundaries build "
            f"--vintage {vintage}` (or call ensure_boundaries({vintage}))."
        )
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises its own error types
        raise BoundaryError(
            f"Cannot read the {what} cache {path} ({exc}); delete it and build it again."
        ) from exc
    return frame.set_crs(4326) if frame.crs is None else frame.to_crs(4326)


def _none_for_missing(frame: gpd.GeoDataFrame, columns: Sequence[str]) -> gpd.GeoDataFrame:
    for column in columns:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def load_boundaries(vintage: int, data_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The cached municipalities of ``vintage`` (EPSG:4326); Brussels has no region."""
    from lib.boundaries.geometry import MUNICIPALITY_COLUMNS

    path = paths.boundaries_path(vintage, _folder(data_dir))
    frame = _read_cache(path, vintage, "municipality boundaries")
    frame["nis_code"] = frame["nis_code"].astype(str)
    frame = _none_for_missing(frame, ["region_id", "region"])
    return frame[[*MUNICIPALITY_COLUMNS, "geometry"]]


def load_outlines(vintage: int, data_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The cached region outlines of ``vintage`` (EPSG:4326) with their label points."""
    from lib.boundaries.geometry import OUTLINE_COLUMNS

    path = paths.outlines_path(vintage, _folder(data_dir))
    frame = _read_cache(path, vintage, "region outlines")
    return frame[[*OUTLINE_COLUMNS, "geometry"]]


# --- command line ------------------------------------------------------------------------------


ALL_VINTAGES = "all"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lib.boundaries",
        description="Build the municipality boundaries and region outlines of one vintage, "
        "or of all.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("build", help="download, check, simplify and cache")
    command.add_argument(
        "--vintage",
        choices=[*map(str, sorted(LAYERS)), ALL_VINTAGES],
        default=str(vintages.DEFAULT),
        help=f"which municipalities: one year, or '{ALL_VINTAGES}' (default: {vintages.DEFAULT})",
    )
    command.add_argument(
        "--from",
        dest="base",
        metavar="DIR_OR_URL",
        help="folder or http(s):// address holding the source files "
        "(default: $REGIOKAART_BOUNDARIES_URL, else the pinned public address)",
    )
    command.add_argument("--out", type=Path, help="write here instead of the data folder")
    return parser


@contextlib.contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit, so that a stopped build still cleans up after itself."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.vintage == ALL_VINTAGES and args.out is not None:
        parser.error("--out names one file: build one --vintage at a time with it")
    with _exit_on_sigterm():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    years = vintages.YEARS if args.vintage == ALL_VINTAGES else (int(args.vintage),)
    interactive = sys.stderr.isatty()

    def progress(message: str) -> None:
        if interactive:
            print(message, file=sys.stderr, flush=True)

    for vintage in years:
        try:
            result = build(vintage=vintage, base=args.base, out=args.out, progress=progress)
        except PinnedError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(result.summary())
        if result.publish_problem:
            print(f"warning: {result.publish_problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
