"""The words of a fiche (Dutch) and the PDF made from them with Typst.

:func:`region_document` and :func:`municipality_document` turn the facts
(:mod:`lib.divisions.profile`, the same as the region panel's) into a plain JSON document of
headings and runs of text; ``fiche.typ`` lays it out. Data text is only ever a JSON string that
the template prints as a value: it is never read as Typst markup.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import asdict
from pathlib import Path

from lib.data import vintages
from lib.data.models import Breakthrough
from lib.data.themes import THEMES
from lib.divisions.profile import (
    MunicipalityFacts,
    RegionFacts,
    area_text,
    forum_facts,
    municipalities_text,
)
from lib.divisions.sources import CREDIT
from lib.fiche.picture import Picture
from lib.map.colors import region_color
from lib.pinned.source import PROVINCIES_IN_CIJFERS

TEMPLATE = Path(__file__).with_name("fiche.typ")
PUBLIC_URL_ENV = "REGIOKAART_PUBLIC_URL"
MAP_WIDTH_PT = 290.0  # the SVG's own size; the template scales it to its column
MAP_HEIGHT_PT = 230.0
STATUS = {"actief": "actief", "in opbouw": "in opbouw", "geen": "geen vast overleg"}
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

Run = tuple[str, str]  # (style, text): "b" bold, "i" italic, "m" muted, "" plain


def public_url(value: str | None = None) -> str | None:
    """The dashboard's public address (``$REGIOKAART_PUBLIC_URL`` unless given), without a
    trailing slash; None when unset or not an http(s) address."""
    value = (value if value is not None else os.environ.get(PUBLIC_URL_ENV, "")).strip()
    if not re.fullmatch(r"https?://[^\s]+", value):
        return None
    return value.rstrip("/")


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def slug(name: str) -> str:
    """A file-name part from a Dutch name: "Merelbeke-Melle" → "merelbeke-melle"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "fiche"


def _and(names) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} en {names[-1]}"


def _block(heading: str, lines: list[list[Run]], **options) -> dict:
    return {"heading": heading, "lines": lines, **options}


def _breakthrough(item: Breakthrough) -> list[Run]:
    themes = ", ".join(THEMES[theme] for theme in item.themes)
    runs: list[Run] = [("b", item.title), ("", f" — {themes}; geselecteerd in {item.year}")]
    if item.subregion:
        runs.append(("m", f" (subregio {item.subregion})"))
    return runs


def _sources(when: dt.date, link: str | None) -> list[list[Run]]:
    commit = PROVINCIES_IN_CIJFERS.short
    lines: list[list[Run]] = [
        [
            ("b", "Stand van de gegevens: "),
            (
                "",
                f"gemeenten {vintages.AFTER.label} (na de fusies van {vintages.MERGER_DATE}); "
                "indeling in referentieregio's volgens de kadernota van de Vlaamse Regering van "
                f"4 februari 2022; grenzen en andere indelingen in de versie {commit}. Fiche "
                f"gemaakt op {dutch_date(when)}.",
            ),
        ],
        [
            ("b", "Bronnen: "),
            (
                "",
                "overleg, ondersteuning en doorbraken: feiten uit VVSG, “Regiovorming in de "
                "praktijk”, in eigen woorden; gemeentegrenzen: Statbel (statistische sectoren, "
                "open-datalicentie), vereenvoudigd door Provincies in Cijfers; andere "
                f"indelingen: {CREDIT}.",
            ),
        ],
    ]
    if link:
        lines.append([("b", "Online: "), ("", link)])
    return lines


def map_input(picture: Picture) -> dict:
    return {
        "width": picture.width,
        "height": picture.height,
        "labels": [
            {
                "name": label.name,
                "x": label.x,
                "y": label.y,
                "width": label.width,
                "height": label.height,
                "highlighted": label.highlighted,
            }
            for label in picture.labels
        ],
        "neighbours": [asdict(item) for item in picture.neighbours],
    }


