"""AppTest runs of the other divisions: the page /afstemming, the layer on the map, the panel.

Expected numbers come from the raw sheets in ../shared (pandas), not from lib.divisions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit_folium

from lib.data import paths
from lib.divisions.sources import KINDS
from lib.map.division_overlay import DivisionBorders
from tests.support.apptest import (
    AFSTEMMING,
    FakeStFolium,
    assert_clean,
    header_values,
    open_page,
    plain,
    texts,
    use_data,
)
from tests.support.divisions import make_hostile_divisions

LINE = re.compile(r"^(\d+) van (\d+) (.+) (?:ligt|liggen) volledig binnen één referentieregio$")


@pytest.fixture(scope="module")
def expected(divisions_dir: Path) -> dict[str, tuple[int, int]]:
    """Per kind (nested divisions, divisions), counted with pandas over the raw sheets; a
    "Geen …" code of the definitions is no area."""
    membership = pd.read_csv(paths.REPO_ROOT / "data" / "regions.csv", dtype=str)
    regions = membership[membership["vintage"] == "2025"][["nis_code", "region_id"]]
    counts = {}
    for kind in KINDS:
        sheet = pd.read_excel(divisions_dir / kind.table, dtype=str)
        sheet.columns = ["nis_code", "division"]
        definitions = pd.read_excel(divisions_dir / kind.definitions, dtype=str)
        none = set(definitions[definitions["name"].str.match(r"(?i)geen\b")]["geoitem code"])
        sheet = sheet[~sheet["division"].isin(none)]
        touched = regions.merge(sheet, on="nis_code").groupby("division")["region_id"].nunique()
        counts[kind.id] = (int((touched == 1).sum()), len(touched))
    return counts


@pytest.fixture
def data(built_data_dir: Path, pic_dir: Path, monkeypatch) -> Path:
    return use_data(monkeypatch, built_data_dir, pic_dir)


@pytest.fixture
def fake_map(monkeypatch) -> FakeStFolium:
    fake = FakeStFolium()
    monkeypatch.setattr(streamlit_folium, "st_folium", fake)
    return fake


def sentences(at) -> dict[str, tuple[int, int]]:
    found = {}
    for element in at.markdown:
        match = LINE.match(plain(element.value))
        if match:
            found[match.group(3)] = (int(match.group(1)), int(match.group(2)))
    return found


def test_the_page_gives_one_line_per_kind_a_chart_tables_and_downloads(data, expected) -> None:
    at = open_page(AFSTEMMING)
    assert_clean(at)
    assert not at.warning
    lines = sentences(at)
    assert lines == {kind.label.lower(): expected[kind.id] for kind in KINDS}
    assert len(at.get("vega_lite_chart")) == 1
    crossing, tensions = (frame.value for frame in at.dataframe)
    assert len(crossing) == sum(total - nested for nested, total in expected.values())
    assert set(crossing["Indeling"]) <= {kind.label for kind in KINDS}
    assert (tensions["Aantal indelingen"] >= 1).all()
    assert tensions["Aantal indelingen"].is_monotonic_decreasing
    assert [button.label for button in at.get("download_button")] == [
        "Alle gebieden per indeling (CSV)",
        "Spanningspunten (CSV)",
        "Alle gemeenten in alle indelingen (CSV)",
    ]
    shown = texts(at)
    assert "verrommeling" in shown and "pas toe of leg uit" in shown
    assert "3b1b6d8d3548e495f597db134f437f0d08898535" in shown
    assert "Provincies in Cijfers" in shown
    # the border share is known: every card says how much of the region borders it follows
    assert len(re.findall(r"volgt \d+ % van de regiogrenzen", shown)) == len(KINDS)
    # the figures that need a word of explanation get one: the border share, and the tie rule
    helps = [c.proto.help for c in at.caption if c.proto.help]
    assert sum("Van alle grenzen tussen twee referentieregio's" in h for h in helps) == len(KINDS)
    assert any(
        "gelijk verdeeld (bv. 50 % en 50 %)" in h and "alfabetisch eerst" in h for h in helps
    )


def test_offline_the_page_and_the_layer_say_what_is_missing(
    app_data_copy: Path, pic_dir: Path, tmp_path: Path, monkeypatch, fake_map
) -> None:
    use_data(monkeypatch, app_data_copy, pic_dir)
    paths.divisions_path(app_data_copy).unlink()
    empty = tmp_path / "geen-indelingen"
    empty.mkdir()
    monkeypatch.setenv("REGIOKAART_DIVISIONS_URL", str(empty))

    at = open_page(AFSTEMMING)
    assert_clean(at)
    (warning,) = at.warning
    assert "niet beschikbaar" in warning.value and "REGIOKAART_DIVISIONS_URL" in warning.value
    assert not at.dataframe and not sentences(at)
    assert str(empty) not in texts(at)  # no server path for visitors: that is for the log
    assert [button.label for button in at.button] == ["Opnieuw proberen"]

    # the map page: the region, its panel and the map work; the layer says what is missing
    at = open_page(regio="gent", laag="vervoerregio")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Gent"]
    assert "Politiek streekforum" in texts(at)
    (warning,) = at.warning
    assert "De andere indelingen zijn even niet beschikbaar" in warning.value
    (highlight,) = fake_map.calls[-1]["feature_group_to_add"]  # no overlay, the map as before
    assert "zijn even niet beschikbaar" in texts(at)  # the panel's section says so too


def overlay_elements(call: dict) -> list[DivisionBorders]:
    groups = call["feature_group_to_add"][1:]
    return [
        c for group in groups for c in group._children.values() if isinstance(c, DivisionBorders)
    ]


def test_a_layer_from_the_address_is_drawn_over_the_regions(data, fake_map) -> None:
    at = open_page(laag="vervoerregio")
    assert_clean(at)
    assert at.selectbox(key="laag").value == "vervoerregio"
    (overlay,) = overlay_elements(fake_map.calls[-1])
    assert "Dender (Verv.)" in overlay.data_json and "Vervoerregio's" in overlay.options_json
    assert "van de 15" in texts(at)

    # switching the layer: a new overlay, the same map script (no remount), the address follows
    at.selectbox(key="laag").set_value("politiezone").run()
    assert_clean(at)
    assert at.query_params["laag"] == "politiezone"
    (overlay,) = overlay_elements(fake_map.calls[-1])
    assert "PZ Aalst" in overlay.data_json
    at.selectbox(key="laag").set_value("geen").run()
    assert "laag" not in at.query_params
    assert overlay_elements(fake_map.calls[-1]) == []


def test_the_2019_view_says_the_layer_is_2025_only(data, fake_map) -> None:
    at = open_page(laag="eerstelijnszone", indeling="2019")
    assert_clean(at)
    assert overlay_elements(fake_map.calls[-1]) == []
    assert "alleen voor de gemeenten sinds 2025" in texts(at)


def test_an_unknown_layer_in_the_address_gets_a_notice(data, fake_map) -> None:
    at = open_page(laag="atlantis")
    assert_clean(at)
    assert at.selectbox(key="laag").value == "geen"
    assert any("'atlantis'" in info.value for info in at.info)


def test_the_panel_names_the_municipalities_across_the_border(data, fake_map) -> None:
    at = open_page(regio="denderregio")
    assert_clean(at)
    shown = texts(at)
    assert "Afstemming met andere indelingen" in shown
    # Vlaamse Rand (Verv.) reaches into the Denderregio with Buggenhout only
    assert "Vlaamse Rand (Verv.) — hier Buggenhout" in shown


def test_hostile_division_names_stay_text(
    app_data_copy: Path, pic_dir: Path, monkeypatch, fake_map
) -> None:
    use_data(monkeypatch, app_data_copy, pic_dir)
    name = make_hostile_divisions(app_data_copy)

    at = open_page(regio="halle-vilvoorde", laag="vervoerregio")
    assert_clean(at)
    panel = [m.value for m in at.markdown if "binnen de regio" in m.value]
    assert panel and name in plain(panel[0])
    # every < and { of the name reaches Markdown escaped: shown, never read as markup
    assert not re.search(r"(?<!\\)[<{]", panel[0])
    (overlay,) = overlay_elements(fake_map.calls[-1])
    assert "<img" not in overlay.data_json and "{{" not in overlay.data_json
    assert "\\u003cimg" in overlay.data_json
    assert "{\\u007b7*7}}" in overlay.data_json  # a template opener, taken apart

    at = open_page(AFSTEMMING)
    assert_clean(at)
    crossing, tensions = (frame.value for frame in at.dataframe)
    assert name in set(crossing["Gebied"])  # shown as it is, in a table cell (text)
    assert any(name in cell for cell in tensions["Waar de meerderheid ligt"])


def test_a_failed_download_is_remembered_until_retry(
    data_copy: Path, divisions_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    """Offline, each page would wait for the download again; the failure is kept a while."""
    from lib.app import division_data
    from lib.pinned.errors import PinnedError

    empty = tmp_path / "geen-indelingen"
    empty.mkdir()
    monkeypatch.setenv("REGIOKAART_DIVISIONS_URL", str(empty))
    division_data.forget_failure(data_copy)
    with pytest.raises(PinnedError) as first:
        division_data.ensure_tables(data_copy)
    # the source is reachable now, but the failure is remembered: no new attempt yet
    monkeypatch.setenv("REGIOKAART_DIVISIONS_URL", str(divisions_dir))
    with pytest.raises(PinnedError) as second:
        division_data.ensure_tables(data_copy)
    assert str(second.value) == str(first.value)
    assert not paths.divisions_path(data_copy).exists()
    division_data.forget_failure(data_copy)  # "Opnieuw proberen"
    division_data.ensure_tables(data_copy)
    assert paths.divisions_path(data_copy).is_file()
