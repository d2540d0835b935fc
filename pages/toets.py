"""Toets een samenwerking: does a set of municipalities follow the reference regions?

Wiring only: the widgets queue events, lib.app.toets_state turns them into the page's state
(the multiselect shows the set; every other input adds to it), the address is written in the
same run, and the verdict comes from lib.toets.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from lib.app import navigation, notices, selection, store, toets_state
from lib.app import toets as app_toets
from lib.app.text import escape as md  # cleans and escapes
from lib.app.toets_state import (
    DROP,
    EXTEND,
    REGION_KIND,
    ApplyChange,
    Choose,
    Clear,
    MapClick,
    Paste,
    Pick,
    StartFrom,
    Upload,
    UploadFailed,
)
from lib.data import paths, vintages
from lib.divisions.sources import KINDS
from lib.map import set_layer, static_files
from lib.pinned.errors import PinnedError
from lib.toets import wording
from lib.toets.document import FILENAME
from lib.toets.entries import MAX_UPLOAD_BYTES, read_upload
from lib.toets.errors import ToetsInputError
from lib.toets.verdict import CROSSES

navigation.run_through_app()

MAP_KEY = "toets_kaart"
TEXT_KEY = "toets_lijst"
UPLOAD_KEY = "toets_bestand"
SET_KEY = "toets_gemeenten"
KIND_KEY = "toets_soort"
AREA_KEY = "toets_gebied"
STATE_KEY = "_toets_staat"
EVENTS_KEY = "_toets_gebeurtenissen"
ADDRESS_KEY = "_toets_adres"
CHOICE_KEY = "toets_keuze_{}"

data_dir = paths.data_dir()
ds = notices.dataset_or_stop(data_dir)
current = app_toets.toets(data_dir)
catalog = current.catalog
names = catalog.municipalities


def queue(event: toets_state.Event | None) -> None:
    events = st.session_state.setdefault(EVENTS_KEY, [])
    if event is not None:
        events.append(event)


def on_paste() -> None:
    queue(Paste(st.session_state.get(TEXT_KEY) or ""))


def on_upload() -> None:
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return queue(None)
    try:
        if uploaded.size > MAX_UPLOAD_BYTES:
            read_upload(b"\0" * (MAX_UPLOAD_BYTES + 1), uploaded.name)  # the same message
        entries = read_upload(uploaded.getvalue(), uploaded.name)
    except ToetsInputError as error:
        return queue(UploadFailed(f"{uploaded.name}: {error}"))
    queue(Upload(tuple(entries), uploaded.name))


def on_set() -> None:
    queue(Pick(tuple(st.session_state.get(SET_KEY) or ())))


def on_start() -> None:
    key = st.session_state.get(AREA_KEY)
    queue(StartFrom(key) if key else None)


def on_choice(text: str, key: str) -> None:
    code = st.session_state.get(key)
    queue(Choose(text, code) if code else None)


def on_map_click() -> None:
    try:
        on_map = store.map_layers(data_dir, vintages.DEFAULT).municipalities
    except PinnedError:
        return
    regions = {code: place.region_id for code, place in on_map.items()}
    chosen = selection.from_map_value(st.session_state.get(MAP_KEY), regions)
    if chosen is None:
        return queue(None)
    queue(MapClick(chosen.nis_code if chosen.region_id else None))


# --- the state: events of this run, or else the address ----------------------------------------
events = st.session_state.pop(EVENTS_KEY, None)
arrived = STATE_KEY not in st.session_state or SET_KEY not in st.session_state
address = {k: st.query_params.get_all(k) for k in st.query_params}
state = toets_state.run(
    st.session_state.get(STATE_KEY),
    events,
    address,
    st.session_state.get(ADDRESS_KEY),
    arrived,
    catalog,
)
st.session_state[STATE_KEY] = state
wanted = toets_state.to_params(state)
if toets_state.link_params(address) != wanted:
    others = {k: st.query_params.get_all(k) for k in st.query_params if k not in toets_state.PARAMS}
    st.query_params.from_dict({**others, **wanted})
st.session_state[ADDRESS_KEY] = wanted
st.session_state[SET_KEY] = sorted(
    state.nis_codes, key=lambda code: catalog.municipalities[code].casefold()
)
codes = state.nis_codes
inputs = {
    r.nis_code: r.text
    for r in state.report
    if r.matched and not r.duplicate and r.nis_code in codes and r.text != names.get(r.nis_code)
}

st.title("Toets een samenwerking")
st.markdown(
    "Vormen jullie een nieuwe samenwerking tussen gemeenten, of vernieuwen jullie er een? Dan "
    "volgt ze in principe de referentieregio's, of de gemeenten motiveren waarom niet "
    "(*pas toe of leg uit*). Stel hier de gemeenten samen en zie meteen of ze binnen één "
    "regio vallen, wat er kan veranderen om te passen, en op welk bestaand gebied ze lijken."
)

inputs_column, map_column = st.columns([2, 3], gap="large")
with inputs_column:
    paste_tab, file_tab, area_tab = st.tabs(["Plak een lijst", "Bestand", "Vanuit een gebied"])
    with paste_tab:
        st.text_area(
            "Namen, oude namen of NIS-codes (één per regel, of gescheiden door komma's)",
            key=TEXT_KEY,
            height=120,
            placeholder="bv. Hasselt, Kortessem, 71011",
        )
        st.button("Voeg toe", icon=":material/playlist_add:", on_click=on_paste, key="toets_plak")
    with file_tab:
        st.file_uploader(
            "CSV- of Excel-bestand (.csv, .xlsx) met één kolom namen of NIS-codes",
            type=["csv", "xlsx", "txt"],
            key=UPLOAD_KEY,
            on_change=on_upload,
        )
    with area_tab:
        kinds = {REGION_KIND: "Referentieregio", **{kind.id: kind.singular for kind in KINDS}}
        kind = st.selectbox(
            "Soort gebied", options=list(kinds), format_func=kinds.get, key=KIND_KEY
        )
        areas = sorted(
            (area for area in catalog.areas.values() if area.kind == kind),
            key=lambda area: area.name.casefold(),
        )
        if st.session_state.get(AREA_KEY) not in {area.key for area in areas}:
            st.session_state[AREA_KEY] = None  # another kind was chosen
        st.selectbox(
            "Gebied",
            options=[area.key for area in areas],
            format_func=lambda key: catalog.areas[key].name,
            index=None,
            placeholder="Kies een gebied …",
            key=AREA_KEY,
        )
        st.button(
            "Begin vanuit dit gebied",
            icon=":material/start:",
            on_click=on_start,
            key="toets_vanuit",
        )
    st.multiselect(
        f"Gemeenten in de samenwerking ({len(codes)})",
        options=sorted(names, key=lambda code: names[code].casefold()),
        format_func=names.get,
        key=SET_KEY,
        on_change=on_set,
        placeholder="Kies gemeenten, of klik ze aan op de kaart",
    )
    if codes:
        st.button(
            "Maak leeg", icon=":material/delete:", key="toets_leeg", on_click=queue, args=(Clear(),)
        )
    if state.message:
        st.warning(md(state.message), icon=":material/info:")
    for number, pending in enumerate(state.pending):
        key = CHOICE_KEY.format(number)
        labels = dict(pending.candidates)
        st.selectbox(
            f"'{md(pending.text)}' kan meerdere gemeenten zijn. Welke bedoel je?",
            options=list(labels),
            format_func=lambda code, labels=labels: labels[code],
            index=None,
            placeholder="Kies een gemeente …",
            key=key,
            on_change=on_choice,
            args=(pending.text, key),
        )
    lines = toets_state.report_lines(state)
    if lines:
        icons = {
            "exact": "✓",
            "changed": "→",
            "duplicate": "=",
            "ambiguous": "?",
            "unknown": "✗",
        }
        unknown = sum(1 for kind, _ in lines if kind == "unknown")
        with st.expander(
            f"Zo lazen we {md(state.report_source)}: {wording.count(len(lines), 'regel', 'regels')}"
            + (f", {unknown} niet gevonden" if unknown else ""),
            expanded=any(kind != "exact" for kind, _ in lines),
        ):
            st.markdown(
                "\n".join(f"- {icons[kind]} {md(text)}" for kind, text in lines),
            )

with map_column:
    layers = None
    try:
        store.ensure_boundaries(data_dir, vintages.DEFAULT)
        layers = store.map_layers(data_dir, vintages.DEFAULT)
        store.leaflet_assets_ready()
        base = store.base_map(layers)
    except (PinnedError, static_files.MapFilesUnavailable) as error:
        layers = None
        if notices.map_unavailable(error, on_retry=lambda: queue(None)):
            store.forget_failed_build(data_dir, vintages.DEFAULT)
            st.rerun()
    if layers is not None:
        with st.container(key="toetskaart"):
            st_folium(
                base,
                key=MAP_KEY,
                height=470,
                use_container_width=True,
                returned_objects=["last_active_drawing", "last_object_clicked"],
                feature_group_to_add=[set_layer.set_layer(layers, codes, state.view)],
                on_change=on_map_click,
            )
        st.caption(
            "Klik een gemeente aan om ze toe te voegen of weg te halen. De gemeenten van de "
            "samenwerking hebben een donkere rand; de kleuren zijn de referentieregio's."
        )

if not codes:
    st.info(
        "Nog geen gemeenten gekozen. Plak een lijst, laad een bestand op, begin vanuit een "
        "bestaand gebied of klik gemeenten aan op de kaart.",
        icon=":material/arrow_upward:",
    )
    st.stop()

result = app_toets.assessment(current, codes, inputs)
verdict = result.verdict
regions = current.context.region_names

st.header(md(wording.verdict_title(verdict)))
sentence = md(wording.verdict_sentence(verdict, names, regions))
if verdict.verdict == CROSSES:
    st.warning(sentence, icon=":material/call_split:")
else:
    st.success(sentence, icon=":material/check_circle:")

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Per referentieregio")
    st.markdown(
        "\n".join(
            f"- **{md(wording.region_line(part, regions))}**: "
            f"{md(', '.join(wording.names(part.nis_codes, names)))}"
            for part in verdict.regions
        )
    )
    found = wording.changes(verdict, names, regions)
    if found:
        st.subheader("De twee kleinste aanpassingen")
        for change, which in zip(found, (DROP, EXTEND), strict=True):
            with st.container(border=True):
                st.markdown(f"**{md(change.title)}**")
                st.markdown(md(change.sentence))
                st.button(
                    "Pas deze aanpassing toe",
                    key=f"toets_aanpassing_{which}",
                    icon=":material/auto_fix_high:",
                    on_click=queue,
                    args=(ApplyChange(which),),
                )
with right:
    st.subheader("Lijkt het meest op")
    if not current.divisions_available:
        st.caption(
            "De tabellen van de andere indelingen zijn nu niet beschikbaar: de vergelijking met "
            "bestaande gebieden ontbreekt."
        )
    elif not result.closest:
        st.caption("Geen enkel bestaand gebied deelt een gemeente met deze samenwerking.")
    else:
        closest = wording.closest_sentence(result.closest)
        if closest:
            st.markdown(md(closest))
        for number, item in enumerate(result.closest):
            with st.container(border=True):
                st.markdown(md(wording.resemblance_sentence(item)))
                st.button(
                    "Begin vanuit dit gebied",
                    key=f"toets_gelijkend_{number}",
                    icon=":material/start:",
                    on_click=queue,
                    args=(StartFrom(f"{item.kind}:{item.division_id}"),),
                )
    st.subheader("Downloaden")
    st.markdown(
        "Een document om bij de beslissing te voegen (PDF): de gemeenten, het oordeel en de "
        "kaart"
        + (
            ", met per gemeente buiten de regio ruimte voor de motivering."
            if verdict.verdict == CROSSES
            else "."
        )
    )
    frozen_codes, frozen_inputs = tuple(codes), dict(inputs)
    downloads = st.columns(2)
    downloads[0].download_button(
        "Document (PDF)",
        data=lambda: app_toets.pdf(data_dir, frozen_codes, frozen_inputs),
        file_name=FILENAME,
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="toets_pdf",
    )
    downloads[1].download_button(
        "Gemeenten (CSV)",
        data=app_toets.csv(current, codes, inputs),
        file_name="toets-samenwerking.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="toets_csv",
    )
