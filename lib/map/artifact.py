"""Turn built boundaries into the GeoJSON and tables the map is drawn from."""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import shapely

LAMBERT72 = "EPSG:31370"
CONTEXT_LABEL = "Brussel (geen referentieregio)"


@dataclass(frozen=True)
class RegionLabel:
    region_id: str
    name: str
    lat: float
    lon: float
    area_km2: float = 0.0


def _rounded(geometry, decimals: int):
    return shapely.set_precision(geometry, 10**-decimals, mode="pointwise")


def municipality_collection(boundaries: gpd.GeoDataFrame, decimals: int = 5) -> dict:
    """GeoJSON of every municipality with its code, name and region.

    ``nis_code`` and ``region_id`` come back from a click (streamlit-folium returns the clicked
    feature). Names stay raw text: the map shows them with ``textContent`` (lib.map.elements),
    never as HTML.
    """
    features = []
    for row in boundaries.itertuples(index=False):
        region_id = row.region_id or ""
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "nis_code": row.nis_code,
                    "region_id": region_id,
                    "municipality": row.municipality,
                    "region": row.region if region_id else CONTEXT_LABEL,
                },
                "geometry": json.loads(shapely.to_geojson(_rounded(row.geometry, decimals))),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def outline_collection(outlines: gpd.GeoDataFrame, decimals: int = 5) -> dict:
    features = [
        {
            "type": "Feature",
            "properties": {"region_id": row.region_id, "region": row.region},
            "geometry": json.loads(shapely.to_geojson(_rounded(row.geometry, decimals))),
        }
        for row in outlines.itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


def region_labels(outlines: gpd.GeoDataFrame) -> list[RegionLabel]:
    """The label point of each region, as the boundary build placed it, and its area."""
    areas = outlines.to_crs(LAMBERT72).geometry.area / 1e6
    return [
        RegionLabel(
            row.region_id, row.region, float(row.label_lat), float(row.label_lon), float(area)
        )
        for row, area in zip(outlines.itertuples(index=False), areas, strict=True)
    ]


def areas_km2(boundaries: gpd.GeoDataFrame, column: str) -> dict[str, float]:
    """Area in km² per value of ``column`` (``region_id`` or ``nis_code``), in Lambert 72."""
    projected = boundaries.to_crs(LAMBERT72)
    projected = projected[projected[column].fillna("") != ""]
    return (projected.geometry.area / 1e6).groupby(projected[column]).sum().round(1).to_dict()


def bounds_latlon(boundaries: gpd.GeoDataFrame) -> list[list[float]]:
    """[[south, west], [north, east]] of the Flemish municipalities."""
    flemish = boundaries[boundaries["region_id"].fillna("") != ""]
    west, south, east, north = flemish.total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]


def inner_points(boundaries: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """nis_code → (lat, lon) of a point guaranteed inside the municipality."""
    points = boundaries.geometry.representative_point()
    return {
        code: (round(point.y, 5), round(point.x, 5))
        for code, point in zip(boundaries["nis_code"], points, strict=True)
    }
