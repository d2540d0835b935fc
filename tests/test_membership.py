"""lib.app.membership: the /gegevens table and download (facts read from data/regions.csv)."""

from __future__ import annotations

import csv
import io

import pytest

from lib.app import membership
from lib.data.dataset import Dataset, load_dataset
from tests.support.streamlit_server import REPO_ROOT


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(REPO_ROOT / "data")


def test_2019_says_what_each_municipality_became(data: Dataset) -> None:
    table = membership.table(data, 2019).set_index("municipality")
    assert table.loc["Kortessem", "history"] == "Hasselt"
    assert table.loc["Borsbeek", "history"] == "Antwerpen"
    assert table.loc["Genk", "history"] == ""  # continued


def test_2025_says_what_each_merged_municipality_was_formed_from(data: Dataset) -> None:
    table = membership.table(data, 2025).set_index("municipality")
    assert table.loc["Hasselt", "history"] == "Hasselt, Kortessem"
    assert table.loc["Antwerpen", "history"] == "Antwerpen, Borsbeek"
    assert table.loc["Genk", "history"] == ""
    # every 2025 municipality with a history is one the csv names in merged_into, or such a name
    assert (table["history"] != "").sum() > 0


def test_a_pre_2025_name_finds_its_2025_municipality(data: Dataset) -> None:
    found = membership.table(data, 2025, "kortessem")
    assert list(found["municipality"]) == ["Hasselt"]
    found = membership.table(data, 2025, "BORSBEEK")
    assert list(found["municipality"]) == ["Antwerpen"]
    assert list(membership.table(data, 2019, "73040")["municipality"]) == ["Kortessem"]
    assert membership.table(data, 2025, "geen-gemeente-zo").empty


def test_the_download_puts_names_beside_names_and_codes_beside_codes(data: Dataset) -> None:
    frame = membership.download_frame(data)
    text = frame.to_csv(index=False, sep=";")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    kortessem = next(r for r in rows if r["nis_code"] == "73040")
    assert kortessem["sinds_2025_deel_van"] == "Hasselt"
    assert kortessem["sinds_2025_deel_van_nis_code"] == "71072"
    genk = next(r for r in rows if r["nis_code"] == "71016" and r["indeling"] == "2019")
    assert genk["sinds_2025_deel_van"] == genk["sinds_2025_deel_van_nis_code"] == ""
    assert list(rows[0]) == [
        "indeling",
        "nis_code",
        "gemeente",
        "regio_id",
        "referentieregio",
        "sinds_2025_deel_van",
        "sinds_2025_deel_van_nis_code",
    ]
    # no name column holds a code
    assert not any(r["sinds_2025_deel_van"].isdigit() for r in rows)
