"""lib.toets on a small hand-made partition, with answers worked out by hand.

Regions (2025): A = {10001 Aarde, 10004 Dorp, 10010 Brons-Cederdal}, B = {20001 Egem, 20002 Fort},
C = {30001 Gaver, 30002 Hoeve}. Brons (10002) and Cederdal (10003) merged into Brons-Cederdal on
1 January 2025. Two other kinds:

- ``k``: p "Pe" = {10001, 10004, 10010} (region A exactly), q "Qu" = {20001, 20002, 30001},
  r "Ro" = {30002};
- ``m``: s "Sa" = {10001, 20001}, t "Te" = {10004, 10010, 20002, 30001, 30002}.
"""

from __future__ import annotations

import io
from fractions import Fraction as F

import pandas as pd
import pytest
from openpyxl import Workbook

from lib.data.dataset import Dataset
from lib.divisions.scores import align
from lib.toets import assessment, verdict
from lib.toets.entries import (
    AMBIGUOUS,
    BY_CODE,
    CORRECTED,
    EXACT,
    FORMER,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_ROWS,
    UNKNOWN,
    Matcher,
    read_upload,
    split_entries,
)
from lib.toets.errors import ToetsInputError

ROWS = [
    (2019, "10001", "Aarde", "A", "Regio A", ""),
    (2019, "10002", "Brons", "A", "Regio A", "10010"),
    (2019, "10003", "Cederdal", "A", "Regio A", "10010"),
    (2019, "10004", "Dorp", "A", "Regio A", ""),
    (2019, "20001", "Egem", "B", "Regio B", ""),
    (2019, "20002", "Fort", "B", "Regio B", ""),
    (2019, "30001", "Gaver", "C", "Regio C", ""),
    (2019, "30002", "Hoeve", "C", "Regio C", ""),
    (2025, "10001", "Aarde", "A", "Regio A", ""),
    (2025, "10004", "Dorp", "A", "Regio A", ""),
    (2025, "10010", "Brons-Cederdal", "A", "Regio A", ""),
    (2025, "20001", "Egem", "B", "Regio B", ""),
    (2025, "20002", "Fort", "B", "Regio B", ""),
    (2025, "30001", "Gaver", "C", "Regio C", ""),
    (2025, "30002", "Hoeve", "C", "Regio C", ""),
]
REGIONS = {code: region for vintage, code, _, region, _, _ in ROWS if vintage == 2025}
K = {"10001": "p", "10004": "p", "10010": "p", "20001": "q", "20002": "q", "30001": "q"}
K |= {"30002": "r"}
M = {"10001": "s", "20001": "s", "10004": "t", "10010": "t", "20002": "t", "30001": "t"}
M |= {"30002": "t"}
NAMES = {"p": "Pe", "q": "Qu", "r": "Ro", "s": "Sa", "t": "Te"}


def dataset() -> Dataset:
    frame = pd.DataFrame(
        ROWS, columns=["vintage", "nis_code", "municipality", "region_id", "region", "merged_into"]
    )
    frame["vintage"] = frame["vintage"].astype(int)
    return Dataset(frame, pd.DataFrame(), (), (), None, None)


@pytest.fixture(scope="module")
def context() -> assessment.Context:
    alignment = align({"k": (K, NAMES), "m": (M, NAMES)}, REGIONS)
    return assessment.context_from(dataset(), alignment)


def closest(codes) -> list[tuple[str, str, F]]:
    divisions = align({"k": (K, NAMES), "m": (M, NAMES)}, REGIONS).divisions
    return [(c.kind, c.division_id, c.overlap) for c in verdict.closest(codes, divisions)]


# --- the verdict -------------------------------------------------------------------------------


def test_a_set_equal_to_a_region() -> None:
    found = verdict.judge(["10001", "10004", "10010"], REGIONS)
    assert found.verdict == "region" and found.fits
    (part,) = found.regions
    assert (part.region_id, part.share, part.coverage) == ("A", 1, 1)
    assert found.drop == found.add == ()
    # p is region A exactly; t shares Dorp and Brons-Cederdal of 6 in either; s shares Aarde of 4
    assert closest(found.nis_codes) == [("k", "p", 1), ("m", "t", F(2, 6)), ("m", "s", F(1, 4))]


