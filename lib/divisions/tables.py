"""The division tables: download once, read, cache as JSON, check against ``regions.csv``.

The pinned ``.xlsx`` files (:data:`lib.divisions.sources.DIVISION_SOURCE`) are fetched into a
temporary folder, each checked against its SHA-256, read with openpyxl and written as one JSON
file (``paths.divisions_path``, git-ignored) with the provenance of the build. The app and the
report read that JSON with the standard library; openpyxl is only needed to build it.

What the cache keeps per kind: every row of the aggregation table that names a Flemish or an
unknown municipality (Brussels, 21xxx, and the 999xx codes for "not located" and "outside
Flanders" are left out), with its row number for messages, and the names of the divisions.
:func:`check` then holds the rows against the 2025 municipalities of ``regions.csv``: a
municipality missing from a table, a code that is no 2025 municipality, or a division without a
name is a :class:`DivisionError` naming the file, row and code. A municipality whose row holds
one of its kind's ``no_area`` codes ("Geen IGS") has a row, but no division of that kind: it is
left out of the checked assignment, so it counts nowhere as a member of an area.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lib.data import paths, vintages
from lib.data.refnis import is_brussels, is_unlocated
from lib.divisions.errors import DivisionError
from lib.divisions.sources import DIVISION_SOURCE, KINDS, Kind
from lib.pinned import atomic

FORMAT = 2  # 2: the three kinds igs, streekwerking, treg_gem, and no-area codes
MEMBERSHIP_NAME = "regions.csv"
Progress = Callable[[str], None]
_BUILD_LOCK = threading.Lock()

__all__ = [
    "DivisionError",
    "DivisionTable",
    "RawTable",
    "build_tables",
    "check",
    "ensure_tables",
    "is_current",
    "load_raw",
    "read_assignment",
    "read_definitions",
]


@dataclass(frozen=True)
class RawTable:
    """One kind as read from its two files, before the check against ``regions.csv``."""

    kind: str
    rows: tuple[tuple[int, str, str], ...]  # (row number, nis_code, division_id)
    names: Mapping[str, str]  # division_id → name


@dataclass(frozen=True)
class DivisionTable:
    """One kind, checked: the division of every 2025 Flemish municipality that has one, and
    their names."""

    kind: str
    assignment: Mapping[str, str]  # nis_code → division_id (no entry: no division of this kind)
    names: Mapping[str, str]  # division_id → name (only divisions with a Flemish municipality)


# --- reading the xlsx files -------------------------------------------------------------------


def _text(value) -> str:
    """A cell as text: integers without a decimal part, strings stripped, empty as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(path: Path, source: str) -> list[tuple]:
    from openpyxl import load_workbook  # only the build reads xlsx: keep it off the app's path

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException, …
        raise DivisionError(f"{source}: cannot be read as an .xlsx file ({exc}).") from exc
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _header(rows: list[tuple], source: str, wanted: tuple[str, ...]) -> dict[str, int]:
    if not rows:
        raise DivisionError(f"{source}: the sheet is empty.")
    header = [_text(cell).lower() for cell in rows[0]]
    missing = [name for name in wanted if name not in header]
    if missing:
        raise DivisionError(
            f"{source}: row 1 lacks the column(s) {', '.join(missing)}; "
            f"it has {', '.join(h for h in header if h) or 'nothing'}."
        )
    return {name: header.index(name) for name in wanted}


def read_assignment(path: Path, kind: Kind, source: str | None = None) -> tuple:
    """The rows of an aggregation table: (row number, nis_code, division_id), Flanders only.

    Brussels (21xxx) and the 999xx codes are left out. A code that is not five digits, a
    municipality listed twice or a row without a division raise :class:`DivisionError`.
    """
    source = source or kind.table
    rows = _rows(path, source)
    columns = _header(rows, source, ("gemeente", kind.key.lower()))
    kept: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if all(_text(cell) == "" for cell in row):
            continue
        code = _text(row[columns["gemeente"]])
        if code.isdigit() and len(code) < 5:
            code = code.zfill(5)
        if not (code.isdigit() and len(code) == 5):
            raise DivisionError(
                f"{source}: row {number}: gemeente: {code!r} is no five-digit NIS code."
            )
        if is_brussels(code) or is_unlocated(code):
            continue
        division = _text(row[columns[kind.key.lower()]])
        if not division:
            raise DivisionError(
                f"{source}: row {number}: {kind.key}: municipality {code} has no division."
            )
        if code in seen:
            raise DivisionError(
                f"{source}: row {number}: gemeente: municipality {code} is listed twice "
                f"(also on row {seen[code]})."
            )
        seen[code] = number
        kept.append((number, code, division))
    return tuple(kept)


def read_definitions(path: Path, source: str) -> dict[str, str]:
    """Division id → name from a definitions file (``geoitem code``, ``name``)."""
    rows = _rows(path, source)
    columns = _header(rows, source, ("geoitem code", "name"))
    names: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        code = _text(row[columns["geoitem code"]])
        name = _text(row[columns["name"]])
        if not code and not name:
            continue
        if not code or not name:
            field = "geoitem code" if not code else "name"
            raise DivisionError(f"{source}: row {number}: {field}: empty.")
        names[code] = name
    return names


def read_kind(folder: Path, kind: Kind) -> RawTable:
    """Read one kind from a folder with the source's relative paths."""
    rows = read_assignment(folder / kind.table, kind)
    names = read_definitions(folder / kind.definitions, kind.definitions)
    used = {division for _, _, division in rows}
    return RawTable(kind.id, rows, {code: name for code, name in names.items() if code in used})


