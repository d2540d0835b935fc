"""Typed models of every data file (pydantic v2), mirroring the formats of ``data/README.md``.

The YAML models are strict: unknown keys are refused, a number is not accepted where text is
expected (or the other way round), and required text may not be empty (it is stripped). Optional
values are ``None``. The CSV row models take the cells as text and check their form; whether the
rows agree with each other and with the YAML files is checked in :mod:`lib.data.validation`.
"""

from __future__ import annotations

import re
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

from lib.data.themes import SELECTION_YEARS, THEMES
from lib.data.vintages import YEARS

CUSTOM_ERROR_PREFIX = "regiokaart_"
"""Error types raised by the validators below; their message already names the bad value."""

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NIS_CODE = re.compile(r"[0-9]{5}")
_YEAR_TEXT = re.compile(r"[0-9]{4}")


def _error(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(CUSTOM_ERROR_PREFIX + kind, message, context or None)


def _text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise _error("empty", "must not be empty")
    return stripped


def _cell(value: str) -> str:
    """A CSV cell: taken as is, but surrounding spaces would silently break name comparisons."""
    if value != value.strip():
        raise _error("padded", "has spaces at the start or end: '{value}'", value=value)
    return value


def _required_cell(value: str) -> str:
    if not value.strip():
        raise _error("empty", "must not be empty")
    return _cell(value)


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise _error(
            "slug", "must be a lower-case id such as 'oost-brabant', got '{value}'", value=value
        )
    return value


def _nis_code(value: str) -> str:
    if not _NIS_CODE.fullmatch(value):
        raise _error("nis_code", "must be a five-digit NIS code, got '{value}'", value=value)
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
            value=str(value),
        )
    return value


def _theme(value: str) -> str:
    if value not in THEMES:
        raise _error(
            "theme",
            "unknown theme '{value}'; choose from {choices}",
            value=value,
            choices=", ".join(THEMES),
        )
    return value


def _selection_year(value: int) -> int:
    if value not in SELECTION_YEARS:
        raise _error(
            "year",
            "must be a selection year ({choices}), got {value}",
            value=value,
            choices=" or ".join(str(y) for y in SELECTION_YEARS),
        )
    return value


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise _error("unique", "'{value}' is listed twice", value=value)
        seen.add(value)
    return values


Text = Annotated[str, AfterValidator(_text)]
"""Required text: stripped, not empty."""
Slug = Annotated[str, AfterValidator(_slug)]
"""A lower-case id such as ``oost-brabant``."""
ThemeId = Annotated[str, AfterValidator(_theme)]
SelectionYear = Annotated[int, AfterValidator(_selection_year)]
StartYear = Annotated[int, Field(ge=1900, le=2100)]

CsvText = Annotated[str, AfterValidator(_required_cell)]
CsvOptionalText = Annotated[str, AfterValidator(_cell)]
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

    name: Text | None = None
    status: ForumStatus
    since: StartYear | None = None
    since_label: Text | None = None
    rhythm: Text | None = None
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
    name: Text
    kind: SupporterKind


class Subforum(_Model):
    name: Text
    description: Text | None = None


class RegionProfile(_Model):
    id: Slug
    name: Text
    forum: Forum
    supporters: list[Supporter] = Field(default_factory=list)
    subforums: list[Subforum] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)


class RegionsFile(_Model):
    """The whole of ``regions.yaml``."""

    regions: Annotated[list[RegionProfile], Field(min_length=1)]


# --- breakthroughs.yaml -------------------------------------------------------------------------


class Contact(_Model):
    name: Text
    role: Text
    organisation: Text


class Breakthrough(_Model):
    id: Slug
    region_id: Slug
    subregion: Text | None = None
    title: Text
    year: SelectionYear
    themes: Annotated[list[ThemeId], Field(min_length=1), AfterValidator(_unique)]
    partners: list[Text] = Field(default_factory=list)
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
    title: Text
    text: Text


class Trajectory(_Model):
    region_id: Slug
    title: Text
    summary: Text


class TrajectoryDoc(_Model):
    """The whole of ``trajectories.yaml``: the method and the development trajectories."""

    period: Text
    intro: Text
    method: list[MethodStep]
    trajectories: list[Trajectory]


# --- insights.yaml ------------------------------------------------------------------------------


class Insight(_Model):
    number: Annotated[int, Field(ge=1)]
    title: Text
    text: Text


class Remedy(_Model):
    title: Text
    text: Text


class Obstacle(_Model):
    title: Text
    text: Text
    remedies: list[Remedy] = Field(default_factory=list)


class Tip(_Model):
    title: Text
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
    municipality: CsvText
    region_id: Slug
    region: CsvText
    merged_into: OptionalNisCode
    """The 2025 code a 2019 municipality merged into; empty otherwise."""


CorrectionKind = Literal["spelling", "duplicate", "missing"]


class CorrectionRow(_Model):
    """One row of ``corrections.csv``: a difference between the VVSG page and the official list."""

    seed_text: CsvOptionalText
    """What the VVSG page says; empty for a municipality it leaves out."""
    official_name: CsvText
    nis_code: NisCode
    region_id: Slug
    kind: CorrectionKind
    explanation: CsvText