def test_a_union_of_two_regions() -> None:
    found = verdict.judge(["30002", "20001", "30001", "20002"], REGIONS)
    assert found.verdict == "regions" and found.fits
    # a tie of two municipalities each: the first region id is dominant
    assert [(p.region_id, p.nis_codes, p.share) for p in found.regions] == [
        ("B", ("20001", "20002"), F(1, 2)),
        ("C", ("30001", "30002"), F(1, 2)),
    ]
    assert found.drop == found.add == ()
    # q: 3 shared of 4 in either; t: 3 of 6; r: 1 of 4; s: 1 of 5 (fourth, so not listed)
    assert closest(found.nis_codes) == [
        ("k", "q", F(3, 4)),
        ("m", "t", F(3, 6)),
        ("k", "r", F(1, 4)),
    ]


def test_a_single_municipality_lies_within_its_region() -> None:
    found = verdict.judge(["30001"], REGIONS)
    assert found.verdict == "within"
    assert [(p.region_id, p.share, p.coverage) for p in found.regions] == [("C", 1, F(1, 2))]
    # r shares nothing: not listed
    assert closest(["30001"]) == [("k", "q", F(1, 3)), ("m", "t", F(1, 5))]


def test_a_crossing_set_gets_its_regions_and_the_two_smallest_changes() -> None:
    found = verdict.judge(["10001", "20001", "10004"], REGIONS)
    assert found.verdict == "crosses" and not found.fits
    assert [(p.region_id, p.nis_codes, p.share, p.coverage) for p in found.regions] == [
        ("A", ("10001", "10004"), F(2, 3), F(2, 3)),
        ("B", ("20001",), F(1, 3), F(1, 2)),
    ]
    assert found.drop == ("20001",)  # outside the dominant region A
    assert found.add == ("10010",)  # the rest of A


def test_the_dominant_region_holds_most_even_when_it_is_not_first_by_id() -> None:
    found = verdict.judge(["10001", "30001", "30002"], REGIONS)
    assert [p.region_id for p in found.regions] == ["C", "A"]
    assert found.drop == ("10001",) and found.add == ()  # C is whole already


def test_ties_in_overlap_go_by_kind_then_name() -> None:
    # the set is s exactly; p and q both share one municipality of four in either
    assert closest(["10001", "20001"]) == [("m", "s", 1), ("k", "p", F(1, 4)), ("k", "q", F(1, 4))]


def test_an_empty_set_or_an_unknown_code_is_refused() -> None:
    with pytest.raises(ToetsInputError, match="geen gemeenten"):
        verdict.judge([], REGIONS)
    with pytest.raises(ToetsInputError, match="99999"):
        verdict.judge(["10001", "99999"], REGIONS)


# --- matching entries --------------------------------------------------------------------------


def test_entries_are_split_on_newlines_commas_and_semicolons() -> None:
    assert split_entries("Aarde, Dorp;Egem\n\n 20002 ;\r\n") == ["Aarde", "Dorp", "Egem", "20002"]


def test_a_set_with_a_pre_2025_name_and_duplicates(context) -> None:
    resolved = context.matcher.resolve_all(
        split_entries("Brons, Cederdal; brons-cederdal\n10003, AARDE, 10001")
    )
    how = [(r.text, r.nis_code, r.how, r.former, r.duplicate) for r in resolved.resolutions]
    assert how == [
        ("Brons", "10010", FORMER, "Brons", False),
        ("Cederdal", "10010", FORMER, "Cederdal", True),
        ("brons-cederdal", "10010", EXACT, None, True),
        ("10003", "10010", BY_CODE, "Cederdal", True),
        ("AARDE", "10001", EXACT, None, False),
        ("10001", "10001", BY_CODE, None, True),
    ]
    assert resolved.nis_codes == ("10010", "10001") and not resolved.problems
    assert resolved.resolutions[0].note() == "Brons → Brons-Cederdal, sinds 2025"
    assert resolved.inputs() == {"10010": "Brons", "10001": "AARDE"}
    result = assessment.assess(context, resolved)
    assert result.verdict.verdict == "within"
    assert result.verdict.regions[0].coverage == F(2, 3)
    shown = assessment.as_json(result)
    assert shown["municipalities"] == [
        {"nis_code": "10010", "name": "Brons-Cederdal", "input": "Brons"},
        {"nis_code": "10001", "name": "Aarde", "input": "AARDE"},
    ]
    assert shown["verdict"] == "within" and shown["changes"] == {"drop": [], "add": []}
    assert shown["regions"] == [
        {
            "region_id": "A",
            "region": "A",
            "nis_codes": ["10001", "10010"],
            "share": 1.0,
            "coverage": 0.6667,
        }
    ]


