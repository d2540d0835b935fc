"""The JavaScript and CSS files the app sends to the browser, read once from beside the code.

They are real files (``lib/map/js``, ``lib/map/css``, ``lib/app/css``, ``lib/app/js``), linted
by ``python3 dev.py test`` and tested in Chromium. Data never enters them: the Python code that
serves them adds data only as JSON made by :func:`lib.map.elements.script_json`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


@cache
def read(name: str) -> str:
    """The text of ``name`` (a path below ``lib/``, e.g. ``map/js/labels.js``)."""
    return (ROOT / name).read_text(encoding="utf-8")
