"""Make data-driven text safe for the places where it becomes HTML or JavaScript."""

from __future__ import annotations

import html
import re

_TEMPLATE_SYNTAX = re.compile(r"`|\$\{")


def html_text(value: object) -> str:
    """Escape ``value`` for HTML and strip what would break out of a JS template literal.

    folium's GeoJsonTooltip/GeoJsonPopup put property values into ``innerHTML`` and
    ``folium.Tooltip`` text lands in a JavaScript template literal, where ``${…}`` runs:
    escaping alone is not enough there, so backticks and ``${`` are removed as well.
    """
    text = "" if value is None else str(value)
    # Repeat until nothing is left: removing one match can join a new one ("$`{" → "${").
    while (stripped := _TEMPLATE_SYNTAX.sub("", text)) != text:
        text = stripped
    return html.escape(text, quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:&])")


def markdown_text(value: object) -> str:
    """Escape ``value`` so Streamlit's Markdown shows it literally.

    Covers Markdown syntax, raw HTML (``<``/``>``), entities (``&``), LaTeX (``$``) and
    Streamlit's ``:color[...]``/``:material/...:`` directives (``:``).
    """
    text = "" if value is None else str(value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
