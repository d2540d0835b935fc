"""The boundary build refuses geometry that is not where Flanders is, or not its size.

Issue 12, case 4: a source in another projection than it says (EPSG:3857 or EPSG:32631 labelled
as Lambert 72) or shifted by 200 km joined and simplified without complaint and gave a wrong map.
The check is on the build's result, so it holds for any source. Layers here are the synthetic
grid of tests/support/synthetic.py, moved or relabelled.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import shapely

from lib.boundaries.build import LAYERS, build
from lib.boundaries.errors import BoundaryError
from lib.boundaries.geometry import FLANDERS_AREA_KM2, check_plausible
from tests.support.synthetic import BRUSSELS, municipalities_of, pin, square
from tests.test_boundaries import files_in


def write_wrong_layer(folder, rows, transform, label_crs=31370) -> dict[str, str]:
    """The synthetic layer with ``transform`` applied to its Lambert 72 squares, labelled
    ``label_crs``; returns its SHA-256 sums (to pin)."""
    import hashlib

    layer = LAYERS[2025]
    folder.mkdir(parents=True, exist_ok=True)
    lambert = gpd.GeoSeries([square(i) for i in range(len(rows))], crs=31370)
    frame = gpd.GeoDataFrame(
        {layer.code_field: [code for code, _ in rows], "naam": [name for _, name in rows]},
        geometry=transform(lambert).values,
    ).set_crs(label_crs, allow_override=True)
    frame.to_file(folder / f"{layer.layer}.shp", engine="pyogrio", encoding="UTF-8")
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.iterdir()
        if path.stem == layer.layer
    }


WRONG = {
    "web mercator labelled as Lambert 72": lambda squares: squares.to_crs(3857),
    "UTM 31N labelled as Lambert 72": lambda squares: squares.to_crs(32631),
    "shifted 200 km east": lambda squares: squares.translate(200_000, 0),
    "in kilometres": lambda squares: squares.scale(0.001, 0.001, origin=(0, 0)),
    "twice too large": lambda squares: squares.scale(1.42, 1.42, origin="centroid"),
}


@pytest.mark.parametrize("wrong", list(WRONG))
def test_a_wrong_source_is_refused_and_nothing_written(
    data_copy, tmp_path, monkeypatch, wrong: str
) -> None:
    data = data_copy
    rows = [(code, name) for code, name, _ in municipalities_of(data, 2025)] + BRUSSELS
    folder = tmp_path / "source"
    pin(monkeypatch, write_wrong_layer(folder, rows, WRONG[wrong]))
    before = files_in(data)
    with pytest.raises(BoundaryError, match="not where Flanders is or not its size") as caught:
        build(2025, base=str(folder), data_dir=data)
    message = str(caught.value)
    assert files_in(data) == before  # no cache written
    # the first municipalities that fail are named, or the total that is wrong
    assert re.search(r"\d{5} [^;]+ (lies at|measures) ", message) or "together" in message


def frame(geometries, region_ids, crs="EPSG:4326") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "nis_code": [f"{10000 + i}" for i in range(len(geometries))],
            "municipality": [f"Gemeente {i}" for i in range(len(geometries))],
            "region_id": region_ids,
        },
        geometry=geometries,
        crs=crs,
    )


def grid(count: int, side_m: float, origin=(22_000.0, 165_000.0)) -> list:
    """``count`` squares of ``side_m`` over Flanders, in EPSG:4326."""
    squares = [
        shapely.box(
            origin[0] + (i % 34) * side_m,
            origin[1] + (i // 34) * side_m,
            origin[0] + (i % 34 + 1) * side_m,
            origin[1] + (i // 34 + 1) * side_m,
        )
        for i in range(count)
    ]
    return list(gpd.GeoSeries(squares, crs=31370).to_crs(4326))


def test_flanders_sized_squares_pass() -> None:
    side = (FLANDERS_AREA_KM2 / 285) ** 0.5 * 1000
    check_plausible(frame(grid(285, side), ["r"] * 285))


def test_the_error_names_the_first_failures_and_counts_the_rest() -> None:
    side = (FLANDERS_AREA_KM2 / 285) ** 0.5 * 1000
    geometries = grid(285, side)
    far = [shapely.affinity.translate(g, 0.0, 1.0) for g in geometries[:8]]  # 1° north
    with pytest.raises(BoundaryError) as caught:
        check_plausible(frame(far + geometries[8:], ["r"] * 285))
    message = str(caught.value)
    assert "10000 Gemeente 0 lies at" in message
    assert "outside 2.54–5.92° E, 50.68–51.51° N" in message
    assert "10004 Gemeente 4" in message and "10005 Gemeente 5" not in message
    assert "and 3 more" in message


def test_a_tiny_municipality_and_a_wrong_total_are_named() -> None:
    side = (FLANDERS_AREA_KM2 / 285) ** 0.5 * 1000
    geometries = grid(285, side)
    geometries[3] = shapely.affinity.scale(geometries[3], 0.05, 0.05)  # 0.1 km²
    with pytest.raises(BoundaryError) as caught:
        check_plausible(frame(geometries[:200], ["r"] * 200))
    message = str(caught.value)
    total = re.search(r"the Flemish municipalities measure ([\d,]+) km² together", message)
    assert int(total.group(1).replace(",", "")) == pytest.approx(199 * (side / 1000) ** 2, 0.01)
    assert "10003 Gemeente 3 measures 0.1 km²" in message


def test_brussels_counts_for_the_bounds_but_not_for_the_flemish_total() -> None:
    side = (FLANDERS_AREA_KM2 / 285) ** 0.5 * 1000
    geometries = grid(304, side)
    check_plausible(frame(geometries, ["r"] * 285 + [None] * 19))
