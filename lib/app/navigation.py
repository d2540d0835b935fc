"""Make every page run inside app.py's ``st.navigation``, also on a direct first visit.

With a ``pages/`` folder beside ``app.py``, Streamlit starts each server in its old multipage
mode: until some session has run ``st.navigation``, a first visit straight to ``/doorbraken``
runs ``pages/doorbraken.py`` on its own, with the old sidebar and without app.py's page setup.
``st.navigation`` switches the server to the new mode for good; this guard, called at the top
of every page, makes that switch at once and reruns the visit through app.py.
"""

from __future__ import annotations

import streamlit as st


def run_through_app() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the old mode
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()
