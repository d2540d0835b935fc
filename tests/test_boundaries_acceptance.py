"""Acceptance of the boundary build on the real pinned files in ../shared/boundaries/pic-3b1b6d8.

Skipped when ../shared is absent, failed when CI=true (see ``pic_dir`` in conftest.py). Every
build writes into temporary folders, never into the repository's data/.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from lib.boundaries.build import (
    LAYERS,
    BuildResult,
    build,
    is_current,
    load_boundaries,
    load_outlines,
)
from lib.data import paths, vintages
from lib.data.dataset import load_dataset
from lib.pinned import shapefiles
from lib.pinned.errors import ChecksumError, OfflineError
from lib.pinned.shapefiles import PIC_SHA256
from tests.conftest import copy_data
from tests.support.http_thread import base_url, serving
from tests.support.streamlit_server import REPO_ROOT, free_port

EXPECTED_FLEMISH = {2025: 285, 2019: 300}
BRUSSELS = 19
MAX_BYTES = 600 * 1024
VINTAGES = sorted(EXPECTED_FLEMISH)


def data_folder(target: Path) -> Path:
    """A private copy of the repository's data files."""
    return copy_data(target)


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@contextmanager
def http_server(directory: Path) -> Iterator[str]:
    """A static file server on 127.0.0.1 and a free port, serving ``directory``, in a thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    with serving(handler) as server:
        yield base_url(server) + "/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        return None


@pytest.fixture(scope="session")
def local_builds(boundary_builds) -> dict[int, BuildResult]:
    """The session's builds from the local copy of the pinned files (conftest.py)."""
    return boundary_builds


@pytest.fixture(scope="session")
def pic_server(pic_dir: Path) -> Iterator[str]:
    with http_server(pic_dir) as url:
        yield url


def source_frame(pic_dir: Path, vintage: int) -> gpd.GeoDataFrame:
    layer = LAYERS[vintage]
    frame = gpd.read_file(pic_dir / f"{layer.layer}.shp")
    frame["nis_code"] = frame[layer.code_field].astype(str).str.zfill(5)
    return frame.set_index("nis_code")


def test_pinned_checksums_match_shared_sums(pic_dir: Path) -> None:
    sums = dict(
        reversed(line.split()) for line in (pic_dir / "SHA256SUMS").read_text().splitlines()
    )
    assert sums == PIC_SHA256 == shapefiles.PIC_SOURCE.sha256


@pytest.mark.parametrize("vintage", VINTAGES)
def test_features_join_every_flemish_municipality(local_builds, vintage: int) -> None:
    result = local_builds[vintage]
    data = result.boundaries_path.parent
    assert (result.municipalities, result.context, result.regions) == (
        EXPECTED_FLEMISH[vintage],
        BRUSSELS,
        15,
    )
    frame = load_boundaries(vintage, data)
    assert frame.crs.to_epsg() == 4326
    flemish = frame[frame["region_id"].notna()]
    brussels = frame[frame["region_id"].isna()]
    assert len(flemish) == EXPECTED_FLEMISH[vintage]
    assert len(brussels) == BRUSSELS and brussels["nis_code"].str.startswith("21").all()
    assert brussels["region"].isna().all()

    rows = load_dataset(data).membership
    rows = rows[rows["vintage"] == vintage].set_index("nis_code")
    assert set(flemish["nis_code"]) == set(rows.index)
    joined = flemish.set_index("nis_code")
    for column in ("municipality", "region_id", "region"):
        assert (joined[column] == rows.loc[joined.index, column]).all(), column


@pytest.mark.parametrize("vintage", VINTAGES)
def test_geometries_are_valid_and_form_a_coverage(local_builds, vintage: int) -> None:
    frame = load_boundaries(vintage, local_builds[vintage].boundaries_path.parent)
    geometries = frame.geometry.to_numpy()
    assert shapely.is_valid(geometries).all()
    assert not shapely.is_empty(geometries).any()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert shapely.coverage_is_valid(geometries[frame["region_id"].notna().to_numpy()])
    assert shapely.coverage_is_valid(geometries)

    outlines = load_outlines(vintage, local_builds[vintage].boundaries_path.parent)
    assert len(outlines) == 15 and outlines.is_valid.all()
    assert shapely.coverage_is_valid(outlines.geometry.to_numpy())
    assert outlines["municipalities"].sum() == EXPECTED_FLEMISH[vintage]
    labels = shapely.points(outlines["label_lon"], outlines["label_lat"])
    assert shapely.contains(outlines.geometry.to_numpy(), labels).all()


