"""A synthetic stand-in for the pinned municipality shapefiles, for fast builds in tests.

Every municipality of a vintage in a data folder (and Brussels' 19 as context) gets a square of
SIDE_M in Lambert 72, in a grid over where Flanders lies, together about as large as Flanders (the
build checks both): the regions become scattered squares, which is all the build needs to join,
simplify, dissolve and measure. The files are written as the vintage's Provincies in
Cijfers shapefile; ``pin`` puts their SHA-256 in place of the real ones for one test.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from pathlib import Path

import geopandas as gpd
import shapely

from lib.boundaries.build import LAYERS
from lib.pinned import shapefiles

ORIGIN = (22_000.0, 165_000.0)  # near De Panne, at the latitude of Brussels' south
COLUMNS = 34
SIDE_M = 6_914.0  # 285 squares of 47.8 km²: the 13,625 km² of the Flemish Region
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
    x = ORIGIN[0] + (index % COLUMNS) * SIDE_M
    y = ORIGIN[1] + (index // COLUMNS) * SIDE_M
    return shapely.box(x, y, x + SIDE_M, y + SIDE_M)


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
    pinned = shapefiles.PIC_SOURCE
    replaced = dataclasses.replace(pinned, sha256={**pinned.sha256, **sums})
    monkeypatch.setattr(shapefiles, "PIC_SOURCE", replaced)
