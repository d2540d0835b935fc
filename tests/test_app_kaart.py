"""AppTest runs of the main page `/` (Kaart): deep links, selects, search, map clicks, no map.

Expected numbers come from the data files themselves (csv module), not from the code under test.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import folium
import pytest
import streamlit_folium

from lib.data import paths
from lib.map import elements
from lib.map.encoding import decode_geometry
from tests.support.apptest import (
    DOORBRAKEN,
    GEGEVENS,
    INZICHTEN,
    TRAJECTEN,
    FakeStFolium,
    assert_clean,
    go_to,
    header_values,
    open_page,
    plain,
    texts,
    use_data,
)
from tests.support.synthetic import pin, write_layers

GENT, BRUSSEL, KORTESSEM = "44021", "21004", "73040"


def membership(data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def counts(data_dir: Path, vintage: str) -> Counter:
    return Counter(row["region_id"] for row in membership(data_dir) if row["vintage"] == vintage)


def feature(data_dir: Path, nis_code: str) -> dict:
    """The municipality as the map's layer has it (what Leaflet returns on a click)."""
    document = json.loads(paths.map_artifact_path(2025, data_dir).read_bytes())
    (encoded,) = [
        f
        for f in document["layers"]["municipalities"]["features"]
        if f["p"]["nis_code"] == nis_code
    ]
    geometry = decode_geometry(encoded["g"], document["decimals"])
    return {"type": "Feature", "properties": encoded["p"], "geometry": geometry}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def overview(at) -> dict[str, tuple[int, int]]:
    """The overview table beside the map: {region name: (municipalities, breakthroughs)}."""
    (table,) = [m.value for m in at.markdown if m.value.startswith("| Referentieregio |")]
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    return {name.replace("\\", ""): (int(n), int(projects)) for name, n, projects in rows}


def map_components(at) -> list:
    """The st_folium components on the page (AppTest shows a component as an unknown element)."""
    return list(at.get("component_instance"))


@pytest.fixture
def built(built_data_dir: Path, pic_dir: Path, monkeypatch) -> Path:
    """The app on the shared, built data (read-only: nothing here writes to it)."""
    return use_data(monkeypatch, built_data_dir, pic_dir)


@pytest.fixture
def fake_map(monkeypatch) -> FakeStFolium:
    """Replace st_folium; pages/kaart.py reads it with `from streamlit_folium import st_folium`
    on every run, so patching the module attribute reaches the next run."""
    fake = FakeStFolium()
    monkeypatch.setattr(streamlit_folium, "st_folium", fake)
    return fake


@pytest.fixture
def offered(monkeypatch) -> dict[str, str]:
    """File id → file name of every download made on a click (a callable), as the server
    registers it for the browser: the fiches are made only when clicked."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    seen: dict[str, str] = {}
    register = MediaFileManager.add_deferred

    def remember(self, *args, **kwargs):
        file_id = register(self, *args, **kwargs)
        seen[file_id] = kwargs.get("file_name")
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return seen


def fiche_files(at, offered: dict[str, str]) -> list[str]:
    """The file names of the page's "Download de fiche (PDF)" buttons."""
    buttons = [b for b in at.get("download_button") if b.proto.label == "Download de fiche (PDF)"]
    return [offered[b.proto.deferred_file_id] for b in buttons]


def map_script_hash(call: dict) -> str:
    """The key streamlit-folium gives the component for this map: a change remounts the map."""
    fig = call["fig"]
    fig.get_root().render()
    fig.render()
    script = streamlit_folium._get_map_string(fig)
    on_hover = call.get("return_on_hover", False)
    return streamlit_folium.generate_js_hash(script, call["key"], on_hover)


# --- no region, deep links ----------------------------------------------------------------------


