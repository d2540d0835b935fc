"""lib.app.escaping: data-driven text made safe for HTML/JS template literals and for Markdown."""

from __future__ import annotations

import re
import string

import pytest

from lib.app.escaping import LINK_BREAK, markdown_text

# --- markdown_text -----------------------------------------------------------------------------

# Characters that mean something to Streamlit's Markdown: CommonMark/GFM syntax, raw HTML,
# entities, LaTeX ($) and Streamlit's own :color[...] / :material/icon: / :emoji: directives.
MARKDOWN_SIGNIFICANT = set("\\`*_{}[]()#+-.!|<>$~:&/")


def _commonmark_literal(text: str) -> str:
    """What CommonMark shows for ``text``, assuming every significant character is escaped.

    A backslash before ASCII punctuation shows that character literally (CommonMark spec,
    "Backslash escapes"). Fails if a significant character is left unescaped.
    """
    shown, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            assert i + 1 < len(text), f"dangling backslash in {text!r}"
            escaped = text[i + 1]
            assert escaped in string.punctuation, f"\\{escaped} is not a CommonMark escape"
            shown.append(escaped)
            i += 2
            continue
        assert ch not in MARKDOWN_SIGNIFICANT, f"unescaped {ch!r} in {text!r}"
        shown.append(ch)
        i += 1
    return "".join(shown).replace(LINK_BREAK, "")  # invisible: the reader sees the text


HOSTILE_MARKDOWN = [
    "**vet** _schuin_ `code` ~~weg~~",
    "[klik](https://example.com) ![beeld](x.png)",
    "# Kop",
    "1. eerste - tweede + derde",
    "<img src=x onerror=alert(1)> <script>alert(1)</script>",
    "&amp; &lt; &#36;",
    ":red[rood] :material/home: :smile:",
    "$x^2$ en $$\\int$$",
    "a | b | c",
    "C:\\pad\\naar\\bestand",
    "{{ 7*7 }} ${alert(1)}",
    "Sint-Martens-Latem (O.-Vl.)",
]


@pytest.mark.parametrize("value", HOSTILE_MARKDOWN)
def test_markdown_text_shows_text_literally(value):
    assert _commonmark_literal(markdown_text(value)) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Gent", "Gent"),
        ("<b>x</b>", "\\<b\\>x\\<\\/b\\>"),
        (":red[rood]", "\\:red\\[rood\\]"),
        ("$5", "\\$5"),
        ("a_b*c", "a\\_b\\*c"),
        ("C:\\x", "C\\:\\\\x"),
        (None, ""),
        (2021, "2021"),
    ],
)
def test_markdown_text_exact_escapes(value, expected):
    assert markdown_text(value) == expected


def test_markdown_text_leaves_plain_letters_and_accents_alone():
    value = "Sint Genesius Rode Écaussinnes Kortessem 2025"
    assert markdown_text(value) == value


# --- addresses and Streamlit directives (issue 12, case 6) ---------------------------------------

# GFM links these after unescaping (mdast-util-gfm-autolink-literal), so a backslash does not stop
# it: the patterns start with "http(s)://", "www." or a mail address' "@".
AUTOLINK = re.compile(r"(?i)https?://|www\.|[\w.+-]@[\w-]")


@pytest.mark.parametrize(
    "value",
    [
        "zie https://example.com/pad voor meer",
        "<https://example.com/hoek>",
        "www.example.com",
        "HTTP://EXAMPLE.COM",
        "mail info@example.com",
        "ftp://example.com en mailto:info@example.com",
    ],
)
def test_addresses_in_data_do_not_become_links(value):
    escaped = markdown_text(value)
    shown = _commonmark_literal(escaped)
    assert shown == value  # the reader sees the address as written
    assert not AUTOLINK.search(escaped.replace("\\", "")), escaped  # but GFM finds no link


@pytest.mark.parametrize("value", [":material/warning:", ":material/home: thuis", ":streamlit:"])
def test_icon_directives_do_not_survive(value):
    escaped = markdown_text(value)
    assert _commonmark_literal(escaped) == value
    # Streamlit rewrites ":material/" in the source before Markdown: it must not occur in it
    assert ":material/" not in escaped and ":streamlit:" not in escaped
