"""Unit tests of the boundary build on small synthetic data (no ../shared needed).

Synthetic municipalities are rectangles in Lambert 72 made of 1 km × 1 km "sectors"; a tiny
``regions.csv`` in a temporary data folder goes with them.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import subprocess
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from lib.boundaries import sources as boundary_sources
from lib.boundaries.build import (
    BoundaryError,
    ChecksumError,
    JoinError,
    OfflineError,
    build,
    ensure_boundaries,
    is_current,
    load_boundaries,
    load_outlines,
    outlines_beside,
)
from lib.boundaries.geometry import join_membership, round_coordinates
from lib.boundaries.sources import detect_statbel_fields, read_statbel
from lib.data import paths
from lib.map import artifact
from lib.pinned import atomic
from lib.pinned.download import Fetcher
from tests.support.cli import run_module
from tests.support.streamlit_server import free_port

# (nis_code, name, region code, first column, row, width in km, height in km)
MUNICIPALITIES = [
    ("11001", "Aartselaar", "02000", 0, 0, 2, 2),
    ("11002", "Antwerpen", "02000", 2, 0, 3, 2),
    ("44021", "Gent", "02000", 0, 2, 5, 1),
    ("21004", "Brussel", "04000", 5, 0, 1, 3),
    ("52011", "Charleroi", "03000", 6, 0, 1, 3),
]
REGIONS = {
    "11001": ("antwerpen", "Antwerpen"),
    "11002": ("antwerpen", "Antwerpen"),
    "44021": ("gent", "Gent"),
}
ORIGIN = (150_000.0, 180_000.0)
SCHEMAS = {
    "2025": {"code": "CNIS5_2025", "name": "T_MUN_NL", "region": "CNIS_REGIO_2025"},
    "lower": {"code": "cd_munty_refnis", "name": "tx_munty_descr_nl", "region": "cd_rgn_refnis"},
    "upper": {"code": "CD_MUNTY_REFNIS", "name": "TX_MUNTY_DESCR_NL", "region": "CD_RGN_REFNIS"},
}


def sectors() -> list[tuple[str, str, str, shapely.Polygon]]:
    """1 km squares, each tagged with its municipality."""
    result = []
    for code, name, region, column, row, width, height in MUNICIPALITIES:
        for dx in range(width):
            for dy in range(height):
                x = ORIGIN[0] + (column + dx) * 1000
                y = ORIGIN[1] + (row + dy) * 1000
                result.append((code, name, region, shapely.box(x, y, x + 1000, y + 1000)))
    return result


def write_regions(folder: Path, rows: dict[str, tuple[str, str]] = REGIONS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    names = {code: name for code, name, *_ in MUNICIPALITIES}
    lines = ["vintage,nis_code,municipality,region_id,region,merged_into"]
    for vintage in (2019, 2025):
        for code, (region_id, region) in sorted(rows.items()):
            lines.append(f"{vintage},{code},{names.get(code, 'X' + code)},{region_id},{region},")
    (folder / "regions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_statbel_zip(folder: Path, year: int, schema: str) -> Path:
    """A zipped sector GeoJSON in one of Statbel's schemas, under Statbel's file name."""
    fields = SCHEMAS[schema]
    features = []
    for code, name, region, geometry in sectors():
        properties = {fields["code"]: code, fields["name"]: name, fields["region"]: region}
        if schema == "upper":  # the oldest files: numbers, not text
            properties[fields["code"]] = int(code)
            properties[fields["region"]] = int(region)
        properties["sector_extra"] = "x"
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": shapely.geometry.mapping(geometry),
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    if schema != "lower":  # the lower-case fixture also tests a file without a crs member
        document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}}
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / boundary_sources.statbel_file_name(year)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"sectors_{year}.geojson", json.dumps(document))
    return target


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- Statbel field detection and reading --------------------------------------------------------


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_detect_statbel_fields(schema: str) -> None:
    fields = SCHEMAS[schema]
    assert detect_statbel_fields(["OBJECTID", *fields.values(), "geometry"], 2025) == fields


def test_detect_statbel_fields_prefers_the_year_then_the_latest() -> None:
    columns = ["CNIS5_2024", "CNIS5_2025", "T_MUN_NL", "CNIS_REGIO_2025"]
    assert detect_statbel_fields(columns, 2024)["code"] == "CNIS5_2024"
    assert detect_statbel_fields(columns, None)["code"] == "CNIS5_2025"


def test_detect_statbel_fields_names_what_is_missing() -> None:
    with pytest.raises(BoundaryError, match="name") as caught:
        detect_statbel_fields(["CNIS5_2025", "CNIS_REGIO_2025", "OTHER"], 2025)
    assert "OTHER" in str(caught.value)


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_read_statbel_dissolves_and_keeps_flanders_and_brussels(tmp_path, schema) -> None:
    frame = read_statbel(write_statbel_zip(tmp_path, 2025, schema), 2025)
    assert frame.crs.to_epsg() == 31370
    assert list(frame["nis_code"]) == ["11001", "11002", "21004", "44021"]
    by_code = frame.set_index("nis_code")
    assert by_code.loc["11002", "name"] == "Antwerpen"
    assert by_code.loc["11002", "geometry"].area == pytest.approx(6e6)
    assert by_code.loc["11002", "geometry"].geom_type == "Polygon"


def test_read_statbel_rejects_a_zip_without_one_geojson(tmp_path) -> None:
    target = tmp_path / "empty.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(BoundaryError, match="exactly one .geojson"):
        read_statbel(target, 2025)


# --- whole builds from the Statbel fixtures ----------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "year", "vintage"),
    [("2025", 2025, 2025), ("lower", 2019, 2019), ("upper", 2012, 2019)],
)
def test_statbel_build(tmp_path, schema, year, vintage) -> None:
    data = write_regions(tmp_path / "data")
    source = tmp_path / "statbel"
    write_statbel_zip(source, year, schema)
    result = build(vintage, source="statbel", base=str(source), year=year, data_dir=data)

    assert result.boundaries_path == paths.boundaries_path(vintage, data)
    assert result.outlines_path == paths.outlines_path(vintage, data)
    assert result.artifact_path == paths.map_artifact_path(vintage, data)
    assert (result.municipalities, result.context, result.regions) == (3, 1, 2)
    assert result.boundaries_bytes == result.boundaries_path.stat().st_size

    municipalities = load_boundaries(vintage, data)
    assert municipalities.crs.to_epsg() == 4326
    assert list(municipalities.columns) == [
        "nis_code",
        "municipality",
        "region_id",
        "region",
        "label_lon",
        "label_lat",
        "geometry",
    ]
    assert list(municipalities["nis_code"]) == ["11001", "11002", "21004", "44021"]
    brussels = municipalities.set_index("nis_code").loc["21004"]
    assert brussels["region_id"] is None and brussels["region"] is None
    assert brussels["municipality"] == "Brussel"
    assert municipalities.is_valid.all()
    assert shapely.coverage_is_valid(municipalities.geometry.to_numpy())

    outlines = load_outlines(vintage, data)
    assert list(outlines["region_id"]) == ["antwerpen", "gent"]
    assert list(outlines["municipalities"]) == [2, 1]
    antwerpen = outlines.set_index("region_id").loc["antwerpen"]
    assert antwerpen.geometry.contains(
        shapely.Point(antwerpen["label_lon"], antwerpen["label_lat"])
    )
    for row in municipalities.itertuples():  # the centre for a search's zoom: inside it
        assert row.geometry.contains(shapely.Point(row.label_lon, row.label_lat))
    assert antwerpen["area_km2"] == pytest.approx(10.0, abs=0.05)  # 4 + 6 squares of 1 km²
    document = artifact.read_document(result.artifact_path)
    assert document["vintage"] == vintage and document["decimals"] == result.decimals
    metadata = document["build"]
    assert metadata["source"] == "statbel" and metadata["vintage"] == vintage
    assert "Statbel" in metadata["attribution"]
    assert "Provincies in Cijfers" in metadata["attribution"]


def test_statbel_build_accepts_the_zip_itself_and_out(tmp_path) -> None:
    data = write_regions(tmp_path / "data")
    archive = write_statbel_zip(tmp_path / "statbel", 2025, "2025")
    out = tmp_path / "out" / "flanders.geojson"
    result = build(2025, source="statbel", base=str(archive), data_dir=data, out=out)
    assert result.boundaries_path == out and out.is_file()
    assert result.outlines_path == tmp_path / "out" / "flanders-outlines.geojson"
    assert outlines_beside(out).is_file()
    assert result.artifact_path == tmp_path / "out" / "flanders-map.json"
    assert artifact.read(result.artifact_path).vintage == 2025
    assert files_in(data) == {"regions.csv": (data / "regions.csv").read_bytes()}


def test_rows_without_polygon_and_polygons_without_row_are_named(tmp_path) -> None:
    rows = {"11001": REGIONS["11001"], "44021": REGIONS["44021"], "46003": ("gent", "Gent")}
    data = write_regions(tmp_path / "data", rows)
    archive = write_statbel_zip(tmp_path / "statbel", 2025, "2025")
    with pytest.raises(JoinError) as caught:
        build(2025, source="statbel", base=str(archive), data_dir=data)
    message = str(caught.value)
    assert "polygons without a row in regions.csv: 11002" in message
    assert "rows of regions.csv without a polygon: 46003" in message
    assert caught.value.without_row == ["11002"] and caught.value.without_polygon == ["46003"]
    assert files_in(data).keys() == {"regions.csv"}


def test_join_rejects_duplicate_polygons_and_unknown_vintage() -> None:
    membership = pd.read_csv(
        pd.io.common.StringIO(
            "vintage,nis_code,municipality,region_id,region,merged_into\n2025,11001,A,r,R,\n"
        ),
        dtype=str,
    )
    membership["vintage"] = membership["vintage"].astype(int)
    square = shapely.box(0, 0, 1, 1)
    source = gpd.GeoDataFrame(
        {"nis_code": ["11001", "11001"], "name": ["A", "A"]},
        geometry=[square, square],
        crs=31370,
    )
    with pytest.raises(JoinError, match="more than once: 11001"):
        join_membership(source, membership, 2025)
    with pytest.raises(JoinError, match="no rows for this vintage"):
        join_membership(source.iloc[:1], membership, 2019)


def test_rounding_keeps_shared_borders_shared() -> None:
    left = shapely.Polygon([(4.0, 51.0), (4.123456, 51.0), (4.123449, 51.1), (4.0, 51.1)])
    right = shapely.Polygon([(4.123456, 51.0), (4.3, 51.0), (4.3, 51.1), (4.123449, 51.1)])
    rounded = round_coordinates(np.array([left, right]), 4)
    assert shapely.coverage_is_valid(rounded)
    assert shapely.equals(
        rounded[0].exterior.intersection(rounded[1].exterior),
        shapely.LineString([(4.1235, 51.0), (4.1234, 51.1)]),
    )
    assert all(polygon.exterior.is_ccw for polygon in rounded)  # RFC 7946


# --- pic, with synthetic files and their checksums pinned in place of the real ones ------------


@pytest.fixture
def synthetic_pic(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "pic"
    folder.mkdir()
    rows = [
        (code, name, geometry) for code, name, region, geometry in sectors() if region != "03000"
    ]
    frame = gpd.GeoDataFrame(
        {"geoitem": [r[0] for r in rows], "naam": [r[1] for r in rows]},
        geometry=[r[2] for r in rows],
        crs=31370,
    ).dissolve("geoitem", as_index=False, aggfunc="first")
    frame.to_file(folder / "gemeente.shp", engine="pyogrio", encoding="UTF-8")
    sums = dict(boundary_sources.PIC_SHA256)
    for path in folder.iterdir():
        sums[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setattr(boundary_sources, "PIC_SHA256", sums)
    return folder


def test_pic_build_from_a_local_folder(tmp_path, synthetic_pic) -> None:
    data = write_regions(tmp_path / "data")
    result = build(2025, base=str(synthetic_pic), data_dir=data)
    assert (result.municipalities, result.context, result.regions) == (3, 1, 2)
    assert result.hausdorff_max_m < 50


def test_pic_checksum_mismatch_writes_nothing(tmp_path, synthetic_pic) -> None:
    data = write_regions(tmp_path / "data")
    cache = paths.boundaries_path(2025, data)
    cache.write_text("good cache")
    dbf = synthetic_pic / "gemeente.dbf"
    content = bytearray(dbf.read_bytes())
    content[-2] ^= 0x01
    dbf.write_bytes(bytes(content))
    before = files_in(data)
    with pytest.raises(ChecksumError, match="Checksum mismatch for .*gemeente.dbf"):
        build(2025, base=str(synthetic_pic), data_dir=data)
    assert files_in(data) == before


def test_ensure_boundaries_builds_once_and_rebuilds_when_regions_change(
    tmp_path, synthetic_pic, monkeypatch
) -> None:
    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", str(synthetic_pic))
    data = write_regions(tmp_path / "data")
    messages: list[str] = []
    path = ensure_boundaries(2025, data, messages.append)
    assert path == paths.boundaries_path(2025, data) and path.is_file()
    assert messages[0].startswith("Gemeentegrenzen 2025 worden eenmalig")
    assert any("ophalen" in m for m in messages) and messages[-1].endswith("klaar")
    assert is_current(2025, data)

    messages.clear()
    stamp = path.stat().st_mtime_ns
    assert ensure_boundaries(2025, data, messages.append) == path
    assert messages == [] and path.stat().st_mtime_ns == stamp

    write_regions(data, {**REGIONS, "44021": ("antwerpen", "Antwerpen")})
    assert not is_current(2025, data)
    ensure_boundaries(2025, data, messages.append)
    assert messages[0].startswith("De indeling is gewijzigd")
    assert list(load_outlines(2025, data)["region_id"]) == ["antwerpen"]


def test_ensure_boundaries_offline_names_the_ways_out(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", f"http://127.0.0.1:{free_port()}/")
    data = write_regions(tmp_path / "data")
    started = time.monotonic()
    with pytest.raises(OfflineError) as caught:
        ensure_boundaries(2025, data)
    assert time.monotonic() - started < 30
    assert "--from" in str(caught.value) and "REGIOKAART_BOUNDARIES_URL" in str(caught.value)
    assert files_in(data).keys() == {"regions.csv"}


def test_load_without_cache_says_how_to_build(tmp_path) -> None:
    with pytest.raises(BoundaryError, match="python -m lib.boundaries build --vintage 2019"):
        load_boundaries(2019, tmp_path)


def test_build_rejects_bad_arguments(tmp_path) -> None:
    data = write_regions(tmp_path / "data")
    with pytest.raises(BoundaryError, match="Unknown vintage"):
        build(2020, data_dir=data)
    with pytest.raises(BoundaryError, match="--year only applies"):
        build(2025, year=2025, data_dir=data)
    with pytest.raises(BoundaryError, match="regions.csv is missing"):
        build(2025, data_dir=tmp_path / "nowhere")


# --- download: a small in-process server with scripted answers ---------------------------------


class _Script(http.server.BaseHTTPRequestHandler):
    answers: dict[str, list] = {}
    hits: dict[str, int] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        queue = self.answers.get(self.path, [(404, b"")])
        status, body = queue.pop(0) if len(queue) > 1 else queue[0]
        self.send_response(status)
        length = len(body) + (100 if status == 299 else 0)  # 299: lie about the length
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        return None


@contextmanager
def scripted_server(answers: dict[str, list]) -> Iterator[tuple[str, dict[str, int]]]:
    handler = type("Handler", (_Script,), {"answers": answers, "hits": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    finally:
        server.shutdown()
        server.server_close()


def quick() -> Fetcher:
    return Fetcher(timeout=1.0, backoff=0.05, failure_budget=3.0)


def test_fetch_verifies_the_checksum(tmp_path) -> None:
    body = b"boundary bytes"
    good = hashlib.sha256(body).hexdigest()
    with scripted_server({"/f.bin": [(200, body)]}) as (url, _):
        assert quick().fetch(f"{url}/f.bin", tmp_path / "a", sha256=good) == good
        assert (tmp_path / "a").read_bytes() == body
        with pytest.raises(ChecksumError, match=good):
            quick().fetch(f"{url}/f.bin", tmp_path / "b", sha256="0" * 64)
    assert not (tmp_path / "b").exists()


def test_fetch_from_this_machine_ignores_proxy_settings(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
    with scripted_server({"/f": [(200, b"direct")]}) as (url, _):
        quick().fetch(f"{url}/f", tmp_path / "f")
    assert (tmp_path / "f").read_bytes() == b"direct"


def test_fetch_retries_server_errors_and_short_bodies(tmp_path) -> None:
    answers = {"/f": [(503, b""), (299, b"short"), (200, b"whole")]}
    with scripted_server(answers) as (url, hits):
        quick().fetch(f"{url}/f", tmp_path / "f")
    assert hits["/f"] == 3 and (tmp_path / "f").read_bytes() == b"whole"


def test_fetch_gives_up_on_404_at_once(tmp_path) -> None:
    with scripted_server({}) as (url, hits), pytest.raises(BoundaryError, match="HTTP 404"):
        quick().fetch(f"{url}/missing.shp", tmp_path / "x")
    assert hits["/missing.shp"] == 1


def test_fetch_persistent_server_error_is_not_called_offline(tmp_path) -> None:
    with (
        scripted_server({"/f": [(500, b"")]}) as (url, hits),
        pytest.raises(BoundaryError, match="HTTP 500") as caught,
    ):
        quick().fetch(f"{url}/f", tmp_path / "f")
    assert not isinstance(caught.value, OfflineError) and hits["/f"] == 3


def test_fetch_local_file_missing(tmp_path) -> None:
    with pytest.raises(BoundaryError, match="does not exist"):
        quick().fetch(str(tmp_path / "nope.shp"), tmp_path / "x")


def test_nothing_listening_is_offline_quickly(tmp_path) -> None:
    started = time.monotonic()
    with pytest.raises(OfflineError) as caught:
        Fetcher().fetch(f"http://127.0.0.1:{free_port()}/gemeente.shp", tmp_path / "x")
    assert time.monotonic() - started < 10
    assert caught.value.attempts == 3 and "--from" in str(caught.value)


def test_a_silent_server_is_offline_within_the_failure_budget(tmp_path) -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        fetcher = Fetcher(timeout=0.5, backoff=0.1, failure_budget=1.5)
        started = time.monotonic()
        with pytest.raises(OfflineError, match="timed out"):
            fetcher.fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/f", tmp_path / "x")
        assert time.monotonic() - started < 3


def test_a_hanging_name_lookup_is_offline_too(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: time.sleep(3))
    fetcher = Fetcher(timeout=0.3, backoff=0.1, failure_budget=1.0)
    started = time.monotonic()
    with pytest.raises(OfflineError, match="timed out after 0 s without an answer"):
        fetcher.fetch("http://boundaries.invalid/gemeente.shp", tmp_path / "x")
    assert time.monotonic() - started < 2


def test_default_budget_stays_under_30_seconds() -> None:
    fetcher = Fetcher()
    assert fetcher.failure_budget + fetcher.timeout < 30 + 1e-9


# --- atomic writes -----------------------------------------------------------------------------


def test_atomic_write_failure_keeps_old_files(tmp_path) -> None:
    good = tmp_path / "municipalities.geojson"
    good.write_text("old")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("file")
    with pytest.raises(OSError):
        atomic.write_files({good: b"new", blocker / "outlines.geojson": b"new"})
    assert good.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["municipalities.geojson", "not-a-folder"]


def test_atomic_write_replaces(tmp_path) -> None:
    target = tmp_path / "a" / "m.geojson"
    atomic.write_files({target: b"one"})
    atomic.write_files({target: b"two"})
    assert target.read_bytes() == b"two"
    assert oct(target.stat().st_mode & 0o777) == oct(atomic.FILE_MODE)
    assert [p.name for p in target.parent.iterdir()] == ["m.geojson"]


# --- command line ------------------------------------------------------------------------------


def run_cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {paths.DATA_DIR_ENV: str(data), "REGIOKAART_BOUNDARIES_URL": None}
    return run_module("lib.boundaries", *args, env=env, timeout=60)


def test_cli_builds_with_a_one_line_summary(tmp_path) -> None:
    data = write_regions(tmp_path / "data")
    archive = write_statbel_zip(tmp_path / "statbel", 2025, "2025")
    done = run_cli(
        "build", "--source", "statbel", "--from", str(archive), "--year", "2025", data=data
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == 1
    assert "3 Flemish municipalities" in done.stdout
    assert paths.boundaries_path(2025, data).is_file()


def test_cli_error_is_one_message_without_traceback(tmp_path) -> None:
    data = write_regions(tmp_path / "data")
    done = run_cli("build", "--from", str(tmp_path / "nowhere"), data=data)
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert "does not exist" in done.stderr
    assert done.stdout == ""
