"""The division scores (lib.divisions.scores) on the hand-made grid of tests/support/grid.py.

Nested areas, spanningspunten and the border share, each against the answer worked out by hand
in that module's docstring (the definitions are the README's, "Other divisions"). The shared
borders here are the hand-written ones; tests/test_borders_geometry.py derives them from the
rectangles and checks that the same answers come out.
"""

from __future__ import annotations

import pytest

from lib.divisions import scores
from tests.support import grid


@pytest.fixture(scope="module")
def alignment() -> scores.Alignment:
    return scores.align(grid.TABLES, grid.REGIONS, grid.PAIRS)


def test_an_area_is_nested_when_all_its_municipalities_lie_in_one_region(alignment) -> None:
    nested = {
        kind: sorted(d.division_id for d in divisions if d.nested)
        for kind, divisions in alignment.divisions.items()
    }
    assert nested == {"vervoer": ["P", "T"], "zorg": ["W"]}
    quarter = alignment.division("vervoer", "Q")  # g in R; h, i in S
    assert quarter.region_counts == (("S", 2), ("R", 1))
    assert quarter.dominant == "S" and quarter.dominant_share == pytest.approx(2 / 3)


def test_the_totals_of_a_kind_count_areas_and_their_municipalities(alignment) -> None:
    vervoer, zorg = alignment.kinds["vervoer"], alignment.kinds["zorg"]
    assert (vervoer.divisions, vervoer.nested, vervoer.identical) == (3, 2, 0)
    assert (vervoer.municipalities, vervoer.in_nested) == (9, 6)  # P and T: 3 + 3
    assert vervoer.municipality_share == pytest.approx(2 / 3)
    assert (zorg.divisions, zorg.nested, zorg.identical) == (3, 1, 0)
    assert (zorg.municipalities, zorg.in_nested) == (9, 2)  # W: f and i


def test_a_spanningspunt_lies_where_another_region_holds_more_of_its_area(alignment) -> None:
    found = [
        (t.nis_code, t.kind, t.division_id, t.region_id, t.majority_region)
        for t in alignment.tensions
    ]
    # g: Q has 1 municipality in R, 2 in S; c: U has 2 in R, 1 in S. By code: c, then g.
    assert found == [("c", "zorg", "U", "S", "R"), ("g", "vervoer", "Q", "R", "S")]
    assert scores.tension_counts(alignment.tensions) == {"c": 1, "g": 1}


def test_a_tie_is_counted_with_the_first_region_and_makes_no_spanningspunt(alignment) -> None:
    veld = alignment.division("zorg", "V")  # d, g in R; e, h in S
    assert veld.region_counts == (("R", 2), ("S", 2))
    assert veld.dominant == "R" and veld.dominant_share == 0.5
    assert not [t for t in alignment.tensions if t.division_id == "V"]


def test_the_border_share_is_the_followed_length_of_the_region_border(alignment) -> None:
    # region border: b|c 1000 + d|e 1000 + g|h 2000 + b|e 2000 = 6000 m
    # vervoer follows b|c, d|e and b|e: 4000 / 6000; zorg follows b|e only: 2000 / 6000
    assert alignment.kinds["vervoer"].border_share == pytest.approx(4000 / 6000)
    assert alignment.kinds["zorg"].border_share == pytest.approx(2000 / 6000)


def test_the_border_share_weighs_by_length_not_by_number_of_edges() -> None:
    # by count vervoer would follow 3 of 4 edges (0.75); the long g|h edge it does not follow
    # weighs 2000 of 6000 m. Stretch g|h to 5000 m: 4000 / 9000.
    longer = [(a, b, 5000.0 if (a, b) == ("g", "h") else m) for a, b, m in grid.PAIRS]
    assert scores.border_share(longer, grid.REGIONS, grid.VERVOER) == pytest.approx(4000 / 9000)
    # a neighbour outside the regions (Brussels, the outer border) does not count
    outside = [*grid.PAIRS, ("c", "21004", 700.0), ("21004", "g", 900.0)]
    assert scores.border_share(outside, grid.REGIONS, grid.VERVOER) == pytest.approx(2 / 3)


def test_seen_from_a_region_an_area_is_inside_or_crosses_its_border(alignment) -> None:
    vervoer, zorg = alignment.region("R")
    assert [d.division_id for d in vervoer.inside] == ["P"]
    (quarter,) = vervoer.crossing
    assert quarter.division.division_id == "Q"
    assert quarter.inside == ("g",) and quarter.outside == (("S", ("h", "i")),)
    assert zorg.inside == ()
    assert {c.division.division_id: c.outside for c in zorg.crossing} == {
        "U": (("S", ("c",)),),
        "V": (("S", ("e", "h")),),
    }
