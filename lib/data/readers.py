"""Reading the data files within limits: size, encoding, invisible characters, YAML, CSV.

Each reader returns what it could read, or None, and adds what is wrong to a :class:`Report`;
none of them raises on bad input. YAML is loaded with the limits of :mod:`lib.data.yaml_limits`;
CSV rows keep their physical line and are checked against their model as they are read.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from lib.data.fields import validate_row
from lib.data.models import brief
from lib.data.report import MAX_PROBLEMS_PER_FILE, Report
from lib.data.yaml_limits import Refused, YamlFile, duplicate_keys, load_yaml

MAX_FILE_BYTES = 2_000_000
"""A hand-edited data file is at most this big (the largest today is about 30 kB)."""

# Characters that never belong in a data file: C0 and C1 controls other than tab and line ends,
# DEL, the bidirectional overrides and isolates (which make text read differently from how it is
# stored), and the non-characters U+FFFE/U+FFFF.
_FORBIDDEN_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


@dataclass
class Row:
    """A CSV row: its physical line, its cells by column, the columns its model refused."""

    line: int
    values: dict[str, str]
    bad: set[str] = field(default_factory=set)

    def ok(self, *columns: str) -> bool:
        """Whether these cells are present and passed the row model."""
        return all(column in self.values and column not in self.bad for column in columns)

    def __getitem__(self, column: str) -> str:
        return self.values[column]


@dataclass
class Table:
    rows: list[Row]
    models: list[Any]
    complete: bool
    """Every data row could be read and passed its model."""


def _size_of(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return f"more than {MAX_FILE_BYTES / 1e6:.0f} MB"
    return f"{size / 1e6:.1f} MB"


def read_text(folder: Path, file: str, report: Report) -> str | None:
    """The file's text: a regular file of at most MAX_FILE_BYTES, UTF-8, no invisible controls."""
    path = folder / file
    if not path.is_file():
        if path.is_symlink():
            message = "is a link to a file that does not exist"
        elif path.exists():
            message = "is not a regular file"
        else:
            message = "is missing"
        report.add(file, None, "file", message)
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more, whatever the file's size
    except OSError as exc:
        report.add(file, None, "file", f"cannot be read: {exc.strerror or exc}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        report.add(
            file,
            None,
            "file",
            f"is {_size_of(path)}; a data file may be at most {MAX_FILE_BYTES / 1e6:.0f} MB "
            "(is this the right file?)",
        )
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        report.add(file, line, "encoding", "is not valid UTF-8 (save the file as UTF-8)")
        return None
    forbidden = list(itertools.islice(_FORBIDDEN_RAW.finditer(text), MAX_PROBLEMS_PER_FILE + 1))
    for match in forbidden:
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        report.add(
            file,
            line,
            "character",
            f"contains the invisible character U+{ord(match.group()):04X} (column {column}); "
            "remove it",
        )
    return None if forbidden else text


def read_yaml(folder: Path, file: str, report: Report) -> YamlFile | None:
    """The file's one YAML document, read within the limits; duplicate keys are reported."""
    text = read_text(folder, file, report)
    if text is None:
        return None
    try:
        node, data = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"invalid YAML: {exc.problem or exc.context or 'cannot be parsed'}"
        if exc.context and exc.problem and exc.context_mark is not None:
            message += f" ({exc.context} on line {exc.context_mark.line + 1})"
        if isinstance(exc, Refused):
            message = str(exc.problem)
        report.add(file, line, "syntax", message)
        return None
    except yaml.reader.ReaderError as exc:  # pragma: no cover - read_text refuses these
        line = text.count("\n", 0, exc.position) + 1
        report.add(file, line, "syntax", f"invalid YAML: {exc.reason}")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML's errors are all marked
        report.add(file, None, "syntax", f"invalid YAML: {brief(exc, 200)}")
        return None
    if node is None:
        report.add(file, 1, "document", "the file is empty")
        return None
    report.extend(duplicate_keys(node, file))
    return YamlFile(file, node, data)


def read_csv(folder: Path, file: str, model: type[BaseModel], report: Report) -> Table | None:
    """The file's rows, each checked against ``model``; None when no row can be read."""
    text = read_text(folder, file, report)
    if text is None:
        return None
    columns = tuple(model.model_fields)
    # strict: a stray quote is an error instead of a silently different cell
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    table = Table([], [], complete=True)
    end_of_previous = 0
    try:
        for record in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            if not record:  # an empty line
                continue
            if header is None:
                header = record
                if not _check_header(file, line, header, columns, report):
                    return None
                continue
            _read_row(file, line, record, header, model, table, report)
    except csv.Error as exc:
        _csv_error(file, exc, end_of_previous + 1, reader.line_num, report)
        table.complete = False
    if header is None:
        expected = ",".join(columns)
        report.add(file, 1, "columns", f"the file is empty; line 1 must be {expected}")
        return None
    return table


def _csv_error(file: str, exc: csv.Error, row_line: int, line: int, report: Report) -> None:
    reason = str(exc)
    if "unexpected end of data" in reason:
        report.add(
            file,
            row_line,
            "syntax",
            'a quote (") opens a cell in this row but is never closed, so the rest of the '
            "file was read as one cell; close the quote or remove it",
        )
    elif "expected after" in reason:
        report.add(
            file,
            line,
            "syntax",
            "a quoted cell goes on after its closing quote; write a quote inside a quoted "
            'cell as two quotes ("")',
        )
    else:
        report.add(file, line, "syntax", f"invalid CSV: {brief(reason, 120)}")


def _check_header(
    file: str, line: int, header: list[str], columns: tuple[str, ...], report: Report
) -> bool:
    """Report wrong columns; True when the rows can still be read (no column missing)."""
    missing = [column for column in columns if column not in header]
    for column in missing:
        report.add(file, line, column, "missing column")
    for column in header[:MAX_PROBLEMS_PER_FILE]:
        if column not in columns:
            report.add(file, line, brief(column, 40) or "(empty)", "unexpected column")
    for column, count in Counter(header).items():
        if count > 1 and column in columns:
            report.add(file, line, column, f"column appears {count} times")
    if set(header) == set(columns) and len(header) == len(columns) and header != list(columns):
        report.add(file, line, "columns", f"must be in this order: {','.join(columns)}")
    return not missing


def _read_row(
    file: str,
    line: int,
    record: list[str],
    header: list[str],
    model: type[BaseModel],
    table: Table,
    report: Report,
) -> None:
    if len(record) != len(header):
        report.add(file, line, "row", f"has {len(record)} cells where the header has {len(header)}")
        table.complete = False
        return
    values = {column: record[header.index(column)] for column in model.model_fields}
    checked, bad = validate_row(file, line, values, model, report)
    if checked is None:
        table.complete = False
    else:
        table.models.append(checked)
    table.rows.append(Row(line, values, bad))