def _forum(facts: RegionFacts) -> list[dict]:
    profile = facts.profile
    forum = profile.forum
    lines: list[list[Run]] = []
    if forum.name:
        lines.append([("b", forum.name), ("m", f" · {STATUS[forum.status]}")])
    else:
        lines.append([("b", "Geen vast burgemeestersoverleg")])
    details = forum_facts(forum)
    if details:
        lines.append([("m", " · ".join(details))])
    lines.append([("", forum.description)])
    for sub in profile.subforums:
        lines.append(
            [("b", "Subregionaal forum: "), ("", sub.name)]
            + ([("", f": {sub.description}")] if sub.description else [])
        )
    blocks = [_block("Burgemeestersoverleg", lines)]
    if profile.supporters:
        blocks.append(
            _block(
                "Ondersteund door",
                [[("b", s.name), ("m", f" — {s.kind}")] for s in profile.supporters],
                bullets=True,
            )
        )
    else:
        blocks.append(
            _block("Ondersteund door", [[("m", "De gegevens noemen geen ondersteunende partner.")]])
        )
    if facts.trajectory:
        blocks.append(
            _block(
                "Ontwikkeltraject",
                [
                    [("b", facts.trajectory.title), ("m", f" ({facts.trajectory_period})")],
                    [("", facts.trajectory.summary)],
                ],
            )
        )
    else:
        blocks.append(
            _block(
                "Ontwikkeltraject",
                [[("m", "Deze regio volgde geen ontwikkeltraject.")]],
            )
        )
    return blocks


def _alignment(facts: RegionFacts) -> dict:
    if facts.kinds is None:
        return _block(
            "Andere indelingen",
            [[("m", "De tabellen van de andere indelingen waren niet beschikbaar.")]],
        )
    lines: list[list[Run]] = []
    for kind in facts.kinds:
        inside = _and(kind.inside) if kind.inside else "geen"
        runs: list[Run] = [
            ("b", f"{kind.label}: "),
            ("", f"{len(kind.inside)} binnen de regio"),
            ("m", f" ({inside})" if kind.inside else ""),
            ("", f"; {len(kind.crossing)} over de regiogrens" if kind.crossing else "; geen over"),
            ("", " de regiogrens" if not kind.crossing else ":"),
        ]
        lines.append(runs)
        for crossing in kind.crossing:
            other = "; ".join(
                f"{region}: {municipalities_text(names)}" for region, names in crossing.elsewhere
            )
            lines.append(
                [
                    ("", "    – "),
                    ("i", crossing.name),
                    ("", f" — hier {municipalities_text(crossing.here)}; daarbuiten {other}"),
                ]
            )
    return _block(
        "Afstemming met andere indelingen",
        lines,
        note=(
            "Per indeling: hoeveel gebieden helemaal binnen de regio liggen, en welke over de "
            "regiogrens lopen, met hun gemeenten aan beide kanten (meer dan zes gemeenten: "
            "alleen het aantal)."
        ),
    )


def region_document(
    facts: RegionFacts, picture: Picture, when: dt.date, link: str | None = None
) -> dict:
    """The JSON document of a region fiche."""
    members = facts.members
    mergers = facts.mergers
    figures = [
        ("gemeenten", str(facts.municipalities)),
        ("km² oppervlakte", area_text(facts.area_km2)),
        (f"fusies op {vintages.MERGER_DATE}", str(len(mergers))),
        ("regionale doorbraken", str(len(facts.breakthroughs))),
    ]
    main = [
        _block(
            f"Gemeenten ({facts.municipalities})",
            [[("", member.name)] for member in members],
            columns=4,
            note=f"Indeling {vintages.label(facts.vintage)}.",
        )
    ]
    if mergers:
        main.append(
            _block(
                f"Fusies van {vintages.MERGER_DATE} ({len(mergers)})",
                [
                    [("b", member.name), ("", " — uit " + _and(member.formed_from))]
                    for member in mergers
                ],
                bullets=True,
            )
        )
    else:
        main.append(
            _block(
                f"Fusies van {vintages.MERGER_DATE}",
                [[("m", "Geen enkele gemeente van deze regio fuseerde.")]],
            )
        )
    if facts.corrections:
        main.append(
            _block(
                "Over de ledenlijst",
                [[("", text)] for text in facts.corrections],
            )
        )
    main.append(
        _block(
            f"Regionale doorbraken ({len(facts.breakthroughs)})",
            [_breakthrough(item) for item in facts.breakthroughs]
            or [[("m", "Deze regio had geen regionaal doorbraakproject bij Labo Regiovorming.")]],
            bullets=bool(facts.breakthroughs),
        )
    )
    main.append(_alignment(facts))
    if facts.profile.notes:
        main.append(_block("Goed om te weten", [[("", n)] for n in facts.profile.notes]))
    return {
        "title": f"Regiofiche {facts.name}",
        "kicker": "Regiofiche · referentieregio",
        "name": facts.name,
        "subtitle": None,
        "color": region_color(facts.region_id),
        "figures": figures,
        "map": map_input(picture),
        "side": _forum(facts),
        "main": main,
        "sources": _sources(when, link),
        "footer": f"Regiokaart · regiofiche {facts.name}",
    }


