"""AppTest runs of `/doorbraken`: the twelve breakthrough projects, their filters and links.

Expected projects are read from data/breakthroughs.yaml with PyYAML and plain text counts, not
through the code under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support.apptest import (
    DOORBRAKEN,
    assert_clean,
    assert_no_escapes_in_code,
    open_page,
    plain,
    texts,
    use_data,
)

NETELAND = "neteland-rechtspositieregeling"


@pytest.fixture
def data(built_data_dir: Path, pic_dir: Path, monkeypatch) -> Path:
    """The shared data folder (read-only); this page never needs the boundaries."""
    return use_data(monkeypatch, built_data_dir, pic_dir)


def projects(data_dir: Path) -> list[dict]:
    doc = yaml.safe_load((data_dir / "breakthroughs.yaml").read_text(encoding="utf-8"))
    return doc["breakthroughs"]


def titles(items: list[dict]) -> set[str]:
    return {item["title"] for item in items}


def shown_titles(at) -> set[str]:
    return {plain(s.value) for s in at.subheader}


def count_line(at) -> str:
    pattern = r"\*\*\d+ van \d+ doorbraken\*\*"
    lines = [m.value for m in at.markdown if re.fullmatch(pattern, m.value)]
    assert len(lines) == 1, lines
    return lines[0].strip("*")


def open_doorbraken(**query: str):
    at = open_page(DOORBRAKEN, **query)
    assert_clean(at)
    assert at.title[0].value == "Regionale doorbraken"
    return at


def test_no_filters_shows_all_twelve(data: Path) -> None:
    at = open_doorbraken()
    everything = projects(data)
    assert len(everything) == 12
    assert count_line(at) == "12 van 12 doorbraken"
    assert shown_titles(at) == titles(everything)
    assert not any(e.proto.expanded for e in at.expander)  # cards start folded
    assert not at.info
    assert not at.button  # no "Toon alle doorbraken" without a single project
    assert at.query_params == {}


def test_theme_link_filters_on_mobility(data: Path) -> None:
    at = open_doorbraken(thema="mobiliteit")
    expected = [p for p in projects(data) if "mobiliteit" in p["themes"]]
    assert len(expected) == 3
    assert count_line(at) == "3 van 12 doorbraken"
    assert shown_titles(at) == titles(expected)
    assert "Vrachtwagenparkeren regionaal aanpakken" in shown_titles(at)  # Rivierenland
    neteland = next(p for p in projects(data) if p["id"] == NETELAND)
    assert neteland["title"] not in shown_titles(at)
    assert at.multiselect(key="filter_thema").value == ["mobiliteit"]
    assert at.query_params == {"thema": "mobiliteit"}


def test_theme_and_region_link(data: Path) -> None:
    at = open_doorbraken(thema="mobiliteit", regio="kempen")
    expected = [
        p for p in projects(data) if "mobiliteit" in p["themes"] and p["region_id"] == "kempen"
    ]
    assert len(expected) == 1
    assert count_line(at) == "1 van 12 doorbraken"
    assert shown_titles(at) == titles(expected)


def test_comma_separated_regions(data: Path) -> None:
    at = open_doorbraken(regio="kempen,rivierenland")
    expected = [p for p in projects(data) if p["region_id"] in ("kempen", "rivierenland")]
    assert count_line(at) == f"{len(expected)} van 12 doorbraken"
    assert shown_titles(at) == titles(expected)
    assert at.multiselect(key="filter_regio").value == ["kempen", "rivierenland"]
    assert "Neteland (subregio van Kempen)" in texts(at)


@pytest.mark.parametrize("year", ["2021", "2022"])
def test_year_link(data: Path, year: str) -> None:
    source = (data / "breakthroughs.yaml").read_text(encoding="utf-8")
    expected = len(re.findall(rf"^\s+year: {year}\s*$", source, flags=re.MULTILINE))
    assert 0 < expected < 12
    at = open_doorbraken(jaar=year)
    assert count_line(at) == f"{expected} van 12 doorbraken"
    assert len(at.subheader) == expected
    assert all(
        f"geselecteerd in {year}" in plain(m.value)
        for m in at.markdown
        if "geselecteerd in" in m.value
    )


def test_id_link_opens_one_project_with_all_details(data: Path) -> None:
    at = open_doorbraken(id=NETELAND)
    project = next(p for p in projects(data) if p["id"] == NETELAND)
    assert count_line(at) == "1 van 12 doorbraken"
    assert shown_titles(at) == {project["title"]}
    assert at.subheader[0].proto.anchor == NETELAND
    assert [e.proto.expanded for e in at.expander] == [True]
    page = texts(at)
    assert "Neteland (subregio van Kempen)" in page
    for text in project["partners"] + [c["name"] for c in project["contacts"]]:
        assert text in page
    assert "Wat het opleverde" in page and "Lessen voor andere regio's" in page
    assert at.query_params == {"id": NETELAND}

    at.button[0].click().run()  # "Toon alle doorbraken"
    assert_clean(at)
    assert count_line(at) == "12 van 12 doorbraken"
    assert at.query_params == {}


def test_unknown_values_are_ignored_with_a_notice(data: Path) -> None:
    at = open_doorbraken(thema="foo", id="bar")
    notice = at.info[0].value
    assert "thema=foo" in plain(notice) and "id=bar" in plain(notice)
    assert_no_escapes_in_code(notice)
    assert count_line(at) == "12 van 12 doorbraken"
    assert at.query_params == {}  # the address no longer carries what was ignored


def test_unknown_values_beside_known_ones(data: Path) -> None:
    at = open_doorbraken(thema="mobiliteit,ruimte-vaart", regio="kempen", jaar="1999")
    notice = at.info[0].value
    assert "thema=ruimte-vaart" in plain(notice) and "jaar=1999" in plain(notice)
    assert_no_escapes_in_code(notice)
    assert count_line(at) == "1 van 12 doorbraken"
    assert at.query_params == {"thema": "mobiliteit", "regio": "kempen"}

    at.multiselect(key="filter_regio").unselect("kempen").run()  # a change ends the notice
    assert_clean(at)
    assert not at.info
    assert count_line(at) == "3 van 12 doorbraken"


def test_changing_the_filters_updates_the_address(data: Path) -> None:
    at = open_doorbraken()
    at.multiselect(key="filter_thema").select("mobiliteit").run()
    assert_clean(at)
    assert at.query_params == {"thema": "mobiliteit"}
    assert count_line(at) == "3 van 12 doorbraken"

    at.multiselect(key="filter_regio").select("kempen").select("rivierenland").run()
    assert at.query_params == {"thema": "mobiliteit", "regio": "kempen,rivierenland"}
    assert count_line(at) == "2 van 12 doorbraken"

    at.multiselect(key="filter_jaar").select("2022").run()
    assert at.query_params == {
        "thema": "mobiliteit",
        "regio": "kempen,rivierenland",
        "jaar": "2022",
    }
    expected = [
        p
        for p in projects(data)
        if "mobiliteit" in p["themes"]
        and p["region_id"] in ("kempen", "rivierenland")
        and p["year"] == 2022
    ]
    assert count_line(at) == f"{len(expected)} van 12 doorbraken"

    at.multiselect(key="filter_jaar").unselect("2022").run()
    at.multiselect(key="filter_regio").set_value([]).run()
    at.multiselect(key="filter_thema").set_value([]).run()
    assert_clean(at)
    assert at.query_params == {}
    assert count_line(at) == "12 van 12 doorbraken"


def test_a_filter_change_leaves_the_single_project(data: Path) -> None:
    at = open_doorbraken(id=NETELAND)
    at.multiselect(key="filter_thema").select("personeel").run()
    assert_clean(at)
    assert "id" not in at.query_params
    assert at.query_params == {"thema": "personeel"}
    expected = [p for p in projects(data) if "personeel" in p["themes"]]
    assert count_line(at) == f"{len(expected)} van 12 doorbraken"
