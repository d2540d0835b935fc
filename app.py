"""Regiokaart: entry point. Sets up the page and the navigation; the pages live in pages/."""

import streamlit as st

st.set_page_config(
    page_title="Regiokaart – referentieregio's in Vlaanderen",
    page_icon=":material/map:",
    layout="wide",
)

navigation = st.navigation(
    [
        st.Page("pages/kaart.py", title="Kaart", icon=":material/map:", url_path="kaart", default=True),
    ]
)
navigation.run()