def municipality_document(
    facts: MunicipalityFacts,
    region: RegionFacts,
    picture: Picture,
    when: dt.date,
    link: str | None = None,
) -> dict:
    """The JSON document of a municipality fiche (``region``: the facts of its region)."""
    forum = region.profile.forum
    if facts.formed_from:
        origin = [
            [
                ("", f"Sinds {vintages.MERGER_DATE} gevormd uit "),
                ("b", _and(facts.formed_from)),
                ("", "."),
            ]
        ]
    else:
        origin = [[("", f"Niet gewijzigd door de fusies van {vintages.MERGER_DATE}.")]]
    side = [
        _block("Ontstaan", origin),
        _block(
            "Referentieregio",
            [
                [("b", region.name), ("", f" — {region.municipalities} gemeenten")],
                [
                    ("", "Burgemeestersoverleg: "),
                    ("b", forum.name) if forum.name else ("m", "geen vast overleg"),
                ],
            ]
            + (
                [[("", "Ondersteund door "), ("", _and(s.name for s in region.profile.supporters))]]
                if region.profile.supporters
                else []
            ),
        ),
    ]
    if facts.divisions is None:
        kinds = _block(
            "Andere indelingen",
            [[("m", "De tabellen van de andere indelingen waren niet beschikbaar.")]],
        )
    else:
        lines = []
        for item in facts.divisions:
            where = (
                [("m", " — binnen de referentieregio")]
                if item.nested
                else [("", " — loopt over de regiogrens, ook in "), ("", _and(item.other_regions))]
            )
            lines.append(
                [("b", f"{item.label}: "), ("", item.name), ("m", f" ({item.municipalities} gem.)")]
                + where
            )
        kinds = _block(
            "Andere indelingen",
            lines,
            bullets=True,
            note="Het gebied van elke indeling waarin de gemeente ligt, met zijn aantal gemeenten.",
        )
    main = [
        kinds,
        _block(
            f"Regionale doorbraken van {region.name} ({len(facts.breakthroughs)})",
            [_breakthrough(item) for item in facts.breakthroughs]
            or [[("m", "Deze regio had geen regionaal doorbraakproject bij Labo Regiovorming.")]],
            bullets=bool(facts.breakthroughs),
            note=(
                "De gegevens noemen per doorbraak de regio, niet de deelnemende gemeenten: dit "
                "zijn de doorbraken van de hele regio."
            ),
        ),
    ]
    return {
        "title": f"Gemeentefiche {facts.name}",
        "kicker": "Gemeentefiche",
        "name": facts.name,
        "subtitle": f"in de referentieregio {region.name}",
        "color": region_color(facts.region_id),
        "figures": [
            ("referentieregio", region.name),
            ("NIS-code", facts.nis_code),
        ],
        "map": map_input(picture),
        "side": side,
        "main": main,
        "sources": _sources(when, link),
        "footer": f"Regiokaart · gemeentefiche {facts.name}",
    }


def compile_pdf(template: Path, document: dict, map_svg: str) -> bytes:
    """Compile a Typst ``template`` with ``document`` as JSON data and the map as SVG text
    (``sys.inputs``, never markup); fonts are Typst's own (embedded).

    Typst is imported here, at the first document: its library maps 80 MB, and a page that
    only offers the download button should not pay for it (6.5 MB of memory per process)."""
    import typst

    return typst.compile(
        str(template),
        root=str(template.parent),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(document, ensure_ascii=False), "map": map_svg},
    )


def pdf(document: dict, picture: Picture) -> bytes:
    """The fiche's template with ``document`` as data."""
    return compile_pdf(TEMPLATE, document, picture.svg)
