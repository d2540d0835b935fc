"""Unit tests of lib.divisions.scores on small synthetic partitions.

The map of the tests: three regions A (a1–a4), B (b1–b3) and C (c1–c2), and one kind with four
divisions:

- ``x`` = {a1, a2}: nested in A;
- ``y`` = {a3, a4, b1}: mostly A, crosses into B;
- ``z`` = {b2, b3, c1}: mostly B, crosses into C;
- ``w`` = {c2}: nested in C.
"""

from __future__ import annotations

import pytest

from lib.divisions import scores

REGIONS = {
    "a1": "A",
    "a2": "A",
    "a3": "A",
    "a4": "A",
    "b1": "B",
    "b2": "B",
    "b3": "B",
    "c1": "C",
    "c2": "C",
}
ASSIGNMENT = {
    "a1": "x",
    "a2": "x",
    "a3": "y",
    "a4": "y",
    "b1": "y",
    "b2": "z",
    "b3": "z",
    "c1": "z",
    "c2": "w",
}
NAMES = {"x": "Xanten", "y": "Ypres", "z": "Zele", "w": "Wervik"}


def by_id(divisions) -> dict[str, scores.DivisionScore]:
    return {d.division_id: d for d in divisions}


def test_each_division_knows_its_municipalities_and_regions() -> None:
    divisions = by_id(scores.score_divisions("k", ASSIGNMENT, NAMES, REGIONS))
    assert divisions["y"].municipalities == ("a3", "a4", "b1")
    assert divisions["y"].region_counts == (("A", 2), ("B", 1))
    assert divisions["y"].dominant == "A"
    assert divisions["y"].dominant_share == pytest.approx(2 / 3)
    assert not divisions["y"].nested
    assert divisions["x"].nested and divisions["x"].regions == ("A",)
    assert divisions["z"].regions == ("B", "C") and divisions["z"].dominant == "B"
    assert divisions["w"].name == "Wervik" and divisions["w"].dominant_share == 1.0


def test_divisions_are_sorted_by_name() -> None:
    divisions = scores.score_divisions("k", ASSIGNMENT, NAMES, REGIONS)
    assert [d.name for d in divisions] == ["Wervik", "Xanten", "Ypres", "Zele"]


def test_a_tie_makes_the_first_region_id_dominant() -> None:
    regions = {"p": "B", "q": "A"}
    (division,) = scores.score_divisions("k", {"p": "t", "q": "t"}, {"t": "T"}, regions)
    assert division.region_counts == (("A", 1), ("B", 1))


def test_identical_means_exactly_the_municipalities_of_one_region() -> None:
    assignment = {**ASSIGNMENT, "c1": "w"}  # w = {c1, c2} = region C
    divisions = by_id(scores.score_divisions("k", assignment, NAMES, REGIONS))
    assert divisions["w"].identical
    assert not divisions["x"].identical  # nested in A but smaller than A
    assert not divisions["z"].identical


def test_a_division_without_a_name_shows_its_id() -> None:
    divisions = by_id(scores.score_divisions("k", ASSIGNMENT, {}, REGIONS))
    assert divisions["y"].name == "y"


def test_kind_score_counts_nested_divisions_and_their_municipalities() -> None:
    divisions = scores.score_divisions("k", ASSIGNMENT, NAMES, REGIONS)
    kind = scores.score_kind("k", divisions, 0.25)
    assert (kind.divisions, kind.nested, kind.identical) == (4, 2, 0)
    assert (kind.municipalities, kind.in_nested) == (9, 3)
    assert kind.nested_share == 0.5
    assert kind.municipality_share == pytest.approx(3 / 9)
    assert kind.border_share == 0.25


def test_border_share_counts_inner_region_borders_followed_by_the_kind() -> None:
    pairs = [
        ("a4", "b1", 10.0),  # region border, same division y: not followed
        ("a2", "a3", 99.0),  # no region border: ignored
        ("b3", "c2", 30.0),  # region border, z | w: followed
        ("a1", "b2", 60.0),  # region border, x | z: followed
        ("c1", "brussel", 500.0),  # not a municipality of the regions: ignored
    ]
    assert scores.border_share(pairs, REGIONS, ASSIGNMENT) == pytest.approx(90 / 100)
    assert scores.border_share([("a1", "a2", 5.0)], REGIONS, ASSIGNMENT) is None


def test_region_alignment_names_the_municipalities_on_the_other_side() -> None:
    divisions = scores.score_divisions("k", ASSIGNMENT, NAMES, REGIONS)
    seen_from_b = scores.region_alignment("B", "k", divisions, REGIONS)
    assert seen_from_b.inside == ()
    crossing = {c.division.division_id: c for c in seen_from_b.crossing}
    assert set(crossing) == {"y", "z"}
    assert crossing["y"].inside == ("b1",)
    assert crossing["y"].outside == (("A", ("a3", "a4")),)
    assert crossing["z"].inside == ("b2", "b3") and crossing["z"].outside == (("C", ("c1",)),)

    seen_from_a = scores.region_alignment("A", "k", divisions, REGIONS)
    assert [d.division_id for d in seen_from_a.inside] == ["x"]
    assert [c.division.division_id for c in seen_from_a.crossing] == ["y"]


