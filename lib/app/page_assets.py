"""Static CSS and JavaScript files of the pages (lib/app/css/, lib/app/js/), added by app.py.

Real files, linted and tested in the browser; no data ever goes into them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
PAGES_CSS = HERE / "css" / "pages.css"
CLOSE_MENU_JS = HERE / "js" / "close-menu.js"


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def page_css() -> None:
    """Add lib/app/css/pages.css (whole names: wrapping chips, options, badges)."""
    st.html(f"<style>\n{_read(PAGES_CSS)}</style>")


def close_menu_script() -> None:
    """Add lib/app/js/close-menu.js: on a phone the page menu closes after a choice."""
    st.html(f"<script>\n{_read(CLOSE_MENU_JS)}</script>", unsafe_allow_javascript=True)
