"""Field rules: each YAML document and CSV row against its model (:mod:`lib.data.models`).

Pydantic's errors become problems in the words of the data files: the YAML path or CSV column,
and what is wrong with the value as it is written there.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from lib.data.models import CUSTOM_ERROR_PREFIX, CorrectionRow, MembershipRow, brief
from lib.data.report import Report, field_path
from lib.data.yaml_limits import YamlFile

MEMBERSHIP_COLUMNS = tuple(MembershipRow.model_fields)
CORRECTION_COLUMNS = tuple(CorrectionRow.model_fields)

M = TypeVar("M", bound=BaseModel)


def show(value: object) -> str:
    """A value as it would look in the data file."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{brief(value)}'"
    if isinstance(value, int | float):
        return brief(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def message(error: Any) -> str:
    """One of pydantic's errors as a problem's message."""
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (see data/README.md for the format)"
    text = str(error["msg"])
    if kind.startswith(CUSTOM_ERROR_PREFIX):
        return text
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        text = "must be a mapping of 'key: value' lines"
    text = text[:1].lower() + text[1:]
    if "input" in error:
        text += f", got {show(error['input'])}"
    return text


def validate_yaml(doc: YamlFile | None, model: type[M], report: Report) -> M | None:
    """The document as ``model``, or None with a problem per wrong field."""
    if doc is None:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = error["loc"]
            report.add(doc.file, doc.line_of(loc), field_path(loc), message(error))
        return None


def validate_row(
    file: str, line: int, values: dict[str, str], model: type[M], report: Report
) -> tuple[M | None, set[str]]:
    """(the row as ``model`` or None, the columns that failed), with a problem per column."""
    try:
        return model.model_validate(values), set()
    except ValidationError as exc:
        bad: set[str] = set()
        for error in exc.errors(include_url=False):
            column = str(error["loc"][0]) if error["loc"] else "row"
            bad.add(column)
            report.add(file, line, column, message(error))
        return None, bad
