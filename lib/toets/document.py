"""The "pas toe of leg uit" document of a toets: a PDF in Dutch a municipality can attach to its
decision — the set, the verdict, the map and, when the set crosses a region border, a section per
municipality outside the dominant region with room for the motivation.

Made as the fiches are (:mod:`lib.fiche.render`): Python writes the words into a plain JSON
document of headings and runs of text, ``leg_uit.typ`` lays it out; every text reaches Typst only
as a JSON value (``sys.inputs``), never as markup. The map is :func:`lib.toets.picture.set_picture`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lib.data import vintages
from lib.divisions.sources import CREDIT
from lib.fiche.picture import Picture
from lib.fiche.render import compile_pdf, dutch_date, map_input, public_url
from lib.map.artifact import MapArtifact
from lib.map.colors import region_color
from lib.pinned.source import PROVINCIES_IN_CIJFERS
from lib.toets import wording
from lib.toets.assessment import Assessment
from lib.toets.picture import set_picture
from lib.toets.verdict import CROSSES

TEMPLATE = Path(__file__).with_name("leg_uit.typ")
MAP_WIDTH_PT = 480.0
MAP_HEIGHT_PT = 300.0
FILENAME = "toets-samenwerking.pdf"
ACCENT_FITS = "#1b7a3d"
ACCENT_CROSSES = "#b45309"

Run = tuple[str, str]  # (style, text): "b" bold, "i" italic, "m" muted, "" plain


def _block(heading: str, lines: list[list[Run]], **options) -> dict:
    return {"heading": heading, "lines": lines, **options}


def link(codes, base: str | None = None) -> str | None:
    """The page's address of this set, when the dashboard's public address is known."""
    root = public_url(base) if base is not None else public_url()
    return f"{root}/toets?gemeenten={','.join(codes)}" if root else None


def toets_document(
    assessment: Assessment, picture: Picture, when: dt.date, address: str | None = None
) -> dict:
    """The JSON document of the toets of ``assessment``."""
    context, verdict = assessment.context, assessment.verdict
    names, regions = context.municipalities, context.region_names
    inputs = assessment.resolved.inputs()
    total = len(verdict.nis_codes)

    def region_of(code: str) -> str:
        return regions.get(context.regions[code], context.regions[code])

    members = [
        [("b", names[code]), ("m", f" · {code} · {region_of(code)}")]
        + (
            [("m", f" (ingevoerd als “{inputs[code]}”)")]
            if code in inputs and inputs[code] not in (names[code], code)
            else []
        )
        for code in sorted(verdict.nis_codes, key=lambda c: names[c].casefold())
    ]
    main = [
        _block(
            f"De samenwerking: {wording.count(total)}",
            members,
            columns=2 if total > 8 else 1,
        ),
        _block(
            "Per referentieregio",
            [
                [("b", wording.region_line(part, regions)), ("", ": ")]
                + [("", ", ".join(wording.names(part.nis_codes, names)))]
                for part in verdict.regions
            ],
            bullets=True,
        ),
    ]
    explain = []
    if verdict.verdict == CROSSES:
        found = wording.changes(verdict, names, regions)
        main.append(
            _block(
                "De twee kleinste aanpassingen",
                [[("b", f"{change.title}. "), ("", change.sentence)] for change in found],
                bullets=True,
            )
        )
        dominant = regions.get(verdict.dominant.region_id, verdict.dominant.region_id)
        for code in sorted(verdict.drop, key=lambda c: names[c].casefold()):
            explain.append(
                {
                    "heading": f"{names[code]} ({code})",
                    "text": (
                        f"{names[code]} ligt in de referentieregio {region_of(code)}, buiten "
                        f"{dominant}, waar de meeste gemeenten van de samenwerking liggen. "
                        "Leg uit waarom deze gemeente toch deelneemt:"
                    ),
                }
            )
    if assessment.closest:
        main.append(
            _block(
                "Bestaande gebieden die er het meest op lijken",
                [[("", wording.resemblance_sentence(item))] for item in assessment.closest],
                bullets=True,
                note="Overlap: gedeelde gemeenten gedeeld door de gemeenten in minstens één van "
                "beide (Jaccard).",
            )
        )
    sources = [
        [
            ("b", "Stand van de gegevens: "),
            (
                "",
                f"gemeenten {vintages.AFTER.label} (na de fusies van {vintages.MERGER_DATE}); "
                "referentieregio's volgens de kadernota van de Vlaamse Regering van 4 februari "
                f"2022; andere indelingen: {CREDIT}, versie {PROVINCIES_IN_CIJFERS.short}. "
                f"Gemaakt op {dutch_date(when)} met Regiokaart.",
            ),
        ]
    ]
    if address:
        sources.append([("b", "Online: "), ("", address)])
    fits = verdict.verdict != CROSSES
    return {
        "title": "Toets van een samenwerking aan de referentieregio's",
        "kicker": "Pas toe of leg uit · toets van een samenwerking",
        "name": wording.verdict_title(verdict),
        "verdict": wording.verdict_sentence(verdict, names, regions),
        "closest": wording.closest_sentence(assessment.closest),
        "color": ACCENT_FITS if fits else ACCENT_CROSSES,
        "region_color": region_color(verdict.dominant.region_id),
        "map": map_input(picture),
        "main": main,
        "explain": explain,
        "explain_intro": (
            "De samenwerking volgt de referentieregio's niet helemaal. Voor elke gemeente buiten "
            "de regio waar de meeste deelnemers liggen, is hieronder ruimte om de keuze te "
            "motiveren."
        ),
        "sources": sources,
        "footer": "Regiokaart · toets van een samenwerking",
    }


def picture_of(assessment: Assessment, layers: MapArtifact) -> Picture:
    context = assessment.context
    return set_picture(
        layers,
        assessment.verdict.nis_codes,
        MAP_WIDTH_PT,
        MAP_HEIGHT_PT,
        names=context.municipalities,
        region_names=context.region_names,
    )


def pdf(
    assessment: Assessment,
    layers: MapArtifact,
    today: dt.date | None = None,
    base_url: str | None = None,
) -> bytes:
    """The document as PDF bytes (fonts: Typst's own, embedded)."""
    drawn = picture_of(assessment, layers)
    document = toets_document(
        assessment, drawn, today or dt.date.today(), link(assessment.verdict.nis_codes, base_url)
    )
    return compile_pdf(TEMPLATE, document, drawn.svg)


CSV_COLUMNS = (
    "nis_code",
    "gemeente",
    "ingevoerd_als",
    "regio_id",
    "referentieregio",
    "in_dominante_regio",
)


def csv_bytes(assessment: Assessment) -> bytes:
    """The set as a CSV (semicolons, UTF-8 with byte-order mark: Excel with Belgian settings)."""
    import csv
    import io

    context, verdict = assessment.context, assessment.verdict
    inputs = assessment.resolved.inputs()
    dominant = verdict.dominant.region_id
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for code in verdict.nis_codes:
        region = context.regions[code]
        writer.writerow(
            [
                code,
                context.municipalities[code],
                inputs.get(code, ""),
                region,
                context.region_names.get(region, region),
                "ja" if region == dominant else "nee",
            ]
        )
    return out.getvalue().encode("utf-8-sig")
