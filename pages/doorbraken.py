"""Doorbraken: the twelve regional breakthrough projects, filtered by theme, region and year."""

from __future__ import annotations

import streamlit as st

from lib.app import breakthrough_cards, navigation, notices, practices, url_state
from lib.app.filters import filter_breakthroughs, years_of
from lib.app.text import echo, escape, plural
from lib.data import paths
from lib.data.themes import THEMES
from lib.praktijk.store import StoreError

navigation.run_through_app()

ds = notices.dataset_or_stop(paths.data_dir())
region_names = {profile.id: profile.name for profile in ds.regions}
try:
    submitted = practices.accepted_practices()  # accepted submitted practices, cached a minute
    store_problem = False
except StoreError:
    submitted, store_problem = (), True
project_ids = [item.id for item in ds.breakthroughs] + [item.id for item in submitted]
year_ids = [str(year) for year in years_of(ds.breakthroughs, (a.practice for a in submitted))]
FILTERS = {"thema": list(THEMES), "regio": list(region_names), "jaar": year_ids}

st.title("Regionale doorbraken")
projects = plural(
    len(ds.breakthroughs), "regionaal doorbraakproject", "regionale doorbraakprojecten"
)
st.markdown(
    f"Labo Regiovorming steunde {projects}: regio's "
    "die samen een vraagstuk aanpakten dat één gemeente alleen niet kan oplossen. Filter op "
    "thema, regio of jaar; de link in de adresbalk bewaart je keuze."
    + (
        " Onderaan staan praktijken die regio's zelf "
        "[deelden](/deel) en die een beheerder aanvaardde."
        if submitted
        else ""
    )
)

# A link (fresh load, shared address, "Lees het hele project") decides the filters on arrival.
ignored: list[str] = []
for name, allowed in FILTERS.items():
    parsed = url_state.adopt(
        st.query_params, st.session_state, name, allowed, f"filter_{name}", multi=True
    )
    if parsed is not None:
        ignored += [f"{name}={echo(value)}" for value in parsed.unknown]
        st.session_state["_genegeerd"] = ignored
parsed_id = url_state.adopt(st.query_params, st.session_state, "id", project_ids, "_doorbraak_id")
if parsed_id is not None:
    if not parsed_id.known:
        st.session_state["_doorbraak_id"] = None
    st.session_state["_genegeerd"] = ignored + [f"id={echo(value)}" for value in parsed_id.unknown]

if st.session_state.get("_genegeerd"):
    st.info(
        "Niet herkend in de link en daarom genegeerd: "
        + ", ".join(f"**{escape(value)}**" for value in st.session_state["_genegeerd"]),
        icon=":material/info:",
    )


def clear_single() -> None:
    st.session_state["_doorbraak_id"] = None
    st.session_state["_genegeerd"] = []


columns = st.columns([3, 3, 2])
themes = columns[0].multiselect(
    "Thema",
    FILTERS["thema"],
    format_func=THEMES.get,
    key="filter_thema",
    placeholder="Alle thema's",
    on_change=clear_single,
    select_all=False,  # its option reads "Select all", in English
)
regions = columns[1].multiselect(
    "Regio",
    FILTERS["regio"],
    format_func=region_names.get,
    key="filter_regio",
    placeholder="Alle regio's",
    on_change=clear_single,
    select_all=False,  # its option reads "Select all", in English
)
years = columns[2].multiselect(
    "Jaar",
    FILTERS["jaar"],
    key="filter_jaar",
    placeholder="Alle jaren",
    help="Een doorbraakproject: het jaar van zijn selectie. Een ingezonden praktijk: het jaar "
    "waarin ze begon.",
    on_change=clear_single,
    select_all=False,  # its option reads "Select all", in English
)

single = st.session_state.get("_doorbraak_id")
for name, chosen in (("thema", themes), ("regio", regions), ("jaar", years)):
    url_state.publish(st.query_params, st.session_state, name, chosen, state_key=f"filter_{name}")
url_state.publish(st.query_params, st.session_state, "id", single, state_key="_doorbraak_id")

if single:
    shown = [item for item in ds.breakthroughs if item.id == single]
    shown_submitted = [item for item in submitted if item.id == single]
    st.button("Toon alle doorbraken", icon=":material/arrow_back:", on_click=clear_single)
else:
    chosen_years = [int(y) for y in years]
    shown = filter_breakthroughs(ds.breakthroughs, themes, regions, chosen_years)
    kept = {
        item.id
        for item in filter_breakthroughs(
            [accepted.practice for accepted in submitted], themes, regions, chosen_years
        )
    }
    shown_submitted = [item for item in submitted if item.id in kept]

if not (single and shown_submitted):
    st.markdown(f"**{len(shown)} van {len(ds.breakthroughs)} doorbraken**")
    if not shown:
        st.caption("Geen enkel project past bij deze filters. Maak de selectie ruimer.")
for item in shown:
    breakthrough_cards.breakthrough_details(ds, item, expanded=bool(single))

if submitted and (shown_submitted or not single):
    st.header("Ingezonden praktijken", anchor="ingezonden")
    st.markdown(
        f"**{len(shown_submitted)} van "
        f"{plural(len(submitted), 'ingezonden praktijk', 'ingezonden praktijken')}**"
    )
    if not shown_submitted:
        st.caption("Geen ingezonden praktijk past bij deze filters.")
    # newest first, a page at a time: a thousand cards would make every rerun slow
    limit = st.session_state.setdefault("_ingezonden_aantal", practices.PAGE_SIZE)
    for accepted in list(reversed(shown_submitted))[:limit]:
        practices.accepted_card(region_names, accepted, expanded=bool(single))
    if len(shown_submitted) > limit:
        st.caption(
            f"De {limit} nieuwste van {len(shown_submitted)} getoond; de filters maken de lijst "
            "korter."
        )
        st.button(
            f"Toon er {practices.PAGE_SIZE} meer",
            icon=":material/expand_more:",
            on_click=lambda: st.session_state.update(
                {"_ingezonden_aantal": limit + practices.PAGE_SIZE}
            ),
        )
if store_problem:
    st.caption("De ingezonden praktijken konden nu niet geladen worden; probeer het later opnieuw.")
