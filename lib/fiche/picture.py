"""The fiche's map: one region from the map artifact, drawn as SVG on the server.

The picture is vector paths only (no names, no tiles): the region's municipalities in its colour
as on the map, the neighbouring regions faded, the region's border thick. The names go on top as
PDF text (the template places them, :mod:`lib.fiche.render`): for each municipality this module
gives its label point and how much room there is around it, so that a name is only printed
where it fits inside its municipality.

Coordinates are projected equirectangularly around the view's centre (x scaled by cos(latitude)),
which at the size of a Flemish region is indistinguishable from the web map's projection.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lib.map.artifact import MapArtifact
from lib.map.colors import region_color

FILL_OPACITY = 0.55  # as the map (lib.map.elements): region colours over a light background
FADED_OPACITY = 0.18  # neighbouring regions
MARGIN = 0.05  # of the region's extent, on every side

Point = tuple[float, float]


@dataclass(frozen=True)
class Label:
    """Where a municipality's name may go, in points from the picture's top left corner."""

    nis_code: str
    name: str
    x: float
    y: float
    width: float  # room along the horizontal line through (x, y), inside the municipality
    height: float  # room along the vertical line through (x, y)
    highlighted: bool = False


@dataclass(frozen=True)
class RegionLabel:
    """A neighbouring region's name, faded, at its label point."""

    name: str
    x: float
    y: float


@dataclass(frozen=True)
class Picture:
    svg: str
    width: float  # points
    height: float
    labels: tuple[Label, ...]
    neighbours: tuple[RegionLabel, ...]


def rings_of(geometry: dict) -> Iterable[list[list[float]]]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        yield from polygon


class Projection:
    def __init__(self, bounds, max_width: float, max_height: float) -> None:
        (south, west), (north, east) = bounds
        dy, dx = north - south, east - west
        south, north = south - MARGIN * dy, north + MARGIN * dy
        self.kx = math.cos(math.radians((south + north) / 2))
        west, east = west - MARGIN * dx, east + MARGIN * dx
        span_x, span_y = (east - west) * self.kx, north - south
        self.scale = min(max_width / span_x, max_height / span_y)
        self.west, self.north = west, north
        self.width, self.height = span_x * self.scale, span_y * self.scale
        self.box = (south, west, north, east)

    def __call__(self, lon: float, lat: float) -> Point:
        return ((lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale)

    def sees(self, bounds) -> bool:
        (south, west), (north, east) = bounds
        s, w, n, e = self.box
        return south <= n and north >= s and west <= e and east >= w


def svg_path(geometry: dict, project: Projection) -> str:
    parts = []
    for ring in rings_of(geometry):
        points = [project(x, y) for x, y in ring]
        parts.append(
            "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"
        )  # one subpath per ring: holes are cut by the even-odd rule
    return "".join(parts)


def crossings(rings: Sequence[Sequence[Point]], axis: int, at: float) -> list[float]:
    """Where the rings cross the line ``coordinate[axis] == at``: the other coordinate."""
    other = 1 - axis
    found = []
    for ring in rings:
        for a, b in zip(ring, ring[1:], strict=False):
            if (a[axis] <= at) != (b[axis] <= at):
                t = (at - a[axis]) / (b[axis] - a[axis])
                found.append(a[other] + t * (b[other] - a[other]))
    return sorted(found)


def room(found: list[float], at: float) -> float:
    """The length of the inside stretch (even-odd) of a line that contains ``at``."""
    for start, end in zip(found[::2], found[1::2], strict=False):
        if start <= at <= end:
            return end - start
    return 0.0


def region_picture(
    layers: MapArtifact,
    region_id: str,
    max_width: float,
    max_height: float,
    highlight: str | None = None,
    names: Mapping[str, str] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> Picture:
    """The region of ``region_id`` fitted into ``max_width`` × ``max_height`` points.

    ``highlight``: a municipality drawn in full colour while the region's others are lighter
    (the municipality fiche). ``names`` and ``region_names`` (code or id → name, from the
    dataset) name what is drawn; the artifact's own names are the fallback.
    """
    names = names or {}
    region_names = region_names or {}
    region = layers.regions[region_id]
    project = Projection(region.bounds, max_width, max_height)
    shapes, outlines, labels = [], [], []
    for code, place in layers.municipalities.items():
        if not project.sees(place.bounds):
            continue
        feature = layers.municipality_by_code[code]
        path = svg_path(feature["geometry"], project)
        mine = place.region_id == region_id
        if mine:
            opacity = FILL_OPACITY if highlight in (None, code) else FADED_OPACITY + 0.1
            if code == highlight:
                opacity = 0.9
        else:
            opacity = FADED_OPACITY
        shapes.append(
            f'<path d="{path}" fill="{region_color(place.region_id)}" fill-opacity="{opacity}" '
            'fill-rule="evenodd" stroke="#ffffff" stroke-width="0.6"/>'
        )
        if mine:
            labels.append(
                place_label(
                    code, names.get(code, place.name), place, feature, project, code == highlight
                )
            )
    for other_id, outline in layers.outline_by_region.items():
        if other_id != region_id and project.sees(layers.regions[other_id].bounds):
            outlines.append(
                f'<path d="{svg_path(outline["geometry"], project)}" fill="none" '
                'stroke="#ffffff" stroke-width="1.4" fill-rule="evenodd"/>'
            )
    own = layers.outline_by_region[region_id]
    outlines.append(
        f'<path d="{svg_path(own["geometry"], project)}" fill="none" stroke="#222222" '
        'stroke-width="1.5" stroke-linejoin="round" fill-rule="evenodd"/>'
    )
    if highlight is not None:
        feature = layers.municipality_by_code[highlight]
        outlines.append(
            f'<path d="{svg_path(feature["geometry"], project)}" fill="none" stroke="#222222" '
            'stroke-width="1" fill-rule="evenodd"/>'
        )
    neighbours = []
    for other in layers.regions.values():
        if other.region_id == region_id:
            continue
        x, y = project(other.lon, other.lat)
        if 0 <= x <= project.width and 0 <= y <= project.height:
            name = region_names.get(other.region_id, other.name)
            neighbours.append(RegionLabel(name, round(x, 2), round(y, 2)))
    width, height = project.width, project.height
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.1f}" height="{height:.1f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}">'
        f'<rect width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>'
        f"<g>{''.join(shapes)}</g><g>{''.join(outlines)}</g>"
        f'<rect width="{width:.1f}" height="{height:.1f}" fill="none" stroke="#999999" '
        'stroke-width="0.5"/></svg>'
    )
    return Picture(svg, width, height, tuple(labels), tuple(neighbours))


def place_label(
    code: str, name: str, place, feature: dict, project: Projection, highlighted: bool
) -> Label:
    """A municipality's name at its centre, with the room its shape leaves there (the fiche's
    and the toets document's maps)."""
    rings = [[project(x, y) for x, y in ring] for ring in rings_of(feature["geometry"])]
    x, y = project(place.centre[1], place.centre[0])
    return Label(
        nis_code=code,
        name=name,
        x=round(x, 2),
        y=round(y, 2),
        width=round(room(crossings(rings, 1, y), x), 2),
        height=round(room(crossings(rings, 0, x), y), 2),
        highlighted=highlighted,
    )
