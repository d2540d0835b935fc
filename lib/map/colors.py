"""The colours of the 15 reference regions on the map and in the legend."""

from __future__ import annotations

# Fifteen distinct, medium-light colours: dark text and thin white borders stay legible on
# each of them, and neighbouring regions (checked on the map) never share a hue family.
REGION_COLORS: dict[str, str] = {
    "antwerpen": "#e6194b",
    "brugge": "#4363d8",
    "denderregio": "#f58231",
    "gent": "#3cb44b",
    "halle-vilvoorde": "#911eb4",
    "kempen": "#42d4f4",
    "limburg": "#f032e6",
    "middenkust": "#bfef45",
    "midwest": "#fabed4",
    "oost-brabant": "#469990",
    "rivierenland": "#dcbeff",
    "vlaamse-ardennen": "#9a6324",
    "waasland": "#ffe119",
    "westhoek": "#800000",
    "zuid-west-vlaanderen": "#aaffc3",
}
CONTEXT_COLOR = "#b8bcc2"  # Brussels and anything outside the 15 regions
FALLBACK_COLOR = "#888888"


def region_color(region_id: str | None) -> str:
    if not region_id:
        return CONTEXT_COLOR
    return REGION_COLORS.get(region_id, FALLBACK_COLOR)
