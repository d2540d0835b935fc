"""Dynamic text for Streamlit's text elements, in one place.

Every value from the address, the data or a user that reaches a Streamlit text element (Markdown,
notices, captions, labels) goes through :func:`md` (a template with escaped values) or
:func:`escape` (one value): control and bidirectional characters removed, Markdown, HTML, LaTeX
and Streamlit's directives escaped (lib.app.escaping). A value echoed back to the visitor (an id
from the address, a typed search) is also shortened with :func:`echo`, so a link cannot fill the
page. :func:`plural` gets the Dutch number right ("1 gemeente", "2 gemeenten").

Importable without Streamlit; only :func:`notice` draws.
"""

from __future__ import annotations

import re
import unicodedata

from lib.app.escaping import markdown_text

ECHO_LIMIT = 60
"""Longest value echoed in a notice, in characters (an ellipsis marks the cut)."""

ELLIPSIS = "…"

# Bidirectional controls (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM; ALM) reorder what
# the reader sees; line and paragraph separators and the byte order mark do not belong in a value.
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029\ufeff"
_INVISIBLE = re.compile(f"[{_BIDI}]")
_SPACE_LIKE = re.compile(r"[\t\x0b\x0c\r\x85]")


def _drop_controls(text: str) -> str:
    """Remove bidi controls and C0/C1 control characters; tabs and the like become spaces."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n"))
    text = _SPACE_LIKE.sub(" ", text)
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def clean(value: object) -> str:
    """``value`` as text without control or bidi characters; line breaks kept, lines unindented.

    Leading spaces go too: in Markdown, a line indented by four spaces is a code block, where
    escapes would show their backslashes.
    """
    text = "" if value is None else str(value)
    return "\n".join(line.strip() for line in _drop_controls(text).split("\n"))


def shorten(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value from the address or the visitor, fit to quote: one line, short, no controls.

    Still plain text: it is escaped where it is drawn (:func:`md`).
    """
    return shorten(" ".join(clean(value).split()), limit)


def escape(value: object) -> str:
    """One value, cleaned and escaped so Streamlit's Markdown shows it literally."""
    return markdown_text(clean(value))


def md(template: str, **values: object) -> str:
    """``template`` (static Markdown, written in the code) with every ``{name}`` escaped.

    ``md("De regio **{name}**", name=data)``: the template may use Markdown; the values never do.
    Numbers are formatted by the template (``{share:.0%}``) and are not escaped.
    """
    return template.format_map(
        {
            key: value if isinstance(value, int | float) else escape(value)
            for key, value in values.items()
        }
    )


def bullets(items: list[str]) -> str:
    """A Markdown list with one escaped item per line."""
    return "\n".join(f"- {escape(item)}" for item in items)


def plural(count: int, one: str, many: str, *, number: bool = True) -> str:
    """``"1 gemeente"`` or ``"3 gemeenten"``; with ``number=False`` only the word ("loopt")."""
    word = one if count == 1 else many
    return f"{count} {word}" if number else word


def percent(share: float) -> str:
    """A share as Dutch writes it: ``0.85`` → ``"85 %"``."""
    return f"{share:.0%}".replace("%", " %")


def option_label(text: str) -> str:
    """``text`` as the label of an option of a segmented control or pills: its dashes become
    hyphens.

    Streamlit looks for an emoji in the first word of each such option and, when that word is
    not plain ASCII, first loads its catalogue of emoji (0.2 s of CPU and 6 MB, once per
    process): the en dash of "2019–2024" made every new server's first map wait for it."""
    return text.replace("\u2013", "-").replace("\u2014", "-")


def notice(kind: str, template: str, *, icon: str | None = None, **values: object) -> None:
    """Draw ``st.info``/``st.warning``/``st.error``/``st.success`` with :func:`md`'s text."""
    import streamlit as st

    draw = {"info": st.info, "warning": st.warning, "error": st.error, "success": st.success}
    draw[kind](md(template, **values), icon=icon)
