"""lib.map.artifact: the map file the boundary build writes and every page view reads."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely
import shapely.geometry

from lib.boundaries.errors import BoundaryError
from lib.data import paths
from lib.data.paths import REPO_ROOT
from lib.map import artifact
from lib.map.encoding import decode_geometry, decode_page_collection

# Two municipalities in region "a", one in "b", one Brussels municipality without region.
A1 = {"type": "Polygon", "coordinates": [[[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.0]]]}
A2 = {"type": "Polygon", "coordinates": [[[4.1, 51.0], [4.2, 50.9], [4.2, 51.1], [4.1, 51.0]]]}
B = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[3.0, 50.8], [3.5, 50.8], [3.5, 51.2], [3.0, 50.8]]],
        [[[3.6, 50.7], [3.7, 50.7], [3.7, 50.75], [3.6, 50.7]]],
    ],
}
BRUSSELS = {
    "type": "Polygon",
    "coordinates": [[[4.3, 50.8], [4.5, 50.8], [4.5, 51.3], [4.3, 50.8]]],
}


def _municipality(code, name, region_id, region, geometry, centre):
    properties = {
        "nis_code": code,
        "municipality": name,
        "region_id": region_id,
        "region": region,
        "label_lon": centre[1],
        "label_lat": centre[0],
    }
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _outline(region_id, name, count, area, geometry, label):
    properties = {
        "region_id": region_id,
        "region": name,
        "municipalities": count,
        "area_km2": area,
        "label_lon": label[1],
        "label_lat": label[0],
    }
    return {"type": "Feature", "properties": properties, "geometry": geometry}


MUNICIPALITIES = [
    _municipality("10001", "Eerste", "a", "Regio A", A1, (51.03, 4.07)),
    _municipality("10002", "<b>Tweede</b>", "a", "Regio A", A2, (51.0, 4.15)),
    _municipality("10003", "Derde", "b", "Regio B", B, (50.9, 3.3)),
    _municipality("21004", "Brussel", None, None, BRUSSELS, (51.0, 4.45)),
]
OUTLINES = [  # out of order on purpose: the artifact lists regions by id
    _outline("b", "Regio B", 1, 1234.5, B, (50.9, 3.3)),
    _outline(
        "a",
        "Regio A",
        2,
        100.0,
        {"type": "Polygon", "coordinates": [[[4.0, 51.0], [4.2, 50.9], [4.2, 51.1], [4.0, 51.0]]]},
        (51.0, 4.1),
    ),
]
BUILD = {"source": "test", "membership_sha256": "abc"}


@pytest.fixture
def document() -> dict:
    return artifact.build_document(2025, 4, MUNICIPALITIES, OUTLINES, BUILD)


def test_document_holds_what_the_page_needs(document):
    assert (document["format"], document["vintage"], document["decimals"]) == (
        artifact.FORMAT,
        2025,
        4,
    )
    assert document["build"] == BUILD
    # Flanders' bounds: Brussels is context, not part of what the map fits to
    assert document["bounds"] == ((50.7, 3.0), (51.2, 4.2))
    assert [r["region_id"] for r in document["regions"]] == ["a", "b"]
    region_b = document["regions"][1]
    assert region_b == {
        "region_id": "b",
        "name": "Regio B",
        "label": [50.9, 3.3],
        "area_km2": 1234.5,
        "bounds": ((50.7, 3.0), (51.2, 3.7)),  # both parts of the multipolygon
        "municipalities": 1,
    }
    places = {place["nis_code"]: place for place in document["municipalities"]}
    assert places["10002"]["centre"] == [51.0, 4.15]
    assert places["10002"]["bounds"] == ((50.9, 4.1), (51.1, 4.2))
    assert places["21004"]["region_id"] is None


def test_the_layers_carry_the_click_contract_and_the_names_only(document):
    municipalities = document["layers"]["municipalities"]
    assert municipalities["precision"] == 4
    assert [f["p"] for f in municipalities["features"]] == [
        {"nis_code": "10001", "region_id": "a", "municipality": "Eerste", "region": "Regio A"},
        # names stay raw text: the map shows them with textContent
        {
            "nis_code": "10002",
            "region_id": "a",
            "municipality": "<b>Tweede</b>",
            "region": "Regio A",
        },
        {"nis_code": "10003", "region_id": "b", "municipality": "Derde", "region": "Regio B"},
        {"nis_code": "21004", "region_id": None, "municipality": "Brussel", "region": None},
    ]
    assert set(artifact.CLICK_PROPERTIES) <= set(municipalities["features"][0]["p"])
    outlines = document["layers"]["outlines"]
    assert [f["p"] for f in outlines["features"]] == [{"region_id": "b"}, {"region_id": "a"}]
    assert decode_geometry(municipalities["features"][2]["g"], 4) == B


def test_read_gives_objects_and_decodes_a_feature_only_when_asked(tmp_path, document):
    path = tmp_path / "map.json"
    path.write_bytes(artifact.to_bytes(document))
    read = artifact.read(path)
    assert (read.vintage, read.decimals, read.bounds) == (2025, 4, ((50.7, 3.0), (51.2, 4.2)))
    assert [label.region_id for label in read.labels] == ["a", "b"]
    assert read.region_area_km2 == {"a": 100.0, "b": 1234.5}
    assert read.regions["b"].bounds == ((50.7, 3.0), (51.2, 3.7))
    assert read.centres["10003"] == (50.9, 3.3)
    assert read.municipalities["21004"].region_id is None
    assert read.municipalities["10001"].bounds == ((51.0, 4.0), (51.1, 4.1))
    feature = read.municipality_by_code["10003"]
    assert feature["geometry"] == B and feature["properties"]["municipality"] == "Derde"
    assert read.municipality_by_code["10003"] is feature  # decoded once
    assert set(read.outline_by_region) == {"a", "b"} and "c" not in read.outline_by_region
    # the page's layers carry the stored ones: the same properties and shapes, in order
    for text, stored in (
        (read.municipality_layer, document["layers"]["municipalities"]),
        (read.outline_layer, document["layers"]["outlines"]),
    ):
        shown = decode_page_collection(json.loads(text))["features"]
        assert [f["properties"] for f in shown] == [f["p"] for f in stored["features"]]
        assert [f["geometry"] for f in shown] == [
            decode_geometry(f["g"], stored["precision"]) for f in stored["features"]
        ]


def test_a_missing_or_foreign_file_says_how_to_build(tmp_path, document):
    with pytest.raises(BoundaryError, match="python -m lib.boundaries build"):
        artifact.read(tmp_path / "map.json")
    (tmp_path / "old.json").write_text(json.dumps({**document, "format": 1}))
    with pytest.raises(BoundaryError, match="No usable map file"):
        artifact.read(tmp_path / "old.json")
    (tmp_path / "half.json").write_bytes(artifact.to_bytes(document)[:1000])
    with pytest.raises(BoundaryError, match="No usable map file"):
        artifact.read(tmp_path / "half.json")
    damaged = {**document, "regions": [{"region_id": "a"}]}
    (tmp_path / "damaged.json").write_text(json.dumps(damaged))
    with pytest.raises(BoundaryError, match="damaged"):
        artifact.read(tmp_path / "damaged.json")


# --- the real 2025 build -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_2025(built_data_dir: Path) -> artifact.MapArtifact:
    return artifact.read(paths.map_artifact_path(2025, built_data_dir))


def test_real_artifact_has_every_municipality_and_brussels(real_2025):
    with (REPO_ROOT / "data" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        expected = {r["nis_code"]: r for r in csv.DictReader(handle) if r["vintage"] == "2025"}
    page = decode_page_collection(json.loads(real_2025.municipality_layer))
    features = [f["properties"] for f in page["features"]]
    assert len(features) == len(real_2025.municipalities) == 304
    flemish = [p for p in features if p["region_id"]]
    assert {p["nis_code"] for p in flemish} == set(expected)
    for props in flemish:
        row = expected[props["nis_code"]]
        assert (props["municipality"], props["region_id"], props["region"]) == (
            row["municipality"],
            row["region_id"],
            row["region"],
        )
    context = [p for p in features if not p["region_id"]]
    assert {p["region"] for p in context} == {None}
    assert len(context) == 19 and {p["nis_code"][:2] for p in context} == {"21"}


def test_real_areas_bounds_and_centres(real_2025):
    areas = real_2025.region_area_km2
    assert len(areas) == 15
    assert 2350 < areas["limburg"] < 2500  # Limburg: about 2,427 km²
    assert 13_400 < sum(areas.values()) < 13_800  # Flanders: about 13,625 km²
    (south, west), (north, east) = real_2025.bounds
    assert 50.6 < south < 50.75 and 2.5 < west < 2.6  # De Panne to Voeren
    assert 51.45 < north < 51.55 and 5.85 < east < 5.95
    for region in real_2025.labels:
        (s, w), (n, e) = region.bounds
        assert south <= s < region.lat < n <= north and west <= w < region.lon < e <= east
    for code, place in real_2025.municipalities.items():
        shape = shapely.geometry.shape(real_2025.municipality_by_code[code]["geometry"])
        assert shape.contains(shapely.Point(place.centre[1], place.centre[0])), code
        (s, w), (n, e) = place.bounds
        assert (w, s, e, n) == shape.bounds, code


def test_the_map_shows_exactly_the_built_coordinates(real_2025, built_data_dir: Path):
    """No second rounding: the encoded layer decodes to the GeoJSON cache's coordinates."""
    cache = json.loads(paths.boundaries_path(2025, built_data_dir).read_bytes())
    assert real_2025.decimals == cache["regiokaart"]["decimals"]
    vertices = 0
    for feature in cache["features"]:
        code = feature["properties"]["nis_code"]
        drawn = real_2025.municipality_by_code[code]["geometry"]
        assert drawn == json.loads(json.dumps(feature["geometry"])), code
        vertices += len(shapely.get_coordinates(shapely.geometry.shape(drawn)))
    assert vertices > 20_000  # the whole of Flanders and Brussels, not a toy


