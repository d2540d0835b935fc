"""lib.app.query_params: comma-separated ids from the address bar."""

from __future__ import annotations

import pytest

from lib.app.query_params import ParsedIds, parse_ids

REGIONS = ["antwerpen", "gent", "kempen", "rivierenland", "westhoek"]


def test_known_ids_come_back_in_the_order_of_the_allowed_list():
    assert parse_ids("westhoek,kempen,gent", REGIONS) == ParsedIds(
        ("gent", "kempen", "westhoek"), ()
    )


def test_unknown_ids_are_reported_once_in_the_order_given():
    assert parse_ids("foo,kempen,bar,foo", REGIONS) == ParsedIds(("kempen",), ("foo", "bar"))


def test_case_spaces_and_empty_parts_are_forgiven():
    assert parse_ids(" Kempen , ,GENT,,", REGIONS) == ParsedIds(("gent", "kempen"), ())


def test_duplicates_collapse():
    assert parse_ids("gent,gent,Gent", REGIONS) == ParsedIds(("gent",), ())


def test_repeated_parameters_are_one_list():
    """?regio=kempen&regio=gent,foo arrives as a list of values."""
    assert parse_ids(["kempen", "gent,foo"], REGIONS) == ParsedIds(("gent", "kempen"), ("foo",))
    assert parse_ids(("westhoek",), REGIONS) == ParsedIds(("westhoek",), ())


@pytest.mark.parametrize("raw", [None, "", ",", " , ", [], [""]])
def test_nothing(raw):
    assert parse_ids(raw, REGIONS) == ParsedIds((), ())


def test_allowed_can_be_a_dict_or_a_generator():
    names = {"gent": "Gent", "kempen": "Kempen"}
    assert parse_ids("kempen,gent,x", names) == ParsedIds(("gent", "kempen"), ("x",))
    assert parse_ids("2022,2019", (str(y) for y in (2021, 2022))) == ParsedIds(("2022",), ("2019",))


def test_hostile_values_are_only_reported_never_known():
    parsed = parse_ids("<script>,${x},gent", REGIONS)
    assert parsed.known == ("gent",)
    assert parsed.unknown == ("<script>", "${x}")
