"""lib.map.artifact: GeoJSON, labels, areas and bounds from the built boundaries."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from lib.boundaries import build as boundaries
from lib.data.paths import REPO_ROOT
from lib.map import artifact as mapdata
from lib.map.artifact import CONTEXT_LABEL, LAMBERT72

# Synthetic municipalities in Lambert 72 metres, near Gent: two in region "a", one in "b",
# one Brussels municipality (no region) further east.
X0, Y0 = 100_000, 190_000


def _km_box(x_km: float, y_km: float, w_km: float, h_km: float) -> Polygon:
    return box(
        X0 + x_km * 1000, Y0 + y_km * 1000, X0 + (x_km + w_km) * 1000, Y0 + (y_km + h_km) * 1000
    )


@pytest.fixture(scope="module")
def synthetic() -> gpd.GeoDataFrame:
    with_hole = _km_box(2, 0, 3, 3).difference(_km_box(3, 1, 1, 1))  # 9 - 1 = 8 km²
    frame = gpd.GeoDataFrame(
        {
            "nis_code": ["10001", "10002", "10003", "21004"],
            "municipality": ["Eerste", "<b>Tweede</b>", "Derde", "Brussel"],
            # As lib.boundaries.load_boundaries gives them: None (not NaN) where there is no region.
            "region_id": pd.Series(["a", "a", "b", None], dtype=object),
            "region": pd.Series(["Regio A", "Regio A", "Regio B", None], dtype=object),
        },
        geometry=[_km_box(0, 0, 2, 1), _km_box(0, 1, 2, 1), with_hole, _km_box(20, 0, 2, 2)],
        crs=LAMBERT72,
    )
    return frame.to_crs(4326)


def test_municipality_collection_properties(synthetic):
    collection = mapdata.municipality_collection(synthetic)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"] for f in collection["features"]] == [
        {"nis_code": "10001", "region_id": "a", "municipality": "Eerste", "region": "Regio A"},
        # Names stay raw text: the map shows them with textContent.
        {
            "nis_code": "10002",
            "region_id": "a",
            "municipality": "<b>Tweede</b>",
            "region": "Regio A",
        },
        {"nis_code": "10003", "region_id": "b", "municipality": "Derde", "region": "Regio B"},
        {"nis_code": "21004", "region_id": "", "municipality": "Brussel", "region": CONTEXT_LABEL},
    ]


@pytest.mark.parametrize("decimals", [3, 5])
def test_coordinates_are_rounded_and_shapes_kept(synthetic, decimals):
    collection = mapdata.municipality_collection(synthetic, decimals=decimals)
    for feature, geometry in zip(collection["features"], synthetic.geometry, strict=True):
        shape = shapely.geometry.shape(feature["geometry"])
        coords = shapely.get_coordinates(shape)
        scaled = coords * 10**decimals
        assert np.allclose(scaled, np.round(scaled), atol=1e-6)
        assert np.abs(coords - shapely.get_coordinates(geometry)).max() <= 10**-decimals
        assert feature["geometry"]["type"] == geometry.geom_type
    hole = collection["features"][2]["geometry"]
    assert hole["type"] == "Polygon" and len(hole["coordinates"]) == 2  # outer ring and hole


def test_outline_collection(synthetic):
    outlines = synthetic.dissolve("region_id", as_index=False, dropna=True)[
        ["region_id", "region", "geometry"]
    ]
    collection = mapdata.outline_collection(outlines)
    assert [f["properties"] for f in collection["features"]] == [
        {"region_id": "a", "region": "Regio A"},
        {"region_id": "b", "region": "Regio B"},
    ]
    region_a = shapely.geometry.shape(collection["features"][0]["geometry"])
    assert region_a.geom_type == "Polygon"  # the two boxes of region a became one


def test_region_labels_take_the_built_label_points():
    outlines = gpd.GeoDataFrame(
        {
            "region_id": ["a", "b"],
            "region": ["Regio A", "Regio B"],
            "label_lat": [51.05, 50.9],
            "label_lon": [3.7, 4.4],
        },
        geometry=[_km_box(0, 0, 2, 2), _km_box(5, 0, 1, 1)],
        crs=LAMBERT72,
    ).to_crs(4326)
    labels = {label.region_id: label for label in mapdata.region_labels(outlines)}
    assert set(labels) == {"a", "b"}
    assert (labels["a"].name, labels["a"].lat, labels["a"].lon) == ("Regio A", 51.05, 3.7)
    assert (labels["b"].name, labels["b"].lat, labels["b"].lon) == ("Regio B", 50.9, 4.4)


def test_areas_in_square_kilometres(synthetic):
    by_region = mapdata.areas_km2(synthetic, "region_id")
    assert by_region == pytest.approx({"a": 4.0, "b": 8.0}, abs=0.05)  # Brussels left out
    by_code = mapdata.areas_km2(synthetic, "nis_code")
    assert by_code == pytest.approx(
        {"10001": 2.0, "10002": 2.0, "10003": 8.0, "21004": 4.0}, abs=0.05
    )


def test_bounds_cover_the_flemish_municipalities_only(synthetic):
    (south, west), (north, east) = mapdata.bounds_latlon(synthetic)
    flemish = gpd.GeoSeries([_km_box(0, 0, 5, 3)], crs=LAMBERT72).to_crs(4326)
    min_x, min_y, max_x, max_y = flemish.total_bounds
    assert (south, west, north, east) == pytest.approx((min_y, min_x, max_y, max_x), abs=1e-3)
    brussels_west = synthetic.geometry.iloc[3].bounds[0]
    assert east < brussels_west


# --- the real 2025 boundaries ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_2025(built_data_dir: Path) -> gpd.GeoDataFrame:
    return boundaries.load_boundaries(2025, built_data_dir)


def test_real_collection_has_every_municipality_and_brussels(real_2025):
    collection = mapdata.municipality_collection(real_2025)
    features = collection["features"]
    assert len(features) == 304
    with (REPO_ROOT / "data" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        expected = {r["nis_code"]: r for r in csv.DictReader(handle) if r["vintage"] == "2025"}
    flemish = [f for f in features if f["properties"]["region_id"]]
    assert {f["properties"]["nis_code"] for f in flemish} == set(expected)
    for feature in flemish:
        props = feature["properties"]
        row = expected[props["nis_code"]]
        assert (props["municipality"], props["region_id"], props["region"]) == (
            row["municipality"],
            row["region_id"],
            row["region"],
        )
    context = [f for f in features if not f["properties"]["region_id"]]
    assert len(context) == 19  # the Brussels municipalities
    assert {f["properties"]["region"] for f in context} == {CONTEXT_LABEL}
    assert {f["properties"]["nis_code"][:2] for f in context} == {"21"}


def test_real_areas_and_bounds(real_2025):
    areas = mapdata.areas_km2(real_2025, "region_id")
    assert len(areas) == 15
    assert 2350 < areas["limburg"] < 2500  # Limburg: about 2,427 km²
    assert 13_400 < sum(areas.values()) < 13_800  # Flanders: about 13,625 km²
    (south, west), (north, east) = mapdata.bounds_latlon(real_2025)
    assert 50.6 < south < 50.75 and 2.5 < west < 2.6  # De Panne to Voeren
    assert 51.45 < north < 51.55 and 5.85 < east < 5.95
