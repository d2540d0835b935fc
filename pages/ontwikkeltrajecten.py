"""Ontwikkeltrajecten: the nine-step method and the three trajectories of 2021–2023."""

from __future__ import annotations

import streamlit as st

from lib.app import navigation, notices
from lib.app.text import escape
from lib.data import paths

navigation.run_through_app()

ds = notices.dataset_or_stop(paths.data_dir())
doc = ds.trajectories

st.title("Ontwikkeltrajecten")
st.markdown(escape(doc.intro))

st.header(f"De drie trajecten ({escape(doc.period)})")
columns = st.columns(len(doc.trajectories))
for column, trajectory in zip(columns, doc.trajectories, strict=True):
    with column.container(border=True):
        st.caption(f"Referentieregio {escape(ds.region(trajectory.region_id).name)}")
        st.markdown(f"**{escape(trajectory.title)}**")
        st.markdown(escape(trajectory.summary))
        st.page_link(
            "pages/kaart.py",
            label="Bekijk de regio op de kaart",
            icon=":material/map:",
            query_params={"regio": trajectory.region_id},
        )

st.header("De methode in negen stappen")
for step in doc.method:
    st.markdown(f"**{step.step}. {escape(step.title)}**  \n{escape(step.text)}")
