"""Layout fixes for every page: static CSS (no data in it), drawn once per run by app.py."""

from __future__ import annotations

import streamlit as st

# Streamlit leaves a band of about 110 px between its top navigation and the page: keep only
# what the navigation bar (3.75rem) needs. Streamlit's own English hint under a text field
# ("Press Enter to apply", "... to submit form") is hidden: the search fields say how they
# work, and Enter, leaving the field or the "Zoek" button all confirm them.
#
# Kaart on a phone (Streamlit stacks columns below 640 px): a smaller title, the search button
# beside its field, a map that leaves room for the summary above it; on wider screens the
# summary is hidden, the panel beside the map says it all. The indeling and the "Andere
# indeling" layer share one row there, so the whole map still fits on the first screen.
PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.75rem; padding-bottom: 2rem; }
[data-testid="stMainBlockContainer"] h1 { padding-top: 0.5rem; }
[data-testid="InputInstructions"] { display: none; }
@media (min-width: 641px) {
    .st-key-samenvatting { display: none; }
}
@media (max-width: 640px) {
    [data-testid="stMainBlockContainer"] h1 { font-size: 1.9rem; padding-bottom: 0.25rem; }
    .st-key-zoekvak [data-testid="stHorizontalBlock"] { flex-wrap: nowrap; }
    .st-key-zoekvak [data-testid="stColumn"] { min-width: 0 !important; width: auto; }
    .st-key-zoekvak [data-testid="stColumn"]:last-child { flex: 0 0 auto; }
    .st-key-kaartvak iframe { height: 300px !important; }
    [data-testid="stHorizontalBlock"]:has(.st-key-laag) { flex-wrap: wrap; }
    [data-testid="stHorizontalBlock"]:has(.st-key-laag) > [data-testid]:nth-last-child(2) {
        flex: 0 0 auto !important; min-width: 0 !important; width: auto !important; }
    [data-testid="stHorizontalBlock"]:has(.st-key-laag) > [data-testid]:last-child {
        flex: 1 1 0 !important; min-width: 0 !important; width: auto !important; }
}
</style>
"""


def page_style() -> None:
    """Add the CSS above; called before anything else is drawn, so nothing shifts."""
    st.html(PAGE_CSS)
