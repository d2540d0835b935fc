"""Main page: the map of the 15 reference regions."""

import streamlit as st

st.title("Regiokaart")
st.markdown("**Samenwerking in de 15 referentieregio's van Vlaanderen**")
st.info(
    "Deze kaart is nog in opbouw. Binnenkort klik je hier een referentieregio aan en zie je "
    "hoe haar gemeenten samenwerken: het burgemeestersoverleg, de ondersteunende "
    "intercommunale, de leden en de regionale doorbraken.",
    icon=":material/construction:",
)
