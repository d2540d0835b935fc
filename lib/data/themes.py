"""The fixed list of breakthrough themes, and the years a breakthrough or a practice can have."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

THEMES: Final[dict[str, str]] = {
    "bestuur": "Bestuur en samenwerking",
    "personeel": "Personeel en organisatie",
    "economie-werk": "Economie en werk",
    "welzijn-zorg": "Welzijn en zorg",
    "mobiliteit": "Mobiliteit",
    "cultuur-erfgoed": "Cultuur en erfgoed",
    "sport-vrije-tijd": "Sport en vrije tijd",
    "energie-klimaat": "Energie en klimaat",
}
"""Theme id → Dutch label, in the order the dashboard lists them."""

FIRST_YEAR: Final = 2021
"""The first plausible year of a breakthrough project or a submitted practice, the year it
began. The twelve projects of Labo Regiovorming began in the year of their selection (2021 or
2022, the two open calls; the first went out in April 2021), and the seed text dates the
delimitation of the reference regions to 2021 as well (made official by the kadernota of
4 February 2022). A practice of a reference region, as the form asks for, begins then or later.
"""

BELGIUM: Final = ZoneInfo("Europe/Brussels")
"""Whose calendar decides which year it is now."""


def plausible_years(today: date | None = None) -> range:
    """The years a breakthrough (``data/breakthroughs.yaml``) or a submitted practice may have:
    :data:`FIRST_YEAR` up to and including this year. A practice cannot have started later."""
    this_year = (today or datetime.now(BELGIUM).date()).year
    return range(FIRST_YEAR, this_year + 1)
