"""The form of "Deel een praktijk": the data files' rules, in Dutch, per field."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from lib.data.models import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from lib.praktijk import model
from tests.support.praktijk import REGIONS, valid_form

THIS_YEAR = datetime.now(ZoneInfo("Europe/Brussels")).year  # read here, not from lib


def test_a_valid_form_gives_the_practice_and_the_submitter() -> None:
    checked = model.check_form(valid_form(), REGIONS)
    assert checked.errors == {}
    submission = checked.submission
    assert submission is not None
    practice = submission.practice
    assert practice.title == "Samen aankopen over de gemeentegrens"
    assert practice.year == 2022
    assert practice.themes == ["bestuur", "personeel"]
    assert practice.partners == ["Gemeente A", "Gemeente B"]  # the blank lines dropped
    assert practice.results == ["Een raamcontract", "Een gedeelde aankoper"]
    assert practice.summary == "Vier besturen kochten samen in.\nZo daalden de kosten."
    assert [(c.name, c.role, c.organisation) for c in practice.contacts] == [
        ("An Peeters", "coördinator", "Gemeente A")
    ]
    assert submission.links == ("https://voorbeeld.be/aankoop",)
    assert submission.submitter == model.Submitter(
        "Jan Janssens", "Gemeente B", "jan@gemeente-b.be"
    )
    # the personal data is not part of the practice that can be published
    assert "jan@" not in submission.practice_json()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", "", "Vul dit veld in."),
        ("title", "Twee\nregels", "op één regel"),
        ("title", "Met een bel\x07", "onzichtbaar teken (U+0007) op positie 12"),
        ("title", "x" * (MAX_NAME_LENGTH + 1), f"hier mogen er hoogstens {MAX_NAME_LENGTH}"),
        ("summary", "x" * (MAX_TEXT_LENGTH + 1), f"hoogstens {MAX_TEXT_LENGTH}"),
        ("summary", "Tekst met \u202e omkering", "U+202E"),
        ("region_id", "atlantis", "Kies een referentieregio"),
        ("region_id", "", "Kies een referentieregio"),
        ("year", "2020", "van 2021 tot en met"),
        ("year", str(THIS_YEAR + 1), "waarin de praktijk begon"),
        ("year", "twintig", "jaartal van vier cijfers"),
        ("year", None, "Vul dit veld in."),
        ("themes", [], "Kies minstens één thema."),
        ("themes", ["bestuur", "ruimtevaart"], "Kies een thema uit de lijst."),
        ("themes", ["bestuur", "bestuur"], "twee keer"),
        ("partners", "Goed\nSlecht\x00", "Regel 2: "),
        ("contact_role", "", "Vul dit veld in."),
        ("links", "https://ok.be\njavascript:alert(1)", "Regel 2: Geef een webadres"),
        ("links", "https://ok.be/met spatie", "geen spaties"),
        ("submitter_name", "", "Vul dit veld in."),
        ("submitter_organisation", "Org\nanisatie", "op één regel"),
        ("submitter_email", "jan.gemeente.be", "geen geldig e-mailadres"),
        ("consent", False, "toestemming"),
    ],
)
def test_each_mistake_is_a_dutch_message_beside_its_field(field, value, expected) -> None:
    form = valid_form(**{field: value})
    before = dict(form)
    checked = model.check_form(form, REGIONS)
    assert checked.submission is None
    assert list(checked.errors) == [field]
    assert expected in checked.errors[field]
    assert form == before  # what was typed is untouched


def test_any_year_from_the_first_to_this_one() -> None:
    """Not only the two years of Labo Regiovorming's calls: a practice that began later too."""
    for year in (2021, 2023, 2024, THIS_YEAR):
        checked = model.check_form(valid_form(year=str(year)), REGIONS)
        assert checked.errors == {}, year
        assert checked.submission is not None and checked.submission.practice.year == year
    wrong = model.check_form(valid_form(year=str(THIS_YEAR + 1)), REGIONS)
    message = f"Kies het jaar waarin de praktijk begon: van 2021 tot en met {THIS_YEAR}."
    assert wrong.errors == {"year": message}


def test_several_mistakes_give_one_message_per_field() -> None:
    checked = model.check_form(
        valid_form(title="", year="1999", submitter_email="nee", consent=False), REGIONS
    )
    assert set(checked.errors) == {"title", "year", "submitter_email", "consent"}


def test_size_limits_on_fields_lists_and_the_whole() -> None:
    huge = model.check_form(valid_form(summary="x" * (model.MAX_RAW_FIELD_CHARS + 1)), REGIONS)
    assert "te lang" in huge.errors["summary"]
    many = model.check_form(valid_form(partners="\n".join(f"P{i}" for i in range(31))), REGIONS)
    assert many.errors == {"partners": "Hoogstens 30 regels; dit zijn er 31."}
    # every field within its limit, together over the limit of the whole
    long_item = "y" * 2900
    whole = model.check_form(
        valid_form(
            summary="z" * 2900,
            partners="\n".join(f"{i:02d}" + "p" * 97 for i in range(30)),
            results="\n".join([long_item] * 6),
            lessons="\n".join([long_item] * 6),
        ),
        REGIONS,
    )
    assert "samen te lang" in whole.errors["summary"]


def test_the_honeypot_stores_nothing_and_says_nothing() -> None:
    checked = model.check_form(valid_form(website="http://spam.example"), REGIONS)
    assert checked.spam and checked.submission is None and checked.errors == {}


def test_hostile_text_stays_text() -> None:
    title = "<img src=x onerror=alert(1)> {{7*7}}"
    checked = model.check_form(valid_form(title=title), REGIONS)
    assert checked.submission is not None
    assert checked.submission.practice.title == title  # kept as typed, never interpreted


def test_the_session_limit_counts_forms_not_clicks() -> None:
    limit = model.SessionLimit(limit=2, window=100.0)
    assert limit.allows("a", now=0.0)
    limit.record("a", now=0.0)
    limit.record("a", now=1.0)  # the same form again: still one
    limit.record("b", now=2.0)
    assert not limit.allows("c", now=3.0)
    assert limit.allows("a", now=3.0)  # resending a stored form is fine
    assert limit.allows("c", now=100.5)  # "a" has left the window


def test_empty_form_has_every_field() -> None:
    form = model.empty_form()
    assert set(model.FORM_FIELDS) | {model.HONEYPOT_FIELD} == set(form)
    assert set(model.LABELS) == set(model.FORM_FIELDS)
    assert set(model.check_form(form, REGIONS).errors) >= {"title", "region_id", "consent"}
