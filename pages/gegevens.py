"""Gegevens: membership tables, corrections against the VVSG lists, sources, validation."""

from __future__ import annotations

import streamlit as st

from lib.app import membership, navigation, notices, store
from lib.app.text import echo, escape, md, option_label, plural
from lib.data import paths, vintages
from lib.data.vintages import AFTER, BEFORE

navigation.run_through_app()

data_dir = paths.data_dir()
ds = notices.dataset_or_stop(data_dir)

st.title("Gegevens en bronnen")

st.header("Welke gemeente hoort bij welke regio")
columns = st.columns([2, 3], vertical_alignment="bottom")
vintage = columns[0].segmented_control(
    "Gemeentelijke indeling",
    [str(v) for v in vintages.YEARS],
    format_func=lambda year: option_label(vintages.label(year)),
    default=str(vintages.DEFAULT),
    required=True,
    key="gegevens_indeling",
)
query = columns[1].text_input("Zoek op gemeente, regio of NIS-code", key="gegevens_zoek")
chosen_vintage = int(vintage or vintages.DEFAULT)
shown = membership.table(ds, chosen_vintage, query)
if not shown.empty:  # an empty st.dataframe says "empty" in English; the caption says it
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "nis_code": st.column_config.TextColumn("NIS-code"),
            "municipality": st.column_config.TextColumn("Gemeente"),
            "region": st.column_config.TextColumn("Referentieregio"),
            "history": st.column_config.TextColumn(
                membership.HISTORY_LABELS[chosen_vintage], width="large"
            ),
        },
    )
st.caption(f"{len(shown)} van {len(ds.rows(chosen_vintage))} gemeenten")
if query and shown.empty:
    st.caption(
        md(
            "Geen gemeente, regio of NIS-code past bij '{query}'. Kijk de spelling na, of zoek "
            "op een deel van de naam.",
            query=echo(query),
        )
    )
st.download_button(
    "Download de volledige indeling (CSV voor Excel, beide jaren)",
    data=store.membership_csv(data_dir),
    file_name="referentieregios.csv",
    mime="text/csv",
    icon=":material/download:",
)

st.header("Verschillen met de ledenlijsten van de VVSG")
st.markdown(
    "De ledenlijsten op de VVSG-pagina *Regiovorming in de praktijk* bevatten schrijffouten, "
    "een dubbele vermelding en zes ontbrekende gemeenten. Regiokaart volgt de officiële indeling "
    "van de Vlaamse Regering (kadernota van 4 februari 2022). Dit zijn de verschillen:"
)
kinds = {"spelling": "schrijfwijze", "duplicate": "dubbel vermeld", "missing": "ontbreekt"}
corrections = ds.corrections.assign(
    kind_label=ds.corrections["kind"].map(kinds),
    region_name=ds.corrections["region_id"].map({p.id: p.name for p in ds.regions}),
)
# st.table renders its cells as Markdown: escape the data so it shows literally
st.table(
    corrections[
        ["seed_text", "official_name", "nis_code", "region_name", "kind_label", "explanation"]
    ]
    .map(escape)
    .rename(
        columns={
            "seed_text": "Op de VVSG-pagina",
            "official_name": "Officiële naam",
            "nis_code": f"NIS-code ({BEFORE.year})",
            "region_name": "Regio",
            "kind_label": "Soort",
            "explanation": "Toelichting",
        }
    ),
    hide_index=True,
)

st.header("Bronnen en licenties")
st.markdown(
    "- **Referentieregio's, overleg, doorbraken en inzichten**: feiten uit de VVSG-pagina "
    "*Regiovorming in de praktijk*; alle teksten zijn voor Regiokaart in eigen woorden "
    "geschreven.\n"
    "- **Indeling in referentieregio's**: Vlaamse Regering, kadernota van 4 februari 2022, met "
    f"de gemeentelijke fusies van {vintages.MERGER_DATE}.\n"
    "- **Gemeentegrenzen**: Statbel, statistische sectoren (licentie open data van Statbel, "
    "verenigbaar met CC BY 4.0), als vereenvoudigde, topologisch zuivere lagen van Provincies in "
    "Cijfers (GitHub-project *provinciesincijfers/gebiedsniveaus*, vaste versie `3b1b6d8`).\n"
    "- **Andere indelingen** (vervoerregio's, eerstelijnszones, woonmaatschappijen, "
    "politiezones, regio's gezondheidsmakers, bestuurlijke arrondissementen): Provincies in "
    "Cijfers, hetzelfde project en dezelfde vaste versie; zie de pagina Afstemming.\n"
    "- **Achtergrondkaart** (optioneel): © OpenStreetMap-bijdragers, © CARTO."
)

st.header("Controle van de gegevens")
region_count = plural(len(ds.regions), "regio", "regio's")
st.success(
    "Alle gegevensbestanden zijn gecontroleerd en in orde: "
    f"{plural(len(ds.rows(BEFORE.year)), 'gemeente', 'gemeenten')} in {BEFORE.label}, "
    f"{len(ds.rows(AFTER.year))} {AFTER.label}, {region_count}, "
    f"{plural(len(ds.breakthroughs), 'doorbraak', 'doorbraken')} en "
    f"{plural(len(ds.trajectories.trajectories), 'ontwikkeltraject', 'ontwikkeltrajecten')}.",
    icon=":material/verified:",
)
st.caption(
    "Bij elke start controleert Regiokaart alle bestanden (kolommen, NIS-codes, regio's, fusies, "
    "thema's, jaren en verplichte teksten). Bij een fout toont elke pagina de lijst met "
    "bestand, regel en veld. Zelf controleren: `python -m lib.validate`."
)
