"""The fixed list of breakthrough themes and the years in which breakthroughs were selected."""

from __future__ import annotations

from typing import Final

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

SELECTION_YEARS: Final[tuple[int, ...]] = (2021, 2022)
"""The years in which Labo Regiovorming selected regional breakthroughs."""
