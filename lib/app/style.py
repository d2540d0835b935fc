"""Layout fixes for every page: static CSS and script (no data in them), drawn once per run by
app.py. They live in ``css/page.css`` and ``js/keep_map.js`` beside this file."""

from __future__ import annotations

import streamlit as st

from lib import browser_code


def page_style() -> None:
    """Add the CSS and the script; called before anything else is drawn, so nothing shifts."""
    css, script = browser_code.read("app/css/page.css"), browser_code.read("app/js/keep_map.js")
    st.html(f"<style>\n{css}</style>")
    st.html(f"<script>\n{script}</script>", unsafe_allow_javascript=True)
