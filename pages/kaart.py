"""Kaart: click a region (or pick it, or search a municipality) and see how it cooperates."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from lib.app import navigation, search, selection, store, ui, url_state
from lib.app.escaping import markdown_text as md
from lib.data import paths, vintages
from lib.map import elements, leaflet_assets
from lib.pinned.errors import BoundaryError

navigation.run_through_app()

MAP_KEY = "kaart"
REGION_KEY = "regio"
SEARCH_KEY = "gemeente"
VINTAGE_KEY = "indeling"
MARK_KEY = "_gemarkeerd"  # (vintage, nis_code) of the municipality to outline
NOTE_KEY = "_melding"
FOCUS_KEY = "_focus"  # (vintage, nis_code) the map should centre on, after a search
VINTAGES = [str(v) for v in vintages.YEARS]
FOCUS_ZOOM = 10

data_dir = paths.data_dir()
ds = ui.dataset_or_stop(data_dir)
entries = {entry.key: entry for entry in store.search_entries(data_dir)}
region_names = {profile.id: profile.name for profile in ds.regions}

st.title("Regiokaart")
st.markdown(
    "Vlaanderen telt 15 referentieregio's. Klik op de kaart een gemeente aan, kies een regio of "
    "zoek je gemeente: je ziet hoe die regio samenwerkt — het burgemeestersoverleg, wie het "
    "ondersteunt, de gemeenten en de regionale doorbraken."
)

# Fresh page loads and shared links carry ?regio= and ?indeling=: adopt them before the widgets.
url_region = url_state.adopt(st.query_params, st.session_state, REGION_KEY, region_names)
url_vintage = url_state.adopt(st.query_params, st.session_state, VINTAGE_KEY, VINTAGES)
if not st.session_state.get(VINTAGE_KEY):
    st.session_state[VINTAGE_KEY] = str(vintages.DEFAULT)
if url_region is not None or url_vintage is not None:
    # a new address decides what to say: an old notice must not outlive the link it was about
    unknown = []
    if url_region is not None and url_region.unknown:
        unknown.append(
            f"De regio '{url_region.unknown[0]}' uit de link bestaat niet; "
            "kies hieronder een van de 15 regio's."
        )
    if url_vintage is not None and url_vintage.unknown:
        unknown.append(
            f"De indeling '{url_vintage.unknown[0]}' bestaat niet; je ziet de gemeenten "
            f"{vintages.AFTER.label} (kies {vintages.BEFORE.year} voor de indeling van "
            f"{vintages.BEFORE.label})."
        )
    st.session_state[NOTE_KEY] = " ".join(unknown) or None


def on_search() -> None:
    value = st.session_state.get(SEARCH_KEY)
    if not value:
        return
    entry = entries.get(value)
    if entry is None:
        # typed text confirmed with Enter: match it tolerantly ("sint niklaas", "Kortessém")
        hits = search.find(value, list(entries.values()))
        if not hits:
            st.session_state[SEARCH_KEY] = None
            st.session_state[NOTE_KEY] = f"Geen gemeente gevonden voor '{value}'."
            return
        entry = hits[0]
        st.session_state[SEARCH_KEY] = entry.key
    vintage = int(st.session_state.get(VINTAGE_KEY) or vintages.DEFAULT)
    codes = set(ds.membership.loc[ds.membership["vintage"] == vintage, "nis_code"])
    chosen = selection.from_search(entry, vintage, codes)
    st.session_state[REGION_KEY] = chosen.region_id
    st.session_state[MARK_KEY] = (vintage, chosen.nis_code) if chosen.nis_code else None
    st.session_state[FOCUS_KEY] = st.session_state[MARK_KEY]
    st.session_state[NOTE_KEY] = chosen.note


def on_map_click() -> None:
    vintage = int(st.session_state.get(VINTAGE_KEY) or vintages.DEFAULT)
    try:  # the value comes from the browser: only a code on this map counts, with our region
        on_map = store.map_layers(data_dir, vintage).municipalities
    except BoundaryError:
        return
    regions = {code: place.region_id for code, place in on_map.items()}
    chosen = selection.from_map_value(st.session_state.get(MAP_KEY), regions)
    if chosen is None:
        return
    if chosen.region_id:
        st.session_state[REGION_KEY] = chosen.region_id
    st.session_state[MARK_KEY] = (vintage, chosen.nis_code) if chosen.region_id else None
    st.session_state[NOTE_KEY] = chosen.note
    st.session_state[SEARCH_KEY] = None


def on_region_pick() -> None:
    st.session_state[MARK_KEY] = None
    st.session_state[FOCUS_KEY] = None
    st.session_state[NOTE_KEY] = None
    st.session_state[SEARCH_KEY] = None


controls = st.columns([2, 3, 2], vertical_alignment="bottom")
with controls[0]:
    region_id = st.selectbox(
        "Referentieregio",
        options=list(region_names),
        index=None,
        format_func=region_names.get,
        key=REGION_KEY,
        placeholder="Kies een regio …",
        on_change=on_region_pick,
    )
with controls[1]:
    st.selectbox(
        f"Zoek een gemeente (ook namen van vóór de fusies van {vintages.AFTER.year})",
        options=list(entries),
        index=None,
        format_func=lambda key: entries[key].label if key in entries else key,
        key=SEARCH_KEY,
        placeholder="Typ een gemeentenaam, bv. Kortessem",
        on_change=on_search,
        filter_mode="fuzzy",
        accept_new_options=True,
    )
with controls[2]:
    vintage_choice = st.segmented_control(
        "Gemeentelijke indeling",
        options=VINTAGES,
        format_func=vintages.label,
        required=True,
        key=VINTAGE_KEY,
        on_change=on_region_pick,
    )
vintage = int(vintage_choice or vintages.DEFAULT)
url_state.publish(st.query_params, st.session_state, REGION_KEY, region_id)
url_state.publish(
    st.query_params, st.session_state, VINTAGE_KEY, vintage_choice, str(vintages.DEFAULT)
)

map_column, panel_column = st.columns([3, 2], gap="large")

with map_column:
    layers = None
    progress = ui.BuildProgress()
    try:
        store.ensure_boundaries(data_dir, vintage, progress=progress)
        progress.done()
        layers = store.map_layers(data_dir, vintage)
        store.leaflet_assets_ready()
    except (BoundaryError, leaflet_assets.LeafletAssetsMissing) as error:  # logged by store
        progress.failed()
        st.warning(ui.map_unavailable(error), icon=":material/map:")
        if st.button("Opnieuw proberen", icon=":material/refresh:"):
            store.forget_failed_build(data_dir, vintage)
            st.rerun()

    if layers is not None:
        marked = st.session_state.get(MARK_KEY)
        marked_code = marked[1] if marked and marked[0] == vintage else None
        highlight = elements.highlight_layer(
            layers.outline_by_region.get(region_id) if region_id else None,
            layers.municipality_by_code.get(marked_code) if marked_code else None,
        )
        focus = st.session_state.get(FOCUS_KEY)
        centre = layers.centres.get(focus[1]) if focus and focus[0] == vintage else None
        st_folium(
            elements.base_map(layers),
            center=centre,
            zoom=FOCUS_ZOOM if centre else None,
            key=MAP_KEY,
            height=430,
            use_container_width=True,
            returned_objects=["last_active_drawing", "last_object_clicked"],
            feature_group_to_add=highlight,
            on_change=on_map_click,
        )
        st.caption(
            "Beweeg over de kaart om gemeente en regio te zien; klik om een regio te kiezen. "
            f"Grenzen: Statbel (open data), vereenvoudigd door Provincies in Cijfers; "
            f"indeling {vintages.label(vintage)}."
        )

with panel_column:
    # notices stand here, not above the map: an element inserted above the map would shift it
    # under the pointer and make Streamlit mount it anew (zoom and pan lost)
    if note := st.session_state.get(NOTE_KEY):
        st.info(md(note), icon=":material/info:")
    if region_id:
        area = layers.region_area_km2.get(region_id) if layers is not None else None
        ui.region_panel(ds, region_id, vintage, area)
    else:
        st.subheader("Kies een referentieregio")
        st.markdown(
            "Klik een gemeente op de kaart aan, kies een regio in de lijst of zoek je gemeente. "
            "De kleuren op de kaart tonen de 15 referentieregio's; Brussel (grijs) hoort bij "
            "geen enkele."
        )
        counts = ds.membership[ds.membership["vintage"] == vintage].groupby("region_id").size()
        st.dataframe(
            {
                "Referentieregio": [p.name for p in ds.regions],
                "Gemeenten": [int(counts.get(p.id, 0)) for p in ds.regions],
                "Doorbraken": [len(ds.breakthroughs_of(p.id)) for p in ds.regions],
            },
            hide_index=True,
            width="stretch",
        )