OPENING_MAP_SKIPS = ("sqlalchemy", "typst", "streamlit.emojis")
"""Modules the opening map must not load: the practices' store and the PDF compiler are for a
region's panel and its download, and Streamlit's emoji catalogue (0.2 s, 6 MB) is loaded only
for a control whose option starts with a word that is not ASCII (lib.app.text.option_label)."""
GEOMETRY = ("geopandas", "pyogrio", "shapely", "pyproj")


def test_serving_the_map_imports_no_geometry_library(built_data_dir: Path):
    """A fresh process opens / with a built cache: the store, Typst and the emoji catalogue stay
    unloaded; geopandas, pyogrio and shapely stay unloaded also with a region's panel and another
    division's layer on the map."""
    probe = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "def run(**params):\n"
        f"    at = AppTest.from_file({str(REPO_ROOT / 'app.py')!r}, default_timeout=60)\n"
        "    at.query_params.update(params)\n"
        "    at.run()\n"
        "    assert not at.exception, [e.value for e in at.exception]\n"
        "    assert not at.warning, [w.value for w in at.warning]\n"
        "    assert any(t.value == 'Regiokaart' for t in at.title)\n"
        "    return at\n"
        "at = run()\n"
        "assert at.segmented_control(key='indeling').value == '2025'\n"
        f"print(sorted(m for m in {OPENING_MAP_SKIPS!r} if m in sys.modules))\n"
        "run(regio='gent', laag='politiezone')\n"
        f"print(sorted(m for m in {GEOMETRY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO_ROOT,
        env={**os.environ, paths.DATA_DIR_ENV: str(built_data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-2:] == ["[]", "[]"]
