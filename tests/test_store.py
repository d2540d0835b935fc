"""lib.app.store: cached accessors keyed on the data folder and a fingerprint of its files."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
import yaml

from lib.app import store
from lib.data import paths
from lib.map import elements
from tests.support.map_files import layer_files

OLD = 1_500_000_000_000_000_000  # an mtime in nanoseconds, set by hand


@pytest.fixture(scope="module")
def region_ids(built_data_dir: Path) -> set[str]:
    raw = yaml.safe_load((built_data_dir / "regions.yaml").read_text(encoding="utf-8"))
    return {region["id"] for region in raw["regions"]}


# --- fingerprint -------------------------------------------------------------------------------


def test_fingerprint_names_every_data_file_and_only_those(data_copy: Path):
    names = [entry[0] for entry in store.fingerprint(data_copy)]
    expected = sorted(p.name for p in data_copy.glob("*.csv")) + sorted(
        p.name for p in data_copy.glob("*.yaml")
    )
    assert names == expected
    assert "regions.csv" in names and "breakthroughs.yaml" in names


def test_fingerprint_is_stable_until_a_file_changes(data_copy: Path):
    first = store.fingerprint(data_copy)
    assert store.fingerprint(data_copy) == first
    (data_copy / "municipalities.geojson").write_text("{}", encoding="utf-8")  # a built cache
    assert store.fingerprint(data_copy) == first
    with (data_copy / "regions.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# one more comment\n")
    second = store.fingerprint(data_copy)
    assert second != first


def test_fingerprint_sees_a_same_size_edit_by_its_time(data_copy: Path):
    path = data_copy / "corrections.csv"
    os.utime(path, ns=(OLD, OLD))
    before = store.fingerprint(data_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("a", "e", 1), encoding="utf-8")  # same size
    assert path.stat().st_size == dict((n, s) for n, s, _ in before)["corrections.csv"]
    assert store.fingerprint(data_copy) != before


def test_fingerprint_sees_a_new_file(data_copy: Path):
    before = store.fingerprint(data_copy)
    (data_copy / "extra.yaml").write_text("a: 1\n", encoding="utf-8")
    assert store.fingerprint(data_copy) != before


# --- dataset and search entries ----------------------------------------------------------------


def test_dataset_is_cached_and_reloaded_after_an_edit(data_copy: Path):
    first = store.dataset(data_copy)
    assert store.dataset(data_copy) is first  # no reload on a rerun
    assert first.breakthroughs[0].title == "Competenties delen tussen lokale besturen"
    path = data_copy / "breakthroughs.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "title: Competenties delen tussen lokale besturen",
            "title: Competenties delen, nu gewijzigd",
        ),
        encoding="utf-8",
    )
    second = store.dataset(data_copy)
    assert second is not first
    assert second.breakthroughs[0].title == "Competenties delen, nu gewijzigd"


def test_search_entries_find_kortessem(data_copy: Path):
    found = store.search_entries(data_copy)
    assert isinstance(found, tuple)
    (kortessem,) = [entry for entry in found if entry.name == "Kortessem"]
    assert (kortessem.merged_into_name, kortessem.region_id) == ("Hasselt", "limburg")
    assert store.search_entries(data_copy) is found


# --- map layers --------------------------------------------------------------------------------


def _drawn(layers) -> list[dict]:
    """The two data layers of the map drawn from ``layers``, as the page fetches them."""
    return layer_files(elements.base_map(layers).get_root().render())


def test_map_layers_2025(built_data_dir: Path, region_ids: set[str]):
    layers = store.map_layers(built_data_dir, 2025)
    assert layers.vintage == 2025
    by_code = layers.municipality_by_code
    flemish = [f for f in by_code.values() if f["properties"]["region_id"]]
    brussels = [f for f in by_code.values() if not f["properties"]["region_id"]]
    assert (len(flemish), len(brussels)) == (285, 19)
    assert by_code["71072"]["properties"]["municipality"] == "Hasselt"
    assert by_code["71072"]["properties"]["region_id"] == "limburg"
    assert "73040" not in by_code  # Kortessem is part of Hasselt since 2025
    assert set(layers.outline_by_region) == region_ids
    assert len(layers.labels) == 15
    assert {label.region_id for label in layers.labels} == region_ids
    municipalities, outlines = _drawn(layers)
    assert len(municipalities["features"]) == 285 + 19
    assert len(outlines["features"]) == 15
    (south, west), (north, east) = layers.bounds
    assert 50.6 < south < north < 51.6 and 2.5 < west < east < 6.0


def test_region_areas_are_plausible(built_data_dir: Path, region_ids: set[str]):
    areas = store.map_layers(built_data_dir, 2025).region_area_km2
    assert set(areas) == region_ids
    assert 2350 < areas["limburg"] < 2500  # Limburg: about 2,427 km²
    assert 13_400 < sum(areas.values()) < 13_800  # Flanders: about 13,625 km²
    assert min(areas.values()) > 250  # Middenkust, the smallest, is about 305 km²


def test_map_layers_2019(built_data_dir: Path):
    layers = store.map_layers(built_data_dir, 2019)
    by_code = layers.municipality_by_code
    assert len(by_code) == 300 + 19
    assert by_code["73040"]["properties"]["municipality"] == "Kortessem"
    assert by_code["71022"]["properties"]["municipality"] == "Hasselt"
    assert len(layers.outline_by_region) == 15
    # The same territory, divided differently.
    total_2019 = sum(layers.region_area_km2.values())
    total_2025 = sum(store.map_layers(built_data_dir, 2025).region_area_km2.values())
    assert abs(total_2019 - total_2025) < 0.005 * total_2025


def test_map_layers_are_cached_until_a_boundary_file_changes(app_data_copy: Path):
    first = store.map_layers(app_data_copy, 2025)
    assert store.map_layers(app_data_copy, 2025) is first
    os.utime(paths.map_artifact_path(2025, app_data_copy), ns=(OLD, OLD))
    assert store.map_layers(app_data_copy, 2025) is not first


def test_boundary_fingerprint(data_copy: Path, built_data_dir: Path):
    assert store.boundary_fingerprint(data_copy, 2025) == ()  # nothing built there
    built = store.boundary_fingerprint(built_data_dir, 2025)
    assert [entry[0] for entry in built] == [
        "municipalities.geojson",
        "region-outlines.geojson",
        "map.json",
        "municipality-borders.json",
    ]
    assert [entry[0] for entry in store.boundary_fingerprint(built_data_dir, 2019)] == [
        "municipalities-2019.geojson",
        "region-outlines-2019.geojson",
        "map-2019.json",
    ]


def test_ensure_boundaries_with_current_caches_builds_nothing(app_data_copy: Path):
    messages: list[str] = []
    before = store.boundary_fingerprint(app_data_copy, 2025)
    path = store.ensure_boundaries(app_data_copy, 2025, progress=messages.append)
    assert path == paths.boundaries_path(2025, app_data_copy)
    assert messages == []
    assert store.boundary_fingerprint(app_data_copy, 2025) == before


def test_missing_borders_rebuild_the_whole_cache_as_at_a_first_start(
    app_data_copy: Path, pic_dir: Path, monkeypatch
):
    """The division layers need the municipality borders; without them the app does not build
    geometry itself, but rebuilds the boundary cache the one way it always does."""
    from lib.map import borders

    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", str(pic_dir))
    assert store.ensure_boundaries(app_data_copy, 2025) == paths.boundaries_path(
        2025, app_data_copy
    )
    paths.municipality_borders_path(app_data_copy).unlink()
    messages: list[str] = []
    store.ensure_boundaries(app_data_copy, 2025, progress=messages.append)
    assert messages[0] == "De indeling is gewijzigd: gemeentegrenzen 2025 worden opnieuw opgebouwd"
    assert "Grenzen tussen buurgemeenten berekenen" in messages
    assert borders.is_current(app_data_copy)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_a_failed_build_is_remembered_until_retry(
    data_copy: Path, offline_boundaries: Path, pic_dir: Path, monkeypatch
):
    """Offline, clicks must not wait for the download again: the failure is kept a while."""
    from lib.app import failure, notices
    from lib.boundaries.errors import BoundaryError
    from lib.pinned.errors import MissingSourceError

    log = _Lines()
    failure.logger().addHandler(log)
    try:
        store.forget_failed_build(data_copy, 2025)
        messages: list[str] = []
        with pytest.raises(MissingSourceError) as first:
            store.ensure_boundaries(data_copy, 2025, progress=messages.append)
        assert messages  # it tried
        # The source is reachable now, but within RETRY_AFTER_S no new attempt is made: the same
        # message at once, with the same cause, nothing fetched, nothing built.
        monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", str(pic_dir))
        messages.clear()
        with pytest.raises(BoundaryError) as second:
            store.ensure_boundaries(data_copy, 2025, progress=messages.append)
    finally:
        failure.logger().removeHandler(log)
    assert str(second.value) == str(first.value)
    assert second.value.__cause__ is first.value
    assert messages == [] and not paths.map_artifact_path(2025, data_copy).exists()
    assert notices.map_problem(second.value) == notices.map_problem(first.value)
    assert "bestaan niet" in notices.map_problem(first.value)
    # the server log says why, in one line, once
    (line,) = log.lines
    assert "\n" not in line
    assert "2025" in line and "MissingSourceError" in line and str(offline_boundaries) in line
    # after "Opnieuw proberen" it tries again at once (and, offline again, fails again)
    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", str(offline_boundaries))
    store.forget_failed_build(data_copy, 2025)
    with pytest.raises(MissingSourceError):
        store.ensure_boundaries(data_copy, 2025, progress=messages.append)
    assert messages and messages[0].startswith("Gemeentegrenzen 2025 worden eenmalig")
