"""Static CSS and JavaScript files of the pages (lib/app/css/, lib/app/js/), added by app.py.

Real files, linted and tested in the browser; no data ever goes into them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
PAGES_CSS = HERE / "css" / "pages.css"
PAGE_JS = HERE / "js" / "page.js"


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def page_css() -> None:
    """Add lib/app/css/pages.css (whole names: wrapping chips, options, badges)."""
    st.html(f"<style>\n{_read(PAGES_CSS)}</style>")


def page_script() -> None:
    """Add lib/app/js/page.js: the page's language (nl), and on a phone the menu closes after a
    choice. One element: each st.html with a script takes its own place in the page's layout."""
    st.html(f"<script>\n{_read(PAGE_JS)}</script>", unsafe_allow_javascript=True)
