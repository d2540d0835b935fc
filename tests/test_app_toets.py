"""AppTest runs of the page /toets: a shared link (with unknown codes), a pasted list, a start from
an area, both changes; and the Kaart page's "in alle indelingen" and /afstemming's CSV.

Expected regions and members come from data/regions.csv and the raw sheets in ../shared (pandas),
not from lib.toets.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from lib.data import paths
from tests.support.apptest import KAART, assert_clean, open_page, texts, use_data

TOETS = "pages/toets.py"


@pytest.fixture(scope="module")
def membership() -> pd.DataFrame:
    frame = pd.read_csv(paths.REPO_ROOT / "data" / "regions.csv", dtype=str)
    return frame[frame["vintage"] == "2025"].set_index("nis_code")


@pytest.fixture
def data(built_data_dir: Path, pic_dir: Path, monkeypatch) -> Path:
    return use_data(monkeypatch, built_data_dir, pic_dir)


def chosen(at) -> list[str]:
    return list(at.multiselect(key="toets_gemeenten").value)


def test_a_link_with_unknown_codes_names_them_and_judges_the_rest(data, membership) -> None:
    at = open_page(TOETS, gemeenten="71011,71016,24107,<b>99x</b>,99999")
    assert_clean(at)
    page = texts(at)
    assert "Deze NIS-codes uit de link zijn geen gemeenten van 2025: '<b>99x</b>', '99999'" in page
    assert [w.value for w in at.warning if "<b>99x</b>" in w.value] == [], "escaped, not raw"
    regions = {membership.loc[code, "region"] for code in ("71011", "71016", "24107")}
    assert len(regions) == 2  # Diepenbeek and Genk in one region, Tienen in another
    assert "Past niet: de samenwerking loopt over een regiogrens" in page
    assert sorted(chosen(at)) == ["24107", "71011", "71016"]
    assert at.query_params["gemeenten"] == "24107,71011,71016"
    limburg = membership.loc["71011", "region"]
    assert f"Laat de gemeente buiten {limburg} weg: Tienen." in page
    # the first change, applied with its button: the set fits
    at.button(key="toets_aanpassing_drop").click().run()
    assert sorted(chosen(at)) == ["71011", "71016"]
    assert "Past: binnen één referentieregio" in texts(at)
    assert at.query_params["gemeenten"] == "71011,71016"


def test_a_pasted_list_with_a_typo_an_old_name_and_an_unknown_entry(data, membership) -> None:
    at = open_page(TOETS)
    assert_clean(at)
    typed = "Hasselt\nKortesem\nGnek\nZwabberdam"
    at.text_area(key="toets_lijst").input(typed).run()
    at.button(key="toets_plak").click().run()
    assert_clean(at)
    page = texts(at)
    assert "Kortesem → Hasselt, sinds 2025 (gelezen als Kortessem)" in page
    assert "Gnek → Genk (tikfout verbeterd)" in page
    assert "'Zwabberdam': geen gemeente of NIS-code gevonden" in page
    assert sorted(chosen(at)) == ["71016", "71072"]
    region = membership.loc["71072", "region"]
    assert membership.loc["71016", "region"] == region
    assert f"De 2 gemeenten liggen binnen één referentieregio, {region}" in page
    assert at.text_area(key="toets_lijst").value == typed  # the text stays in the box
    assert at.query_params["gemeenten"] == "71016,71072"


def test_a_start_from_a_police_zone(data, divisions_dir: Path) -> None:
    sheet = pd.read_excel(divisions_dir / "aggregatietabellen/gemeente_politiezone.xlsx", dtype=str)
    sheet.columns = ["nis_code", "division"]
    zone = sheet.loc[sheet["nis_code"] == "71072", "division"].item()
    members = sorted(sheet.loc[sheet["division"] == zone, "nis_code"])
    at = open_page(TOETS, vanuit=f"politiezone:{zone}")
    assert_clean(at)
    assert sorted(chosen(at)) == members
    assert at.query_params["vanuit"] == f"politiezone:{zone}"
    assert "Dit is precies politiezone" in texts(at)
    # the multiselect changes the set: the address holds the set from then on
    at.multiselect(key="toets_gemeenten").unselect(members[0]).run()
    assert sorted(chosen(at)) == members[1:]
    assert at.query_params["gemeenten"] == ",".join(members[1:])
    assert "vanuit" not in at.query_params


def test_the_kaart_page_shows_a_municipality_in_every_kind(data) -> None:
    at = open_page(KAART, gemeente="71072")
    assert_clean(at)
    page = texts(at)
    assert "Hasselt in alle indelingen" in page
    assert "**Intergemeentelijke samenwerking wonen**: geen gebied" in page
    assert "**Politiezone**: PZ Limburg Regio Hoofdstad — binnen de referentieregio" in page


def test_the_municipality_csv_has_a_row_per_municipality_and_kind(
    built_data_dir: Path, divisions_dir: Path, membership
) -> None:
    from lib.app.municipality_divisions import municipalities_csv
    from lib.divisions.report import score_cache
    from lib.divisions.sources import KINDS

    regions = dict(membership["region_id"])
    names = dict(membership["municipality"])
    _, scores = score_cache(built_data_dir, regions, names)
    frame = pd.read_csv(
        io.BytesIO(municipalities_csv(scores, names)), sep=";", dtype=str, encoding="utf-8-sig"
    )
    assert list(frame.columns) == [
        "nis_code",
        "gemeente",
        "regio_id",
        "soort_indeling",
        "gebied_id",
        "gebied",
        "binnen_referentieregio",
    ]
    for kind in KINDS:  # rows per kind: the sheet's Flemish 2025 municipalities with an area
        sheet = pd.read_excel(divisions_dir / kind.table, dtype=str)
        sheet.columns = ["nis_code", "division"]
        definitions = pd.read_excel(divisions_dir / kind.definitions, dtype=str)
        none = set(definitions[definitions["name"].str.match(r"(?i)geen\b")]["geoitem code"])
        expected = sheet[sheet["nis_code"].isin(regions) & ~sheet["division"].isin(none)]
        assert (frame["soort_indeling"] == kind.id).sum() == len(expected), kind.id
    hasselt = frame[(frame["nis_code"] == "71072") & (frame["soort_indeling"] == "politiezone")]
    assert hasselt["binnen_referentieregio"].tolist() == ["ja"]
