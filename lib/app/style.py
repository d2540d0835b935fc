"""What every page gets before anything else is drawn: static CSS and scripts (no data in them),
from real files beside this module (``css/page.css``; ``js/page.js``: the page's language and
the phone menu that closes after a choice; ``js/keep_map.js``: the map stays under the finger).
"""

from __future__ import annotations

import streamlit as st

from lib import browser_code

SCRIPTS = ("app/js/page.js", "app/js/keep_map.js")


def page_style() -> None:
    """Add the CSS and the scripts, once per run, from app.py, before the page's own content.

    The scripts go in one element: each ``st.html`` with a script takes its own place (and gap)
    in the page's layout."""
    st.html(f"<style>\n{browser_code.read('app/css/page.css')}</style>")
    script = "\n".join(browser_code.read(name) for name in SCRIPTS)
    st.html(f"<script>\n{script}</script>", unsafe_allow_javascript=True)
