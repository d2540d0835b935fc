"""lib.app.toets_state (the page /toets's reducer) and lib.toets.wording, without Streamlit.

The partition of tests/test_toets.py: regions A = {10001 Aarde, 10004 Dorp, 10010
Brons-Cederdal (Brons and Cederdal before 2025)}, B = {20001 Egem, 20002 Fort}, C = {30001 Gaver,
30002 Hoeve}; kind ``k``: p = {10001, 10004, 10010}, q = {20001, 20002, 30001}, r = {30002}.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from lib.app import toets_state as ts
from lib.app.municipality_divisions import lines as division_lines
from lib.app.toets_state import (
    Area,
    Catalog,
    Choose,
    LinkLoad,
    MapClick,
    Paste,
    Pick,
    StartFrom,
    ToetsState,
    Upload,
    UploadFailed,
)
from lib.divisions.scores import align
from lib.toets import wording
from lib.toets.entries import Matcher
from lib.toets.verdict import judge
from tests.test_toets import NAMES, REGIONS, K, M, dataset

NAME = {
    "10001": "Aarde",
    "10004": "Dorp",
    "10010": "Brons-Cederdal",
    "20001": "Egem",
    "20002": "Fort",
    "30001": "Gaver",
    "30002": "Hoeve",
}
REGION_NAMES = {"A": "Regio A", "B": "Regio B", "C": "Regio C"}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    areas = {
        "regio:a": Area("regio", "a", "Regio A", ("10001", "10004", "10010")),
        "k:q": Area("k", "q", "Qu", ("20001", "20002", "30001")),
    }
    return Catalog(NAME, REGIONS, areas, Matcher(dataset()))


def run(catalog, *events, state: ToetsState | None = None) -> ToetsState:
    state = state or ToetsState()
    for event in events:
        state = ts.apply(state, event, catalog)
    return state


def test_a_pasted_list_accounts_for_every_entry_and_keeps_the_rest(catalog) -> None:
    state = run(catalog, Paste("Aarde; Brons\nEgme, Zwabber, 20002, Aarde"))
    assert state.nis_codes == ("10001", "10010", "20001", "20002")
    kinds = [kind for kind, _ in ts.report_lines(state)]
    assert kinds == ["exact", "changed", "changed", "unknown", "changed", "duplicate"]
    notes = [text for _, text in ts.report_lines(state)]
    assert notes[1] == "Brons → Brons-Cederdal, sinds 2025"
    assert notes[2] == "Egme → Egem (tikfout verbeterd)"
    assert "'Zwabber': geen gemeente" in notes[3]
    assert ts.to_params(state) == {"gemeenten": "10001,10010,20001,20002"}
    assert state.view == 1  # the map fits the new set


def test_pasting_adds_to_the_set_and_an_empty_box_says_so(catalog) -> None:
    state = run(catalog, Paste("Aarde"), Paste("Hoeve"))
    assert state.nis_codes == ("10001", "30002")
    empty = ts.apply(state, Paste(" ,; \n"), catalog)
    assert empty.nis_codes == state.nis_codes and "leeg" in empty.message


def test_an_ambiguous_entry_waits_for_a_choice_among_its_candidates(catalog) -> None:
    state = ToetsState(
        pending=(ts.Pending("Hoev", (("30002", "Hoeve"), ("30001", "Gaver"))),),
    )
    assert ts.apply(state, Choose("Hoev", "20001"), catalog) == state  # not a candidate
    chosen = ts.apply(state, Choose("Hoev", "30002"), catalog)
    assert chosen.nis_codes == ("30002",) and chosen.pending == ()


def test_an_upload_adds_its_entries_and_a_bad_file_only_says_why(catalog) -> None:
    state = run(catalog, Upload(("Gaver", "Hoeve"), "leden.xlsx"))
    assert state.nis_codes == ("30001", "30002") and state.report_source == "leden.xlsx"
    failed = ts.apply(state, UploadFailed("Het bestand is leeg."), catalog)
    assert failed.nis_codes == state.nis_codes and failed.message == "Het bestand is leeg."


def test_starting_from_an_area_puts_it_in_the_address_until_the_set_changes(catalog) -> None:
    state = run(catalog, Paste("Hoeve"), StartFrom("k:q"))
    assert state.nis_codes == ("20001", "20002", "30001")  # replaces the set
    assert ts.to_params(state) == {"vanuit": "k:q"}
    clicked = ts.apply(state, MapClick("30001"), catalog)  # a click removes a member
    assert clicked.nis_codes == ("20001", "20002")
    assert ts.to_params(clicked) == {"gemeenten": "20001,20002"}
    again = ts.apply(clicked, MapClick("30001"), catalog)  # and adds it back
    assert again.nis_codes == ("20001", "20002", "30001") and again.origin is None
    assert ts.apply(state, StartFrom("k:zz"), catalog).message


def test_a_click_outside_flanders_changes_nothing_but_says_why(catalog) -> None:
    state = run(catalog, Paste("Aarde"))
    clicked = ts.apply(state, MapClick(None), catalog)
    assert clicked.nis_codes == ("10001",) and "Brussel" in clicked.message


def test_the_multiselect_is_the_whole_set(catalog) -> None:
    state = run(catalog, Paste("Aarde, Egem"), Pick(("20001", "99999", "30002")))
    assert state.nis_codes == ("20001", "30002")  # what is not a municipality is dropped


def test_both_changes_make_a_crossing_set_fit(catalog) -> None:
    crossing = run(catalog, Pick(("10001", "10004", "20001")))  # A: 2, B: 1
    dropped = ts.apply(crossing, ts.ApplyChange(ts.DROP), catalog)
    assert dropped.nis_codes == ("10001", "10004")
    extended = ts.apply(crossing, ts.ApplyChange(ts.EXTEND), catalog)
    assert extended.nis_codes == ("10001", "10004", "10010")
    fits = run(catalog, Pick(("10001",)))
    assert ts.apply(fits, ts.ApplyChange(ts.DROP), catalog) == fits


def test_a_link_with_unknown_codes_names_them_and_keeps_the_rest(catalog) -> None:
    state = run(catalog, LinkLoad({"gemeenten": "10001,<b>x</b>,99999,20001"}))
    assert state.nis_codes == ("10001", "20001")
    assert state.message.startswith("Deze NIS-codes uit de link zijn geen gemeenten van 2025:")
    assert "'<b>x</b>', '99999'" in state.message  # the page escapes it; here it is plain
    single = run(catalog, LinkLoad({"gemeenten": "10001,12345"}))
    assert "Deze NIS-code uit de link is geen gemeente" in single.message


def test_a_long_unknown_value_is_shortened_and_only_a_few_are_named() -> None:
    text = ts.shorten(["x" * 100, "a", "b", "c", "d", "e", "f"])
    assert "x" * 23 + "…" in text and "x" * 24 not in text
    assert text.endswith("en nog 2")


def test_a_vanuit_link_starts_from_the_area(catalog) -> None:
    state = run(catalog, LinkLoad({"vanuit": "REGIO:a"}))
    assert state.nis_codes == ("10001", "10004", "10010")
    assert ts.to_params(state) == {"vanuit": "regio:a"}
    unknown = run(catalog, LinkLoad({"vanuit": "politiezone:0"}))
    assert unknown.nis_codes == () and "'politiezone:0'" in unknown.message


def test_the_address_decides_only_when_no_widget_caused_the_run(catalog) -> None:
    address = {"gemeenten": ["20001,20002"]}
    arrived = ts.run(None, None, address, None, True, catalog)
    assert arrived.nis_codes == ("20001", "20002")
    published = ts.to_params(arrived)
    # a widget's run: the (possibly older) address is not read
    clicked = ts.run(arrived, [MapClick("30002")], address, published, False, catalog)
    assert clicked.nis_codes == ("20001", "20002", "30002")
    # back in the browser: the address differs from what the page wrote
    back = ts.run(clicked, None, {"gemeenten": "20001"}, ts.to_params(clicked), False, catalog)
    assert back.nis_codes == ("20001",)


# --- wording ------------------------------------------------------------------------------------


def sentence(codes) -> str:
    return wording.verdict_sentence(judge(codes, REGIONS), NAME, REGION_NAMES)


def test_the_verdict_reads_right_in_singular_and_plural() -> None:
    assert sentence(["10001"]) == (
        "De gemeente Aarde ligt binnen één referentieregio, Regio A: 1 van haar 3 gemeenten "
        "(33 % van de regio)."
    )
    assert sentence(["10001", "10004"]).startswith("De 2 gemeenten liggen binnen één")
    assert sentence(["20001", "20002"]) == (
        "De 2 gemeenten vormen samen precies de referentieregio Regio B."
    )
    assert sentence(["20001", "20002", "30001", "30002"]) == (
        "De 4 gemeenten vormen samen precies 2 volledige referentieregio's: Regio B en Regio C."
    )
    assert "De meeste, 2 van de 3, liggen in Regio A." in sentence(["10001", "10004", "20001"])


def test_the_changes_name_their_municipalities_with_the_right_number() -> None:
    drop, extend = wording.changes(judge(["10001", "10004", "20001"], REGIONS), NAME, REGION_NAMES)
    assert drop.sentence == (
        "Laat de gemeente buiten Regio A weg: Egem. Wat overblijft, 2 gemeenten, ligt binnen "
        "één referentieregio."
    )
    assert drop.result == ("10001", "10004")
    assert extend.sentence.startswith(
        "Voeg de gemeente van Regio A toe die nog ontbreekt (Brons-Cederdal)"
    )
    assert extend.result == ("10001", "10004", "10010")
    # B holds 2 of the 4: Aarde (A) and Gaver (C) go; no region names given: ids are shown
    two, _ = wording.changes(judge(["10001", "20001", "20002", "30001"], REGIONS), NAME, {})
    assert two.sentence.startswith("Laat de 2 gemeenten buiten B weg: Aarde en Gaver.")
    assert wording.changes(judge(["10001"], REGIONS), NAME, REGION_NAMES) == ()


def test_the_closest_area_reads_as_a_sentence() -> None:
    from lib.toets.verdict import Resemblance

    item = Resemblance("politiezone", "5449", "PZ Oost", F(5, 6), 5, 6)
    assert wording.closest_sentence([item]) == (
        "Dit lijkt het meest op politiezone PZ Oost (83 % overlap)."
    )
    assert wording.resemblance_sentence(item) == (
        "Politiezone PZ Oost: 83 % overlap (5 gedeelde gemeenten; het gebied telt er 6)"
    )
    same = Resemblance("politiezone", "1", "PZ Een", F(1), 1, 1)
    assert wording.closest_sentence([same]) == "Dit is precies politiezone PZ Een."
    assert wording.closest_sentence([]) is None


# --- one municipality in every division (the Kaart page) -----------------------------------------


def test_one_municipality_in_every_kind_with_its_partners_across_the_border() -> None:
    scores = align({"k": (K, NAMES), "m": (M, NAMES)}, REGIONS)
    # Gaver (C): k → q {Egem, Fort (B), Gaver}: crosses, partners Egem and Fort;
    #            m → t {Dorp, Brons-Cederdal (A), Fort (B), Gaver, Hoeve}: crosses
    k_line, m_line = division_lines(scores, "30001", NAME)
    assert (k_line.area, k_line.nested, k_line.outside) == ("Qu", False, ("Egem", "Fort"))
    assert m_line.area == "Te" and m_line.outside == ("Brons-Cederdal", "Dorp", "Fort")
    # Aarde (A): k → p = region A exactly (nested, no partners); m → s {Aarde, Egem}
    k_line, m_line = division_lines(scores, "10001", NAME)
    assert (k_line.area, k_line.nested, k_line.outside) == ("Pe", True, ())
    assert (m_line.area, m_line.nested, m_line.outside) == ("Sa", False, ("Egem",))
