"""Printable fiches (PDF) of a region and of a municipality, and ``python -m lib.fiche``.

A page passes what it has cached already:

    from lib import fiche
    data = fiche.region_pdf(ds, "kempen", layers, scores)       # bytes of a PDF
    fiche.region_filename(ds, "kempen")                          # 'regiofiche-kempen.pdf'
    fiche.municipality_pdf(ds, "44084", layers, scores)
    fiche.municipality_filename(ds, "44084")                     # 'gemeentefiche-gent.pdf'

``ds``: the validated dataset (``lib.data.dataset``); ``layers``: the 2025 map artifact
(``lib.map.artifact``, as ``lib.app.store.map_layers`` gives it); ``scores``: the division
scores (``lib.divisions.scores.Alignment``, e.g.
``lib.app.division_data.alignment(dir).alignment``), or None when the division tables are
unavailable (the fiche says so). The figures and lists come from :mod:`lib.divisions.profile`,
as the region panel's do.
"""

from __future__ import annotations

import datetime as dt

from lib.data import vintages
from lib.data.dataset import Dataset
from lib.divisions.profile import municipality_facts, region_facts
from lib.divisions.scores import Alignment
from lib.fiche import picture, render
from lib.map.artifact import MapArtifact

__all__ = [
    "municipality_filename",
    "municipality_pdf",
    "public_url",
    "region_filename",
    "region_pdf",
]

public_url = render.public_url


def region_filename(ds: Dataset, region_id: str) -> str:
    """``regiofiche-<region>.pdf``; ``KeyError`` for an unknown region."""
    return f"regiofiche-{render.slug(ds.region(region_id).name)}.pdf"


def municipality_filename(ds: Dataset, nis_code: str) -> str:
    """``gemeentefiche-<name>.pdf``; ``KeyError`` for a code that is no 2025 municipality."""
    return f"gemeentefiche-{render.slug(ds.names(vintages.DEFAULT)[nis_code])}.pdf"


def _link(base: str | None, query: str) -> str | None:
    base = render.public_url(base) if base is not None else render.public_url()
    return f"{base}/?{query}" if base else None


def _picture(
    ds: Dataset, layers: MapArtifact, region_id: str, highlight: str | None = None
) -> picture.Picture:
    return picture.region_picture(
        layers,
        region_id,
        render.MAP_WIDTH_PT,
        render.MAP_HEIGHT_PT,
        highlight=highlight,
        names=ds.names(vintages.DEFAULT),
        region_names={profile.id: profile.name for profile in ds.regions},
    )


def region_pdf(
    ds: Dataset,
    region_id: str,
    layers: MapArtifact,
    scores: Alignment | None,
    base_url: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The region fiche as PDF bytes; ``KeyError`` for an unknown region.

    ``base_url``: the dashboard's public address (default ``$REGIOKAART_PUBLIC_URL``; none →
    no link on the fiche).
    """
    facts = region_facts(ds, region_id, scores, layers.region_area_km2.get(region_id))
    drawn = _picture(ds, layers, region_id)
    document = render.region_document(
        facts, drawn, today or dt.date.today(), _link(base_url, f"regio={region_id}")
    )
    return render.pdf(document, drawn)


def municipality_pdf(
    ds: Dataset,
    nis_code: str,
    layers: MapArtifact,
    scores: Alignment | None,
    base_url: str | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The municipality fiche (a 2025 municipality) as PDF bytes; ``KeyError`` otherwise."""
    facts = municipality_facts(ds, nis_code, scores)
    region = region_facts(ds, facts.region_id, scores, layers.region_area_km2.get(facts.region_id))
    drawn = _picture(ds, layers, facts.region_id, highlight=nis_code)
    link = _link(base_url, f"regio={facts.region_id}&gemeente={nis_code}")
    document = render.municipality_document(facts, region, drawn, today or dt.date.today(), link)
    return render.pdf(document, drawn)
