"""Afstemming: how well six other regional divisions line up with the reference regions."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lib.app import (
    afstemming_tables,
    division_data,
    municipality_divisions,
    navigation,
    notices,
    store,
    wording,
)
from lib.app.build_progress import BuildProgress
from lib.app.text import escape
from lib.data import paths, vintages
from lib.divisions.sources import CREDIT, DIVISION_SOURCE, KINDS
from lib.pinned.errors import PinnedError

navigation.run_through_app()

data_dir = paths.data_dir()
ds = notices.dataset_or_stop(data_dir)

st.title("Afstemming met andere indelingen")
st.markdown(
    "Een gemeente werkt voor mobiliteit, zorg, wonen, veiligheid en gezondheid telkens in een "
    "ander samenwerkingsverband. Vallen die verbanden niet samen, dan zit ze voor elk thema met "
    "andere buren aan tafel, worden plannen voor dezelfde streek in verschillende fora besproken "
    "en ziet niemand nog het geheel: de **verrommeling** van het regionale landschap. De "
    "referentieregio's moeten daar orde in brengen. Vlaanderen vraagt dat indelingen die het zelf "
    "oplegt, samenvallen met een referentieregio of er volledig binnen liggen; wie afwijkt, moet "
    "uitleggen waarom (**pas toe of leg uit**). Hier zie je per indeling hoe ver die afstemming "
    "staat, welke gebieden over een regiogrens lopen en welke gemeenten daardoor met een andere "
    "regio samenwerken."
)

progress = BuildProgress()
try:
    current = division_data.alignment(data_dir, progress=progress)
    progress.done()
except PinnedError:
    progress.failed("De andere indelingen konden niet worden opgehaald")
    notices.show_unavailable(data_dir)
    st.stop()

if not current.has_border_share:
    # the border lengths are built with the 2025 map: build it (once) if it is not there yet
    try:
        store.ensure_boundaries(data_dir, vintages.DEFAULT, progress=progress)
        if division_data.borders_ready(data_dir):
            current = division_data.alignment(data_dir)
    except PinnedError:
        pass  # the page works without the border share; the chart says so

scores = current.alignment.kinds

st.header("Per indeling")
cards = st.columns(3)
for index, kind in enumerate(KINDS):
    score = scores[kind.id]
    with cards[index % 3].container(border=True):
        st.markdown(f"**{escape(kind.label)}**")
        st.markdown(wording.nested_divisions(score.nested, score.divisions, kind.label))
        facts = [
            wording.municipalities_in_nested(score.in_nested, score.municipalities),
            wording.identical_areas(score.identical),
        ]
        if score.border_share is not None:
            facts.append(wording.border_share(score.border_share))
        st.caption(
            " · ".join(facts),
            help=wording.BORDER_SHARE_HELP if score.border_share is not None else None,
        )

measures = {
    # short enough for a legend on a phone
    "nested_share": "Gebieden binnen één regio",
    "municipality_share": "Gemeenten in zo'n gebied",
    "border_share": "Regiogrenzen die ze volgt",
}
chart_rows = []
for kind in KINDS:
    score = scores[kind.id]
    values = {
        "nested_share": score.nested_share,
        "municipality_share": score.municipality_share,
        "border_share": score.border_share,
    }
    for key, label in measures.items():
        if values[key] is not None:
            chart_rows.append(
                {
                    "Indeling": kind.short_label,
                    "Volledige naam": kind.label,
                    "Maat": label,
                    "Aandeel": values[key],
                }
            )
chart_data = pd.DataFrame(chart_rows)
shown_measures = [label for label in measures.values() if label in set(chart_data["Maat"])]
chart = (
    alt.Chart(chart_data)
    .mark_bar()
    .encode(
        x=alt.X(
            "Aandeel:Q",
            axis=alt.Axis(format="%", title=None, tickCount=5),
            scale=alt.Scale(domain=[0, 1]),
        ),
        y=alt.Y(
            "Indeling:N",
            sort=[k.short_label for k in KINDS],
            title=None,
            axis=alt.Axis(labelLimit=0, labelFontSize=13),
        ),
        yOffset=alt.YOffset("Maat:N", sort=shown_measures),
        color=alt.Color(
            "Maat:N",
            sort=shown_measures,
            scale=alt.Scale(range=["#1f5f8b", "#7fb3d5", "#d9480f"]),
            # below the bars, one measure a line: whole on a phone too
            legend=alt.Legend(
                title=None, orient="bottom", direction="vertical", labelLimit=0, labelFontSize=13
            ),
        ),
        tooltip=[
            alt.Tooltip("Volledige naam:N", title="Indeling"),
            alt.Tooltip("Maat:N"),
            alt.Tooltip("Aandeel:Q", format=".0%"),
        ],
    )
    .properties(height=alt.Step(12))
)
st.altair_chart(
    chart,
    width="stretch",
    alt=(
        "Staafdiagram: per indeling het aandeel gebieden en gemeenten binnen één regio en het "
        "aandeel regiogrenzen dat ze volgt"
    ),
)
if not current.has_border_share:
    st.caption(
        "Het aandeel van de regiogrenzen dat een indeling volgt, wordt berekend uit de "
        "gemeentegrenzen; die zijn nu niet beschikbaar."
    )


# Rows taller than 4 rem let a table's cells wrap (Streamlit's rule): three lines, whole names.
WRAPPED_ROW = 80

st.header("Gebieden over een regiogrens")
crossing_frame = afstemming_tables.crossing_table(current)
st.caption(wording.crossing_divisions(len(crossing_frame)), help=wording.DOMINANT_HELP)
st.dataframe(
    crossing_frame,
    hide_index=True,
    width="stretch",
    column_config={
        "In de grootste regio": st.column_config.NumberColumn(
            format="%d %%", help=wording.DOMINANT_HELP
        ),
        "Indeling": st.column_config.TextColumn(width=190),
        "Gebied": st.column_config.TextColumn(width=200),
        "Referentieregio's": st.column_config.TextColumn(width=250),
        "Buiten de grootste regio": st.column_config.TextColumn(width=420),
    },
    row_height=WRAPPED_ROW,
)

st.header("Spanningspunten")
st.markdown(
    "Een gemeente is een spanningspunt voor een indeling als haar gebied grotendeels in een "
    "andere referentieregio ligt: daar liggen meer gemeenten van dat gebied dan in haar eigen "
    "regio. Hoe vaker dat voorkomt, hoe meer ze over de regiogrens heen moet samenwerken."
)
tension_frame = afstemming_tables.tension_table(current)
st.caption(f"{len(tension_frame)} van de {len(current.alignment.regions)} gemeenten")
st.dataframe(
    tension_frame,
    hide_index=True,
    width="stretch",
    column_config={
        "Gemeente": st.column_config.TextColumn(width=200),
        "Referentieregio": st.column_config.TextColumn(width=160),
        "Waar de meerderheid ligt": st.column_config.TextColumn(width=520),
    },
    row_height=WRAPPED_ROW,
)

downloads = st.columns(3)
downloads[0].download_button(
    "Alle gebieden per indeling (CSV)",
    data=afstemming_tables.report_csv(current.alignment),
    file_name="afstemming-gebieden.csv",
    mime="text/csv",
    icon=":material/download:",
)
downloads[1].download_button(
    "Spanningspunten (CSV)",
    data=tension_frame.to_csv(index=False, sep=";").encode("utf-8-sig"),
    file_name="afstemming-spanningspunten.csv",
    mime="text/csv",
    icon=":material/download:",
)
downloads[2].download_button(
    "Alle gemeenten in alle indelingen (CSV)",
    data=municipality_divisions.cached_csv(current.alignment, current.municipalities),
    file_name="afstemming-gemeenten.csv",
    mime="text/csv",
    icon=":material/download:",
)

st.header("Bronnen")
commit = DIVISION_SOURCE.pinned
st.markdown(
    f"- **Andere indelingen**: {escape(CREDIT)}, vaste versie (commit) `{commit.commit}`: per "
    "indeling een tabel die elke gemeente aan een gebied koppelt (map *aggregatietabellen*) en "
    "de namen van de gebieden (map *gebiedsdefinities*), voor de gemeenten sinds "
    f"{vintages.MERGER_DATE}. "
    "Het project vermeldt geen licentie; de tabellen geven publieke bestuurlijke indelingen "
    "weer. Codes voor 'niet te lokaliseren' of 'buiten Vlaanderen' en de Brusselse gemeenten "
    "laat Regiokaart weg.\n"
    "- **Referentieregio's**: de officiële indeling (kadernota van 4 februari 2022), voor de "
    f"gemeenten {vintages.AFTER.label}.\n"
    "- **Grenslengtes**: berekend uit de vereenvoudigde gemeentegrenzen (Statbel, Provincies in "
    "Cijfers).\n\n"
    "Zelf nagaan: `python -m lib.divisions report --format csv` geeft dezelfde tabel als de "
    "download hierboven."
)
