"""Unit tests of the boundary build on synthetic shapes (no ../shared needed).

The synthetic layers (tests/support/synthetic.py) give every municipality of a copy of the
repository's data a square of SIDE_M, as large as Flanders together, where Flanders lies, written
as the pinned shapefile with its sums pinned in place.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from lib.boundaries.build import (
    build,
    ensure_boundaries,
    is_current,
    load_boundaries,
    load_outlines,
    main,
    outlines_beside,
)
from lib.boundaries.errors import BoundaryError, JoinError
from lib.boundaries.geometry import join_membership, round_coordinates
from lib.data import paths
from lib.map import artifact
from lib.pinned import atomic, shapefiles
from lib.pinned.download import Fetcher
from lib.pinned.errors import ChecksumError, DownloadError, OfflineError
from tests.conftest import copy_data
from tests.support.cli import run_module
from tests.support.http_thread import base_url, serving
from tests.support.streamlit_server import free_port
from tests.support.synthetic import BRUSSELS, SIDE_M, municipalities_of, pin, write_layer


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def data_template(tmp_path_factory) -> Path:
    return copy_data(tmp_path_factory.mktemp("synthetic-data"))


@pytest.fixture
def data(data_template: Path, tmp_path: Path) -> Path:
    """A private copy of the repository's data files (no built caches)."""
    target = tmp_path / "data"
    shutil.copytree(data_template, target)
    return target


