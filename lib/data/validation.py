"""Validation of a data folder: every problem, each as ``file:line: field: message``.

:func:`check_data_dir` reads every data file, checks it against its model
(:mod:`lib.data.models`)
and then checks the files against each other. It collects all problems instead of stopping at the
first. Where a problem is:

- ``file`` is the file name inside the data folder, e.g. ``breakthroughs.yaml``.
- ``line`` is 1-based. In a CSV file it is the physical line (the header is line 1; a quoted cell
  that spans lines counts from the row's first line). In a YAML file it is the line of the
  offending key or list item; for a missing key, the line where its parent mapping starts; for
  malformed YAML, the line the YAML parser reports. ``line`` is ``None`` when the problem has no
  single line (a missing file, a wrong number of municipalities in a vintage); the problem is then
  printed as ``file: field: message``.
- ``field`` is the CSV column, or the path in the YAML document such as
  ``breakthroughs[2].themes[0]`` (list positions count from 0), or one of ``file``, ``syntax``,
  ``encoding``, ``columns``, ``row``, ``document``.

This module needs neither pandas nor Streamlit, so ``python -m lib.validate`` starts quickly.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from lib.data import vintages
from lib.data.models import (
    CUSTOM_ERROR_PREFIX,
    Breakthrough,
    BreakthroughsFile,
    CorrectionRow,
    InsightsDoc,
    MembershipRow,
    RegionProfile,
    RegionsFile,
    TrajectoryDoc,
    brief,
    is_valid_name,
)

REGIONS_YAML = "regions.yaml"
MEMBERSHIP_CSV = "regions.csv"
CORRECTIONS_CSV = "corrections.csv"
BREAKTHROUGHS_YAML = "breakthroughs.yaml"
TRAJECTORIES_YAML = "trajectories.yaml"
INSIGHTS_YAML = "insights.yaml"
DATA_FILES = (
    REGIONS_YAML,
    MEMBERSHIP_CSV,
    CORRECTIONS_CSV,
    BREAKTHROUGHS_YAML,
    TRAJECTORIES_YAML,
    INSIGHTS_YAML,
)
"""The hand-edited data files, in the order their problems are reported."""

MEMBERSHIP_COLUMNS = tuple(MembershipRow.model_fields)
CORRECTION_COLUMNS = tuple(CorrectionRow.model_fields)

MUNICIPALITY_COUNTS = {v.year: v.municipalities for v in (vintages.BEFORE, vintages.AFTER)}
"""Flemish municipalities per vintage (lib.data.vintages)."""
MERGE_FROM, MERGE_TO = vintages.BEFORE.year, vintages.AFTER.year

MAX_FILE_BYTES = 2_000_000
"""A hand-edited data file is at most this big (the largest today is about 30 kB)."""
MAX_YAML_DEPTH = 20
"""How deeply lists and mappings may nest in a YAML file (the data files need 5 levels)."""
MAX_NUMBER_LENGTH = 30
"""Characters in a YAML number: years and step numbers need 4."""
MAX_PROBLEMS_PER_FILE = 20
"""Problems listed per file; the rest are counted in one closing line."""
MORE_FIELD = "problems"
"""The field of the closing line that counts a file's problems not listed."""
INTERNAL_FIELD = "validator"
"""The field of the problem that stands in for a bug in the validator itself."""

# Characters that never belong in a data file: C0 and C1 controls other than tab and line ends,
# DEL, the bidirectional overrides and isolates (which make text read differently from how it is
# stored), and the non-characters U+FFFE/U+FFFF.
_FORBIDDEN_RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)

_LOG = logging.getLogger("regiokaart.data")  # under the app's logger (lib.app.failure)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, printed as ``file:line: field: message``."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}"


