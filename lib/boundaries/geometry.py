"""From the pinned shapefile to the cached layers: read, join, simplify as a coverage, round, check.

Input: a fetched layer of :mod:`lib.pinned.shapefiles`, read by :func:`read_layer` into one
polygon per municipality in Lambert 72. Output, in EPSG:4326: the Flemish municipalities joined to
``regions.csv`` plus Brussels' 19 municipalities as context (no region), each with a point well
inside it, and the dissolved region outlines with their area and label point.

Simplification is a coverage simplification (shapely's ``coverage_simplify``, Visvalingam–
Whyatt on shared edges), so neighbours keep sharing their borders exactly: no gaps, overlaps or
slivers. It runs in metres (Lambert 72), the result is projected to WGS 84 and rounded to
:data:`DECIMALS` places. Every candidate is checked: all geometries valid and non-empty, the whole
set a valid coverage, and the Hausdorff distance between each municipality and its source within
:data:`HAUSDORFF_NEAR_M` for :data:`HAUSDORFF_NEAR_SHARE` of them and within
:data:`HAUSDORFF_MAX_M` for all. The first candidate of :data:`TOLERANCES_M` × :data:`DECIMALS`
that passes wins; coarser first, because smaller files draw faster.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lib.boundaries.errors import BoundaryError, JoinError
from lib.data.refnis import BRUSSELS_PREFIX
from lib.pinned.shapefiles import PicLayer, Progress

WGS84 = "EPSG:4326"
LAMBERT72 = "EPSG:31370"

TOLERANCES_M = (100.0, 85.0, 70.0, 55.0, 40.0, 25.0)
DECIMALS = (4, 5, 6)
HAUSDORFF_NEAR_M = 200.0
HAUSDORFF_NEAR_SHARE = 0.95
HAUSDORFF_MAX_M = 500.0
HAUSDORFF_DENSIFY = 0.25
LABEL_PRECISION_M = 100.0

# What a correct result looks like, whatever its source: a file in another projection than it
# says, or shifted, simplifies and joins without complaint and would draw a wrong map.
FLANDERS_BOUNDS = (2.54, 50.68, 5.92, 51.51)
"""(west, south, east, north) in degrees of the Flemish and Brussels municipalities together."""
BOUNDS_MARGIN_DEG = 0.05
"""How far (about 4–5 km) a municipality may reach past FLANDERS_BOUNDS."""
FLANDERS_AREA_KM2 = 13_625.0
"""The Flemish Region's area; the built Flemish municipalities measure 13,626 km² together."""
AREA_TOLERANCE = 0.10
"""How far their total may differ (a wrong unit or projection scales it far more)."""
MUNICIPALITY_KM2 = (0.5, 400.0)
"""Any single municipality: the smallest (Sint-Joost-ten-Node) has 1.1 km², the largest 208."""
SHOWN_FAILURES = 5

MUNICIPALITY_COLUMNS = ["nis_code", "municipality", "region_id", "region", "label_lon", "label_lat"]
OUTLINE_COLUMNS = ["region_id", "region", "municipalities", "area_km2", "label_lon", "label_lat"]


def nis_codes(values: pd.Series) -> pd.Series:
    """REFNIS codes as five-digit text, whether the file stores them as text or numbers."""
    text = values.astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    return text.str.zfill(5)


def read_layer(shp: Path, layer: PicLayer) -> gpd.GeoDataFrame:
    """Read a fetched (verified) shapefile: ``nis_code``, ``name`` and the polygons, Lambert 72."""
    try:
        frame = gpd.read_file(shp)
    except Exception as exc:  # pyogrio raises its own error types
        raise BoundaryError(f"Cannot read {shp.name}: {exc}.") from exc
    missing = [f for f in (layer.code_field, layer.name_field) if f not in frame.columns]
    if missing:
        raise BoundaryError(
            f"{shp.name} lacks the field(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, frame.columns))}."
        )
    result = gpd.GeoDataFrame(
        {
            "nis_code": nis_codes(frame[layer.code_field]),
            "name": frame[layer.name_field].astype(str).str.strip(),
        },
        geometry=frame.geometry.values,
        crs=frame.crs,
    )
    return result.to_crs(LAMBERT72) if result.crs is not None else result.set_crs(LAMBERT72)