@pytest.fixture(scope="module")
def layer_files(data_template: Path, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("synthetic-pic")
    rows = [(code, name) for code, name, _ in municipalities_of(data_template, 2025)]
    return folder, write_layer(folder, rows + BRUSSELS)


@pytest.fixture
def synthetic_pic(layer_files, monkeypatch) -> Path:
    folder, sums = layer_files
    pin(monkeypatch, sums)
    return folder


# --- whole builds ------------------------------------------------------------------------------


def test_build_writes_the_municipalities_the_outlines_and_the_map(data, synthetic_pic) -> None:
    result = build(2025, base=str(synthetic_pic), data_dir=data)
    assert result.boundaries_path == paths.boundaries_path(2025, data)
    assert result.outlines_path == paths.outlines_path(2025, data)
    assert result.artifact_path == paths.map_artifact_path(2025, data)
    assert (result.municipalities, result.context, result.regions) == (285, 19, 15)
    assert result.boundaries_bytes == result.boundaries_path.stat().st_size
    assert result.hausdorff_max_m < 50

    municipalities = load_boundaries(2025, data)
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
    expected = {code: (name, region) for code, name, region in municipalities_of(data, 2025)}
    by_code = municipalities.set_index("nis_code")
    for code, (name, region_id) in expected.items():
        assert (by_code.loc[code, "municipality"], by_code.loc[code, "region_id"]) == (
            name,
            region_id,
        )
    brussels = by_code.loc["21004"]
    assert brussels["region_id"] is None and brussels["region"] is None
    assert brussels["municipality"] == "Brussel 4"
    assert municipalities.is_valid.all()
    assert shapely.coverage_is_valid(municipalities.geometry.to_numpy())
    for row in municipalities.itertuples():  # the centre for a search's zoom: inside it
        assert row.geometry.contains(shapely.Point(row.label_lon, row.label_lat))

    outlines = load_outlines(2025, data).set_index("region_id")
    assert len(outlines) == 15
    kempen = [code for code, (_, region) in expected.items() if region == "kempen"]
    assert outlines.loc["kempen", "municipalities"] == len(kempen)
    assert outlines.loc["kempen", "area_km2"] == pytest.approx(
        len(kempen) * (SIDE_M / 1000) ** 2, rel=1e-3
    )
    for row in outlines.itertuples():
        assert row.geometry.contains(shapely.Point(row.label_lon, row.label_lat))

    document = artifact.read_document(result.artifact_path)
    assert document["vintage"] == 2025 and document["decimals"] == result.decimals
    metadata = document["build"]
    assert metadata["source_version"] == shapefiles.PIC_COMMIT
    assert "Statbel" in metadata["attribution"]
    assert "Provincies in Cijfers" in metadata["attribution"]


def test_out_writes_the_three_files_side_by_side(data, synthetic_pic, tmp_path) -> None:
    out = tmp_path / "out" / "flanders.geojson"
    before = files_in(data)
    result = build(2025, base=str(synthetic_pic), data_dir=data, out=out)
    assert result.boundaries_path == out and out.is_file()
    assert result.outlines_path == tmp_path / "out" / "flanders-outlines.geojson"
    assert outlines_beside(out).is_file()
    assert result.artifact_path == tmp_path / "out" / "flanders-map.json"
    assert artifact.read(result.artifact_path).vintage == 2025
    assert files_in(data) == before


def test_rows_without_polygon_and_polygons_without_row_are_named(
    data, tmp_path, monkeypatch
) -> None:
    rows = [(code, name) for code, name, _ in municipalities_of(data, 2025) if code != "46021"]
    folder = tmp_path / "pic"
    pin(monkeypatch, write_layer(folder, [*rows, ("52011", "Charleroi"), *BRUSSELS]))
    before = files_in(data)
    with pytest.raises(JoinError) as caught:
        build(2025, base=str(folder), data_dir=data)
    message = str(caught.value)
    assert "polygons without a row in regions.csv: 52011" in message
    assert "rows of regions.csv without a polygon: 46021" in message
    assert caught.value.without_row == ["52011"] and caught.value.without_polygon == ["46021"]
    assert files_in(data) == before


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


# --- checksums, caching, arguments -----------------------------------------------------------


def test_pic_checksum_mismatch_writes_nothing(data, tmp_path, monkeypatch) -> None:
    rows = [(code, name) for code, name, _ in municipalities_of(data, 2025)]
    folder = tmp_path / "pic"
    pin(monkeypatch, write_layer(folder, rows + BRUSSELS))
    cache = paths.boundaries_path(2025, data)
    cache.write_text("good cache")
    dbf = folder / "gemeente.dbf"
    content = bytearray(dbf.read_bytes())
    content[-2] ^= 0x01
    dbf.write_bytes(bytes(content))
    before = files_in(data)
    with pytest.raises(ChecksumError, match="Checksum mismatch for .*gemeente.dbf"):
        build(2025, base=str(folder), data_dir=data)
    assert files_in(data) == before


def test_ensure_boundaries_builds_once_and_rebuilds_when_regions_change(
    data, synthetic_pic, monkeypatch
) -> None:
    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", str(synthetic_pic))
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

    regions = data / "regions.csv"  # a new name, in both vintages: still valid data
    regions.write_text(
        regions.read_text(encoding="utf-8").replace(",Aartselaar,", ",Aartselaar-Nieuw,"),
        encoding="utf-8",
    )
    assert not is_current(2025, data)
    ensure_boundaries(2025, data, messages.append)
    assert messages[0].startswith("De indeling is gewijzigd")
    map_file = artifact.read(paths.map_artifact_path(2025, data))
    assert map_file.municipalities["11001"].name == "Aartselaar-Nieuw"


def test_ensure_boundaries_offline_names_the_ways_out(data, monkeypatch) -> None:
    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", f"http://127.0.0.1:{free_port()}/")
    # the default retries, with short pauses: the message is what is tested here
    monkeypatch.setattr(shapefiles, "Fetcher", functools.partial(Fetcher, backoff=0.05))
    before = files_in(data)
    started = time.monotonic()
    with pytest.raises(OfflineError) as caught:
        ensure_boundaries(2025, data)
    assert time.monotonic() - started < 30
    assert "--from" in str(caught.value) and "REGIOKAART_BOUNDARIES_URL" in str(caught.value)
    assert files_in(data) == before


def test_load_without_cache_says_how_to_build(tmp_path) -> None:
    with pytest.raises(BoundaryError, match="python -m lib.boundaries build --vintage 2019"):
        load_boundaries(2019, tmp_path)


def test_build_rejects_bad_arguments(data, tmp_path) -> None:
    with pytest.raises(BoundaryError, match="Unknown vintage"):
        build(2020, data_dir=data)
    with pytest.raises(BoundaryError, match="cannot be joined to it: .*nowhere: folder: does not"):
        build(2025, data_dir=tmp_path / "nowhere")
    (data / "regions.csv").write_text("vintage,nis_code\n2025,1\n", encoding="utf-8")
    with pytest.raises(
        BoundaryError, match=r"4 problem\(s\).*regions.csv:1: .*and 1 more.*lib.validate"
    ):
        build(2025, data_dir=data)


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
    with serving(handler) as server:
        yield base_url(server), handler.hits


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
    with scripted_server({}) as (url, hits), pytest.raises(DownloadError, match="HTTP 404"):
        quick().fetch(f"{url}/missing.shp", tmp_path / "x")
    assert hits["/missing.shp"] == 1


def test_fetch_persistent_server_error_is_not_called_offline(tmp_path) -> None:
    with (
        scripted_server({"/f": [(500, b"")]}) as (url, hits),
        pytest.raises(DownloadError, match="HTTP 500") as caught,
    ):
        quick().fetch(f"{url}/f", tmp_path / "f")
    assert not isinstance(caught.value, OfflineError) and hits["/f"] == 3


def test_fetch_local_file_missing(tmp_path) -> None:
    with pytest.raises(DownloadError, match="does not exist"):
        quick().fetch(str(tmp_path / "nope.shp"), tmp_path / "x")


def test_nothing_listening_is_offline_quickly(tmp_path) -> None:
    started = time.monotonic()
    with pytest.raises(OfflineError) as caught:
        Fetcher(backoff=0.05).fetch(f"http://127.0.0.1:{free_port()}/gemeente.shp", tmp_path / "x")
    assert time.monotonic() - started < 10
    assert caught.value.attempts == 3 and "--from" in str(caught.value)


def test_a_silent_server_is_offline_within_the_failure_budget(tmp_path) -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        fetcher = Fetcher(timeout=0.25, backoff=0.05, failure_budget=0.75)
        started = time.monotonic()
        with pytest.raises(OfflineError, match="timed out"):
            fetcher.fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/f", tmp_path / "x")
        assert time.monotonic() - started < fetcher.failure_budget + 1.5


def test_a_hanging_name_lookup_is_offline_too(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: time.sleep(3))
    fetcher = Fetcher(timeout=0.15, backoff=0.05, failure_budget=0.5)
    started = time.monotonic()
    with pytest.raises(OfflineError, match="timed out after 0 s without an answer"):
        fetcher.fetch("http://boundaries.invalid/gemeente.shp", tmp_path / "x")
    assert time.monotonic() - started < fetcher.failure_budget + 1


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


def test_cli_builds_with_a_one_line_summary(data, synthetic_pic, monkeypatch, capsys) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    assert main(["build", "--from", str(synthetic_pic)]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1
    assert "285 Flemish municipalities" in out and "map.json" in out
    assert paths.boundaries_path(2025, data).is_file() and is_current(2025, data)


def test_cli_builds_2019_to_out(data, tmp_path, monkeypatch, capsys) -> None:
    rows = [(code, name) for code, name, _ in municipalities_of(data, 2019)]
    pin(monkeypatch, write_layer(tmp_path / "pic", rows + BRUSSELS, vintage=2019))
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.delenv("REGIOKAART_BOUNDARIES_URL", raising=False)
    out = tmp_path / "out" / "municipalities-2019.geojson"
    code = main(["build", "--vintage", "2019", "--from", str(tmp_path / "pic"), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert printed.out.count("\n") == 1 and "300 Flemish municipalities" in printed.out
    assert out.is_file() and (tmp_path / "out" / "municipalities-2019-outlines.geojson").is_file()
    assert artifact.read(tmp_path / "out" / "municipalities-2019-map.json").vintage == 2019
    assert not paths.boundaries_path(2019, data).exists()  # --out: nothing in the data folder


def test_cli_error_is_one_message_without_traceback(data, tmp_path) -> None:
    done = run_cli("build", "--from", str(tmp_path / "nowhere"), data=data)
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr
    assert "does not exist" in done.stderr
    assert done.stdout == ""