# --- the cache ---------------------------------------------------------------------------------


def _folder(data_dir: Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else paths.data_dir()


def _provenance() -> dict:
    return {
        "format": FORMAT,
        "repository": DIVISION_SOURCE.pinned.repository,
        "commit": DIVISION_SOURCE.pinned.commit,
        "sha256": dict(sorted(DIVISION_SOURCE.sha256.items())),
    }


def build_tables(
    data_dir: Path | None = None, base: str | None = None, progress: Progress | None = None
) -> Path:
    """Fetch, verify and read every kind; write the cache atomically and return its path.

    ``base`` is a folder or address with the source's relative paths (default:
    ``$REGIOKAART_DIVISIONS_URL``, else the pinned address). A failing build leaves an
    existing cache as it was.
    """
    target = paths.divisions_path(_folder(data_dir))
    report = progress or (lambda _message: None)
    names = [name for kind in KINDS for name in kind.files]
    with tempfile.TemporaryDirectory(prefix="regiokaart-divisions-") as work:
        folder = Path(work)
        DIVISION_SOURCE.fetch(names, folder, base, progress=report, label="Indelingen ophalen")
        report("Indelingen lezen")
        tables = [read_kind(folder, kind) for kind in KINDS]
    document = {
        "regiokaart": _provenance(),
        "kinds": {
            table.kind: {"rows": [list(row) for row in table.rows], "names": dict(table.names)}
            for table in tables
        },
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    try:
        atomic.write_files({target: text.encode("utf-8")})
    except OSError as error:
        raise DivisionError(
            f"Cannot write the division cache in {target.parent} ({error}). Make the folder "
            "writable, or point REGIOKAART_DATA_DIR at a writable folder."
        ) from error
    return target


def _read_document(path: Path) -> dict | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def is_current(data_dir: Path | None = None) -> bool:
    """The cache exists and was built from the pinned files in this format."""
    document = _read_document(paths.divisions_path(_folder(data_dir)))
    return bool(document) and document.get("regiokaart") == _provenance()


def ensure_tables(
    data_dir: Path | None = None, base: str | None = None, progress: Progress | None = None
) -> Path:
    """The cache path, building it first when missing or not of the pinned files.

    With ``base`` the tables are always fetched from there (and the cache rewritten).
    """
    folder = _folder(data_dir)
    with _BUILD_LOCK:
        if base is None and is_current(folder):
            return paths.divisions_path(folder)
        if progress is not None:
            progress("De andere indelingen worden eenmalig opgehaald")
        path = build_tables(folder, base, progress)
        if progress is not None:
            progress("De andere indelingen zijn klaar")
        return path


def load_raw(data_dir: Path | None = None) -> dict[str, RawTable]:
    """The cached tables, unchecked; :class:`DivisionError` when missing or unreadable."""
    path = paths.divisions_path(_folder(data_dir))
    document = _read_document(path)
    if document is None or document.get("regiokaart") != _provenance():
        raise DivisionError(
            f"No current division cache at {path}. Build it with `python -m lib.divisions "
            "report` (add --from DIR_OR_URL offline)."
        )
    kinds = document.get("kinds") or {}
    tables = {}
    for kind in KINDS:
        entry = kinds.get(kind.id)
        if not isinstance(entry, dict):
            raise DivisionError(f"{path}: the kind {kind.id} is missing; delete the file.")
        rows = tuple((int(n), str(code), str(division)) for n, code, division in entry["rows"])
        names = {str(code): str(name) for code, name in entry["names"].items()}
        tables[kind.id] = RawTable(kind.id, rows, names)
    return tables


# --- the check against regions.csv -------------------------------------------------------------


def _listed(items: list[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def check(
    raw: Mapping[str, RawTable], municipalities: Mapping[str, str]
) -> dict[str, DivisionTable]:
    """Hold each table against the 2025 municipalities (``nis_code → name``).

    Raises :class:`DivisionError` naming the file and codes when a municipality is missing from
    a table, a table names a code that is no 2025 municipality, or a division has no name.
    Rows with a ``no_area`` code of their kind are checked like the others, then left out.
    """
    checked = {}
    for kind in KINDS:
        table = raw[kind.id]
        listed = {code for _, code, _ in table.rows}
        assignment = {
            code: division for _, code, division in table.rows if division not in kind.no_area
        }
        unknown = [
            f"row {number}: {code}" for number, code, _ in table.rows if code not in municipalities
        ]
        if unknown:
            raise DivisionError(
                f"{kind.table}: gemeente: {len(unknown)} code(s) that are no {vintages.DEFAULT} "
                f"municipality of {MEMBERSHIP_NAME}: {_listed(unknown)}. The tables hold the "
                f"municipalities since 1 January {vintages.DEFAULT}; check regions.csv."
            )
        missing = [
            f"{code} ({municipalities[code]})"
            for code in sorted(municipalities)
            if code not in listed
        ]
        if missing:
            raise DivisionError(
                f"{kind.table}: no row for {len(missing)} municipality(ies) of "
                f"{MEMBERSHIP_NAME} ({vintages.DEFAULT}): {_listed(missing)}. Every Flemish "
                "municipality needs a division; check regions.csv or the source."
            )
        nameless = sorted({d for d in assignment.values() if d not in table.names})
        if nameless:
            raise DivisionError(
                f"{kind.definitions}: geoitem code: no name for division(s) "
                f"{_listed(nameless)}, used in {kind.table}."
            )
        names = {division: table.names[division] for division in sorted(set(assignment.values()))}
        checked[kind.id] = DivisionTable(kind.id, assignment, names)
    return checked