@dataclass
class Simplified:
    """The built layers and the figures that went into choosing them."""

    municipalities: gpd.GeoDataFrame
    outlines: gpd.GeoDataFrame
    tolerance_m: float
    decimals: int
    hausdorff_m: np.ndarray

    @property
    def flemish(self) -> int:
        return int(self.municipalities["region_id"].notna().sum())

    @property
    def context(self) -> int:
        return int(self.municipalities["region_id"].isna().sum())


def vintage_rows(membership: pd.DataFrame, vintage: int) -> pd.DataFrame:
    """The ``regions.csv`` rows of one vintage, keyed by ``nis_code``; duplicates fail."""
    rows = membership[membership["vintage"] == vintage]
    if rows.empty:
        raise JoinError(vintage)
    duplicated = rows["nis_code"][rows["nis_code"].duplicated()]
    if not duplicated.empty:
        raise JoinError(vintage, duplicates=set(duplicated))
    return rows.set_index("nis_code")


def join_membership(
    source: gpd.GeoDataFrame, membership: pd.DataFrame, vintage: int
) -> gpd.GeoDataFrame:
    """Attach the region of every Flemish polygon; Brussels' polygons stay without region.

    A polygon (outside Brussels) without a row, a row without a polygon, or a code that occurs
    twice among the polygons raises :class:`JoinError` naming the codes.
    """
    rows = vintage_rows(membership, vintage)
    codes = source["nis_code"]
    duplicates = set(codes[codes.duplicated()])
    in_rows = codes.isin(rows.index)
    brussels = ~in_rows & codes.str.startswith(BRUSSELS_PREFIX)
    without_row = set(codes[~in_rows & ~brussels])
    without_polygon = set(rows.index) - set(codes)
    if duplicates or without_row or without_polygon:
        raise JoinError(vintage, without_row, without_polygon, duplicates)
    kept = source[in_rows | brussels]
    joined = rows.reindex(kept["nis_code"])
    frame = gpd.GeoDataFrame(
        {
            "nis_code": kept["nis_code"].to_numpy(),
            "municipality": np.where(
                joined["municipality"].notna().to_numpy(),
                joined["municipality"].to_numpy(dtype=object),
                kept["name"].to_numpy(dtype=object),
            ),
            "region_id": joined["region_id"].to_numpy(dtype=object),
            "region": joined["region"].to_numpy(dtype=object),
        },
        geometry=kept.geometry.to_numpy(),
        crs=source.crs,
    )
    for column in ("region_id", "region"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame.sort_values("nis_code", ignore_index=True)


def clean_source(geometries: np.ndarray) -> np.ndarray:
    """Valid polygons that form a valid coverage, or :class:`BoundaryError`."""
    invalid = ~shapely.is_valid(geometries)
    if invalid.any():
        geometries = geometries.copy()
        geometries[invalid] = [_polygonal(shapely.make_valid(g)) for g in geometries[invalid]]
    if shapely.coverage_is_valid(geometries):
        return geometries
    if hasattr(shapely, "coverage_clean"):
        cleaned = shapely.coverage_clean(geometries)
        if shapely.is_valid(cleaned).all() and shapely.coverage_is_valid(cleaned):
            return cleaned
    raise BoundaryError(
        "The source polygons do not form a valid coverage (they overlap or their shared borders "
        "do not match), so they cannot be simplified without gaps or slivers."
    )


def _polygonal(geometry):
    parts = shapely.get_parts(geometry)
    parts = parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON]
    return parts[0] if len(parts) == 1 else shapely.multipolygons(parts)


