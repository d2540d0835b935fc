"""The two municipal divisions (vintages) Regiokaart knows, and the mergers between them.

A vintage is named by the year it took effect: ``regions.csv`` keys its rows by it and the address
bar carries it (``?indeling=``). On 1 January of :data:`AFTER`'s year, municipalities of
:data:`BEFORE` merged; ``regions.csv`` says into which (``merged_into``), and
:class:`lib.data.dataset.Dataset` answers the questions about predecessors and successors. Every
other module takes the years and their Dutch names from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Vintage:
    year: int
    """The year it took effect: the key in regions.csv, the boundary cache and the address."""
    until: int | None
    """The last year it was in force; None while it is."""
    municipalities: int
    """How many Flemish municipalities it has."""

    @property
    def label(self) -> str:
        """Its Dutch name in the interface: "2019–2024", "sinds 2025"."""
        return f"{self.year}–{self.until}" if self.until else f"sinds {self.year}"


BEFORE: Final = Vintage(2019, 2024, 300)
"""The municipalities of 1 January 2019 to 31 December 2024."""
AFTER: Final = Vintage(2025, None, 285)
"""The municipalities since the mergers of 1 January 2025."""
ALL: Final = (AFTER, BEFORE)
"""Today's first, as the interface lists them."""
DEFAULT: Final = AFTER.year
YEARS: Final = tuple(vintage.year for vintage in ALL)
MERGER_DATE: Final = f"1 januari {AFTER.year}"
"""When the mergers took effect, in Dutch."""


def get(year: int | str) -> Vintage:
    """The vintage of ``year`` (also as text, as the address bar has it); KeyError otherwise."""
    for vintage in ALL:
        if str(vintage.year) == str(year).strip():
            return vintage
    raise KeyError(f"unknown vintage {year!r}; choose from {', '.join(map(str, YEARS))}")


def label(year: int | str) -> str:
    """The Dutch name of the vintage of ``year``."""
    return get(year).label
