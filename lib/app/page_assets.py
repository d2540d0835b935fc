"""Static CSS and JavaScript files of the pages (lib/app/css/, lib/app/js/), added by app.py.

Real files, linted and tested in the browser; no data ever goes into them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
PAGES_CSS = HERE / "css" / "pages.css"


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def page_css() -> None:
    """Add lib/app/css/pages.css (whole names: wrapping chips, options, badges)."""
    st.html(f"<style>\n{_read(PAGES_CSS)}</style>")
