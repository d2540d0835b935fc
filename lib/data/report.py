"""Problems in the data files and how they are reported: ``file:line: field: message``.

Where a problem is:

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
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lib.data.models import brief

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

MAX_PROBLEMS_PER_FILE = 20
"""Problems listed per file; the rest are counted in one closing line."""
MORE_FIELD = "problems"
"""The field of the closing line that counts a file's problems not listed."""
INTERNAL_FIELD = "validator"
"""The field of the problem that stands in for a bug in the validator itself."""


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


class Report:
    """The problems found so far, in any order; :meth:`listed` orders and limits them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, where: str, message: str) -> None:
        self.problems.append(Problem(file, line, where, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def listed(self) -> tuple[tuple[Problem, ...], int]:
        """(the problems to show, how many there are in all).

        One problem per place (the first); per file in DATA_FILES order, by line; per file the
        first MAX_PROBLEMS_PER_FILE, then a line counting the rest.
        """
        order = {file: index for index, file in enumerate(DATA_FILES)}
        unique: dict[tuple[str, int | None, str], Problem] = {}
        for found in self.problems:
            unique.setdefault((found.file, found.line, found.field), found)
        ordered = sorted(
            unique.values(), key=lambda p: (order.get(p.file, len(order)), p.line or 0)
        )
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
        return tuple(shown), len(ordered)


def field_path(loc: Sequence[str | int]) -> str:
    """A place in a YAML document as a problem names it: ``breakthroughs[2].themes[0]``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = brief(part, 40)
            text += f".{name}" if text else name
    return text or "document"
