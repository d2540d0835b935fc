"""Division tables with hostile names, made from an already built cache (no pin is changed).

The cache in the data folder (``data/divisions.json``) is what the app reads after the pinned
download was checked; rewriting a name there is how a test feeds the app a division name that
tries to become markup or a template, without a mirror with other checksums.
"""

from __future__ import annotations

import json
from pathlib import Path

from lib.data import paths

HOSTILE_IMG = '<img src=x onerror="window.__regiokaartXss=3">'
HOSTILE_JINJA = "{{7*7}}"
HOSTILE_NAME = f"Rand {HOSTILE_IMG} {HOSTILE_JINJA}"
# Vlaamse Rand (Verv.): Halle-Vilvoorde and Buggenhout (Denderregio), so it crosses a region
# border and its name shows in the panel, on the page's tables and in the map's tooltips
KIND, DIVISION = "vervoerregio", "13"


def make_hostile_divisions(data_dir: Path, name: str = HOSTILE_NAME) -> str:
    """Give vervoerregio 13 the name ``name`` in the cached tables of ``data_dir``."""
    path = paths.divisions_path(data_dir)
    document = json.loads(path.read_text(encoding="utf-8"))
    names = document["kinds"][KIND]["names"]
    assert DIVISION in names, f"vervoerregio {DIVISION} is not in the tables"
    names[DIVISION] = name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return name
