"""Make data-driven text show literally in Streamlit's Markdown.

Text that reaches the map never becomes HTML at all: lib.map.elements builds tooltips, labels and
the legend with ``textContent`` and embeds data as escaped JSON.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&/])")

LINK_BREAK = "\u2060"
"""WORD JOINER: invisible, and it keeps a web or mail address in data from becoming a link."""

# Streamlit's Markdown (GFM) turns addresses into links *after* unescaping, so a backslash cannot
# stop it: an invisible character where the pattern would match does. These are the starts of
# its patterns: "http://", "https://", "www." and the "@" of a mail address.
_AUTOLINK = re.compile(r"(?i)(https?|www|ftp|mailto)(?=[:.])|(@)(?=[\w-])")


def markdown_text(value: object) -> str:
    """Escape ``value`` so Streamlit's Markdown shows it literally.

    Covers Markdown syntax, raw HTML (``<``/``>``), entities (``&``), LaTeX (``$``), Streamlit's
    ``:color[...]``/``:material/...:`` directives (``:`` and ``/``: Streamlit rewrites
    ``:material/`` before Markdown sees the escapes) and the addresses GFM would link (see
    LINK_BREAK).
    """
    text = "" if value is None else str(value)
    text = _AUTOLINK.sub(lambda m: m.group() + LINK_BREAK, text)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
