"""Typed models of every data file (pydantic v2), mirroring the formats of ``data/README.md``.

The YAML models are strict: unknown keys are refused, a number is not accepted where text is
expected (or the other way round), and required text may not be empty (it is stripped). Optional
values are ``None``. The CSV row models take the cells as text and check their form; whether the
rows agree with each other and with the YAML files is checked in :mod:`lib.data.rules`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lib.data.themes import THEMES, plausible_years
from lib.data.vintages import YEARS

CUSTOM_ERROR_PREFIX = "regiokaart_"
"""Error types raised by the validators below; their message already names the bad value."""

MAX_NAME_LENGTH = 100
"""Names and titles (one line each): the longest today has 72 characters."""
MAX_TEXT_LENGTH = 3000
"""Descriptions and other running text: the longest today has about 660 characters."""
SHOWN_VALUE_LENGTH = 60
"""How much of a bad value a message repeats."""

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NIS_CODE = re.compile(r"[0-9]{5}")
_YEAR_TEXT = re.compile(r"[0-9]{4}")


def brief(value: object, limit: int = SHOWN_VALUE_LENGTH) -> str:
    """``value`` as text fit for one line of a message: invisible characters written as escapes
    (``\\x07``, ``\\u202e``), cut to ``limit`` characters with an ellipsis."""
    try:
        text = str(value)
    except ValueError:  # an integer too long to print
        return f"a {type(value).__name__} too long to show"
    cut = text[:limit]
    shown = "".join(ch if ch.isprintable() else _escape(ch) for ch in cut)
    return shown + ("…" if len(text) > limit else "")


def _escape(ch: str) -> str:
    code = ord(ch)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def _error(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(CUSTOM_ERROR_PREFIX + kind, message, context or None)


def invisible_character(text: str, allow: str = "") -> str | None:
    """The first character of ``text`` a reader cannot see (a control or formatting character,
    a line or paragraph separator, an unassigned code point), unless it is in ``allow``."""
    probe = text
    for ch in allow:
        probe = probe.replace(ch, "")
    if probe.isprintable():  # the common case, at C speed
        return None
    for ch in text:
        if ch not in allow and not ch.isprintable() and ch != " " and not _is_visible_space(ch):
            return ch
    return None


def _is_visible_space(ch: str) -> bool:
    """Spaces other than ' ' (a no-break space, a thin space) show as space: fine in text."""
    return unicodedata.category(ch) == "Zs"


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name and unicodedata.category(ch) == "Cc":
        name = "a control character"
    code = f"U+{ord(ch):04X}"
    return f"{code} ({name.lower()})" if name else code


def _check_characters(value: str, allow: str) -> None:
    found = invisible_character(value, allow)
    if found is not None:
        where = (
            "a line break"
            if found in "\n\r\u2028\u2029"
            else f"the invisible character {_describe(found)}"
        )
        raise _error(
            "character",
            "contains {what}: remove it (at position {position})",
            what=where,
            position=value.index(found) + 1,
        )


def _required(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise _error("empty", "must not be empty")
    return stripped


def _text(value: str) -> str:
    """Running text: line breaks allowed, no other invisible characters, not too long."""
    stripped = _required(value)
    _check_characters(stripped, allow="\n")
    if len(stripped) > MAX_TEXT_LENGTH:
        raise _error(
            "length",
            "is {length} characters long; at most {limit} are allowed",
            length=len(stripped),
            limit=MAX_TEXT_LENGTH,
        )
    return stripped


def _name(value: str) -> str:
    """A name or title: one line of visible characters, at most MAX_NAME_LENGTH of them."""
    _check_characters(value, allow="")
    if len(value) > MAX_NAME_LENGTH:
        raise _error(
            "length",
            "is {length} characters long; a name or title may have at most {limit}",
            length=len(value),
            limit=MAX_NAME_LENGTH,
        )
    return value


def _line(value: str) -> str:
    """A longer CSV cell such as an explanation: one line of visible characters."""
    _check_characters(value, allow="")
    if len(value) > MAX_TEXT_LENGTH:
        raise _error(
            "length",
            "is {length} characters long; at most {limit} are allowed",
            length=len(value),
            limit=MAX_TEXT_LENGTH,
        )
    return value


def is_valid_name(value: str) -> bool:
    """Whether ``value`` passes as a name or title (see ``Name``)."""
    stripped = value.strip()
    return (
        bool(stripped)
        and invisible_character(stripped) is None
        and len(stripped) <= MAX_NAME_LENGTH
    )


def _cell(value: str) -> str:
    """A CSV cell: taken as is, but surrounding spaces would silently break name comparisons."""
    if value != value.strip():
        raise _error("padded", "has spaces at the start or end: '{value}'", value=brief(value))
    return value


def _required_cell(value: str) -> str:
    if not value.strip():
        raise _error("empty", "must not be empty")
    return _cell(value)


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise _error(
            "slug",
            "must be a lower-case id such as 'oost-brabant', got '{value}'",
            value=brief(value),
        )
    return value


def _nis_code(value: str) -> str:
    if not _NIS_CODE.fullmatch(value):
        raise _error("nis_code", "must be a five-digit NIS code, got '{value}'", value=brief(value))
    return value


def _optional_nis_code(value: str) -> str:
    return _nis_code(value) if value else value


def _vintage(value: object) -> object:
    """CSV cells are text: accept '2019' and 2019, refuse '2019.0', ' 2019' and True."""
    if isinstance(value, str) and _YEAR_TEXT.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or value not in YEARS:
        raise _error(
            "vintage",
            "must be one of {choices}, got '{value}'",
            choices=", ".join(str(v) for v in sorted(YEARS)),
            value=brief(value),
        )
    return value


def _theme(value: str) -> str:
    if value not in THEMES:
        raise _error(
            "theme",
            "unknown theme '{value}'; choose from {choices}",
            value=brief(value),
            choices=", ".join(THEMES),
        )
    return value


def _plausible_year(value: int) -> int:
    years = plausible_years()
    if value not in years:
        raise _error(
            "year",
            "must be a year from {first} to {last} (this year), got {value}",
            value=brief(value),
            first=years[0],
            last=years[-1],
        )
    return value


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise _error("unique", "'{value}' is listed twice", value=brief(value))
        seen.add(value)
    return values


Text = Annotated[str, AfterValidator(_text)]
"""Required running text: stripped, not empty, line breaks allowed."""
Name = Annotated[str, AfterValidator(_required), AfterValidator(_name)]
"""A required name or title: stripped, not empty, one line of visible characters."""
Slug = Annotated[str, AfterValidator(_slug)]
"""A lower-case id such as ``oost-brabant``."""
ThemeId = Annotated[str, AfterValidator(_theme)]
PlausibleYear = Annotated[int, AfterValidator(_plausible_year)]
"""The year a breakthrough or a practice started: from ``FIRST_YEAR`` up to this year."""
StartYear = Annotated[int, Field(ge=1900, le=2100)]

CsvText = Annotated[str, AfterValidator(_required_cell), AfterValidator(_line)]
CsvName = Annotated[str, AfterValidator(_required_cell), AfterValidator(_name)]
CsvOptionalName = Annotated[str, AfterValidator(_cell), AfterValidator(_name)]
NisCode = Annotated[str, AfterValidator(_nis_code)]
OptionalNisCode = Annotated[str, AfterValidator(_optional_nis_code)]
Vintage = Annotated[int, BeforeValidator(_vintage)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- regions.yaml -------------------------------------------------------------------------------

ForumStatus = Literal["actief", "in opbouw", "geen"]
SupporterKind = Literal[
    "streekontwikkelingsintercommunale",
    "dienstverlenende vereniging",
    "stad",
    "provincie",
    "andere",
]


class Forum(_Model):
    """The region's mayors' forum, or what stands in for it (``status: geen``, ``name: null``)."""

    name: Name | None = None
    status: ForumStatus
    since: StartYear | None = None
    since_label: Name | None = None
    rhythm: Name | None = None
    description: Text

    @model_validator(mode="after")
    def _named_unless_absent(self) -> Forum:
        if self.status != "geen" and self.name is None:
            raise _error(
                "forum_name",
                "a forum with status '{status}' needs a name (only status 'geen' goes without)",
                status=self.status,
            )
        return self


class Supporter(_Model):
    name: Name
    kind: SupporterKind


class Subforum(_Model):
    name: Name
    description: Text | None = None


class RegionProfile(_Model):
    id: Slug
    name: Name
    forum: Forum
    supporters: list[Supporter] = Field(default_factory=list)
    subforums: list[Subforum] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)


class RegionsFile(_Model):
    """The whole of ``regions.yaml``."""

    regions: Annotated[list[RegionProfile], Field(min_length=1)]


# --- breakthroughs.yaml -------------------------------------------------------------------------


class Contact(_Model):
    name: Name
    role: Name
    organisation: Name


class Breakthrough(_Model):
    id: Slug
    region_id: Slug
    subregion: Name | None = None
    title: Name
    year: PlausibleYear
    themes: Annotated[list[ThemeId], Field(min_length=1), AfterValidator(_unique)]
    partners: list[Name] = Field(default_factory=list)
    summary: Text
    results: list[Text] = Field(default_factory=list)
    lessons: list[Text] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)


class BreakthroughsFile(_Model):
    """The whole of ``breakthroughs.yaml``."""

    breakthroughs: list[Breakthrough]


# --- trajectories.yaml --------------------------------------------------------------------------


class MethodStep(_Model):
    step: Annotated[int, Field(ge=1)]
    title: Name
    text: Text


class Trajectory(_Model):
    region_id: Slug
    title: Name
    summary: Text


class TrajectoryDoc(_Model):
    """The whole of ``trajectories.yaml``: the method and the development trajectories."""

    period: Name
    intro: Text
    method: list[MethodStep]
    trajectories: list[Trajectory]


# --- insights.yaml ------------------------------------------------------------------------------


class Insight(_Model):
    number: Annotated[int, Field(ge=1)]
    title: Name
    text: Text


class Remedy(_Model):
    title: Name
    text: Text


class Obstacle(_Model):
    title: Name
    text: Text
    remedies: list[Remedy] = Field(default_factory=list)


class Tip(_Model):
    title: Name
    text: Text


class InsightsDoc(_Model):
    """The whole of ``insights.yaml``."""

    insights: list[Insight]
    obstacles: list[Obstacle]
    tips: list[Tip]


# --- the CSV files ------------------------------------------------------------------------------


class MembershipRow(_Model):
    """One row of ``regions.csv``: a municipality of one vintage in one reference region."""

    vintage: Vintage
    nis_code: NisCode
    municipality: CsvName
    region_id: Slug
    region: CsvName
    merged_into: OptionalNisCode
    """The 2025 code a 2019 municipality merged into; empty otherwise."""


CorrectionKind = Literal["spelling", "duplicate", "missing"]


class CorrectionRow(_Model):
    """One row of ``corrections.csv``: a difference between the VVSG page and the official list."""

    seed_text: CsvOptionalName
    """What the VVSG page says; empty for a municipality it leaves out."""
    official_name: CsvName
    nis_code: NisCode
    region_id: Slug
    kind: CorrectionKind
    explanation: CsvText
