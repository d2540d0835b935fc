"""A synthetic stand-in for the pinned municipality shapefiles, for fast builds in tests.

Every municipality of a vintage in a data folder (and Brussels' 19 as context) gets a 1 km square
in Lambert 72, in a grid: the regions become scattered squares, which is all the build needs to
join, simplify, dissolve and measure. The files are written as the vintage's Provincies in
Cijfers shapefile; ``pin`` puts their SHA-256 in place of the real ones for one test.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import geopandas as gpd
import shapely

from lib.boundaries.build import LAYERS
from lib.pinned import shapefiles

ORIGIN = (150_000.0, 180_000.0)
COLUMNS = 18
BRUSSELS = [(f"21{n:03d}", f"Brussel {n}") for n in range(1, 20)]


def municipalities_of(data: Path, vintage: int) -> list[tuple[str, str, str]]:
    """(nis_code, name, region_id) of every row of ``vintage`` in the folder's regions.csv."""
    with (data / "regions.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [
            (row["nis_code"], row["municipality"], row["region_id"])
            for row in csv.DictReader(handle)
            if int(row["vintage"]) == vintage
        ]


def square(index: int) -> shapely.Polygon:
    x = ORIGIN[0] + (index % COLUMNS) * 1000
    y = ORIGIN[1] + (index // COLUMNS) * 1000
    return shapely.box(x, y, x + 1000, y + 1000)


def write_layer(folder: Path, rows: list[tuple[str, str]], vintage: int = 2025) -> dict[str, str]:
    """One square per (nis_code, name) as the vintage's pinned shapefile; returns its sums."""
    layer = LAYERS[vintage]
    folder.mkdir(parents=True, exist_ok=True)
    frame = gpd.GeoDataFrame(
        {layer.code_field: [code for code, _ in rows], "naam": [name for _, name in rows]},
        geometry=[square(index) for index in range(len(rows))],
        crs=31370,
    )
    frame.to_file(folder / f"{layer.layer}.shp", engine="pyogrio", encoding="UTF-8")
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.iterdir()
        if path.stem == layer.layer
    }


def write_layers(folder: Path, data: Path) -> dict[str, str]:
    """Both vintages' layers for the municipalities of ``data``, in one folder; their sums."""
    sums = {}
    for vintage in LAYERS:
        rows = [(code, name) for code, name, _ in municipalities_of(data, vintage)]
        sums.update(write_layer(folder, rows + BRUSSELS, vintage))
    return sums


def pin(monkeypatch, sums: dict[str, str]) -> None:
    """Accept the synthetic files in place of the pinned ones, for this test."""
    monkeypatch.setattr(shapefiles, "PIC_SHA256", {**shapefiles.PIC_SHA256, **sums})
