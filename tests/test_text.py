"""lib.app.text: the one way dynamic text reaches Streamlit (answers worked out by hand)."""

from __future__ import annotations

import pytest

from lib.app import text


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 gemeenten"), (1, "1 gemeente"), (2, "2 gemeenten"), (11, "11 gemeenten")],
)
def test_plural_with_number(count: int, expected: str) -> None:
    assert text.plural(count, "gemeente", "gemeenten") == expected


def test_plural_word_only() -> None:
    assert text.plural(1, "loopt", "lopen", number=False) == "loopt"
    assert text.plural(3, "loopt", "lopen", number=False) == "lopen"


def test_percent_has_a_space() -> None:
    assert text.percent(0.85) == "85 %"
    assert text.percent(0.5) == "50 %"


def test_clean_drops_bidi_and_controls_but_keeps_lines() -> None:
    assert text.clean("a\u202eb\u2066c\u200fd\u061ce\x00f\x07") == "abcdef"
    assert text.clean("gent\n\r\tkempen") == "gent\nkempen"
    assert text.clean("één\n    code") == "één\ncode"  # no indented code block


def test_echo_is_one_short_line() -> None:
    assert text.echo("gent\n\r\tkempen") == "gent kempen"
    long = "x" * 30_000
    assert text.echo(long) == "x" * 59 + "…"
    assert len(text.echo(long)) == text.ECHO_LIMIT
    assert text.echo("kort") == "kort"


def test_md_escapes_values_not_the_template() -> None:
    shown = text.md("**{name}** ({n})", name="[a](http://x)", n=3)
    assert shown.startswith("**") and shown.endswith(" (3)")
    assert "](" not in shown
    assert shown == "**\\[a\\]\\(http\u2060\\:\\/\\/x\\)** (3)"


def test_escape_of_directives_and_latex() -> None:
    assert text.escape(":red[x]") == "\\:red\\[x\\]"
    assert text.escape("$$x^2$$") == "\\$\\$x^2\\$\\$"
    assert text.escape(":material/home:") == "\\:material\\/home\\:"


def test_key_sentences_singular_and_plural() -> None:
    from lib.app import wording

    assert wording.crossing_areas(1) == "1 gebied loopt"
    assert wording.crossing_areas(4) == "4 gebieden lopen"
    assert wording.crossing_areas(0) == "0 gebieden lopen"
    assert wording.nested_divisions(1, 15, "Vervoerregio's") == (
        "1 van 15 vervoerregio's ligt volledig binnen één referentieregio"
    )
    assert wording.nested_divisions(2, 15, "Politiezones") == (
        "2 van 15 politiezones liggen volledig binnen één referentieregio"
    )
    assert wording.municipalities_in_nested(1, 300) == "1 van 300 gemeenten zit in zo'n gebied"
    assert wording.municipalities_in_nested(5, 300) == "5 van 300 gemeenten zitten in zo'n gebied"
    assert wording.crossing_divisions(1).startswith("1 gebied ligt in meer dan één")
    assert wording.crossing_divisions(7).startswith("7 gebieden liggen in meer dan één")
    assert wording.border_share(0.85) == "volgt 85 % van de regiogrenzen"


def test_a_division_label_with_markup_is_escaped() -> None:
    from lib.app import wording

    assert "\\*\\*" in wording.nested_divisions(2, 3, "**X**")
