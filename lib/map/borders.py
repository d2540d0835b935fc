"""The borders between neighbouring municipalities, built once from the 2025 map geometry.

Every division of the 2025 municipalities has its borders along municipality borders, so one
list of shared borders serves all of them: for each pair of neighbouring municipalities, the
line they share (encoded like the map's polygons, with the same vertices, so a division border
lies exactly on the municipality borders drawn below it) and its length in metres. A division's
border is then the set of shared borders whose two sides lie in different divisions — a
selection, with no geometry library at run time. The lengths give the share of the reference
region borders that a kind of division follows (``lib.divisions.scores.border_share``).

Built with shapely from the 2025 map artifact (:mod:`lib.map.artifact`, the polygons exactly as
the browser draws them) by the boundary build, in the same atomic write as the artifact
(:func:`borders_file`), and written as JSON beside it (``paths.municipality_borders_path``,
git-ignored), keyed by the SHA-256 of the artifact: a cache whose borders do not match its map
is not current, and is rebuilt as a whole. Serving reads the JSON with the standard library.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from lib.data import paths, vintages
from lib.map import artifact, encoding
from lib.pinned.errors import BoundaryError

FORMAT = 1
VINTAGE = vintages.DEFAULT  # the division tables hold the municipalities since the mergers
METADATA_KEY = "regiokaart"


@dataclass(frozen=True)
class SharedBorder:
    """The border between two neighbouring municipalities (``first`` < ``second``)."""

    first: str
    second: str
    metres: float
    lines: tuple[str, ...]  # encoded polylines (lon, lat), see lib.map.encoding


@dataclass(frozen=True)
class Borders:
    precision: int
    borders: tuple[SharedBorder, ...]

    def pairs(self) -> list[tuple[str, str, float]]:
        """(nis_code, nis_code, metres) of every pair of neighbours."""
        return [(b.first, b.second, b.metres) for b in self.borders]


def _source(data_dir: Path) -> Path:
    return paths.map_artifact_path(VINTAGE, data_dir)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _metadata(path: Path) -> dict | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    metadata = document.get(METADATA_KEY) if isinstance(document, dict) else None
    return metadata if isinstance(metadata, dict) else None


def is_current(data_dir: Path) -> bool:
    """The borders exist, in this format, built from the map artifact as it is now."""
    source = _source(data_dir)
    metadata = _metadata(paths.municipality_borders_path(data_dir))
    if metadata is None or metadata.get("format") != FORMAT or not source.is_file():
        return False
    return metadata.get("map_sha256") == _digest(source)


def shared_borders(features: list[dict], precision: int) -> list[SharedBorder]:
    """Shared borders of the polygons in ``features`` (GeoJSON, EPSG:4326, a clean coverage).

    Each feature needs ``properties.nis_code``. Pairs that only touch at a point are left out.
    """
    import numpy as np
    import pyproj
    import shapely

    codes = [str(feature["properties"][artifact.NIS_CODE]) for feature in features]
    polygons = np.array([shapely.geometry.shape(feature["geometry"]) for feature in features])
    outlines = shapely.boundary(polygons)
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    keep = left < right
    to_metres = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:31370", always_xy=True)
    found = []
    for i, j in zip(left[keep], right[keep], strict=True):
        shared = shapely.intersection(outlines[i], outlines[j])
        parts = shapely.get_parts(shapely.line_merge(_lines_only(shared)))
        parts = [part for part in parts if not part.is_empty and part.length > 0]
        if not parts:
            continue
        metres = sum(
            shapely.transform(part, to_metres.transform, interleaved=False).length for part in parts
        )
        first, second = sorted((codes[i], codes[j]))
        lines = tuple(encoding.encode_ring(part.coords, precision) for part in parts)
        found.append(SharedBorder(first, second, round(float(metres), 1), lines))
    return sorted(found, key=lambda border: (border.first, border.second))


def _lines_only(geometry):
    import numpy as np
    import shapely

    parts = shapely.get_parts(geometry)
    kinds = shapely.get_type_id(parts)
    lines = parts[np.isin(kinds, [shapely.GeometryType.LINESTRING])] if len(parts) else parts
    return shapely.multilinestrings(lines) if len(lines) else shapely.MultiLineString()


def borders_file(map_file: bytes) -> bytes:
    """The borders file of the 2025 map artifact ``map_file`` (its bytes as written)."""
    try:
        document = json.loads(map_file)
        layer = document["layers"]["municipalities"]
        precision = int(layer["precision"])
        features = layer["features"]
    except (ValueError, KeyError, TypeError) as error:
        raise BoundaryError(f"The map file has no municipality layer ({error}).") from error
    flemish = [
        {
            "properties": {artifact.NIS_CODE: feature["p"][artifact.NIS_CODE]},
            "geometry": encoding.decode_geometry(feature["g"], precision),
        }
        for feature in features
        if feature["p"].get(artifact.REGION_ID)
    ]
    borders = shared_borders(flemish, precision)
    output = {
        METADATA_KEY: {
            "format": FORMAT,
            "map_sha256": hashlib.sha256(map_file).hexdigest(),
            "precision": precision,
        },
        "borders": [[b.first, b.second, b.metres, list(b.lines)] for b in borders],
    }
    return json.dumps(output, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_borders(data_dir: Path) -> Borders:
    """Read the built borders (standard library only)."""
    path = paths.municipality_borders_path(data_dir)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        precision = int(document[METADATA_KEY]["precision"])
        borders = tuple(
            SharedBorder(str(a), str(b), float(metres), tuple(lines))
            for a, b, metres, lines in document["borders"]
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BoundaryError(
            f"Cannot read the municipality borders {path} ({error}); delete it to rebuild it."
        ) from error
    return Borders(precision, borders)
