"""Build the borders between neighbouring 2025 municipalities (shapely, pyproj): the file that
:mod:`lib.map.borders` reads.

Every division of the 2025 municipalities has its borders along municipality borders, so one
list of shared borders serves all of them: for each pair of neighbouring municipalities, the
line they share (encoded like the map's polygons, with the same vertices, so a division border
lies exactly on the municipality borders drawn below it) and its length in metres. Built from
the 2025 map artifact (:mod:`lib.map.artifact`, the polygons exactly as the browser draws them)
by :func:`lib.boundaries.build.build`, in the same atomic write as the artifact. Only the build
imports this module; serving a page never does.
"""

from __future__ import annotations

import json

from lib.boundaries.errors import BoundaryError
from lib.map import artifact, encoding
from lib.map.borders import FORMAT, METADATA_KEY, SharedBorder, built_from


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
            "map_sha256": built_from(map_file),
            "precision": precision,
        },
        "borders": [[b.first, b.second, b.metres, list(b.lines)] for b in borders],
    }
    return json.dumps(output, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
