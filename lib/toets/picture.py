"""The toets document's map: the set of municipalities over the region colours, drawn as SVG.

Made with the fiche's drawing code (:mod:`lib.fiche.picture`: its projection, paths and the room
a name has): the view fits the set; every municipality in view has its region's colour (the
set's own stronger, the others faded), the region borders are white, the set's municipalities
have a dark outline. The set's names go on top as PDF text, where they fit, as on a fiche.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lib.fiche.picture import (
    FADED_OPACITY,
    Picture,
    Projection,
    RegionLabel,
    place_label,
    svg_path,
)
from lib.map.artifact import MapArtifact
from lib.map.colors import region_color

SET_OPACITY = 0.75
OUTLINE = "#111827"


def _union(bounds: Iterable) -> tuple[tuple[float, float], tuple[float, float]]:
    boxes = list(bounds)
    south = min(b[0][0] for b in boxes)
    west = min(b[0][1] for b in boxes)
    north = max(b[1][0] for b in boxes)
    east = max(b[1][1] for b in boxes)
    return (south, west), (north, east)


def set_picture(
    layers: MapArtifact,
    codes: Iterable[str],
    max_width: float,
    max_height: float,
    names: Mapping[str, str] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> Picture:
    """The set ``codes`` (2025 codes on ``layers``) fitted into ``max_width`` × ``max_height``
    points. ``names`` and ``region_names`` (from the dataset) name what is drawn."""
    names = names or {}
    region_names = region_names or {}
    chosen = [code for code in codes if code in layers.municipalities]
    if not chosen:
        raise ValueError("no municipality of the set is on the map")
    project = Projection(
        _union(layers.municipalities[code].bounds for code in chosen), max_width, max_height
    )
    inside = set(chosen)
    shapes, outlines, labels = [], [], []
    for code, place in layers.municipalities.items():
        if not project.sees(place.bounds):
            continue
        feature = layers.municipality_by_code[code]
        path = svg_path(feature["geometry"], project)
        mine = code in inside
        color = region_color(place.region_id) if place.region_id else "#9ca3af"
        shapes.append(
            f'<path d="{path}" fill="{color}" '
            f'fill-opacity="{SET_OPACITY if mine else FADED_OPACITY}" fill-rule="evenodd" '
            'stroke="#ffffff" stroke-width="0.6"/>'
        )
        if mine:
            outlines.append(
                f'<path d="{path}" fill="none" stroke="{OUTLINE}" stroke-width="1.3" '
                'stroke-linejoin="round" fill-rule="evenodd"/>'
            )
            name = names.get(code, place.name)
            labels.append(place_label(code, name, place, feature, project, True))
    borders = []
    for region_id, outline in layers.outline_by_region.items():
        if project.sees(layers.regions[region_id].bounds):
            borders.append(
                f'<path d="{svg_path(outline["geometry"], project)}" fill="none" '
                'stroke="#ffffff" stroke-width="1.8" fill-rule="evenodd"/>'
            )
    neighbours = []
    for region in layers.regions.values():
        x, y = project(region.lon, region.lat)
        if 0 <= x <= project.width and 0 <= y <= project.height:
            name = region_names.get(region.region_id, region.name)
            neighbours.append(RegionLabel(name, round(x, 2), round(y, 2)))
    width, height = project.width, project.height
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.1f}" height="{height:.1f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}">'
        f'<rect width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>'
        f"<g>{''.join(shapes)}</g><g>{''.join(borders)}</g><g>{''.join(outlines)}</g>"
        f'<rect width="{width:.1f}" height="{height:.1f}" fill="none" stroke="#999999" '
        'stroke-width="0.5"/></svg>'
    )
    return Picture(svg, width, height, tuple(labels), tuple(neighbours))
