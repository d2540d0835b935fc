"""What the user typed or uploaded, turned into 2025 municipalities: every entry accounted for.

An entry is a name (2025 or pre-2025), a NIS code (2025, or a pre-2025 code of a municipality that
merged) or a typing error of a name; it is matched with the search's tolerance
(:func:`lib.data.matching.match`: case, accents, hyphens, "St.", up to two typing errors). Each
entry becomes one :class:`Resolution`: matched (and how), ambiguous (with its candidates) or
unknown. Entries that name a municipality already named count once.

:func:`read_upload` reads a CSV or XLSX file of one column (names or codes) from its bytes,
within limits, with a Dutch :class:`~lib.toets.errors.ToetsInputError` for anything else.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from lib.data.dataset import Dataset
from lib.data.matching import MunicipalityEntry, compact, entries, match
from lib.data.vintages import AFTER, BEFORE
from lib.toets.errors import ToetsInputError

SEPARATORS = re.compile(r"[\r\n,;]+")
CODE = re.compile(r"\d{5}")
MAX_UPLOAD_BYTES = 1_000_000
MAX_UPLOAD_ROWS = 1_000
MAX_COLUMNS_READ = 30  # cells of an xlsx row looked at for a second column
HEADERS = {"gemeente", "gemeenten", "naam", "namen", "nis", "niscode", "niscodes", "code", "refnis"}

MATCHED, AMBIGUOUS, UNKNOWN = "matched", "ambiguous", "unknown"
EXACT, FORMER, CORRECTED, BY_CODE = "exact", "former", "corrected", "code"


@dataclass(frozen=True)
class Candidate:
    nis_code: str  # 2025
    label: str  # Dutch: "Sint-Niklaas" or "Kortessem (sinds 2025 deel van Hasselt)"


@dataclass(frozen=True)
class Resolution:
    """One entry and what it became.

    ``how`` (matched only): ``exact`` (a 2025 name), ``former`` (a pre-2025 name, now part of
    or renamed to ``name``), ``corrected`` (a typing error of a 2025 name; a corrected pre-2025
    name is ``former`` with ``corrected`` set) or ``code``. ``former``: the pre-2025 name the
    entry stood for, when it was one. ``duplicate``: an earlier entry named the same municipality.
    """

    text: str
    status: str
    nis_code: str | None = None
    name: str | None = None
    how: str | None = None
    former: str | None = None
    corrected: bool = False
    candidates: tuple[Candidate, ...] = ()
    duplicate: bool = False

    @property
    def matched(self) -> bool:
        return self.status == MATCHED

    def note(self) -> str:
        """What happened to the entry, in Dutch (plain text)."""
        if self.status == UNKNOWN:
            return f"'{self.text}': geen gemeente of NIS-code gevonden"
        if self.status == AMBIGUOUS:
            shown = ", ".join(f"{c.label} ({c.nis_code})" for c in self.candidates)
            return f"'{self.text}' kan meerdere gemeenten zijn: {shown}"
        if self.how == BY_CODE:
            text = f"{self.text} → {self.name} (NIS-code"
            text += f" van {self.former}, sinds {AFTER.year})" if self.former else ")"
        elif self.how == FORMER:
            text = f"{self.text} → {self.name}, sinds {AFTER.year}"
            if self.corrected:
                text += f" (gelezen als {self.former})"
        elif self.how == CORRECTED:
            text = f"{self.text} → {self.name} (tikfout verbeterd)"
        else:
            text = str(self.name)
        return text + (" — dubbel, één keer geteld" if self.duplicate else "")


@dataclass(frozen=True)
class Resolved:
    """All entries, and the set they make (2025 codes, in the order first named)."""

    resolutions: tuple[Resolution, ...]

    @property
    def nis_codes(self) -> tuple[str, ...]:
        return tuple(r.nis_code for r in self.resolutions if r.matched and not r.duplicate)

    @property
    def problems(self) -> tuple[Resolution, ...]:
        return tuple(r for r in self.resolutions if not r.matched)

    def inputs(self) -> dict[str, str]:
        """2025 code → the first entry that named it."""
        found: dict[str, str] = {}
        for r in self.resolutions:
            if r.matched and r.nis_code not in found:
                found[r.nis_code] = r.text
        return found


def split_entries(text: str) -> list[str]:
    """Entries separated by newlines, commas or semicolons; blanks dropped."""
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]


class Matcher:
    """Resolves entries against the municipalities of one dataset (both vintages)."""

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._entries = tuple(entries(dataset))
        self._after = dataset.names(AFTER.year)
        self._before = dataset.names(BEFORE.year)
        # what match() finds first for an exact name, without scoring every entry before it
        self._exact: dict[str, MunicipalityEntry] = {}
        for entry in self._entries:
            self._exact.setdefault(compact(entry.name), entry)

    def _today(self, entry: MunicipalityEntry) -> str | None:
        if entry.vintage == AFTER.year:
            return entry.nis_code
        return self._dataset.successor(entry.nis_code)

    def _label(self, entry: MunicipalityEntry) -> str:
        today = self._today(entry)
        if entry.vintage == AFTER.year or today is None:
            return entry.name
        return f"{entry.name} (sinds {AFTER.year} deel van {self._after[today]})"

    def _from_entry(self, text: str, entry: MunicipalityEntry, exact: bool) -> Resolution:
        today = self._today(entry)
        if today is None:
            return Resolution(text, UNKNOWN)
        if entry.vintage == AFTER.year:
            how = EXACT if exact else CORRECTED
            return Resolution(text, MATCHED, today, self._after[today], how)
        return Resolution(
            text, MATCHED, today, self._after[today], FORMER, entry.name, corrected=not exact
        )

    def resolve(self, text: str) -> Resolution:
        """One entry (already stripped of separators)."""
        text = " ".join(text.split())
        if text.isdigit() and len(text) <= 5:
            code = text.zfill(5)
            if not CODE.fullmatch(code):
                return Resolution(text, UNKNOWN)
            if code in self._after:
                return Resolution(text, MATCHED, code, self._after[code], BY_CODE)
            today = self._dataset.successor(code)
            if today is not None:
                return Resolution(
                    text, MATCHED, today, self._after[today], BY_CODE, self._before[code]
                )
            return Resolution(text, UNKNOWN)
        exact = self._exact.get(compact(text))
        if exact is not None:
            return self._from_entry(text, exact, True)
        found = match(text, self._entries)
        if found.entry is not None:
            return self._from_entry(text, found.entry, found.exact)
        if not found.candidates:
            return Resolution(text, UNKNOWN)
        # candidates that are the same 2025 municipality (an old name and the new one) are one
        distinct: dict[str, MunicipalityEntry] = {}
        for entry in found.candidates:
            today = self._today(entry)
            if today is not None:
                distinct.setdefault(today, entry)
        if len(distinct) == 1:
            return self._from_entry(text, next(iter(distinct.values())), False)
        candidates = tuple(Candidate(code, self._label(e)) for code, e in distinct.items())
        return Resolution(text, AMBIGUOUS, candidates=candidates)

    def resolve_all(self, texts: Iterable[str]) -> Resolved:
        """Every entry, with later entries for an already named municipality marked duplicate."""
        seen: set[str] = set()
        resolved = []
        for text in texts:
            resolution = self.resolve(text)
            if resolution.matched:
                if resolution.nis_code in seen:
                    resolution = replace(resolution, duplicate=True)
                seen.add(resolution.nis_code)
            resolved.append(resolution)
        return Resolved(tuple(resolved))


# --- uploads ----------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _column(rows: Iterable[Sequence[object]]) -> list[str]:
    """The values of a one-column sheet; a header (``gemeente``, ``naam``, ``nis``) is skipped."""
    values: list[str] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_UPLOAD_ROWS:
            raise ToetsInputError(
                f"Het bestand heeft meer dan {MAX_UPLOAD_ROWS} rijen; zoveel gemeenten telt "
                "Vlaanderen niet. Zet alleen de gemeenten van de samenwerking erin."
            )
        cells = [_cell(value) for value in row]
        filled = [cell for cell in cells if cell]
        if len(filled) > 1:
            raise ToetsInputError(
                f"Rij {number} van het bestand heeft meer dan één kolom. Zet de namen of "
                "NIS-codes onder elkaar in één kolom."
            )
        if filled:
            values.append(filled[0])
    if values and compact(values[0]) in HEADERS:
        values = values[1:]
    if not values:
        raise ToetsInputError("Het bestand bevat geen namen of NIS-codes.")
    return values


def _csv_rows(data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise ToetsInputError(
            "Dit bestand is geen CSV- of Excel-bestand (.csv of .xlsx) met één kolom namen of "
            "NIS-codes."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's CSV on Belgian Windows
    delimiter = ";" if ";" in text else "\t" if "\t" in text else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(data: bytes) -> Iterable[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, KeyError, InvalidFileException, …
        raise ToetsInputError(
            "Dit Excel-bestand kan niet gelezen worden. Bewaar het als .xlsx (of als CSV) met "
            "de namen of NIS-codes in één kolom."
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(max_col=MAX_COLUMNS_READ, values_only=True):
            rows.append(tuple(row))
            if len(rows) > MAX_UPLOAD_ROWS:
                break
        return rows
    finally:
        workbook.close()


def read_upload(data: bytes, filename: str = "") -> list[str]:
    """The entries in an uploaded CSV or XLSX file of one column (names or NIS codes).

    Raises :class:`ToetsInputError` (Dutch) for an empty file, one over
    :data:`MAX_UPLOAD_BYTES` or :data:`MAX_UPLOAD_ROWS`, more than one column, an old ``.xls``
    or anything that is neither CSV nor XLSX.
    """
    if not data:
        raise ToetsInputError("Het bestand is leeg.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ToetsInputError(
            f"Het bestand is te groot ({len(data) / 1_000_000:.1f} MB); de grens is "
            f"{MAX_UPLOAD_BYTES // 1_000_000} MB. Een lijst gemeenten is veel kleiner."
        )
    name = filename.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise ToetsInputError(
            "Oude Excel-bestanden (.xls) worden niet gelezen. Bewaar het als .xlsx of als CSV."
        )
    if data.startswith(b"PK") or name.endswith(".xlsx"):
        return _column(_xlsx_rows(data))
    return _column(_csv_rows(data))
