"""The form "Deel een praktijk": its fields, their checks, and Dutch messages per field.

A submitted practice is a :class:`lib.data.models.Breakthrough` (every field checked by that
model, so by the same rules as ``data/breakthroughs.yaml``) plus optional links, the submitter
(name, organisation, e-mail: never shown publicly) and their consent. The form is a flat mapping
of field name → what was typed; :func:`check_form` returns either a :class:`Submission` or a
message in Dutch for every field that is wrong, keyed by the same field names, so a page can
show each message beside its field and keep everything that was typed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from lib.data.models import (
    MAX_NAME_LENGTH,
    Breakthrough,
    invisible_character,
)

PLACEHOLDER_ID = "ingezonden-praktijk"
"""The Breakthrough model needs an id; a submission gets its real one (``praktijk-N``) when it
is stored, see :func:`practice_id`."""

HONEYPOT_FIELD = "website"
"""A field the page hides from people (CSS and ``aria-hidden``) but bots fill in."""

# --- size limits --------------------------------------------------------------------------------

MAX_LIST_ITEMS = {"partners": 30, "results": 20, "lessons": 20, "links": 10}
"""How many lines a list field may have."""
MAX_EMAIL_LENGTH = 254
MAX_LINK_LENGTH = 500
MAX_RAW_FIELD_CHARS = 20_000
"""What one field may hold before it is even looked at (a list field holds several items)."""
MAX_SUBMISSION_CHARS = 40_000
"""The whole submission, as stored (JSON), at most."""

# --- the form's fields --------------------------------------------------------------------------

TEXT_FIELDS = ("title", "subregion", "summary")
LIST_FIELDS = ("partners", "results", "lessons", "links")
CONTACT_FIELDS = ("contact_name", "contact_role", "contact_organisation")
SUBMITTER_FIELDS = ("submitter_name", "submitter_organisation", "submitter_email")
FORM_FIELDS = (
    "title",
    "region_id",
    "subregion",
    "year",
    "themes",
    "partners",
    "summary",
    "results",
    "lessons",
    *CONTACT_FIELDS,
    "links",
    *SUBMITTER_FIELDS,
    "consent",
)
"""Every field of the form, in the order the page shows them (the honeypot aside)."""

LABELS = {
    "title": "Titel",
    "region_id": "Referentieregio",
    "subregion": "Deelregio",
    "year": "Jaar",
    "themes": "Thema's",
    "partners": "Partners",
    "summary": "Wat werd er gedaan",
    "results": "Resultaten",
    "lessons": "Lessen",
    "contact_name": "Contactpersoon",
    "contact_role": "Functie van de contactpersoon",
    "contact_organisation": "Organisatie van de contactpersoon",
    "links": "Links",
    "submitter_name": "Uw naam",
    "submitter_organisation": "Uw organisatie",
    "submitter_email": "Uw e-mailadres",
    "consent": "Toestemming",
}
"""The Dutch label of every field (one place for the page, the moderation view and messages)."""

CONSENT_TEXT = (
    "Ik ga ermee akkoord dat Regiokaart mijn naam, organisatie en e-mailadres bewaart om over "
    "deze inzending contact met mij op te nemen. Die gegevens worden nooit getoond; ze worden "
    "gewist zes maanden na de beslissing over de inzending, of eerder op mijn vraag."
)
"""The consent line of the form: what is stored about the submitter and why (see README)."""

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


@dataclass(frozen=True)
class Submitter:
    """Who sent the practice in. Personal data: never shown publicly, removed by ``purge``."""

    name: str
    organisation: str
    email: str


@dataclass(frozen=True)
class Submission:
    """A checked form: the practice (a Breakthrough with a placeholder id), links, submitter."""

    practice: Breakthrough
    links: tuple[str, ...]
    submitter: Submitter

    def practice_json(self) -> str:
        """The practice as stored: the Breakthrough's fields without its placeholder id."""
        return practice_json(self.practice)


def practice_json(practice: Breakthrough) -> str:
    data = practice.model_dump(mode="json", exclude={"id"})
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def practice_from_json(text: str, practice_id: str = PLACEHOLDER_ID) -> Breakthrough:
    """A stored practice back as a Breakthrough (checked again: stored rows are input too)."""
    return Breakthrough.model_validate({**json.loads(text), "id": practice_id})


def practice_id(number: int) -> str:
    """The id of stored submission ``number`` in the export and on the page."""
    return f"praktijk-{number}"


def reference(number: int) -> str:
    """The reference the submitter gets after saving."""
    return f"PR-{number:05d}"


@dataclass
class FormCheck:
    """The outcome of :func:`check_form`: a submission, or Dutch messages by field."""

    submission: Submission | None
    errors: dict[str, str] = field(default_factory=dict)
    spam: bool = False
    """The honeypot was filled in: the page pretends success and stores nothing."""

    @property
    def ok(self) -> bool:
        return self.submission is not None


