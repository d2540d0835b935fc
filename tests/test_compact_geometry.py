"""lib.map.encoding: polyline-encoded polygons and their Python decoder (the browser's decoder is
run in Chromium in tests/test_browser_dashboard.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lib.data import paths
from lib.map import artifact
from lib.map.encoding import (
    decode_geometry,
    decode_page_collection,
    decode_ring,
    encode_collection,
    encode_geometry,
    encode_ring,
    page_collection,
)

SQUARE = [[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.1], [4.0, 51.0]]
HOLE = [[4.02, 51.02], [4.02, 51.05], [4.05, 51.05], [4.05, 51.02], [4.02, 51.02]]
WEST = [[-0.5, -33.9], [-0.25, -33.9], [-0.25, -33.75], [-0.5, -33.9]]  # negative x and y


def _assert_close(decoded, source, precision):
    a, b = np.asarray(decoded, dtype=float), np.asarray(source, dtype=float)[:, :2]
    assert a.shape == b.shape
    assert np.abs(a - b).max() <= 0.5 * 10**-precision + 1e-12


# --- rings -------------------------------------------------------------------------------------


def test_encode_ring_matches_the_published_polyline_example():
    """Google's documented example of the Encoded Polyline Algorithm (first value first)."""
    points = [[38.5, -120.2], [40.7, -120.95], [43.252, -126.453]]
    assert encode_ring(points) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"
    assert decode_ring("_p~iF~ps|U_ulLnnqC_mqNvxq`@") == points


@pytest.mark.parametrize("ring", [SQUARE, HOLE, WEST])
def test_ring_round_trip_is_exact_at_the_precision_of_the_input(ring):
    assert decode_ring(encode_ring(ring)) == ring


@pytest.mark.parametrize("precision", [0, 1, 3, 5, 6, 7])
def test_ring_round_trip_within_half_a_unit_of_the_last_decimal(precision):
    rng = np.random.default_rng(precision)
    ring = rng.uniform([-180, -90], [180, 90], size=(50, 2)).tolist()
    decoded = decode_ring(encode_ring(ring, precision), precision)
    _assert_close(decoded, ring, precision)


def test_ring_ignores_a_third_coordinate():
    ring = [[4.0, 51.0, 12.5], [4.5, 51.5, 13.0], [4.0, 51.0, 12.5]]
    assert decode_ring(encode_ring(ring)) == [[4.0, 51.0], [4.5, 51.5], [4.0, 51.0]]


def test_empty_ring_and_zero_steps():
    assert encode_ring([]) == ""
    assert decode_ring("") == []
    # A repeated vertex is a zero delta: one "?" per coordinate.
    assert encode_ring([[0, 0], [0, 0]]) == "????"
    assert decode_ring("????") == [[0.0, 0.0], [0.0, 0.0]]


def test_encoding_is_printable_ascii_without_html_breakers():
    """Characters 63-126 only: never < > & " ' (but ` { } \\ do occur, so the encoded text must
    travel as JSON strings, never inside a JS template literal or a Jinja template)."""
    rng = np.random.default_rng(1)
    ring = rng.uniform([-180, -90], [180, 90], size=(500, 2)).tolist()
    text = encode_ring(ring)
    assert all(63 <= ord(ch) <= 126 for ch in text)
    assert not set(text) & set("<>&\"'")


# --- geometries --------------------------------------------------------------------------------


def test_polygon_with_hole_round_trip():
    polygon = {"type": "Polygon", "coordinates": [SQUARE, HOLE]}
    encoded = encode_geometry(polygon)
    assert encoded["t"] == "Polygon"
    assert len(encoded["r"]) == 2 and all(isinstance(r, str) for r in encoded["r"])
    assert decode_geometry(encoded) == polygon


