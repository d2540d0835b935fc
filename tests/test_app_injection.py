"""Hostile query parameters on every page: nothing a link carries is rendered as Markdown.

Every page gets every parameter any page reads (``/``: regio, gemeente, indeling, laag;
``/doorbraken``: thema, regio, jaar, id) with a Markdown link, an image, a Material icon, a colour
directive, bold, LaTeX, raw HTML and bidi controls, rotated so each parameter carries each payload
once. The page's rendered text (every string of every element, as sent to the browser) must hold
none of them unescaped; where a page echoes the value, the reader sees it literally.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict

from tests.support.apptest import (
    AFSTEMMING,
    DOORBRAKEN,
    GEGEVENS,
    INZICHTEN,
    KAART,
    TRAJECTEN,
    assert_clean,
    open_page,
    plain,
    use_data,
)

# payload -> what must never appear in any rendered string (the unescaped syntax)
PAYLOADS = {
    "[Log hier opnieuw in](https://evil.example/login)": "](https://evil",
    "![x](http://127.0.0.1:9/pixel.png)": "](http://127",
    ":material/home:": ":material/home",
    ":red[rood]": ":red[",
    "**vet**": "**vet",
    "$$x^2$$": "$$x",
    "<b>html</b>": "<b>",
    "a\u202eb\u2066c\u200fd": "\u202e",
}
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
PARAMS = {
    KAART: ("regio", "gemeente", "indeling", "laag"),
    DOORBRAKEN: ("thema", "regio", "jaar", "id"),
}
ALL_PARAMS = sorted({name for names in PARAMS.values() for name in names})


@pytest.fixture
def data(built_data_dir: Path, pic_dir: Path, monkeypatch) -> Path:
    return use_data(monkeypatch, built_data_dir, pic_dir)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def rendered(at) -> list[str]:
    """Every string of every element and block on the page, as the browser receives it."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.extend(_strings(MessageToDict(proto)))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def assert_inert(at, payloads: list[str]) -> None:
    strings = rendered(at)
    assert strings, "the page rendered nothing"
    for text in strings:
        for payload in payloads:
            assert PAYLOADS[payload] not in text, (payload, text[:300])
        assert not set(text) & set(BIDI), text[:300]


def echoed(at) -> str:
    """What the reader sees of the notices (backslash escapes and link breaks removed)."""
    return plain("\n".join(str(e.value) for e in at.info)).replace("\u2060", "")


@pytest.mark.parametrize("shift", range(len(PAYLOADS)))
@pytest.mark.parametrize("page", list(PARAMS))
def test_every_parameter_shows_every_payload_literally(data: Path, page: str, shift: int) -> None:
    names = PARAMS[page]
    payloads = list(PAYLOADS)
    given = {name: payloads[(i + shift) % len(payloads)] for i, name in enumerate(names)}
    at = open_page(page, **given)
    assert_clean(at)
    assert_inert(at, list(given.values()))
    shown = echoed(at)
    for value in given.values():
        # echoed literally (bidi controls removed; ids are compared in lower case)
        literal = "".join(ch for ch in value if ch not in BIDI)
        assert literal.lower() in shown.lower(), (literal, shown)


@pytest.mark.parametrize("page", [TRAJECTEN, INZICHTEN, AFSTEMMING, GEGEVENS])
def test_pages_without_parameters_ignore_them(data: Path, page: str) -> None:
    payloads = list(PAYLOADS)
    given = {name: payloads[i % len(payloads)] for i, name in enumerate(ALL_PARAMS)}
    at = open_page(page, **given)
    assert_clean(at)
    assert_inert(at, list(given.values()))


@pytest.mark.parametrize("page", list(PARAMS))
def test_a_huge_value_is_shortened_and_controls_go(data: Path, page: str) -> None:
    huge = "[x](https://evil.example/)" + "a" * 30_000
    names = PARAMS[page]
    at = open_page(page, **{names[0]: huge, names[1]: "gent\n\r\tkempen"})
    assert_clean(at)
    assert_inert(at, [])
    notices = [str(e.value) for e in at.info]
    assert notices and all(len(n) < 1_000 for n in notices), [len(n) for n in notices]
    shown = echoed(at)
    assert "[x](https://evil.example/)aaa" in shown and "…" in shown
    assert "a" * 100 not in shown
    # the newline, carriage return and tab become one space: no stray backslash, no code block
    assert "gent kempen" in shown
    assert "\\" not in shown