def test_overview_without_region_lists_the_15_regions(built: Path) -> None:
    at = open_page()
    assert_clean(at)
    assert at.title[0].value == "Regiokaart"
    assert len(map_components(at)) == 1  # the real st_folium component
    assert [s.value for s in at.subheader] == ["Kies een referentieregio"]
    assert at.selectbox(key="regio").value is None
    table = overview(at)
    expected = counts(built, "2025")
    assert len(table) == 15 == len(expected)
    assert {name: members for name, (members, _) in table.items()} == {
        name: expected[region_id]
        for region_id, name in {
            row["region_id"]: row["region"] for row in membership(built)
        }.items()
    }
    assert sum(members for members, _ in table.values()) == 285
    assert sum(projects for _, projects in table.values()) == 12
    assert at.query_params == {}


def test_deep_link_westhoek(built: Path, offered: dict[str, str]) -> None:
    at = open_page(regio="westhoek")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Westhoek"]
    assert at.selectbox(key="regio").value == "westhoek"
    page = texts(at)
    assert "Westhoekoverleg" in page
    assert "DVV Westhoek" in page
    shown = metrics(at)
    assert shown["Gemeenten"] == str(counts(built, "2025")["westhoek"])
    assert shown["Oppervlakte (km²)"] not in ("", "–")  # from the built boundaries
    assert f"Gemeenten ({counts(built, '2025')['westhoek']})" in page
    assert at.query_params == {"regio": "westhoek"}
    assert fiche_files(at, offered) == [
        "regiofiche-westhoek.pdf"
    ]  # a region, no municipality chosen
    links = {link.value: link.proto.query_string for link in at.get("page_link")}
    assert links["Lees het hele project"].startswith("id=westhoek")


def test_deep_link_gent_shows_veneco_and_its_trajectory(built: Path) -> None:
    at = open_page(regio="gent")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Gent"]
    page = texts(at)
    assert "Veneco" in page
    assert "Ontwikkeltraject" in page
    assert metrics(at)["Gemeenten"] == str(counts(built, "2025")["gent"])


@pytest.mark.parametrize("unknown", ["xyz", "<b>xyz</b>"])
def test_unknown_region_id_gives_a_notice_and_the_default_view(built: Path, unknown: str) -> None:
    at = open_page(regio=unknown)
    assert_clean(at)
    notice = plain(at.info[0].value)
    assert f"'{unknown}'" in notice
    assert "15 regio's" in notice
    assert at.selectbox(key="regio").value is None
    assert [s.value for s in at.subheader] == ["Kies een referentieregio"]
    assert len(overview(at)) == 15
    assert "regio" not in at.query_params  # the address shows what the page shows
    # picking a region afterwards works and replaces the notice
    at.selectbox(key="regio").set_value("kempen").run()
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Kempen"]
    assert not at.info
    assert at.query_params == {"regio": "kempen"}


def test_unknown_vintage_falls_back_to_2025(built: Path) -> None:
    at = open_page(indeling="1990")
    assert_clean(at)
    assert at.segmented_control(key="indeling").value == "2025"
    assert sum(members for members, _ in overview(at).values()) == 285
    assert "indeling" not in at.query_params


def test_deep_link_2019_shows_the_municipalities_before_the_mergers(built: Path) -> None:
    at = open_page(indeling="2019")
    assert_clean(at)
    assert at.segmented_control(key="indeling").value == "2019"
    shown = sum(members for members, _ in overview(at).values())
    assert shown == sum(counts(built, "2019").values()) == 300

    at = open_page(indeling="2019", regio="limburg")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Limburg"]
    assert metrics(at)["Gemeenten"] == str(counts(built, "2019")["limburg"]) == "42"
    page = texts(at)
    assert "Gemeenten (42)" in page
    assert "Kortessem (sinds 2025 deel van Hasselt)" in page
    assert at.query_params == {"indeling": "2019", "regio": "limburg"}


