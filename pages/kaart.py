"""Kaart: click a region (or pick it, or search a municipality) and see how it cooperates.

Wiring only: the widgets queue events, lib.app.kaart_state turns them into the page's state,
and this file draws that state and writes it to the address in the same run.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from lib.app import (
    division_layer,
    fiche_download,
    kaart_state,
    municipality_divisions,
    navigation,
    notices,
    region_panel,
    regions_overview,
    selection,
    store,
)
from lib.app.build_progress import BuildProgress
from lib.app.kaart_state import (
    LayerPick,
    MapClick,
    RegionPick,
    SearchPick,
    SearchText,
    VintageSwitch,
)
from lib.app.text import echo, escape, notice, option_label
from lib.data import paths, vintages
from lib.map import elements, static_files
from lib.pinned.errors import PinnedError

navigation.run_through_app()

MAP_KEY = "kaart"
REGION_KEY = "regio"
SEARCH_KEY = "gemeente"
CANDIDATES_KEY = "kandidaten"
VINTAGE_KEY = "indeling"
LAYER_KEY = "laag"
STATE_KEY = "_kaart_staat"
EVENTS_KEY = "_kaart_gebeurtenissen"  # queued by the widgets' callbacks, applied below
ADDRESS_KEY = "_kaart_adres"  # this page's parameters as last written to the address

data_dir = paths.data_dir()
ds = notices.dataset_or_stop(data_dir)
catalog = store.kaart_catalog(data_dir)


def queue(event: kaart_state.Event | None) -> None:
    """Remember a widget's event for this run; even ``None`` marks the run as the user's own."""
    events = st.session_state.setdefault(EVENTS_KEY, [])
    if event is not None:
        events.append(event)


def on_region() -> None:
    queue(RegionPick(st.session_state.get(REGION_KEY)))


def on_vintage() -> None:
    value = st.session_state.get(VINTAGE_KEY)
    queue(VintageSwitch(int(value)) if value else None)


def on_layer() -> None:
    queue(LayerPick(st.session_state.get(LAYER_KEY)))


def on_search() -> None:
    queue(SearchText(st.session_state.get(SEARCH_KEY) or ""))


def on_candidate() -> None:
    key = st.session_state.get(CANDIDATES_KEY)
    queue(SearchPick(key) if key else None)


def on_map_click() -> None:
    vintage = int(st.session_state.get(VINTAGE_KEY) or vintages.DEFAULT)
    try:  # the value comes from the browser: only a code on this map counts, with our region
        on_map = store.map_layers(data_dir, vintage).municipalities
    except PinnedError:
        return
    regions = {code: place.region_id for code, place in on_map.items()}
    chosen = selection.from_map_value(st.session_state.get(MAP_KEY), regions)
    queue(MapClick(chosen.nis_code, chosen.region_id) if chosen else None)


def unknown_address() -> None:
    """The Dutch answer to an address that is no page (see lib.app.navigation.route)."""
    asked = st.session_state.get(navigation.UNKNOWN_KEY)
    if asked:
        notice(
            "warning",
            "De pagina **/{path}** bestaat niet in Regiokaart; je ziet de kaart. Kies een andere "
            "pagina in het menu.",
            path=echo(asked),
            icon=":material/link_off:",
        )


# --- the state: events of this run, or else the address ----------------------------------------
events = st.session_state.pop(EVENTS_KEY, None)  # None: this run was not caused by a widget
# Streamlit drops a widget's state when a run does not draw it: without it, the visitor comes
# from another page (or opens the app) and the address, if it says anything, decides.
arrived = REGION_KEY not in st.session_state
address = {k: st.query_params.get_all(k) for k in st.query_params}
state = kaart_state.run(
    st.session_state.get(STATE_KEY),
    events,
    address,
    st.session_state.get(ADDRESS_KEY),
    arrived,
    catalog,
)
st.session_state[STATE_KEY] = state
if events is not None:  # the visitor has moved on from an unknown address
    st.session_state.pop(navigation.UNKNOWN_KEY, None)

# the address shows this state now, before anything slow is drawn
wanted = kaart_state.to_params(state, catalog)
if kaart_state.link_params(address) != wanted:
    others = {k: st.query_params.get_all(k) for k in st.query_params if k not in kaart_state.PARAMS}
    st.query_params.from_dict({**others, **wanted})
st.session_state[ADDRESS_KEY] = wanted

# the widgets show the state (set before they are drawn, so no widget holds an older value)
st.session_state[REGION_KEY] = state.region_id
st.session_state[VINTAGE_KEY] = str(state.vintage)
view = kaart_state.shown(state, catalog)
st.session_state[SEARCH_KEY] = view.search_text
st.session_state[CANDIDATES_KEY] = None
st.session_state[LAYER_KEY] = state.layer or kaart_state.NO_LAYER
region_id, vintage, layer = state.region_id, state.vintage, st.session_state[LAYER_KEY]

st.title("Regiokaart")
st.markdown(
    "Vlaanderen telt 15 referentieregio's. Klik op de kaart een gemeente aan, kies een regio of "
    "zoek je gemeente: je ziet hoe die regio samenwerkt — het burgemeestersoverleg, wie het "
    "ondersteunt, de gemeenten en de regionale doorbraken."
)

controls = st.columns([2, 3.4, 1.8, 2], vertical_alignment="top")
with controls[0]:
    st.selectbox(
        "Referentieregio",
        options=list(catalog.region_names),
        index=None,
        format_func=catalog.region_names.get,
        key=REGION_KEY,
        placeholder="Kies een regio …",
        on_change=on_region,
    )
with controls[1]:
    with st.form("zoeken", border=False, enter_to_submit=True), st.container(key="zoekvak"):
        field, button = st.columns([7, 2], vertical_alignment="bottom", gap="small")
        field.text_input(
            f"Zoek een gemeente (ook namen van vóór de fusies van {vintages.AFTER.year})",
            key=SEARCH_KEY,
            placeholder="Typ een gemeentenaam, bv. Kortessem",
            autocomplete="off",
        )
        button.form_submit_button(
            "Zoek", icon=":material/search:", on_click=on_search, width="stretch"
        )
    if view.candidates:
        # in the controls' column, not above the map: an element inserted before the map would
        # make Streamlit mount the map anew (zoom and pan lost)
        st.pills(
            f"Meerdere gemeenten passen bij '{escape(echo(state.search_text))}'. Welke bedoel je?",
            options=[entry.key for entry in view.candidates],
            format_func=lambda key: catalog.entries[key].label,
            key=CANDIDATES_KEY,
            on_change=on_candidate,
            wrap=True,
        )
with controls[2]:
    st.segmented_control(
        "Gemeentelijke indeling",
        options=[str(v) for v in catalog.vintages],
        format_func=lambda year: option_label(vintages.label(year)),
        required=True,
        key=VINTAGE_KEY,
        on_change=on_vintage,
    )
with controls[3]:
    st.selectbox(
        "Andere indeling",
        options=division_layer.LAYER_OPTIONS,
        format_func=division_layer.layer_label,
        key=LAYER_KEY,
        on_change=on_layer,
        help="Teken de grenzen van een andere regionale indeling over de referentieregio's.",
    )
map_column, panel_column = st.columns([3, 2], gap="large")

with map_column:
    layers = None
    progress = BuildProgress()
    # On a phone the panel is below the map, out of view: a short summary stands right above
    # the map there (hidden on wider screens, where the panel is beside the map). The container
    # is always drawn, so the map keeps its place in the page and is not mounted anew.
    with st.container(key="samenvatting"):
        unknown_address()
        if region_id:
            region_panel.summary(ds, region_id)
    try:
        store.ensure_boundaries(data_dir, vintage, progress=progress)
        progress.done()
        layers = store.map_layers(data_dir, vintage)
        store.leaflet_assets_ready()
        base = store.base_map(layers)
    except (PinnedError, static_files.MapFilesUnavailable) as error:  # logged by store
        layers = None
        progress.failed()
        if notices.map_unavailable(error, on_retry=lambda: queue(None)):
            store.forget_failed_build(data_dir, vintage)
            st.rerun()

    if layers is not None:
        on_map = elements.selection_layer(
            layers,
            region_id,
            view.marked,
            state.view.target if state.view else None,
            state.view.seq if state.view else None,
        )
        overlay = division_layer.map_overlay(data_dir, layer, vintage, progress=progress)
        progress.done()
        with st.container(key="kaartvak"):
            st_folium(
                base,
                key=MAP_KEY,
                height=430,
                use_container_width=True,
                returned_objects=["last_active_drawing", "last_object_clicked"],
                feature_group_to_add=[on_map, *overlay.groups],
                on_change=on_map_click,
            )
        st.caption(
            "Beweeg over de kaart om gemeente en regio te zien; klik om een regio te kiezen. "
            f"Grenzen: Statbel (open data), vereenvoudigd door Provincies in Cijfers; "
            f"indeling {vintages.label(vintage)}."
        )
        division_layer.overlay_notice(data_dir, overlay)

with panel_column:
    # notices stand here, not above the map: an element inserted above the map would shift it
    # under the pointer and make Streamlit mount it anew (zoom and pan lost)
    if st.session_state.get(navigation.UNKNOWN_KEY):
        with st.container(key="onbekend_paneel"):  # beside the map; on a phone above it
            unknown_address()
    if view.notes:
        st.info(escape(" ".join(view.notes)), icon=":material/info:")
    if region_id:
        area = layers.region_area_km2.get(region_id) if layers is not None else None
        region_panel.panel(ds, data_dir, region_id, vintage, area)
        chosen = municipality_divisions.today(catalog, state.municipality)
        if chosen is not None:
            municipality_divisions.section(data_dir, chosen)
            fiche_download.municipality_button(data_dir, chosen)
    else:
        st.subheader("Kies een referentieregio")
        st.markdown(
            "Klik een gemeente op de kaart aan, kies een regio in de lijst of zoek je gemeente. "
            "De kleuren op de kaart tonen de 15 referentieregio's; Brussel (grijs) hoort bij "
            "geen enkele."
        )
        regions_overview.table(ds, vintage)
