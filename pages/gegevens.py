"""Gegevens: membership tables, corrections against the VVSG lists, sources, validation."""

from __future__ import annotations

import streamlit as st

from lib.app import navigation, search, store, ui
from lib.app.text import escape, plural
from lib.data import paths, vintages
from lib.data.vintages import AFTER, BEFORE

navigation.run_through_app()

data_dir = paths.data_dir()
ds = ui.dataset_or_stop(data_dir)
membership = ds.membership

st.title("Gegevens en bronnen")

st.header("Welke gemeente hoort bij welke regio")
columns = st.columns([2, 3], vertical_alignment="bottom")
vintage = columns[0].segmented_control(
    "Gemeentelijke indeling",
    [str(v) for v in vintages.YEARS],
    format_func=vintages.label,
    default=str(vintages.DEFAULT),
    required=True,
    key="gegevens_indeling",
)
query = columns[1].text_input("Zoek op gemeente, regio of NIS-code", key="gegevens_zoek")
chosen_vintage = int(vintage or vintages.DEFAULT)
table = membership[membership["vintage"] == chosen_vintage]
if query:
    needle = search.fold(query)
    table = table[
        table["municipality"].map(search.fold).str.contains(needle, regex=False)
        | table["region"].map(search.fold).str.contains(needle, regex=False)
        | table["nis_code"].str.contains(query.strip(), regex=False)
    ]
shown = table.assign(
    merged_name=[
        (ds.successor_name(code) or "") if merged else ""
        for code, merged in zip(table["nis_code"], table["merged_into"], strict=True)
    ]
)[["nis_code", "municipality", "region", "merged_name"]]
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_config={
        "nis_code": st.column_config.TextColumn("NIS-code"),
        "municipality": st.column_config.TextColumn("Gemeente"),
        "region": st.column_config.TextColumn("Referentieregio"),
        "merged_name": st.column_config.TextColumn(f"Sinds {AFTER.year} deel van"),
    },
)
st.caption(f"{len(shown)} van {int((membership['vintage'] == chosen_vintage).sum())} gemeenten")
if query and shown.empty:
    st.caption(
        "Geen treffer in deze indeling. Zoek je een gemeente van vóór de fusies van "
        f"{AFTER.year}, kies dan {BEFORE.label} (of omgekeerd)."
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