class DataValidationError(Exception):
    """The data folder has problems; ``problems`` lists them (at most MAX_PROBLEMS_PER_FILE per
    file, then a line counting the rest), ``count`` is how many there are in all."""

    def __init__(
        self, problems: Sequence[Problem], data_dir: Path | None = None, count: int | None = None
    ) -> None:
        self.problems = list(problems)
        self.data_dir = data_dir
        self.count = len(self.problems) if count is None or count < 0 else count
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" in {self.data_dir}" if self.data_dir is not None else ""
        noun = "problem" if self.count == 1 else "problems"
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        return f"{self.count} {noun} in the data files{where}:\n{lines}"


@dataclass(frozen=True)
class CheckedData:
    """What :func:`check_data_dir` found: the problems and, where a file was valid, its content.

    Only when ``problems`` is empty is every field complete and consistent.
    """

    problems: tuple[Problem, ...]
    """At most MAX_PROBLEMS_PER_FILE per file, then one line counting the rest."""
    membership: tuple[MembershipRow, ...] = ()
    corrections: tuple[CorrectionRow, ...] = ()
    regions: tuple[RegionProfile, ...] = ()
    breakthroughs: tuple[Breakthrough, ...] = ()
    trajectories: TrajectoryDoc | None = None
    insights: InsightsDoc | None = None
    problem_count: int = -1
    """Every problem found, the unlisted ones included (-1: the same as ``len(problems)``)."""

    @property
    def total_problems(self) -> int:
        return len(self.problems) if self.problem_count < 0 else self.problem_count


def check_data_dir(data_dir: Path | str) -> CheckedData:
    """Read, validate and cross-check every data file of ``data_dir``."""
    folder = Path(data_dir)
    if not folder.is_dir():
        return CheckedData((Problem(str(data_dir), None, "folder", "does not exist"),))
    try:
        return _Checker(folder).run()
    except Exception as exc:  # a bug here must not become a traceback for the user
        _LOG.exception("The data check of %s failed", folder)
        message = (
            f"the check itself failed ({type(exc).__name__}); this is a bug in Regiokaart, "
            "please report it with the data files"
        )
        return CheckedData((Problem(folder.name or str(folder), None, INTERNAL_FIELD, message),))


