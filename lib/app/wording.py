"""Dutch sentences with a count in them: singular and plural right, the figures escaped.

Each returns Markdown (values escaped through lib.app.text); one function per sentence, so a page
and its test say the same thing.
"""

from __future__ import annotations

from lib.app.text import md, percent, plural


def crossing_areas(count: int) -> str:
    """ "1 gebied loopt" / "3 gebieden lopen" (over de regiogrens)."""
    return plural(count, "gebied loopt", "gebieden lopen")


def nested_divisions(nested: int, divisions: int, label: str) -> str:
    """How many areas of one kind lie within one reference region."""
    verb = plural(nested, "ligt", "liggen", number=False)
    return md(
        "{nested} van {divisions} {label} {verb} volledig binnen één referentieregio",
        nested=nested,
        divisions=divisions,
        label=label.lower(),
        verb=verb,
    )


def municipalities_in_nested(count: int, total: int) -> str:
    verb = plural(count, "zit", "zitten", number=False)
    return f"{count} van {plural(total, 'gemeente', 'gemeenten')} {verb} in zo'n gebied"


def identical_areas(count: int) -> str:
    return f"{count} identiek aan een regio"


def border_share(share: float) -> str:
    return f"volgt {percent(share)} van de regiogrenzen"


def crossing_divisions(count: int) -> str:
    """The caption above the table of areas that cross a region border."""
    verb = plural(count, "ligt", "liggen", number=False)
    return (
        f"{plural(count, 'gebied', 'gebieden')} {verb} in meer dan één referentieregio. De regio "
        "met de meeste gemeenten staat eerst."
    )


BORDER_SHARE_HELP = (
    "Van alle grenzen tussen twee referentieregio's (gemeten langs de gemeentegrenzen op de "
    "kaart) het deel waar ook een grens tussen twee gebieden van deze indeling loopt. 100 % wil "
    "zeggen: elke regiogrens is ook een grens van de indeling."
)

DOMINANT_HELP = (
    "Het deel van de gemeenten van het gebied dat in de eerst genoemde regio ligt: de regio met "
    "de meeste gemeenten van het gebied. Is het gebied gelijk verdeeld (bv. 50 % en 50 %), dan "
    "telt het mee bij de regio die alfabetisch eerst komt; een vaste regel, zodat elke tabel, "
    "download en telling hetzelfde antwoord geeft."
)
