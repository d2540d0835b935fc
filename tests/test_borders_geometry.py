"""The shared municipality borders derived from geometry
(lib.boundaries.borders.shared_borders), on the hand-made grid of tests/support/grid.py, and
the border share computed from them.

The rectangles are laid out in metres in Belgian Lambert 72 (EPSG:31370, the projection the
lengths are measured in) near Aalst and handed over in longitude and latitude, as the map holds
them; every corner is converted once, so neighbours share their vertices exactly. The lengths of
the shared edges are then the ones worked out by hand in the grid's docstring.
"""

from __future__ import annotations

import pyproj
import pytest

from lib.boundaries import borders
from lib.divisions import scores
from lib.map.borders import Borders, SharedBorder
from tests.support import grid

WEST, SOUTH = 125_000.0, 180_000.0  # metres in Lambert 72, near Aalst


def grid_features() -> list[dict]:
    to_degrees = pyproj.Transformer.from_crs("EPSG:31370", "EPSG:4326", always_xy=True)
    xs = [WEST + sum(grid.COLUMN_WIDTHS[:i]) for i in range(len(grid.COLUMN_WIDTHS) + 1)]
    ys = [SOUTH + sum(grid.ROW_HEIGHTS[:j]) for j in range(len(grid.ROW_HEIGHTS) + 1)]
    corner = {
        (i, j): list(to_degrees.transform(x, y)) for i, x in enumerate(xs) for j, y in enumerate(ys)
    }
    features = []
    for row, codes in enumerate(grid.GRID):
        for column, code in enumerate(codes):
            ring = [
                corner[column, row],
                corner[column + 1, row],
                corner[column + 1, row + 1],
                corner[column, row + 1],
                corner[column, row],
            ]
            geometry = {"type": "Polygon", "coordinates": [ring]}
            features.append({"properties": {"nis_code": code}, "geometry": geometry})
    return features


@pytest.fixture(scope="module")
def shared() -> list[SharedBorder]:
    return borders.shared_borders(grid_features(), 6)


def test_each_pair_of_side_neighbours_shares_its_edge_at_its_length(shared) -> None:
    found = {(b.first, b.second): b.metres for b in shared}
    # the twelve edges of the grid; a|e, b|d and the other diagonal pairs only touch at a point
    assert set(found) == set(grid.SHARED_EDGES)
    for pair, metres in grid.SHARED_EDGES.items():
        assert found[pair] == pytest.approx(metres, abs=0.2), pair  # lengths are kept to 0.1 m


def test_the_border_share_from_the_geometry_is_the_one_worked_out_by_hand(shared) -> None:
    pairs = Borders(6, tuple(shared)).pairs()
    alignment = scores.align(grid.TABLES, grid.REGIONS, pairs)
    # region border 6000 m; vervoer follows 4000 m of it, zorg 2000 m (tests/support/grid.py)
    assert alignment.kinds["vervoer"].border_share == pytest.approx(4000 / 6000, abs=1e-4)
    assert alignment.kinds["zorg"].border_share == pytest.approx(2000 / 6000, abs=1e-4)
