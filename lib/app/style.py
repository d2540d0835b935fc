"""Layout fixes for every page: static CSS (no data in it), drawn once per run by app.py."""

from __future__ import annotations

import streamlit as st

# Streamlit leaves a band of about 110 px between its top navigation and the page: keep only
# what the navigation bar needs. Typed search text is confirmed with Enter or the "Zoek" button
# beside it, so Streamlit's own English hint under that field ("Press Enter to submit form") is
# hidden there.
PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.25rem; padding-bottom: 2rem; }
.st-key-gemeente [data-testid="InputInstructions"] { display: none; }
</style>
"""


def page_style() -> None:
    """Add the CSS above; called before anything else is drawn, so nothing shifts."""
    st.html(PAGE_CSS)
