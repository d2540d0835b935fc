"""The set of municipalities of a toets on the map, over the region colours.

One group for streamlit-folium's ``feature_group_to_add``: the set's municipalities with a dark
outline and a darker fill (shape only: no properties, so no data text reaches the
browser through it; not interactive, so a click goes through to the municipality under it), and
a :class:`lib.map.elements.SelectionView` that fits the map to the set (all of Flanders for an
empty set) when asked (``seq``).
Always pass the group, empty or not, so the map's own script never changes and it is not mounted
anew.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium

from lib.map.artifact import MapArtifact
from lib.map.elements import HIGHLIGHT_COLOR, SelectionView

SET_STYLE = {
    "fillColor": HIGHLIGHT_COLOR,
    "fillOpacity": 0.2,
    "color": HIGHLIGHT_COLOR,
    "weight": 2.5,
    "opacity": 0.95,
}


def set_bounds(artifact: MapArtifact, codes: Iterable[str]) -> list[list[float]] | None:
    """The bounds (south-west, north-east) of the set's municipalities on the map."""
    boxes = [artifact.municipalities[c].bounds for c in codes if c in artifact.municipalities]
    if not boxes:
        return None
    return [
        [min(b[0][0] for b in boxes), min(b[0][1] for b in boxes)],
        [max(b[1][0] for b in boxes), max(b[1][1] for b in boxes)],
    ]


def set_layer(
    artifact: MapArtifact, codes: Iterable[str], seq: int | None = None
) -> folium.FeatureGroup:
    """The set drawn on the map; with ``seq``, the map fits it (each new ``seq`` once)."""
    codes = [code for code in codes if code in artifact.municipality_by_code]
    group = folium.FeatureGroup(name="Samenwerking")
    if codes:
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": artifact.municipality_by_code[code]["geometry"],
                }
                for code in codes
            ],
        }
        folium.GeoJson(
            collection,
            style_function=lambda feature: SET_STYLE,
            interactive=False,
        ).add_to(group)
    bounds = set_bounds(artifact, codes)
    SelectionView(None, bounds, seq, max_zoom=11).add_to(group)
    return group
