"""Unit tests of the shared municipality borders (built by lib.boundaries.borders, read by
lib.map.borders) and the division layer (lib.map.division_overlay), on a small grid of square
municipalities.

The grid, 0.01° squares near Aalst (columns west to east, rows south to north)::

    c  d
    a  b

a and b, c and d share a north–south edge; a and c, b and d an east–west edge; a and d, b and c
only touch at the centre point.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from lib.boundaries import borders as border_build
from lib.boundaries.errors import BoundaryError
from lib.data import paths, vintages
from lib.map import borders, division_overlay, encoding

WEST, SOUTH, SIDE = 4.0, 50.9, 0.01


def square(column: int, row: int) -> dict:
    x, y = WEST + column * SIDE, SOUTH + row * SIDE
    ring = [[x, y], [x + SIDE, y], [x + SIDE, y + SIDE], [x, y + SIDE], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


GRID = {"a": (0, 0), "b": (1, 0), "c": (0, 1), "d": (1, 1)}


def features() -> list[dict]:
    return [
        {"properties": {"nis_code": code}, "geometry": square(*place)}
        for code, place in GRID.items()
    ]


def metres(degrees_lat: float = 0.0, degrees_lon: float = 0.0, at_lat: float = 50.91) -> float:
    """A rough length on the sphere: enough to check the projection is in metres."""
    return 6_371_000 * math.radians(
        math.hypot(degrees_lat, degrees_lon * math.cos(math.radians(at_lat)))
    )


def test_neighbours_share_their_edge_and_corner_touches_are_left_out() -> None:
    found = {(b.first, b.second): b for b in border_build.shared_borders(features(), 4)}
    assert set(found) == {("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")}
    north_south = found[("a", "b")]
    assert north_south.metres == pytest.approx(metres(degrees_lat=SIDE), rel=0.01)
    east_west = found[("a", "c")]
    assert east_west.metres == pytest.approx(metres(degrees_lon=SIDE), rel=0.01)
    (line,) = north_south.lines
    points = encoding.decode_ring(line, 4)
    # the shared edge, with the squares' own vertices: x = 4.01 from y = 50.90 to 50.91
    assert sorted(points) == [[4.01, 50.9], [4.01, 50.91]]


def overlay(assignment: dict[str, str], crossing=frozenset()) -> dict:
    found = borders.Borders(4, tuple(border_build.shared_borders(features(), 4)))
    return division_overlay.overlay_collection(
        found, assignment, {"w": "West", "e": "Oost"}, crossing
    )


def test_a_division_border_is_where_neighbours_lie_in_different_divisions() -> None:
    collection = overlay({"a": "w", "c": "w", "b": "e", "d": "e"})
    assert collection["names"] == ["Oost", "West"]
    ((a, b, lines),) = collection["borders"]  # one pair of divisions: one entry
    assert {a, b} == {0, 1}
    decoded = [encoding.decode_ring(line, collection["precision"]) for line in lines]
    xs = {x for line in decoded for x, _ in line}
    assert xs == {4.01}  # the two north–south edges, nothing else
    assert collection["crossing"] == [0, 0]
    assert collection["members"] == {"a": 1, "b": 0, "c": 1, "d": 0}  # for the tooltips


def test_one_division_has_no_borders_and_crossing_ones_are_drawn_last() -> None:
    assert overlay(dict.fromkeys(GRID, "w"))["borders"] == []
    three = {"a": "w", "c": "w", "b": "e", "d": "x"}
    found = borders.Borders(4, tuple(border_build.shared_borders(features(), 4)))
    collection = division_overlay.overlay_collection(found, three, {}, {"x"})
    names = collection["names"]
    assert names == ["e", "w", "x"]  # no name: the id
    last = collection["borders"][-1]
    assert "x" in (names[last[0]], names[last[1]])
    assert collection["crossing"] == [0, 0, 1]


def test_the_layer_element_passes_its_data_as_escaped_json_to_its_group() -> None:
    collection = overlay({"a": "w", "c": "w", "b": "e", "d": "e"})
    collection["names"][0] = "<b>{{7*7}}</b>"
    group = division_overlay.overlay_group(
        division_overlay.overlay_json(collection), "Vervoerregio's", "Vervoerregio", "over de grens"
    )
    (element,) = group._children.values()
    assert isinstance(element, division_overlay.DivisionBorders)
    script = element._template.module.script(element, {})
    assert "<b>" not in script and "{{7*7}}" not in script
    ((options, data),) = [
        json.loads("[" + script[script.index("(") + 1 : script.rindex(")")].split(",", 1)[1] + "]")
    ]
    assert data["names"][0] == "<b>{{7*7}}</b>"  # the text itself, as JSON
    assert options["title"] == "Vervoerregio's"
    assert script.strip().startswith(f"regiokaartDivisionBorders({group.get_name()},")


def test_the_boundary_build_writes_the_borders_of_its_own_map(
    built_data_dir: Path, tmp_path: Path
) -> None:
    from lib.boundaries import build

    folder = tmp_path / "data"
    shutil.copytree(built_data_dir, folder)
    assert borders.is_current(folder) and build.is_current(vintages.DEFAULT, folder)

    loaded = borders.load_borders(folder)
    assert len(loaded.borders) > 700 and all(b.metres > 0 for b in loaded.borders)
    codes = {code for b in loaded.borders for code in (b.first, b.second)}
    # every Flemish municipality but Voeren, which has no Flemish neighbour; no Brussels
    assert len(codes) == 284 and "73109" not in codes
    assert not any(code.startswith("21") for code in codes)

    # another map: its borders no longer match, so the 2025 cache as a whole is rebuilt
    artifact = paths.map_artifact_path(vintages.DEFAULT, folder)
    artifact.write_bytes(artifact.read_bytes().replace(b'"decimals"', b'"decimals" '))
    assert not borders.is_current(folder)
    assert not build.is_current(vintages.DEFAULT, folder)
    assert build.is_current(vintages.BEFORE.year, folder)  # the older map has no borders file

    with pytest.raises(BoundaryError, match="no municipality layer"):
        border_build.borders_file(b"{}")