def test_typing_errors_are_corrected_and_unknown_entries_named(context) -> None:
    resolved = context.matcher.resolve_all(["Dorb", "Cedrdal", "Zuurdal", "99999", "St. Gaver"])
    assert [(r.status, r.nis_code, r.how, r.corrected) for r in resolved.resolutions] == [
        ("matched", "10004", CORRECTED, False),
        ("matched", "10010", FORMER, True),
        (UNKNOWN, None, None, False),
        (UNKNOWN, None, None, False),
        (UNKNOWN, None, None, False),  # "Sint Gaver" is two errors too many for Gaver
    ]
    assert resolved.resolutions[0].note() == "Dorb → Dorp (tikfout verbeterd)"
    assert [r.text for r in resolved.problems] == ["Zuurdal", "99999", "St. Gaver"]


def test_an_entry_that_fits_several_municipalities_lists_them() -> None:
    rows = [*ROWS, (2025, "30003", "Hoevel", "C", "Regio C", "")]
    frame = pd.DataFrame(
        rows, columns=["vintage", "nis_code", "municipality", "region_id", "region", "merged_into"]
    )
    frame["vintage"] = frame["vintage"].astype(int)
    matcher = Matcher(Dataset(frame, pd.DataFrame(), (), (), None, None))
    (found,) = matcher.resolve_all(["Hoevl"]).resolutions  # one error from Hoeve and Hoevel
    assert found.status == AMBIGUOUS
    assert [(c.nis_code, c.label) for c in found.candidates] == [
        ("30002", "Hoeve"),
        ("30003", "Hoevel"),
    ]
    assert "Hoeve (30002), Hoevel (30003)" in found.note()


def test_the_text_report_is_dutch_and_names_both_changes(context) -> None:
    resolved = context.matcher.resolve_all(["Aarde", "Dorp", "Egem"])
    text = assessment.as_text(assessment.assess(context, resolved))
    assert "liggen over de grens van een referentieregio" in text
    assert "Laat de gemeente buiten A weg: Egem." in text
    assert "Voeg de gemeente van A toe die nog ontbreekt (Brons-Cederdal)" in text


# --- uploads -----------------------------------------------------------------------------------


def xlsx(rows: list[tuple]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_csv_or_xlsx_column_gives_its_entries() -> None:
    data = "gemeente\r\nAarde\r\n10004\r\n\r\nSint-Gaver\r\n".encode("utf-8-sig")
    assert read_upload(data, "lijst.csv") == ["Aarde", "10004", "Sint-Gaver"]
    assert read_upload("Hoeve;\nEgem;\n".encode("cp1252"), "x.csv") == ["Hoeve", "Egem"]
    assert read_upload("Bûrg\n".encode("cp1252"), "x.csv") == ["Bûrg"]
    assert read_upload(xlsx([("NIS-code",), (10001,), (20002.0,), (None,)]), "a.xlsx") == [
        "10001",
        "20002",
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "leeg"),
        (b"gemeente\n\n", "a.csv", "geen namen of NIS-codes"),
        (b"Aarde;Dorp\n", "a.csv", "Rij 1 .* meer dan \u00e9\u00e9n kolom"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "a.csv", "te groot"),
        (("Aarde\n" * (MAX_UPLOAD_ROWS + 1)).encode(), "a.csv", "meer dan 1000 rijen"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "oud.xls", r"\.xls"),
        (b"PK\x03\x04 no zip at all", "a.xlsx", "kan niet gelezen worden"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "foto.png", "geen CSV- of Excel-bestand"),
    ],
)
def test_a_file_that_is_not_one_column_is_a_dutch_message(data, name, message) -> None:
    with pytest.raises(ToetsInputError, match=message):
        read_upload(data, name)


def test_an_xlsx_with_two_columns_is_refused() -> None:
    with pytest.raises(ToetsInputError, match="Rij 2"):
        read_upload(xlsx([("gemeente",), ("Aarde", "Dorp")]), "a.xlsx")