# --- YAML: parsing with line numbers ------------------------------------------------------------


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that a data file may not contain (too deep, an alias, a huge number)."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class _Limits:
    """Limits for PyYAML's safe loading, so that no input makes it recurse or compute for long.

    The composer and constructor recurse once per nesting level; the limit keeps that far from
    Python's recursion limit. Aliases are refused: the data files have no use for them, and they
    let a small file expand into a huge document. A value that PyYAML cannot construct (a date
    such as 2021-02-30, a number too long to convert) becomes a marked error.
    """

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _Refused(
                "an alias (*name) is not allowed in the data files; write the value out",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _Refused(
                    f"lists and mappings are nested more than {MAX_YAML_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # ValueError, OverflowError, AttributeError from PyYAML
            value = f"the value '{brief(node.value)}'" if isinstance(node.value, str) else "this"
            raise _Refused(f"cannot read {value} ({brief(exc, 120)})", node.start_mark) from exc

    def construct_yaml_int(self, node):
        self._check_number(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        self._check_number(node)
        return super().construct_yaml_float(node)

    def _check_number(self, node) -> None:
        if isinstance(node.value, str) and len(node.value) > MAX_NUMBER_LENGTH:
            raise _Refused(
                f"a number of {len(node.value)} characters is too long (at most "
                f"{MAX_NUMBER_LENGTH})",
                node.start_mark,
            )


class _Loader(_Limits, yaml.SafeLoader):
    """PyYAML's safe loader in pure Python, with the limits: its messages are the ones shown."""


_FAST_BASES: tuple[type, ...] = ()
try:  # libyaml's scanner and parser, about ten times faster; absent from some installations
    from yaml._yaml import CParser

    _FAST_BASES = (CParser,)
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    pass


if _FAST_BASES:

    class _FastLoader(_Limits, *_FAST_BASES, Composer, SafeConstructor, Resolver):
        """libyaml's events composed and constructed by PyYAML's Python code, with the limits
        (libyaml's own composer recurses in C, unbounded)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        # CParser has C versions of these, which would bypass the Python composer
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

    _LOADERS: tuple[type, ...] = (_FastLoader, _Loader)
else:  # pragma: no cover
    _LOADERS = (_Loader,)

for _loader in _LOADERS:
    _loader.add_constructor("tag:yaml.org,2002:int", _Limits.construct_yaml_int)
    _loader.add_constructor("tag:yaml.org,2002:float", _Limits.construct_yaml_float)


def _load(text: str, loader: type) -> tuple[yaml.Node | None, Any]:
    parser = loader(text)
    try:
        node = parser.get_single_node()
        return node, parser.construct_document(node) if node is not None else None
    finally:
        parser.dispose()


def load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """(node, data) of one YAML document, with the limits; raises PyYAML's errors.

    Parsed with libyaml where present; on an error the pure-Python parser runs again to report
    it, since its messages are clearer ("found character '\\t' that cannot start any token").
    """
    try:
        return _load(text, _LOADERS[0])
    except yaml.YAMLError as fast_error:
        if len(_LOADERS) == 1:
            raise
        try:
            _load(text, _Loader)
        except yaml.YAMLError:
            raise
        raise fast_error from None  # the two parsers disagree: keep libyaml's word


@dataclass(frozen=True)
class _YamlFile:
    file: str
    node: yaml.Node
    data: Any

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the key or item at ``loc``, or of the deepest part of it that exists."""
        node = self.node
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                found = None
                for key, value in node.value:  # the last one wins, as when constructing
                    if isinstance(key, yaml.ScalarNode) and key.value == part:
                        found = key, value
                if found is None:
                    return line
                line = found[0].start_mark.line + 1
                node = found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def items(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        """(position, mapping) for each mapping in the top-level list ``key``, however broken."""
        if not isinstance(self.data, dict):
            return []
        listed = self.data.get(key)
        if not isinstance(listed, list):
            return []
        return [(index, item) for index, item in enumerate(listed) if isinstance(item, dict)]


def _path(loc: Sequence[str | int]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = brief(part, 40)
            text += f".{name}" if text else name
    return text or "document"


def _show(value: object) -> str:
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


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (see data/README.md for the format)"
    message = str(error["msg"])
    if kind.startswith(CUSTOM_ERROR_PREFIX):
        return message
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = "must be a mapping of 'key: value' lines"
    message = message[:1].lower() + message[1:]
    if "input" in error:
        message += f", got {_show(error['input'])}"
    return message


def _duplicate_keys(node: yaml.Node, file: str) -> Iterator[Problem]:
    """PyYAML quietly keeps the last of two equal keys; report the second one instead."""
    seen_nodes: set[int] = set()

    def walk(current: yaml.Node, loc: tuple[str | int, ...]) -> Iterator[Problem]:
        if id(current) in seen_nodes:
            return
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key, value in current.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name is not None:
                    line = key.start_mark.line + 1
                    if name in first_line:
                        yield Problem(
                            file,
                            line,
                            _path((*loc, name)),
                            f"given twice (first on line {first_line[name]})",
                        )
                    else:
                        first_line[name] = line
                yield from walk(value, (*loc, name if name is not None else "?"))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                yield from walk(item, (*loc, index))

    yield from walk(node, ())


def _size_of(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return f"more than {MAX_FILE_BYTES / 1e6:.0f} MB"
    return f"{size / 1e6:.1f} MB"


# --- CSV: rows with their physical line ---------------------------------------------------------


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    bad: set[str] = field(default_factory=set)

    def ok(self, *columns: str) -> bool:
        """Whether these cells are present and passed the row model."""
        return all(column in self.values and column not in self.bad for column in columns)

    def __getitem__(self, column: str) -> str:
        return self.values[column]


@dataclass
class _Table:
    rows: list[_Row]
    models: list[Any]
    complete: bool
    """Every data row could be read and passed its model."""


# --- the checks ---------------------------------------------------------------------------------


class _Checker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.count = 0

    def problem(self, file: str, line: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(file, line, where, message))

    # reading

    def read_text(self, file: str) -> str | None:
        path = self.folder / file
        if not path.is_file():
            if path.is_symlink():
                message = "is a link to a file that does not exist"
            elif path.exists():
                message = "is not a regular file"
            else:
                message = "is missing"
            self.problem(file, None, "file", message)
            return None
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)  # never more, whatever the file's size
        except OSError as exc:
            self.problem(file, None, "file", f"cannot be read: {exc.strerror or exc}")
            return None
        if len(raw) > MAX_FILE_BYTES:
            size = _size_of(path)
            self.problem(
                file,
                None,
                "file",
                f"is {size}; a data file may be at most {MAX_FILE_BYTES / 1e6:.0f} MB "
                "(is this the right file?)",
            )
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            self.problem(file, line, "encoding", "is not valid UTF-8 (save the file as UTF-8)")
            return None
        forbidden = list(itertools.islice(_FORBIDDEN_RAW.finditer(text), MAX_PROBLEMS_PER_FILE + 1))
        for match in forbidden:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            self.problem(
                file,
                line,
                "character",
                f"contains the invisible character U+{ord(match.group()):04X} (column {column}); "
                "remove it",
            )
        return None if forbidden else text

    def read_yaml(self, file: str) -> _YamlFile | None:
        text = self.read_text(file)
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
            if isinstance(exc, _Refused):
                message = str(exc.problem)
            self.problem(file, line, "syntax", message)
            return None
        except yaml.reader.ReaderError as exc:  # pragma: no cover - read_text refuses these
            line = text.count("\n", 0, exc.position) + 1
            self.problem(file, line, "syntax", f"invalid YAML: {exc.reason}")
            return None
        except yaml.YAMLError as exc:  # pragma: no cover - PyYAML's errors are all marked
            self.problem(file, None, "syntax", f"invalid YAML: {brief(exc, 200)}")
            return None
        if node is None:
            self.problem(file, 1, "document", "the file is empty")
            return None
        self.problems.extend(_duplicate_keys(node, file))
        return _YamlFile(file, node, data)

    def validate_yaml(self, doc: _YamlFile | None, model: type[M]) -> M | None:
        if doc is None:
            return None
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = error["loc"]
                self.problem(doc.file, doc.line_of(loc), _path(loc), _message(error))
            return None

    def read_csv(self, file: str, model: type[BaseModel]) -> _Table | None:
        text = self.read_text(file)
        if text is None:
            return None
        columns = tuple(model.model_fields)
        # strict: a stray quote is an error instead of a silently different cell
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header: list[str] | None = None
        header_line = 1
        table = _Table([], [], complete=True)
        end_of_previous = 0
        try:
            for record in reader:
                line, end_of_previous = end_of_previous + 1, reader.line_num
                if not record:  # an empty line
                    continue
                if header is None:
                    header, header_line = record, line
                    if not self.check_header(file, header_line, header, columns):
                        return None
                    continue
                self.read_row(file, line, record, header, model, table)
        except csv.Error as exc:
            self.csv_error(file, exc, end_of_previous + 1, reader.line_num)
            table.complete = False
        if header is None:
            expected = ",".join(columns)
            self.problem(file, 1, "columns", f"the file is empty; line 1 must be {expected}")
            return None
        return table

    def csv_error(self, file: str, exc: csv.Error, row_line: int, line: int) -> None:
        reason = str(exc)
        if "unexpected end of data" in reason:
            self.problem(
                file,
                row_line,
                "syntax",
                'a quote (") opens a cell in this row but is never closed, so the rest of the '
                "file was read as one cell; close the quote or remove it",
            )
        elif "expected after" in reason:
            self.problem(
                file,
                line,
                "syntax",
                "a quoted cell goes on after its closing quote; write a quote inside a quoted "
                'cell as two quotes ("")',
            )
        else:
            self.problem(file, line, "syntax", f"invalid CSV: {brief(reason, 120)}")

    def check_header(
        self, file: str, line: int, header: list[str], columns: tuple[str, ...]
    ) -> bool:
        """Report wrong columns; True when the rows can still be read (no column missing)."""
        missing = [column for column in columns if column not in header]
        for column in missing:
            self.problem(file, line, column, "missing column")
        for column in header[:MAX_PROBLEMS_PER_FILE]:
            if column not in columns:
                self.problem(file, line, brief(column, 40) or "(empty)", "unexpected column")
        for column, count in Counter(header).items():
            if count > 1 and column in columns:
                self.problem(file, line, column, f"column appears {count} times")
        if set(header) == set(columns) and len(header) == len(columns) and header != list(columns):
            self.problem(file, line, "columns", f"must be in this order: {','.join(columns)}")
        return not missing

    def read_row(
        self,
        file: str,
        line: int,
        record: list[str],
        header: list[str],
        model: type[BaseModel],
        table: _Table,
    ) -> None:
        if len(record) != len(header):
            self.problem(
                file, line, "row", f"has {len(record)} cells where the header has {len(header)}"
            )
            table.complete = False
            return
        values = {column: record[header.index(column)] for column in model.model_fields}
        row = _Row(line, values)
        try:
            table.models.append(model.model_validate(values))
        except ValidationError as exc:
            table.complete = False
            for error in exc.errors(include_url=False):
                column = str(error["loc"][0]) if error["loc"] else "row"
                row.bad.add(column)
                self.problem(file, line, column, _message(error))
        table.rows.append(row)

    # the whole folder

    def run(self) -> CheckedData:
        regions_doc = self.read_yaml(REGIONS_YAML)
        regions = self.validate_yaml(regions_doc, RegionsFile)
        region_lines = self.check_regions(regions_doc)
        names = {rid: name for rid, (_, name) in region_lines.items()}
        listed = (
            isinstance(regions_doc.data, dict) and isinstance(regions_doc.data.get("regions"), list)
            if regions_doc is not None
            else False
        )
        known = names if listed else None  # None: regions.yaml unreadable, skip those checks

        membership = self.read_csv(MEMBERSHIP_CSV, MembershipRow)
        if membership is not None:
            self.check_membership(membership, known)
            if membership.complete and regions_doc is not None:
                self.check_regions_have_members(regions_doc, region_lines, membership)

        corrections = self.read_csv(CORRECTIONS_CSV, CorrectionRow)
        if corrections is not None:
            self.check_corrections(corrections, membership, known)

        breakthroughs_doc = self.read_yaml(BREAKTHROUGHS_YAML)
        breakthroughs = self.validate_yaml(breakthroughs_doc, BreakthroughsFile)
        if breakthroughs_doc is not None:
            self.check_breakthroughs(breakthroughs_doc, known)

        trajectories_doc = self.read_yaml(TRAJECTORIES_YAML)
        trajectories = self.validate_yaml(trajectories_doc, TrajectoryDoc)
        if trajectories_doc is not None:
            self.check_trajectories(trajectories_doc, known)

        insights_doc = self.read_yaml(INSIGHTS_YAML)
        insights = self.validate_yaml(insights_doc, InsightsDoc)
        if insights_doc is not None:
            self.check_numbering(insights_doc, "insights", "number")

        problems = self.sorted_problems()
        return CheckedData(
            problems=problems,
            problem_count=self.count,
            membership=tuple(membership.models) if membership else (),
            corrections=tuple(corrections.models) if corrections else (),
            regions=tuple(regions.regions) if regions else (),
            breakthroughs=tuple(breakthroughs.breakthroughs) if breakthroughs else (),
            trajectories=trajectories,
            insights=insights,
        )

    def sorted_problems(self) -> tuple[Problem, ...]:
        """Per file in DATA_FILES order, by line: the first MAX_PROBLEMS_PER_FILE, then a count."""
        order = {file: index for index, file in enumerate(DATA_FILES)}
        unique: dict[tuple[str, int | None, str], Problem] = {}
        for found in self.problems:  # one problem per place is enough; keep the first
            unique.setdefault((found.file, found.line, found.field), found)
        ordered = sorted(
            unique.values(), key=lambda p: (order.get(p.file, len(order)), p.line or 0)
        )
        self.count = len(ordered)
        shown: list[Problem] = []
        for file, group in itertools.groupby(ordered, key=lambda p: p.file):
            problems = list(group)
            shown += problems[:MAX_PROBLEMS_PER_FILE]
            rest = len(problems) - MAX_PROBLEMS_PER_FILE
            if rest > 0:
                shown.append(
                    Problem(
                        file,
                        None,
                        MORE_FIELD,
                        f"and {rest} more in this file, not listed; fix the ones above first",
                    )
                )
        return tuple(shown)

    # regions.yaml

    def check_regions(self, doc: _YamlFile | None) -> dict[str, tuple[int, str | None]]:
        """Region id → (position in the list, name); reports ids and names used twice."""
        found: dict[str, tuple[int, str | None]] = {}
        if doc is None:
            return found
        name_lines: dict[str, int] = {}
        for index, item in doc.items("regions"):
            region_id, name = item.get("id"), item.get("name")
            # a name the model refuses is reported there; comparing with it would only add noise
            name = name.strip() if isinstance(name, str) and is_valid_name(name) else None
            if isinstance(region_id, str):
                loc = ("regions", index, "id")
                if region_id in found:
                    first = doc.line_of(("regions", found[region_id][0], "id"))
                    self.problem(
                        doc.file,
                        doc.line_of(loc),
                        _path(loc),
                        f"'{brief(region_id)}' is used twice (first on line {first})",
                    )
                else:
                    found[region_id] = index, name
            if name:
                loc = ("regions", index, "name")
                if name in name_lines:
                    self.problem(
                        doc.file,
                        doc.line_of(loc),
                        _path(loc),
                        f"'{brief(name)}' is used twice (first on line {name_lines[name]})",
                    )
                else:
                    name_lines[name] = doc.line_of(loc)
        return found

    def check_regions_have_members(
        self, doc: _YamlFile, regions: dict[str, tuple[int, str | None]], membership: _Table
    ) -> None:
        vintages = sorted({int(row["vintage"]) for row in membership.rows})
        having = {(int(row["vintage"]), row["region_id"]) for row in membership.rows}
        for region_id, (index, _) in regions.items():
            loc = ("regions", index, "id")
            lacking = [str(v) for v in vintages if (v, region_id) not in having]
            if lacking:
                self.problem(
                    doc.file,
                    doc.line_of(loc),
                    _path(loc),
                    f"no municipality of {' or '.join(lacking)} belongs to '{region_id}' "
                    f"in {MEMBERSHIP_CSV}",
                )

    def unknown_region(self, region_id: str) -> str:
        return f"unknown region '{brief(region_id)}' (not an id in {REGIONS_YAML})"

    # regions.csv

    def check_membership(self, table: _Table, known: dict[str, str | None] | None) -> None:
        file = MEMBERSHIP_CSV
        rows = table.rows
        for row in rows:
            if known is not None and row.ok("region_id"):
                region_id = row["region_id"]
                if region_id not in known:
                    self.problem(file, row.line, "region_id", self.unknown_region(region_id))
                elif row.ok("region") and known[region_id] and row["region"] != known[region_id]:
                    self.problem(
                        file,
                        row.line,
                        "region",
                        f"'{row['region']}' is not the name of region '{region_id}' "
                        f"('{known[region_id]}' in {REGIONS_YAML})",
                    )
            merged = row.ok("vintage", "merged_into") and row["merged_into"]
            if merged and int(row["vintage"]) != MERGE_FROM:
                self.problem(
                    file,
                    row.line,
                    "merged_into",
                    f"only {MERGE_FROM} rows say which {MERGE_TO} code they merged into",
                )

        first_line: dict[tuple[int, str], int] = {}
        for row in rows:
            if row.ok("vintage", "nis_code"):
                key = int(row["vintage"]), row["nis_code"]
                if key in first_line:
                    self.problem(
                        file,
                        row.line,
                        "nis_code",
                        f"{key[1]} appears twice in vintage {key[0]} (first on line "
                        f"{first_line[key]})",
                    )
                else:
                    first_line[key] = row.line

        if table.complete:  # the checks over whole vintages need every row
            self.check_vintages(table)

    def check_vintages(self, table: _Table) -> None:
        file = MEMBERSHIP_CSV
        counts = Counter(int(row["vintage"]) for row in table.rows)
        for vintage, expected in MUNICIPALITY_COUNTS.items():
            if counts[vintage] != expected:
                self.problem(
                    file,
                    None,
                    "vintage",
                    f"{vintage} has {counts[vintage]} municipalities, expected {expected}",
                )
        later: dict[str, _Row] = {}
        for row in table.rows:
            if int(row["vintage"]) == MERGE_TO:
                later.setdefault(row["nis_code"], row)
        targets: set[str] = set()
        earlier_codes: set[str] = set()
        for row in table.rows:
            if int(row["vintage"]) != MERGE_FROM:
                continue
            code, into = row["nis_code"], row["merged_into"]
            earlier_codes.add(code)
            if code in later:
                successor = later[code]
                if into:
                    self.problem(
                        file,
                        row.line,
                        "merged_into",
                        f"{code} still exists in {MERGE_TO} (line {successor.line}), so it "
                        "did not merge: leave merged_into empty",
                    )
                if successor["region_id"] != row["region_id"]:
                    self.problem(
                        file,
                        row.line,
                        "region_id",
                        f"{code} lies in '{row['region_id']}' here but in "
                        f"'{successor['region_id']}' in {MERGE_TO} (line {successor.line})",
                    )
                if successor["municipality"] != row["municipality"]:
                    self.problem(
                        file,
                        row.line,
                        "municipality",
                        f"{code} is called '{row['municipality']}' here but "
                        f"'{successor['municipality']}' in {MERGE_TO} (line {successor.line})",
                    )
            elif not into:
                self.problem(
                    file,
                    row.line,
                    "merged_into",
                    f"{code} does not exist in {MERGE_TO}: give the {MERGE_TO} code it merged into",
                )
            elif into not in later:
                self.problem(
                    file, row.line, "merged_into", f"{into} is not a {MERGE_TO} code in {file}"
                )
            else:
                targets.add(into)
                target = later[into]
                if target["region_id"] != row["region_id"]:
                    self.problem(
                        file,
                        row.line,
                        "merged_into",
                        f"{into} ({target['municipality']}) lies in region "
                        f"'{target['region_id']}', not in '{row['region_id']}': a merger stays "
                        "inside one region",
                    )
        if not earlier_codes:
            return
        for code, row in later.items():
            if code not in earlier_codes and code not in targets:
                self.problem(
                    file,
                    row.line,
                    "nis_code",
                    f"{code} is new in {MERGE_TO}, but no {MERGE_FROM} row has merged_into {code}",
                )

    # corrections.csv

    def check_corrections(
        self, table: _Table, membership: _Table | None, known: dict[str, str | None] | None
    ) -> None:
        file = CORRECTIONS_CSV
        earlier: dict[str, _Row] | None = None
        if membership is not None and membership.complete:  # else a reference may look wrong
            earlier = {}
            for member in membership.rows:
                if int(member["vintage"]) == MERGE_FROM:
                    earlier.setdefault(member["nis_code"], member)
        for row in table.rows:
            if row.ok("kind", "seed_text"):
                if row["kind"] == "missing" and row["seed_text"]:
                    self.problem(
                        file, row.line, "seed_text", "must be empty for a missing municipality"
                    )
                elif row["kind"] != "missing" and not row["seed_text"]:
                    self.problem(
                        file, row.line, "seed_text", f"must not be empty for kind '{row['kind']}'"
                    )
                elif (
                    row["kind"] == "spelling"
                    and row.ok("official_name")
                    and row["seed_text"] == row["official_name"]
                ):
                    self.problem(
                        file, row.line, "seed_text", "is the official name: not a spelling error"
                    )
            if known is not None and row.ok("region_id") and row["region_id"] not in known:
                self.problem(file, row.line, "region_id", self.unknown_region(row["region_id"]))
            if earlier is None or not row.ok("nis_code"):
                continue
            member = earlier.get(row["nis_code"])
            if member is None:
                self.problem(
                    file,
                    row.line,
                    "nis_code",
                    f"{row['nis_code']} is not a {MERGE_FROM} code in {MEMBERSHIP_CSV}",
                )
                continue
            if row.ok("official_name") and row["official_name"] != member["municipality"]:
                self.problem(
                    file,
                    row.line,
                    "official_name",
                    f"{row['nis_code']} is '{member['municipality']}' in {MEMBERSHIP_CSV} "
                    f"(line {member.line})",
                )
            if row.ok("region_id") and row["region_id"] != member["region_id"]:
                self.problem(
                    file,
                    row.line,
                    "region_id",
                    f"{row['nis_code']} lies in '{member['region_id']}' in {MEMBERSHIP_CSV} "
                    f"(line {member.line})",
                )

    # breakthroughs.yaml, trajectories.yaml, insights.yaml

    def check_region_refs(
        self, doc: _YamlFile, key: str, known: dict[str, str | None] | None
    ) -> None:
        if known is None:
            return
        for index, item in doc.items(key):
            region_id = item.get("region_id")
            if isinstance(region_id, str) and region_id.strip() and region_id not in known:
                loc = (key, index, "region_id")
                self.problem(doc.file, doc.line_of(loc), _path(loc), self.unknown_region(region_id))

    def check_unique(self, doc: _YamlFile, key: str, name: str) -> None:
        first: dict[str, int] = {}
        for index, item in doc.items(key):
            value = item.get(name)
            if not isinstance(value, str):
                continue
            loc = (key, index, name)
            line = doc.line_of(loc)
            if value in first:
                self.problem(
                    doc.file,
                    line,
                    _path(loc),
                    f"'{brief(value)}' is used twice (first on line {first[value]})",
                )
            else:
                first[value] = line

    def check_numbering(self, doc: _YamlFile, key: str, name: str) -> None:
        for index, item in doc.items(key):
            value = item.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value != index + 1:
                loc = (key, index, name)
                self.problem(
                    doc.file,
                    doc.line_of(loc),
                    _path(loc),
                    f"numbered {value}, but it is number {index + 1} in the list "
                    "(number them 1, 2, 3, … in order)",
                )

    def check_breakthroughs(self, doc: _YamlFile, known: dict[str, str | None] | None) -> None:
        self.check_unique(doc, "breakthroughs", "id")
        self.check_region_refs(doc, "breakthroughs", known)

    def check_trajectories(self, doc: _YamlFile, known: dict[str, str | None] | None) -> None:
        self.check_unique(doc, "trajectories", "region_id")
        self.check_region_refs(doc, "trajectories", known)
        self.check_numbering(doc, "method", "step")