def test_multipolygon_with_holes_and_negative_coordinates_round_trip():
    multi = {"type": "MultiPolygon", "coordinates": [[SQUARE, HOLE], [WEST]]}
    encoded = encode_geometry(multi)
    assert encoded["t"] == "MultiPolygon"
    assert [len(polygon) for polygon in encoded["r"]] == [2, 1]
    assert decode_geometry(encoded) == multi


def test_geometry_precision_is_honoured():
    polygon = {
        "type": "Polygon",
        "coordinates": [[[4.123456789, 51.987654321], [4.2, 51.1], [4.123456789, 51.987654321]]],
    }
    coarse = decode_geometry(encode_geometry(polygon, 2), 2)
    assert coarse["coordinates"][0][0] == [4.12, 51.99]
    fine = decode_geometry(encode_geometry(polygon, 7), 7)
    _assert_close(fine["coordinates"][0], polygon["coordinates"][0], 7)


@pytest.mark.parametrize("kind", ["Point", "LineString", "GeometryCollection"])
def test_only_polygons_can_be_encoded(kind):
    with pytest.raises(ValueError, match=kind):
        encode_geometry({"type": kind, "coordinates": [4.0, 51.0]})


def test_encode_collection_keeps_only_the_listed_properties():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"nis_code": "44021", "name": "Gent", "x": 1},
                "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
            },
            {
                "type": "Feature",
                "properties": {"nis_code": "21004"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[WEST]]},
            },
        ],
    }
    encoded = encode_collection(collection, ["nis_code", "name"], precision=4)
    assert encoded["precision"] == 4
    assert [f["p"] for f in encoded["features"]] == [
        {"nis_code": "44021", "name": "Gent"},
        {"nis_code": "21004", "name": None},
    ]
    assert decode_geometry(encoded["features"][1]["g"], 4) == {
        "type": "MultiPolygon",
        "coordinates": [[WEST]],
    }


def test_the_page_form_lists_names_once_and_refuses_a_name_that_does_not_follow_its_id():
    square = {"type": "Polygon", "coordinates": [[[4, 51], [4.1, 51], [4.1, 51.1], [4, 51]]]}
    collection = {
        "features": [
            {"properties": {"code": "1", "rid": "r", "rname": "Regio"}, "geometry": square},
            {"properties": {"code": "2", "rid": "r", "rname": "Regio"}, "geometry": square},
        ]
    }
    layer = encode_collection(collection, ["code", "rid", "rname"], precision=4)
    page = page_collection(layer, ["code", "rid"], {"rname": "rid"})
    assert page["keys"] == ["code", "rid"]
    assert [entry[:2] for entry in page["features"]] == [["1", "r"], ["2", "r"]]
    assert json.dumps(page).count("Regio") == 1
    decoded = decode_page_collection(page)
    assert [f["properties"] for f in decoded["features"]] == [
        {"code": "1", "rid": "r", "rname": "Regio"},
        {"code": "2", "rid": "r", "rname": "Regio"},
    ]
    assert decoded["features"][0]["geometry"] == decode_geometry(layer["features"][0]["g"], 4)
    collection["features"][1]["properties"]["rname"] = "Andere naam"
    with pytest.raises(ValueError, match="'rname' does not follow from 'rid'"):
        page_collection(
            encode_collection(collection, ["code", "rid", "rname"], 4), ["code"], {"rname": "rid"}
        )


# --- the real boundaries -----------------------------------------------------------------------


def test_encoded_real_2025_layers_are_well_under_the_page_budget(built_data_dir: Path):
    built = artifact.read(paths.map_artifact_path(2025, built_data_dir))
    encoded = len(built.municipality_layer.encode())
    total = encoded + len(built.outline_layer.encode())
    # Measured: about 130 KB for municipalities and outlines; the budget is 400 KB.
    assert 100_000 < total < 260_000, total
    plain = json.loads(paths.boundaries_path(2025, built_data_dir).read_bytes())
    plain_size = len(json.dumps(plain["features"], ensure_ascii=False).encode())
    assert encoded < 0.4 * plain_size
