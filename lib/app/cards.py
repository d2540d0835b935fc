"""A grid of bordered cards (the insights and tips of /inzichten)."""

from __future__ import annotations

import streamlit as st

from lib.app.text import escape as md


def card_grid(cards: list[tuple[str, str]], columns: int) -> None:
    """Cards filling ``columns`` columns row by row.

    Each card is (title as Markdown — escape data in it with ``text.escape`` — , plain text).
    """
    slots = st.columns(columns)
    for index, (title, text) in enumerate(cards):
        with slots[index % columns].container(border=True):
            st.markdown(f"**{title}**")
            st.markdown(md(text))