def test_region_select_and_vintage_switch_write_the_address(built: Path) -> None:
    at = open_page()
    at.selectbox(key="regio").set_value("limburg").run()
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Limburg"]
    assert at.query_params == {"regio": "limburg"}
    assert metrics(at)["Gemeenten"] == str(counts(built, "2025")["limburg"])

    at.segmented_control(key="indeling").set_value("2019").run()
    assert_clean(at)
    assert at.query_params == {"regio": "limburg", "indeling": "2019"}
    assert metrics(at)["Gemeenten"] == "42"

    at.segmented_control(key="indeling").set_value("2025").run()
    assert at.query_params == {"regio": "limburg"}  # the default vintage stays out of the link


# --- municipality search ------------------------------------------------------------------------


def search(at, text: str):
    """Type ``text`` in the search field and confirm it (Enter, or the button beside it)."""
    at.text_input(key="gemeente").input(text)
    return next(button for button in at.button if button.label == "Zoek").click().run()


def outlined(fake_map: FakeStFolium, call: int = -1) -> int:
    """How many shapes a map call outlines (region, municipality)."""
    group = fake_map.calls[call]["feature_group_to_add"][0]  # then any division layer
    return sum(isinstance(child, folium.GeoJson) for child in group._children.values())


def map_view(fake_map: FakeStFolium, call: int = -1) -> dict:
    """What the map call's SelectionView tells the browser: the region and where to go."""
    group = fake_map.calls[call]["feature_group_to_add"][0]
    (view,) = [c for c in group._children.values() if isinstance(c, elements.SelectionView)]
    return json.loads(view.selection_json)


def test_search_a_2019_municipality_selects_its_region(built: Path, fake_map: FakeStFolium) -> None:
    at = open_page()
    search(at, "Kortessem")
    assert_clean(at)
    assert at.selectbox(key="regio").value == "limburg"
    assert header_values(at) == ["Referentieregio Limburg"]
    assert plain(at.info[0].value) == "Kortessem is sinds 1 januari 2025 deel van Hasselt."
    assert at.text_input(key="gemeente").value == "Kortessem"
    assert at.query_params == {"regio": "limburg", "gemeente": KORTESSEM}
    assert outlined(fake_map) == 2  # Limburg and Hasselt (Kortessem's 2025 home)
    view = map_view(fake_map)
    assert view["region"] == "limburg"
    assert view["view"]["maxZoom"] == elements.MUNICIPALITY_MAX_ZOOM  # zooms to the municipality
    (south, west), (north, east) = view["view"]["bounds"]
    assert south < 50.93 < north and west < 5.34 < east  # Hasselt

    # picking another region clears the search, the note and the outlined municipality
    at.selectbox(key="regio").set_value("kempen").run()
    assert_clean(at)
    assert at.text_input(key="gemeente").value == ""
    assert not at.info
    assert outlined(fake_map) == 1
    assert at.query_params == {"regio": "kempen"}
    assert map_view(fake_map)["view"]["maxZoom"] > elements.MUNICIPALITY_MAX_ZOOM  # the region


def test_typed_text_with_a_typo_says_what_it_found(built: Path) -> None:
    at = open_page()
    search(at, "Kortesseem")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Limburg"]
    assert plain(at.info[0].value) == (
        "Je zocht 'Kortesseem'; dat lijkt het meest op Kortessem. "
        "Kortessem is sinds 1 januari 2025 deel van Hasselt."
    )
    assert at.query_params == {"regio": "limburg", "gemeente": KORTESSEM}


def test_ambiguous_text_lists_candidates_to_pick_from(built: Path) -> None:
    at = open_page(regio="westhoek")
    search(at, "sint")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Westhoek"]  # nothing guessed
    (candidates,) = [group for group in at.get("button_group") if group.key == "kandidaten"]
    assert "Welke bedoel je?" in candidates.label
    assert any(label.startswith("Sint-Niklaas") for label in candidates.options)
    niklaas = next(
        row["nis_code"]
        for row in membership(built)
        if row["vintage"] == "2025" and row["municipality"] == "Sint-Niklaas"
    )
    candidates.set_value(f"2025:{niklaas}").run()
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Waasland"]
    assert at.query_params == {"regio": "waasland", "gemeente": niklaas}
    assert [group.key for group in at.get("button_group")] == ["indeling"]  # no candidates


