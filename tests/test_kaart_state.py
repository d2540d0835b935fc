"""lib.app.kaart_state: every way of choosing a region ends in one state, and the address says it.

A small made-up catalog (three regions, a merger, a name kept under a new code, Brussels) for the
routes, and the real data for a round trip over random sequences of events.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.app import kaart_state as ks
from lib.app.kaart_state import (
    Catalog,
    KaartState,
    LayerPick,
    LinkLoad,
    MapClick,
    RegionPick,
    Reset,
    SearchPick,
    SearchText,
    View,
    VintageSwitch,
)
from lib.app.search import entries
from lib.data.dataset import Dataset, load_dataset
from lib.data.paths import REPO_ROOT

ROWS = [
    # vintage, nis_code, municipality, region_id, region, merged_into
    (2025, "10001", "Gent", "gent", "Gent", ""),
    (2025, "10002", "Merelbeke-Melle", "gent", "Gent", ""),
    (2025, "20001", "Brugge", "brugge", "Brugge", ""),
    (2025, "30072", "Hasselt", "limburg", "Limburg", ""),
    (2025, "30002", "Sint-Truiden", "limburg", "Limburg", ""),
    (2025, "30003", "Sint-Gillis", "limburg", "Limburg", ""),
    (2019, "10001", "Gent", "gent", "Gent", ""),
    (2019, "10011", "Merelbeke", "gent", "Gent", "10002"),
    (2019, "10012", "Melle", "gent", "Gent", "10002"),
    (2019, "20001", "Brugge", "brugge", "Brugge", ""),
    (2019, "30022", "Hasselt", "limburg", "Limburg", "30072"),
    (2019, "30040", "Kortessem", "limburg", "Limburg", "30072"),
    (2019, "30002", "Sint-Truiden", "limburg", "Limburg", ""),
    (2019, "30003", "Sint-Gillis", "limburg", "Limburg", ""),
]
REGIONS = {"brugge": "Brugge", "gent": "Gent", "limburg": "Limburg"}
LAYERS = ("vervoer", "zorg")  # two made-up kinds of division
BRUSSEL = "21004"


def _catalog(rows: list[tuple], regions: dict[str, str]) -> Catalog:
    frame = pd.DataFrame(
        rows, columns=["vintage", "nis_code", "municipality", "region_id", "region", "merged_into"]
    )
    codes = {v: set(frame.loc[frame["vintage"] == v, "nis_code"]) for v in (2025, 2019)}
    dataset = Dataset(frame, pd.DataFrame(), (), (), None, None)
    return Catalog.build(regions, entries(dataset), codes, default_vintage=2025, layers=LAYERS)


CATALOG = _catalog(ROWS, REGIONS)
START = ks.initial(CATALOG)


def run(*events, state: KaartState = START) -> KaartState:
    for event in events:
        state = ks.apply(state, event, CATALOG)
    return state


def key(name: str) -> str:
    return next(e.key for e in CATALOG.entries.values() if e.name == name)


# --- each route ---------------------------------------------------------------------------------


def test_a_fresh_page_shows_all_of_flanders_today():
    assert KaartState(vintage=2025) == START
    assert ks.to_params(START, CATALOG) == {}
    assert ks.shown(START, CATALOG).notes == ()


def test_a_map_click_chooses_the_region_and_leaves_the_map_where_it_is():
    state = run(RegionPick("brugge"), MapClick("10001", "gent"))
    assert (state.region_id, state.municipality) == ("gent", "10001")
    assert state.view is None  # zoom and pan are the user's: a click does not move the map
    assert ks.shown(state, CATALOG).marked == "10001"
    assert ks.shown(state, CATALOG).search_text == "Gent"  # the field names what was clicked
    assert ks.to_params(state, CATALOG) == {"regio": "gent", "gemeente": "10001"}


def test_a_click_on_brussels_explains_and_keeps_the_choice():
    state = run(RegionPick("gent"), MapClick(BRUSSEL, None))
    assert state.region_id == "gent"
    assert state.municipality is None
    assert ks.shown(state, CATALOG).notes == ("Brussel hoort bij geen Vlaamse referentieregio.",)
    assert ks.to_params(state, CATALOG) == {"regio": "gent"}


def test_the_region_list_chooses_and_fits_the_map_to_the_region():
    state = run(SearchText("Melle"), RegionPick("brugge"))
    assert (state.region_id, state.municipality) == ("brugge", None)
    assert ks.shown(state, CATALOG).search_text == ""
    assert state.view == View("region", state.views)
    assert ks.shown(state, CATALOG).notes == ()
    assert ks.to_params(state, CATALOG) == {"regio": "brugge"}


def test_clearing_the_region_list_is_a_reset():
    state = run(MapClick("10001", "gent"), RegionPick(None))
    assert state == run(MapClick("10001", "gent"), Reset())
    assert (state.region_id, state.municipality) == (None, None)
    assert state.view.target == "flanders"
    assert ks.to_params(state, CATALOG) == {}


def test_an_unknown_region_id_is_a_reset_not_an_error():
    assert run(RegionPick("gent"), RegionPick("atlantis")).region_id is None


def test_choosing_the_same_region_again_is_a_new_view_request():
    first = run(RegionPick("gent"))
    again = run(RegionPick("gent"), state=first)
    assert again.view.target == first.view.target == "region"
    assert again.view.seq > first.view.seq  # the map fits again after the user panned away


def test_search_pick_of_a_former_municipality_marks_its_2025_home():
    state = run(SearchPick(key("Kortessem")))
    assert (state.region_id, state.municipality) == ("limburg", "30040")
    assert ks.shown(state, CATALOG).search_text == "Kortessem"
    assert state.view.target == "municipality"
    shown = ks.shown(state, CATALOG)
    assert shown.marked == "30072"
    assert shown.notes == ("Kortessem is sinds 1 januari 2025 deel van Hasselt.",)
    assert ks.to_params(state, CATALOG) == {"regio": "limburg", "gemeente": "30040"}


def test_typed_text_with_a_typo_picks_the_best_match_and_says_so():
    state = run(SearchText("  kortesseem "))
    assert (state.region_id, state.municipality) == ("limburg", "30040")
    assert ks.shown(state, CATALOG).notes == (
        "Je zocht 'kortesseem'; dat lijkt het meest op Kortessem.",
        "Kortessem is sinds 1 januari 2025 deel van Hasselt.",
    )


def test_typed_exact_name_needs_no_explanation():
    state = run(SearchText("sint truiden"))
    assert state.municipality == "30002"
    assert ks.shown(state, CATALOG).notes == ()


def test_ambiguous_text_lists_candidates_and_changes_nothing_else():
    before = run(RegionPick("brugge"))
    state = run(SearchText("Sint"), state=before)
    assert state.region_id == "brugge"
    assert state.view == before.view
    assert [c.name for c in ks.shown(state, CATALOG).candidates] == ["Sint-Gillis", "Sint-Truiden"]
    picked = run(SearchPick(state.candidates[1]), state=state)
    assert (picked.region_id, picked.municipality, picked.candidates) == ("limburg", "30002", ())


def test_text_that_finds_nothing_says_so():
    state = run(RegionPick("gent"), SearchText("Atlantis"))
    assert state.region_id == "gent"
    assert ks.shown(state, CATALOG).search_text == "Atlantis"
    assert "Geen gemeente gevonden voor 'Atlantis'" in ks.shown(state, CATALOG).notes[0]
    assert ks.shown(run(SearchText("Gent"), state=state), CATALOG).notes == ()  # one-off


def test_empty_search_text_changes_no_choice():
    state = run(RegionPick("gent"), SearchText("   "))
    assert state.region_id == "gent"


def test_vintage_switch_keeps_the_choice_on_the_other_map():
    state = run(MapClick("10011", "gent"), state=KaartState(vintage=2019))  # Merelbeke, 2019
    assert ks.shown(state, CATALOG).marked == "10011"
    switched = run(VintageSwitch(2025), state=state)
    assert (switched.region_id, switched.municipality) == ("gent", "10011")
    shown = ks.shown(switched, CATALOG)
    assert shown.marked == "10002"  # Merelbeke-Melle
    assert shown.notes == ("Merelbeke is sinds 1 januari 2025 deel van Merelbeke-Melle.",)
    # the other map is drawn anew: it shows the region (a click left no view of its own)
    assert switched.view.target == "region"
    assert ks.to_params(switched, CATALOG) == {"regio": "gent", "gemeente": "10011"}


def test_a_name_kept_under_a_new_code_is_marked_under_the_old_code_before_2025():
    state = run(SearchText("Hasselt"), VintageSwitch(2019))
    assert ks.shown(state, CATALOG).marked == "30022"
    assert state.view.target == "municipality"


def test_a_2025_municipality_on_the_2019_map_explains_why_nothing_is_outlined():
    state = run(SearchText("Merelbeke-Melle"), VintageSwitch(2019))
    shown = ks.shown(state, CATALOG)
    assert shown.marked is None
    assert "bestaat pas sinds 2025" in shown.notes[0]
    assert state.view.target == "region"  # nothing to zoom to on this map


def test_switching_to_the_vintage_on_screen_changes_nothing():
    state = run(RegionPick("gent"))
    assert run(VintageSwitch(2025), state=state) == state
    assert run(VintageSwitch(1990), state=state) == state


# --- links, reloads, back and forward ---------------------------------------------------------


def test_a_link_describes_the_whole_state():
    state = run(LinkLoad({"regio": "limburg", "indeling": "2019", "gemeente": "30040"}))
    assert (state.region_id, state.vintage, state.municipality) == ("limburg", 2019, "30040")
    assert state.view.target == "region"
    assert ks.shown(state, CATALOG).marked == "30040"


def test_a_link_replaces_what_was_on_screen():
    state = run(SearchText("Melle"), VintageSwitch(2019), LinkLoad({"regio": "brugge"}))
    assert state == KaartState(vintage=2025, region_id="brugge", view=state.view, views=state.views)
    assert run(LinkLoad({}), state=state).region_id is None  # back to the bare address


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"regio": "atlantis"}, "De regio 'atlantis' uit de link bestaat niet"),
        ({"indeling": "1990"}, "De indeling '1990' bestaat niet"),
        ({"gemeente": "99999"}, "De gemeente met NIS-code '99999'"),
        ({"laag": "atlantis"}, "De indeling 'atlantis' uit de link bestaat niet; kies er een"),
    ],
)
def test_a_link_with_unknown_values_explains_and_shows_the_default(params, message):
    state = run(LinkLoad(params))
    assert (state.region_id, state.vintage, state.municipality, state.layer) == (
        None,
        2025,
        None,
        None,
    )
    assert ks.shown(state, CATALOG).notes[0].startswith(message)
    assert ks.to_params(state, CATALOG) == {}


def test_a_link_region_wins_over_a_municipality_of_another_region():
    state = run(LinkLoad({"regio": "brugge", "gemeente": "30040"}))
    assert (state.region_id, state.municipality) == ("brugge", None)
    alone = run(LinkLoad({"gemeente": "30040"}))
    assert (alone.region_id, alone.municipality) == ("limburg", "30040")


def test_a_layer_is_part_of_the_state_and_of_the_address():
    picked = run(RegionPick("gent"))
    state = run(LayerPick("zorg"), state=picked)
    assert (state.region_id, state.layer) == ("gent", "zorg")
    assert state.view == picked.view  # no new view request: the map stays where it is
    assert ks.to_params(state, CATALOG) == {"regio": "gent", "laag": "zorg"}
    # a reload of that address gives the same layer; the other choices keep it
    reloaded = run(LinkLoad({"regio": "gent", "laag": "Zorg "}))
    assert (reloaded.region_id, reloaded.layer) == ("gent", "zorg")
    assert run(VintageSwitch(2019), Reset(), state=reloaded).layer == "zorg"
    # "geen", None and an id the catalog does not know: no layer, or nothing changes
    assert run(LayerPick("geen"), state=state).layer is None
    assert ks.to_params(run(LayerPick(None), state=state), CATALOG) == {"regio": "gent"}
    assert run(LayerPick("atlantis"), state=state) == state
    assert run(LinkLoad({"laag": "geen"})) == run(LinkLoad({}))


def test_an_unknown_layer_in_a_link_is_echoed_short_and_plain():
    state = run(LinkLoad({"laag": "[x](https://evil.example)" + "a" * 100, "regio": "gent"}))
    (note,) = ks.shown(state, CATALOG).notes
    assert state.layer is None and state.region_id == "gent"
    assert "[x](https://evil.example)" in note and "a" * 60 not in note  # shortened by echo
    assert note.count("…") == 1


def test_link_params_read_repeated_and_mixed_case_values():
    assert ks.link_params({"regio": ["gent", " Brugge "], "x": "1"}) == {"regio": "brugge"}
    assert ks.link_params({"laag": "Zorg"}) == {"laag": "zorg"}
    assert ks.link_params({"indeling": [], "gemeente": ""}) == {}


# --- one run of the page: which of events and address decides -------------------------------


def page_run(state, events, address, published, arrived=False):
    return ks.run(state, events, address, published, arrived, CATALOG)


def test_a_widget_event_wins_over_an_address_the_browser_sent_too_early():
    """The race of issue 8: the rerun request still carries the address before the last run."""
    gent = run(MapClick("10001", "gent"))
    published = ks.to_params(gent, CATALOG)
    state = page_run(gent, [RegionPick("brugge")], address={}, published=published)
    assert state.region_id == "brugge"
    state = page_run(state, [SearchText("Kortessem")], {"regio": "gent"}, {"regio": "brugge"})
    assert state.region_id == "limburg"


def test_a_run_without_events_follows_an_address_that_changed_from_outside():
    gent = run(RegionPick("gent"))
    back = page_run(gent, None, address={}, published={"regio": "gent"})
    assert back.region_id is None  # the browser's back button to the bare address
    same = page_run(gent, None, address={"regio": "gent"}, published={"regio": "gent"})
    assert same == gent  # nothing changed: no new view request either


def test_arriving_from_another_page_keeps_the_choice_unless_the_address_says_otherwise():
    gent = run(RegionPick("gent"))
    assert page_run(gent, None, {}, {"regio": "gent"}, arrived=True) == gent
    linked = page_run(gent, None, {"regio": "brugge"}, {"regio": "gent"}, arrived=True)
    assert linked.region_id == "brugge"
    fresh = page_run(None, None, {"regio": "limburg"}, None, arrived=True)
    assert fresh.region_id == "limburg"
    assert page_run(None, None, {}, None, arrived=True) == START


def test_a_run_with_only_uneventful_interactions_keeps_the_state():
    gent = run(RegionPick("gent"))
    assert page_run(gent, [], address={}, published={"regio": "gent"}) == gent


# --- the address reproduces the screen --------------------------------------------------------

REAL = None


def real_catalog() -> Catalog:
    global REAL
    if REAL is None:
        ds = load_dataset(REPO_ROOT / "data")
        membership = ds.membership
        REAL = Catalog.build(
            {p.id: p.name for p in ds.regions},
            entries(ds),
            {v: set(membership.loc[membership["vintage"] == v, "nis_code"]) for v in (2025, 2019)},
            default_vintage=2025,
        )
    return REAL


def _events(catalog: Catalog):
    codes = sorted(catalog.codes[2025] | catalog.codes[2019])
    names = sorted(e.name for e in catalog.entries.values())
    return st.one_of(
        st.builds(MapClick, st.sampled_from(codes), st.sampled_from([*catalog.region_names, None])),
        st.builds(RegionPick, st.sampled_from([*catalog.region_names, None])),
        st.builds(SearchPick, st.sampled_from(sorted(catalog.entries))),
        st.builds(SearchText, st.sampled_from([*names, "Sint", "Kortesseem", "xyz", ""])),
        st.builds(VintageSwitch, st.sampled_from([2025, 2019])),
        st.builds(LayerPick, st.sampled_from([*catalog.layers, "geen", None])),
        st.just(Reset()),
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_reloading_the_address_reproduces_the_choice(data):
    """After any sequence of events, a reload of the address shows the same choice and notes."""
    catalog = real_catalog()
    events = data.draw(st.lists(_events(catalog), max_size=6))
    state = ks.initial(catalog)
    for event in events:
        state = ks.apply(state, event, catalog)
    reloaded = ks.apply(ks.initial(catalog), LinkLoad(ks.to_params(state, catalog)), catalog)
    before, after = ks.shown(state, catalog), ks.shown(reloaded, catalog)
    assert (reloaded.region_id, reloaded.vintage) == (state.region_id, state.vintage)
    assert reloaded.layer == state.layer
    assert after.marked == before.marked
    if not state.search_text:  # typed text that chose nothing is one-off, like its notice
        assert after.search_text == before.search_text
    # the lasting notes (a merger) come back; one-off notes (a typo forgiven) need not
    assert set(after.notes) <= set(before.notes)
    assert ks.to_params(reloaded, catalog) == ks.to_params(state, catalog)
