"""A breakthrough project as a compact card (region panel) or in full (/doorbraken).

Every data-driven string goes through ``lib.app.text.escape`` before it reaches Markdown.
"""

from __future__ import annotations

import streamlit as st

from lib.app.text import bullets
from lib.app.text import escape as md  # cleans and escapes
from lib.data.dataset import Dataset
from lib.data.models import Breakthrough
from lib.data.themes import THEMES

DOORBRAKEN_PAGE = "pages/doorbraken.py"


def short_summary(text: str, limit: int = 200) -> str:
    """The first sentence(s) up to about two lines of text."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end > limit // 2:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + " …"


def region_title(ds: Dataset, item: Breakthrough) -> str:
    name = ds.region(item.region_id).name
    return f"{item.subregion} (subregio van {name})" if item.subregion else name


def breakthrough_card(ds: Dataset, item: Breakthrough) -> None:
    """A compact card: title, year, themes, a two-line summary and a link to the full project."""
    with st.container(border=True):
        st.markdown(f"**{md(item.title)}**")
        st.caption(f"{md(region_title(ds, item))} · geselecteerd in {item.year}")
        st.markdown(" ".join(f":blue-badge[{md(THEMES[t])}]" for t in item.themes))
        st.markdown(md(short_summary(item.summary)))
        st.page_link(
            DOORBRAKEN_PAGE,
            label="Lees het hele project",
            icon=":material/arrow_forward:",
            query_params={"id": item.id},
        )


def breakthrough_details(ds: Dataset, item: Breakthrough, expanded: bool = False) -> None:
    """The whole project: summary, results, lessons, partners, contacts."""
    with st.container(border=True):
        st.subheader(md(item.title), anchor=item.id)
        st.markdown(
            f"**{md(region_title(ds, item))}** · geselecteerd in {item.year} · "
            + " ".join(f":blue-badge[{md(THEMES[t])}]" for t in item.themes)
        )
        st.markdown(md(item.summary))
        with st.expander("Resultaten, lessen, partners en contact", expanded=expanded):
            if item.results:
                st.markdown("**Wat het opleverde**")
                st.markdown(bullets(item.results))
            if item.lessons:
                st.markdown("**Lessen voor andere regio's**")
                st.markdown(bullets(item.lessons))
            if item.partners:
                st.markdown("**Partners**")
                st.markdown(bullets(item.partners))
            st.markdown("**Contact**")
            if item.contacts:
                st.markdown(
                    "\n".join(
                        f"- {md(c.name)}, {md(c.role)} ({md(c.organisation)})"
                        for c in item.contacts
                    )
                )
            else:
                st.markdown("De VVSG-pagina noemt geen contactpersoon.")