def test_text_that_finds_nothing_says_so(built: Path) -> None:
    at = open_page(regio="gent")
    search(at, "Atlantis")
    assert_clean(at)
    assert "Geen gemeente gevonden voor 'Atlantis'" in plain(at.info[0].value)
    assert header_values(at) == ["Referentieregio Gent"]
    assert at.query_params == {"regio": "gent"}


def test_a_link_with_a_municipality_reproduces_the_search(
    built: Path, offered: dict[str, str]
) -> None:
    at = open_page(regio="limburg", gemeente=KORTESSEM, indeling="2019")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Limburg"]
    assert at.segmented_control(key="indeling").value == "2019"
    assert not at.info  # on the 2019 map Kortessem is itself: nothing to explain
    at.segmented_control(key="indeling").set_value("2025").run()
    assert plain(at.info[0].value) == "Kortessem is sinds 1 januari 2025 deel van Hasselt."
    assert at.query_params == {"regio": "limburg", "gemeente": KORTESSEM}
    # the fiches of the region and of the chosen municipality's 2025 home (lib.app.fiche_download)
    assert fiche_files(at, offered) == ["regiofiche-limburg.pdf", "gemeentefiche-hasselt.pdf"]


# --- a click on the map -------------------------------------------------------------------------


def test_map_click_selects_the_region(built: Path, fake_map: FakeStFolium) -> None:
    at = open_page()
    assert_clean(at)
    assert len(fake_map.calls) == 1
    assert outlined(fake_map, 0) == 0  # nothing selected yet
    assert map_view(fake_map, 0) == {"region": None, "view": None}

    fake_map.click(at, feature(built, GENT), lat=51.054, lng=3.717)
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Gent"]
    assert "Veneco" in texts(at)
    assert at.selectbox(key="regio").value == "gent"
    assert at.query_params == {"regio": "gent", "gemeente": GENT}
    # on_change ran before the rerun, so this very run already drew the highlight
    assert len(fake_map.calls) == 2
    assert outlined(fake_map) == 2
    assert map_view(fake_map) == {"region": "gent", "view": None}  # a click leaves the view

    for call in fake_map.calls:
        assert call["key"] == "kaart"
        # the highlight, and no other layer: "Andere indeling" is "Geen"
        (highlight,) = call["feature_group_to_add"]
        assert isinstance(highlight, folium.FeatureGroup)
        assert "last_active_drawing" in call["returned_objects"]
        assert callable(call["on_change"])
        assert isinstance(call["fig"], folium.Map)
    # a fresh map each run (never a cached one), with the same script: no remount, zoom stays
    assert fake_map.calls[0]["fig"] is not fake_map.calls[1]["fig"]
    assert map_script_hash(fake_map.calls[0]) == map_script_hash(fake_map.calls[1])


def test_map_click_again_after_picking_another_region(built: Path, fake_map: FakeStFolium) -> None:
    at = open_page()
    fake_map.click(at, feature(built, GENT), lat=51.054, lng=3.717)
    at.selectbox(key="regio").set_value("kempen").run()
    assert header_values(at) == ["Referentieregio Kempen"]
    assert at.query_params == {"regio": "kempen"}

    # the component sends nothing when the value does not change (same polygon, same spot) ...
    fake_map.click(at, feature(built, GENT), lat=51.054, lng=3.717)
    assert header_values(at) == ["Referentieregio Kempen"]
    # ... but a click elsewhere in the same polygon does, and selects Gent again
    fake_map.click(at, feature(built, GENT), lat=51.07, lng=3.70)
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Gent"]
    assert at.query_params == {"regio": "gent", "gemeente": GENT}


def test_map_click_on_brussels_explains_it_has_no_region(
    built: Path, fake_map: FakeStFolium
) -> None:
    at = open_page()
    fake_map.click(at, feature(built, BRUSSEL), lat=50.846, lng=4.352)
    assert_clean(at)
    assert plain(at.info[0].value) == "Brussel hoort bij geen Vlaamse referentieregio."
    assert at.selectbox(key="regio").value is None
    assert [s.value for s in at.subheader] == ["Kies een referentieregio"]
    assert "regio" not in at.query_params