@pytest.mark.parametrize("vintage", VINTAGES)
def test_each_output_is_at_most_600_kb(local_builds, vintage: int) -> None:
    result = local_builds[vintage]
    for path in (result.boundaries_path, result.outlines_path):
        assert path.stat().st_size <= MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"


@pytest.mark.parametrize("vintage", VINTAGES)
def test_hausdorff_distance_to_the_source(local_builds, pic_dir: Path, vintage: int) -> None:
    frame = load_boundaries(vintage, local_builds[vintage].boundaries_path.parent)
    built = frame.to_crs(31370).set_index("nis_code").geometry
    source = source_frame(pic_dir, vintage).geometry.loc[built.index]
    distances = shapely.hausdorff_distance(built.to_numpy(), source.to_numpy(), densify=0.1)
    flemish = frame["region_id"].notna().to_numpy()
    for selection in (flemish, np.ones_like(flemish)):
        chosen = distances[selection]
        assert np.mean(chosen <= 200) >= 0.95, np.percentile(chosen, 95)
        assert chosen.max() <= 500, chosen.max()


def test_http_download_gives_the_same_files(pic_dir, pic_server, tmp_path) -> None:
    """Every pinned file fetched (and checked) over HTTP is the file the local builds read."""
    for vintage in VINTAGES:
        shapefiles.fetch_layer(LAYERS[vintage], pic_server, tmp_path / str(vintage))
        for name in LAYERS[vintage].files():
            assert (tmp_path / str(vintage) / name).read_bytes() == (pic_dir / name).read_bytes()


def test_tampered_server_file_fails_and_leaves_the_cache(local_builds, pic_dir, tmp_path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    for path in pic_dir.iterdir():
        shutil.copyfile(path, served / path.name)
    dbf = served / "gemeente.dbf"
    content = bytearray(dbf.read_bytes())
    content[len(content) // 2] ^= 0x20
    dbf.write_bytes(bytes(content))

    data = data_folder(tmp_path / "data")
    good = local_builds[2025]
    shutil.copyfile(good.boundaries_path, paths.boundaries_path(2025, data))
    shutil.copyfile(good.outlines_path, paths.outlines_path(2025, data))
    shutil.copyfile(good.artifact_path, paths.map_artifact_path(2025, data))
    before = listing(data)
    with http_server(served) as url, pytest.raises(ChecksumError) as caught:
        build(2025, base=url, data_dir=data)
    assert "checksum" in str(caught.value).lower() and "gemeente.dbf" in str(caught.value)
    assert listing(data) == before


def test_no_server_listening_is_offline_within_30_seconds(tmp_path) -> None:
    data = data_folder(tmp_path / "data")
    before = listing(data)
    started = time.monotonic()
    with pytest.raises(OfflineError) as caught:
        build(2025, base=f"http://127.0.0.1:{free_port()}/", data_dir=data)
    assert time.monotonic() - started < 30
    message = str(caught.value)
    assert "--from" in message and "REGIOKAART_BOUNDARIES_URL" in message
    assert listing(data) == before


def test_dev_boundaries_builds_both_vintages_from_a_folder(pic_dir: Path, tmp_path: Path) -> None:
    """The offline set-up the app advises: `python3 dev.py boundaries --from DIR`."""
    data = data_folder(tmp_path / "data")
    env = {k: v for k, v in os.environ.items() if k != "REGIOKAART_BOUNDARIES_URL"}
    env[paths.DATA_DIR_ENV] = str(data)
    done = subprocess.run(
        [sys.executable, "dev.py", "boundaries", "--from", str(pic_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    summaries = done.stdout.strip().splitlines()
    assert [line.split(" boundaries")[0] for line in summaries] == [
        f"Built {vintage}" for vintage in vintages.YEARS
    ]
    assert "300 Flemish municipalities" in summaries[1]
    for vintage in vintages.YEARS:
        assert is_current(vintage, data)