def test_tension_points_are_municipalities_outvoted_by_another_region() -> None:
    divisions = scores.score_divisions("k", ASSIGNMENT, NAMES, REGIONS)
    found = scores.tensions({"k": divisions}, REGIONS)
    assert [(t.nis_code, t.division_id, t.region_id, t.majority_region) for t in found] == [
        ("b1", "y", "B", "A"),
        ("c1", "z", "C", "B"),
    ]


def test_a_tie_is_no_tension_and_counts_add_up_over_kinds() -> None:
    tie = scores.score_divisions("tie", {"a1": "t", "b1": "t"}, {}, {"a1": "A", "b1": "B"})
    assert scores.tensions({"tie": tie}, {"a1": "A", "b1": "B"}) == []

    other = {**ASSIGNMENT, "b1": "z", "b2": "z", "b3": "z", "c1": "z", "c2": "z"}
    both = {
        "k": scores.score_divisions("k", ASSIGNMENT, NAMES, REGIONS),
        "m": scores.score_divisions("m", other, NAMES, REGIONS),
    }
    found = scores.tensions(both, REGIONS)
    # in m, z = {b1, b2, b3, c1, c2}: mostly B, so c1 and c2 are outvoted
    assert scores.tension_counts(found) == {"b1": 1, "c1": 2, "c2": 1}
    assert [t.kind for t in found if t.nis_code == "c1"] == ["k", "m"]


def test_align_puts_every_score_together() -> None:
    pairs = [("a1", "b2", 60.0), ("a4", "b1", 40.0)]
    alignment = scores.align({"k": (ASSIGNMENT, NAMES)}, REGIONS, pairs)
    assert alignment.kinds["k"].border_share == pytest.approx(0.6)
    assert [d.division_id for d in alignment.crossing()] == ["y", "z"]
    assert alignment.division("k", "w").nested
    (for_c,) = alignment.region("C")
    assert [d.division_id for d in for_c.inside] == ["w"]
    assert len(alignment.tensions) == 2
    assert scores.align({"k": (ASSIGNMENT, NAMES)}, REGIONS).kinds["k"].border_share is None


# --- one municipality in every division ---------------------------------------------------------
# A second kind "m" in which c1 and c2 have no area (the source's "Geen …" code is left out of
# the assignment): v = {a1, b1, b2} (mostly B, crosses into A), u = {a2, a3, a4, b3}.
SECOND = {"a1": "v", "b1": "v", "b2": "v", "a2": "u", "a3": "u", "a4": "u", "b3": "u"}


def two_kinds() -> scores.Alignment:
    return scores.align({"k": (ASSIGNMENT, NAMES), "m": (SECOND, {"v": "Veurne"})}, REGIONS)


def test_one_municipality_in_every_kind() -> None:
    first, second = scores.memberships(two_kinds(), "a1")
    assert (first.kind, first.division.division_id, first.nested, first.outside) == (
        "k",
        "x",
        True,
        (),
    )
    # v lies mostly in B; seen from a1 (region A) its partners outside A are b1 and b2
    assert (second.division.division_id, second.region_id) == ("v", "A")
    assert not second.nested and second.outside == ("b1", "b2")
    _, from_b1 = scores.memberships(two_kinds(), "b1")
    assert from_b1.outside == ("a1",)


def test_a_municipality_without_an_area_of_a_kind_has_none() -> None:
    in_k, in_m = scores.memberships(two_kinds(), "c2")
    assert in_k.division.division_id == "w" and in_k.nested
    assert in_m.division is None and not in_m.nested and in_m.outside == ()
    with pytest.raises(KeyError):
        scores.memberships(two_kinds(), "zz")


def test_all_memberships_and_the_report_rows_per_municipality() -> None:
    from lib.divisions.report import municipality_rows

    everything = scores.all_memberships(two_kinds())
    assert len(everything) == 9 * 2
    assert [(m.nis_code, m.kind) for m in everything[:3]] == [("a1", "k"), ("a1", "m"), ("a2", "k")]
    rows = municipality_rows(two_kinds(), {"a3": "Aa"})
    assert len(rows) == 9 + 7  # c1 and c2 have no area of kind m: no row
    assert {(r["nis_code"], r["kind"]) for r in rows if r["nis_code"].startswith("c")} == {
        ("c1", "k"),
        ("c2", "k"),
    }
    a3 = [r for r in rows if r["nis_code"] == "a3"]
    assert a3 == [
        {
            "nis_code": "a3",
            "municipality": "Aa",
            "region_id": "A",
            "kind": "k",
            "division_id": "y",
            "division": "Ypres",
            "nested": "false",
        },
        {
            "nis_code": "a3",
            "municipality": "Aa",
            "region_id": "A",
            "kind": "m",
            "division_id": "u",
            "division": "u",  # no name in the table: its id
            "nested": "false",
        },
    ]