# --- reading the typed values -------------------------------------------------------------------


def _lines(value: object) -> list[str] | None:
    """A list field: a list of strings, or one text with one item per line (blank lines
    dropped). ``None`` when it is neither."""
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    return None


def _raw_size(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(len(item) if isinstance(item, str) else 1 for item in value)
    return 0


def _year(value: object) -> object:
    """The year as the model wants it: an int; a typed '2021' is fine, '2021.5' is not."""
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{4}\s*", value):
        return int(value)
    return value


# --- Dutch messages -----------------------------------------------------------------------------


def _dutch(error: Mapping[str, Any], field_name: str) -> str:
    """One pydantic error of the Breakthrough model (or our own) as a Dutch sentence."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("missing", "regiokaart_empty") or error.get("input", 0) in (None, ""):
        return "Vul dit veld in."
    if kind == "regiokaart_character":
        what = str(ctx.get("what", ""))
        if what == "a line break":
            return "Dit veld moet op één regel: haal het regeleinde weg."
        code = re.search(r"U\+[0-9A-F]{4,6}", what)
        shown = f" ({code.group(0)})" if code else ""
        return (
            f"Bevat een onzichtbaar teken{shown} op positie {ctx.get('position', '?')}: "
            "haal het weg."
        )
    if kind == "regiokaart_length":
        return f"Is {ctx.get('length')} tekens lang; hier mogen er hoogstens {ctx.get('limit')}."
    if kind == "regiokaart_theme":
        return "Kies een thema uit de lijst."
    if kind == "regiokaart_year":
        return (
            f"Kies het jaar waarin de praktijk begon: van {ctx.get('first')} tot en met "
            f"{ctx.get('last')}."
        )
    if kind == "regiokaart_unique":
        return "Staat er twee keer in."
    if kind == "regiokaart_slug" or field_name == "region_id":
        return "Kies een referentieregio uit de lijst."
    if kind == "too_short" and field_name == "themes":
        return "Kies minstens één thema."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "Geef een jaartal van vier cijfers."
    if kind == "string_type":
        return "Moet tekst zijn."
    return "Deze waarde klopt niet."


def _field_of(loc: Sequence[str | int]) -> tuple[str, int | None]:
    """The form field of a Breakthrough error location, and the line (from 1) in a list field."""
    head = str(loc[0]) if loc else ""
    if head == "contacts" and len(loc) >= 3:
        return f"contact_{loc[2]}", None
    if head in LIST_FIELDS and len(loc) >= 2 and isinstance(loc[1], int):
        return head, loc[1] + 1
    return head, None


def _one_line(value: str, limit: int) -> str | None:
    """The same rules as a Name of the data files, for fields outside the Breakthrough model."""
    if not value:
        return "Vul dit veld in."
    if invisible_character(value) is not None:
        if any(ch in value for ch in "\n\r\u2028\u2029"):
            return "Dit veld moet op één regel: haal het regeleinde weg."
        return "Bevat een onzichtbaar teken: haal het weg."
    if len(value) > limit:
        return f"Is {len(value)} tekens lang; hier mogen er hoogstens {limit}."
    return None


def _link_problem(url: str) -> str | None:
    problem = _one_line(url, MAX_LINK_LENGTH)
    if problem:
        return problem
    if " " in url:
        return "Een webadres bevat geen spaties."
    try:
        parts = urlsplit(url)
    except ValueError:
        return "Is geen geldig webadres."
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "Geef een webadres dat begint met https:// (of http://)."
    return None


def _email_problem(email: str) -> str | None:
    problem = _one_line(email, MAX_EMAIL_LENGTH)
    if problem:
        return problem
    if not _EMAIL.fullmatch(email):
        return "Is geen geldig e-mailadres (zoals naam@gemeente.be)."
    return None


# --- the check ----------------------------------------------------------------------------------


@dataclass
class PracticeCheck:
    """The outcome of :func:`check_practice`: the practice and its links, or Dutch messages."""

    practice: Breakthrough | None
    links: tuple[str, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.practice is not None and not self.errors


def _text_of(form: Mapping[str, object], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def check_practice(form: Mapping[str, object], regions: Mapping[str, str]) -> PracticeCheck:
    """Check the practice's fields of a form (everything but the submitter and consent), with
    the Breakthrough model of the data files. ``regions`` maps the known region ids to names."""
    errors: dict[str, str] = {}
    for name in FORM_FIELDS:
        if _raw_size(form.get(name)) > MAX_RAW_FIELD_CHARS:
            errors[name] = f"Is te lang: hoogstens {MAX_RAW_FIELD_CHARS} tekens in dit veld."
    lists: dict[str, list[str]] = {}
    for name in LIST_FIELDS:
        if name in errors:
            continue
        items = _lines(form.get(name))
        if items is None:
            errors[name] = "Moet tekst zijn."
        elif len(items) > MAX_LIST_ITEMS[name]:
            errors[name] = f"Hoogstens {MAX_LIST_ITEMS[name]} regels; dit zijn er {len(items)}."
        else:
            lists[name] = items
    themes = form.get("themes") or []
    if isinstance(themes, str):
        themes = [themes]
    region_id = _text_of(form, "region_id")
    if "region_id" not in errors and region_id not in regions:
        errors["region_id"] = "Kies een referentieregio uit de lijst."
    contact = {part: _text_of(form, f"contact_{part}") for part in ("name", "role", "organisation")}
    candidate = {
        "id": PLACEHOLDER_ID,
        "region_id": region_id if region_id in regions else "onbekend",
        "subregion": _text_of(form, "subregion") or None,
        "title": _text_of(form, "title"),
        "year": _year(form.get("year")),
        "themes": list(themes) if isinstance(themes, list | tuple) else themes,
        "partners": lists.get("partners", []),
        "summary": _text_of(form, "summary"),
        "results": lists.get("results", []),
        "lessons": lists.get("lessons", []),
        "contacts": [contact] if any(contact.values()) else [],
    }
    practice: Breakthrough | None = None
    try:
        practice = Breakthrough.model_validate(candidate)
    except ValidationError as problem:
        for error in problem.errors():
            name, line = _field_of(error["loc"])
            if name in errors or name not in FORM_FIELDS:
                continue
            message = _dutch(error, name)
            errors[name] = f"Regel {line}: {message}" if line else message
    if "links" not in errors:
        for number, url in enumerate(lists.get("links", []), start=1):
            problem_text = _link_problem(url)
            if problem_text:
                errors["links"] = f"Regel {number}: {problem_text}"
                break
    links = tuple(lists.get("links", []))
    if not errors and practice is not None:
        size = len(practice_json(practice)) + sum(len(link) for link in links)
        if size > MAX_SUBMISSION_CHARS:
            errors["summary"] = (
                f"De inzending is samen te lang: hoogstens {MAX_SUBMISSION_CHARS} tekens."
            )
    return PracticeCheck(None if errors else practice, links, errors)


def check_form(form: Mapping[str, object], regions: Mapping[str, str]) -> FormCheck:
    """Check a submitted form. ``regions`` maps the known region ids to their names.

    Every wrong field gets one Dutch message; a list field's message names its line. Nothing in
    ``form`` is changed, so the page can show it again as typed.
    """
    if str(form.get(HONEYPOT_FIELD) or "").strip():
        return FormCheck(None, {}, spam=True)
    checked = check_practice(form, regions)
    errors = dict(checked.errors)
    for name in ("submitter_name", "submitter_organisation"):
        if name not in errors:
            problem_text = _one_line(_text_of(form, name), MAX_NAME_LENGTH)
            if problem_text:
                errors[name] = problem_text
    if "submitter_email" not in errors:
        problem_text = _email_problem(_text_of(form, "submitter_email"))
        if problem_text:
            errors["submitter_email"] = problem_text
    if form.get("consent") is not True:
        errors["consent"] = "Zonder uw toestemming kunnen we de inzending niet bewaren."
    if errors or checked.practice is None:
        return FormCheck(None, errors)
    submitter = Submitter(
        name=_text_of(form, "submitter_name"),
        organisation=_text_of(form, "submitter_organisation"),
        email=_text_of(form, "submitter_email"),
    )
    return FormCheck(Submission(checked.practice, checked.links, submitter))


def empty_form() -> dict[str, object]:
    """A form with nothing filled in: every field with the value of an empty widget."""
    form: dict[str, object] = {name: "" for name in FORM_FIELDS}
    form.update({"year": None, "themes": [], "consent": False, HONEYPOT_FIELD: ""})
    return form


# --- per-session limit --------------------------------------------------------------------------

MAX_SUBMISSIONS_PER_SESSION = 5
SESSION_WINDOW_SECONDS = 3600.0


@dataclass
class SessionLimit:
    """Submissions of one browser session: at most ``limit`` within ``window`` seconds.

    The page keeps one in ``st.session_state``; a resent form with the same key counts once.
    """

    limit: int = MAX_SUBMISSIONS_PER_SESSION
    window: float = SESSION_WINDOW_SECONDS
    sent: dict[str, float] = field(default_factory=dict)
    """Form key → when it was stored (``time.monotonic``)."""

    def _recent(self, now: float) -> dict[str, float]:
        return {key: at for key, at in self.sent.items() if now - at < self.window}

    def allows(self, form_key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        recent = self._recent(now)
        return form_key in recent or len(recent) < self.limit

    def record(self, form_key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self.sent = self._recent(now)
        self.sent.setdefault(form_key, now)

    MESSAGE = (
        "U hebt in korte tijd al veel praktijken ingezonden. Probeer het over een uur opnieuw, "
        "of neem contact met ons op."
    )
