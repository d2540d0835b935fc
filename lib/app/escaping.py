"""Make data-driven text show literally in Streamlit's Markdown.

Text that reaches the map never becomes HTML at all: lib.map.elements builds tooltips, labels and
the legend with ``textContent`` and embeds data as escaped JSON.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&])")


def markdown_text(value: object) -> str:
    """Escape ``value`` so Streamlit's Markdown shows it literally.

    Covers Markdown syntax, raw HTML (``<``/``>``), entities (``&``), LaTeX (``$``) and
    Streamlit's ``:color[...]``/``:material/...:`` directives (``:``).
    """
    text = "" if value is None else str(value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