# --- degraded mode: no boundaries ---------------------------------------------------------------


def test_without_boundaries_the_selects_replace_the_map(
    data_copy: Path, offline_boundaries, monkeypatch, capsys
) -> None:
    use_data(monkeypatch, data_copy, offline_boundaries)
    at = open_page()
    assert_clean(at)
    (warning,) = [plain(w.value) for w in at.warning]  # one notice, no failed status box too
    assert not at.get("status") and not at.error
    assert "De kaart is even niet beschikbaar" in warning
    assert "`python3 dev.py boundaries --from <map>`" in warning  # the command that fixes it
    assert "REGIOKAART_BOUNDARIES_URL" in warning
    assert "bestaan niet" in warning  # in Dutch, what kind of problem
    # where it looked goes to the server log, for whoever runs the app; never to the visitor
    assert not at.expander and not at.code
    assert str(offline_boundaries) not in texts(at)
    err = capsys.readouterr().err
    assert f"boundaries 2025 unavailable (MissingSourceError): {offline_boundaries}" in err
    assert not map_components(at)
    assert len(overview(at)) == 15  # the overview still works

    at.selectbox(key="regio").set_value("westhoek").run()
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Westhoek"]
    assert metrics(at)["Oppervlakte (km²)"] == "–"  # no geometry, no area
    assert at.query_params == {"regio": "westhoek"}

    search(at, "Kortessem")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Limburg"]
    assert "Kortessem is sinds 1 januari 2025 deel van Hasselt." in texts(at)

    # the other pages need no boundaries at all
    for page, title in (
        (DOORBRAKEN, "Regionale doorbraken"),
        (TRAJECTEN, "Ontwikkeltrajecten"),
        (INZICHTEN, "Inzichten uit de doorbraken"),
        (GEGEVENS, "Gegevens en bronnen"),
    ):
        go_to(at, page)
        assert_clean(at)
        assert at.title[0].value == title


def test_without_boundaries_a_deep_link_still_selects(
    data_copy: Path, offline_boundaries, monkeypatch
) -> None:
    use_data(monkeypatch, data_copy, offline_boundaries)
    at = open_page(regio="kempen")
    assert_clean(at)
    assert "De kaart is even niet beschikbaar" in at.warning[0].value
    assert header_values(at) == ["Referentieregio Kempen"]
    assert metrics(at)["Gemeenten"] == str(counts(data_copy, "2025")["kempen"])
    assert "Burgemeestersoverleg Kempen" in texts(at)


def test_first_start_builds_the_boundaries_with_progress(
    data_copy: Path, tmp_path: Path, monkeypatch
) -> None:
    """No caches yet (first start): the page builds them, says so, and draws the map."""
    # synthetic shapes in place of the pinned files: a build of both vintages in a second
    pin(monkeypatch, write_layers(tmp_path / "shapes", data_copy))
    use_data(monkeypatch, data_copy, tmp_path / "shapes")
    assert not (data_copy / "municipalities.geojson").exists()
    at = open_page(regio="gent")
    assert_clean(at)
    assert not at.warning
    # one box for the boundaries, one for the other divisions of the region panel
    labels = [status.label for status in at.get("status")]
    assert len(labels) == 2 and "2025" in labels[0] and "indelingen" in labels[1]
    assert len(map_components(at)) == 1
    assert (data_copy / "municipalities.geojson").exists()
    assert metrics(at)["Oppervlakte (km²)"] not in ("", "–")

    at.run()  # later runs read the cache: no progress box
    assert not at.get("status")
    at.segmented_control(key="indeling").set_value("2019").run()
    assert_clean(at)
    assert (data_copy / "municipalities-2019.geojson").exists()
    assert metrics(at)["Gemeenten"] == str(counts(data_copy, "2019")["gent"])
