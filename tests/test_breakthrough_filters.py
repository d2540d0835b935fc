"""lib.app.filters on the twelve real breakthrough projects."""

from __future__ import annotations

import pytest
import yaml

from lib.app.filters import filter_breakthroughs, years_of
from lib.data.dataset import load_dataset
from lib.data.paths import REPO_ROOT

ALL_IDS = [
    "brugge-competenties",
    "denderregio-socio-economie",
    "gent-cultuur-erfgoed",
    "halle-vilvoorde-welzijn-zorg",
    "kempen-buurtmobiliteit",
    "middenkust-blauwe-economie",
    "midwest-sportinfrastructuur",
    "neteland-rechtspositieregeling",
    "rivierenland-vrachtwagenparkeren",
    "rivierenland-geestelijke-gezondheidszorg",
    "westhoek-activering",
    "zuid-west-vlaanderen-energiegemeenschappen",
]


@pytest.fixture(scope="module")
def breakthroughs():
    return load_dataset(REPO_ROOT / "data").breakthroughs


def _ids(items) -> list[str]:
    return [item.id for item in items]


def test_the_data_has_the_twelve_projects_in_this_order(breakthroughs):
    raw = yaml.safe_load((REPO_ROOT / "data" / "breakthroughs.yaml").read_text(encoding="utf-8"))
    assert [item["id"] for item in raw["breakthroughs"]] == ALL_IDS
    assert _ids(breakthroughs) == ALL_IDS


def test_no_filter_keeps_all_twelve_in_file_order(breakthroughs):
    assert _ids(filter_breakthroughs(breakthroughs)) == ALL_IDS
    assert _ids(filter_breakthroughs(breakthroughs, [], [], [])) == ALL_IDS
    assert _ids(filter_breakthroughs(breakthroughs, set(), (), frozenset())) == ALL_IDS


def test_theme_mobiliteit_is_denderregio_kempen_and_rivierenlands_truck_parking(breakthroughs):
    shown = _ids(filter_breakthroughs(breakthroughs, themes=["mobiliteit"]))
    assert shown == [
        "denderregio-socio-economie",
        "kempen-buurtmobiliteit",
        "rivierenland-vrachtwagenparkeren",
    ]
    assert "neteland-rechtspositieregeling" not in shown


def test_several_themes_match_any_of_them(breakthroughs):
    shown = _ids(filter_breakthroughs(breakthroughs, themes={"mobiliteit", "personeel"}))
    assert shown == [
        "brugge-competenties",
        "denderregio-socio-economie",
        "kempen-buurtmobiliteit",
        "neteland-rechtspositieregeling",
        "rivierenland-vrachtwagenparkeren",
    ]


def test_region_filter_includes_the_subregions_projects(breakthroughs):
    """Neteland is a sub-region of the Kempen: its project belongs to the region kempen."""
    assert _ids(filter_breakthroughs(breakthroughs, regions=["kempen"])) == [
        "kempen-buurtmobiliteit",
        "neteland-rechtspositieregeling",
    ]
    assert _ids(filter_breakthroughs(breakthroughs, regions=["kempen", "rivierenland"])) == [
        "kempen-buurtmobiliteit",
        "neteland-rechtspositieregeling",
        "rivierenland-vrachtwagenparkeren",
        "rivierenland-geestelijke-gezondheidszorg",
    ]


@pytest.mark.parametrize(
    ("themes", "regions", "years", "expected"),
    [
        (["mobiliteit"], ["kempen"], [], ["kempen-buurtmobiliteit"]),
        (
            ["mobiliteit"],
            ["kempen", "rivierenland"],
            [],
            ["kempen-buurtmobiliteit", "rivierenland-vrachtwagenparkeren"],
        ),
        (["mobiliteit"], [], [2021], ["kempen-buurtmobiliteit"]),
        (
            ["mobiliteit"],
            [],
            [2022],
            ["denderregio-socio-economie", "rivierenland-vrachtwagenparkeren"],
        ),
        ([], ["rivierenland"], [2021], ["rivierenland-geestelijke-gezondheidszorg"]),
        (["welzijn-zorg"], ["rivierenland"], [2022], []),
        (["mobiliteit"], ["westhoek"], [], []),
        (["bestuur"], [], [], ["denderregio-socio-economie"]),  # one of its three themes
        (["mobiliteit"], ["kempen"], [2021, 2022], ["kempen-buurtmobiliteit"]),
    ],
)
def test_combinations_must_all_match(breakthroughs, themes, regions, years, expected):
    assert _ids(filter_breakthroughs(breakthroughs, themes, regions, years)) == expected


def test_years(breakthroughs):
    in_2021 = _ids(filter_breakthroughs(breakthroughs, years=[2021]))
    in_2022 = _ids(filter_breakthroughs(breakthroughs, years=[2022]))
    assert len(in_2021) == 7 and len(in_2022) == 5
    assert sorted(in_2021 + in_2022) == sorted(ALL_IDS)
    assert _ids(filter_breakthroughs(breakthroughs, years=[2021, 2022])) == ALL_IDS


def test_the_year_choices_are_the_years_that_occur(breakthroughs):
    assert years_of(breakthroughs) == [2021, 2022]
    later = breakthroughs[0].model_copy(update={"year": 2024})
    assert years_of(breakthroughs, [later]) == [2021, 2022, 2024]
    assert years_of() == []


def test_unknown_values_match_nothing(breakthroughs):
    assert filter_breakthroughs(breakthroughs, themes=["ruimtevaart"]) == []
    assert filter_breakthroughs(breakthroughs, regions=["atlantis"]) == []
    assert filter_breakthroughs(breakthroughs, years=[2019]) == []
    # A year as text is not a year: the page converts "2021" before filtering.
    assert filter_breakthroughs(breakthroughs, years=["2021"]) == []


def test_every_theme_filter_keeps_exactly_the_projects_carrying_it(breakthroughs):
    raw = yaml.safe_load((REPO_ROOT / "data" / "breakthroughs.yaml").read_text(encoding="utf-8"))
    themes = {theme for item in raw["breakthroughs"] for theme in item["themes"]}
    for theme in themes:
        expected = [item["id"] for item in raw["breakthroughs"] if theme in item["themes"]]
        assert _ids(filter_breakthroughs(breakthroughs, themes=[theme])) == expected, theme
