"""Inzichten: what the breakthrough projects learned — insights, obstacles, tips."""

from __future__ import annotations

import streamlit as st

from lib.app import cards, navigation, notices
from lib.app.text import escape, plural
from lib.data import paths

navigation.run_through_app()

ds = notices.dataset_or_stop(paths.data_dir())
doc = ds.insights

st.title("Inzichten uit de doorbraken")
st.markdown(
    "Wat leerden de regio's die een doorbraakproject trokken? De projecten verschilden sterk, "
    "maar een aantal lessen kwam overal terug."
)

insights_tab, obstacles_tab, tips_tab = st.tabs(
    [
        plural(len(doc.insights), "inzicht", "inzichten"),
        "Hinderpalen en hefbomen",
        plural(len(doc.tips), "tip", "tips"),
    ]
)
with insights_tab:
    cards.card_grid([(f"{i.number}. {escape(i.title)}", i.text) for i in doc.insights], columns=2)
with obstacles_tab:
    for obstacle in doc.obstacles:
        st.subheader(escape(obstacle.title))
        st.markdown(escape(obstacle.text))
        if obstacle.remedies:
            st.markdown("**Wat hielp**")
            st.markdown(
                "\n".join(f"- **{escape(r.title)}**: {escape(r.text)}" for r in obstacle.remedies)
            )
with tips_tab:
    cards.card_grid([(escape(tip.title), tip.text) for tip in doc.tips], columns=3)
