"""The old address /trajecten: a hidden page that opens /ontwikkeltrajecten.

Also answers a first visit to /trajecten while Streamlit still runs its old multipage mode (see
lib.app.navigation), so the old address never meets Streamlit's "Page not found".
"""

from __future__ import annotations

import streamlit as st

from lib.app import navigation

navigation.run_through_app()
st.switch_page("pages/ontwikkeltrajecten.py")