def is_clean(geometries: np.ndarray) -> bool:
    """All valid, non-empty (multi)polygons that together form a valid coverage."""
    kinds = shapely.get_type_id(geometries)
    polygonal = np.isin(kinds, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    return bool(
        polygonal.all()
        and shapely.is_valid(geometries).all()
        and not shapely.is_empty(geometries).any()
        and shapely.coverage_is_valid(geometries)
    )


def to_crs(geometries: np.ndarray, source: str, target: str) -> np.ndarray:
    return gpd.GeoSeries(geometries, crs=source).to_crs(target).to_numpy()


def round_coordinates(geometries: np.ndarray, decimals: int) -> np.ndarray:
    """Round, drop the repeated points that rounding makes, orient rings as RFC 7946 wants."""
    rounded = shapely.transform(geometries, lambda coords: np.round(coords, decimals))
    rounded = shapely.remove_repeated_points(rounded, 0.0)
    return shapely.orient_polygons(rounded, exterior_cw=False)


def hausdorff_m(simplified_wgs84: np.ndarray, source_lambert: np.ndarray) -> np.ndarray:
    """Per municipality: Hausdorff distance in metres between result and source."""
    back = to_crs(simplified_wgs84, WGS84, LAMBERT72)
    return shapely.hausdorff_distance(back, source_lambert, densify=HAUSDORFF_DENSIFY)


def hausdorff_ok(distances: np.ndarray) -> bool:
    if len(distances) == 0:
        return True
    near = float(np.mean(distances <= HAUSDORFF_NEAR_M))
    return near >= HAUSDORFF_NEAR_SHARE and float(distances.max()) <= HAUSDORFF_MAX_M


def simplify(
    source: np.ndarray,
    tolerances: tuple[float, ...] = TOLERANCES_M,
    decimals: tuple[int, ...] = DECIMALS,
) -> tuple[np.ndarray, float, int, np.ndarray]:
    """The coarsest checked simplification: (geometries in WGS 84, tolerance, decimals, hd)."""
    for tolerance in tolerances:
        simplified = shapely.coverage_simplify(source, tolerance)
        if not is_clean(simplified):
            continue
        projected = to_crs(simplified, LAMBERT72, WGS84)
        for places in decimals:
            rounded = round_coordinates(projected, places)
            if not is_clean(rounded):
                continue
            distances = hausdorff_m(rounded, source)
            if hausdorff_ok(distances):
                return rounded, tolerance, places, distances
            break  # more decimals cannot repair a too coarse tolerance
    raise BoundaryError(
        "No simplification of the boundaries passed the checks (valid geometries, a valid "
        f"coverage, Hausdorff distance ≤ {HAUSDORFF_NEAR_M:.0f} m for "
        f"{HAUSDORFF_NEAR_SHARE:.0%} of the municipalities and ≤ {HAUSDORFF_MAX_M:.0f} m for "
        f"all) with tolerances {', '.join(f'{t:.0f}' for t in tolerances)} m."
    )


def region_outlines(municipalities: gpd.GeoDataFrame, decimals: int) -> gpd.GeoDataFrame:
    """One (multi)polygon per region: the union of its municipalities, its area and label point."""
    flemish = municipalities[municipalities["region_id"].notna()]
    records = []
    geometries = []
    for region_id, group in flemish.groupby("region_id", sort=True):
        outline = shapely.coverage_union_all(group.geometry.to_numpy())
        outline = shapely.orient_polygons(outline, exterior_cw=False)
        records.append((region_id, group["region"].iloc[0], len(group)))
        geometries.append(outline)
    frame = pd.DataFrame(records, columns=OUTLINE_COLUMNS[:3])
    shapes = np.array(geometries, dtype=object)
    lambert = to_crs(shapes, WGS84, LAMBERT72)
    frame["area_km2"] = np.round(shapely.area(lambert) / 1e6, 1)
    frame[["label_lon", "label_lat"]] = inner_points(lambert, decimals)
    outlines = gpd.GeoDataFrame(frame, geometry=geometries, crs=WGS84)
    if not (outlines.is_valid.all() and not outlines.is_empty.any()):
        raise BoundaryError("Dissolving the municipalities into region outlines failed.")
    return outlines


def inner_points(lambert: np.ndarray, decimals: int) -> np.ndarray:
    """(lon, lat) per (multi)polygon given in Lambert 72: the pole of inaccessibility of its
    largest part, i.e. inside it and far from its border (where a label or a zoom centre goes)."""
    largest = np.array(
        [max(shapely.get_parts(shape), key=lambda part: part.area) for shape in lambert],
        dtype=object,
    )
    circles = shapely.maximum_inscribed_circle(largest, tolerance=LABEL_PRECISION_M)
    poles = to_crs(shapely.get_point(circles, 0), LAMBERT72, WGS84)
    return np.round(shapely.get_coordinates(poles), decimals)


def check_plausible(municipalities: gpd.GeoDataFrame) -> None:
    """Refuse municipalities (in any CRS) that are not where Flanders is or not its size.

    Every municipality must lie within :data:`FLANDERS_BOUNDS` (plus the margin) and measure
    within :data:`MUNICIPALITY_KM2`; the Flemish ones must add up to :data:`FLANDERS_AREA_KM2`
    within :data:`AREA_TOLERANCE`. The error names the first municipalities that fail. The build
    checks its source (so that the message is this one, not a failed simplification) and its
    result (what is written).
    """
    with np.errstate(all="ignore"):  # coordinates far outside Lambert 72's domain
        geometries = municipalities.geometry.to_crs(WGS84).to_numpy()
        areas = shapely.area(municipalities.geometry.to_crs(LAMBERT72).to_numpy()) / 1e6
    west, south, east, north = FLANDERS_BOUNDS
    margin = BOUNDS_MARGIN_DEG
    failures = []
    for row, area, (x0, y0, x1, y1) in zip(
        municipalities.itertuples(index=False), areas, shapely.bounds(geometries), strict=True
    ):
        name = f"{row.nis_code} {row.municipality}"
        inside = west - margin <= x0 and x1 <= east + margin
        inside = inside and south - margin <= y0 and y1 <= north + margin
        if not inside:  # also NaN or infinite coordinates
            failures.append(
                f"{name} lies at {(x0 + x1) / 2:.2f}° E {(y0 + y1) / 2:.2f}° N, outside "
                f"{west}–{east}° E, {south}–{north}° N"
            )
        elif not MUNICIPALITY_KM2[0] <= area <= MUNICIPALITY_KM2[1]:
            failures.append(
                f"{name} measures {area:,.1f} km² (expected {MUNICIPALITY_KM2[0]:g}–"
                f"{MUNICIPALITY_KM2[1]:g})"
            )
    flemish = municipalities["region_id"].notna().to_numpy()
    total = float(areas[flemish].sum())
    if not abs(total - FLANDERS_AREA_KM2) <= AREA_TOLERANCE * FLANDERS_AREA_KM2:
        failures.insert(
            0,
            f"the Flemish municipalities measure {total:,.0f} km² together (expected "
            f"{FLANDERS_AREA_KM2:,.0f} ± {AREA_TOLERANCE:.0%})",
        )
    if failures:
        more = len(failures) - SHOWN_FAILURES
        raise BoundaryError(
            "The boundaries are not where Flanders is or not its size, so nothing was "
            f"written: {'; '.join(failures[:SHOWN_FAILURES])}"
            + (f"; and {more} more" if more > 0 else "")
            + ". The source is probably in another projection than it says, or shifted; check "
            "the files given with --from or REGIOKAART_BOUNDARIES_URL."
        )


def prepare(
    source: gpd.GeoDataFrame,
    membership: pd.DataFrame,
    vintage: int,
    progress: Progress | None = None,
) -> Simplified:
    """Join, simplify, check and dissolve: everything between reading and writing."""
    report = progress or (lambda _message: None)
    report("Gemeenten koppelen aan de referentieregio's")
    joined = join_membership(source.to_crs(LAMBERT72), membership, vintage)
    check_plausible(joined)
    original = clean_source(joined.geometry.to_numpy())
    report("Grenzen vereenvoudigen en controleren")
    geometries, tolerance, places, distances = simplify(original)
    municipalities = gpd.GeoDataFrame(
        joined[MUNICIPALITY_COLUMNS[:4]].copy(), geometry=geometries, crs=WGS84
    )
    municipalities[["label_lon", "label_lat"]] = inner_points(
        to_crs(geometries, WGS84, LAMBERT72), places
    )
    check_plausible(municipalities)
    report("Regiogrenzen samenstellen")
    outlines = region_outlines(municipalities, places)
    return Simplified(municipalities, outlines, tolerance, places, distances)
