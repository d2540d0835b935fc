"""The map artifact: everything the browser needs to draw one vintage, built once.

The boundary build (:mod:`lib.boundaries.build`) writes it next to its GeoJSON cache
(``paths.map_artifact_path``, git-ignored); the app reads it with :mod:`json` alone, so serving a
page needs neither geopandas nor shapely, and nothing is rounded or measured again. One JSON
document holds:

- ``layers``: the municipality and region-border layers, polyline-encoded
  (:mod:`lib.map.encoding`) at the precision the build rounded to, ready to embed in the page;
- ``regions``: per region its name, label point (well inside it), area and bounds;
- ``municipalities``: per municipality (Brussels included, without region) its name, region,
  centre (a point well inside it) and bounds;
- ``bounds`` of Flanders, ``decimals`` and the build's provenance (``build``).

This module uses only the standard library: it is imported on every page view.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lib.boundaries.errors import BoundaryError
from lib.map import encoding

FORMAT = 2

NIS_CODE = "nis_code"
REGION_ID = "region_id"
CLICK_PROPERTIES = (NIS_CODE, REGION_ID)
"""The feature properties the map sends back on a click (streamlit-folium returns the clicked
feature): the municipality's code and its region (null for Brussels). The encoder keeps them,
the map's script colours by :data:`REGION_ID`, and :mod:`lib.app.selection` reads them."""
MUNICIPALITY_NAME = "municipality"
REGION_NAME = "region"
MUNICIPALITY_PROPERTIES = (*CLICK_PROPERTIES, MUNICIPALITY_NAME, REGION_NAME)
"""Properties of each municipality on the map: the click contract plus the tooltip's names (the
last, the region's name, follows from the region's id)."""
OUTLINE_PROPERTIES = (REGION_ID,)

LatLon = tuple[float, float]
Bounds = tuple[LatLon, LatLon]
"""((south, west), (north, east)), as Leaflet's ``fitBounds`` takes them."""


@dataclass(frozen=True)
class Region:
    region_id: str
    name: str
    lat: float  # label point: well inside the region, far from its border
    lon: float
    area_km2: float
    bounds: Bounds
    municipalities: int


@dataclass(frozen=True)
class Municipality:
    nis_code: str
    name: str
    region_id: str | None  # None for Brussels' municipalities (shown as context)
    centre: LatLon  # well inside the municipality, far from its border
    bounds: Bounds


class _Features(Mapping):
    """GeoJSON features of an encoded layer by one property, decoded on first access."""

    def __init__(self, layer: dict, key: str) -> None:
        self._precision = layer["precision"]
        self._encoded = {feature["p"][key]: feature for feature in layer["features"]}
        self._decoded: dict[str, dict] = {}

    def __getitem__(self, key: str) -> dict:
        if key not in self._decoded:
            feature = self._encoded[key]
            self._decoded[key] = {
                "type": "Feature",
                "properties": dict(feature["p"]),
                "geometry": encoding.decode_geometry(feature["g"], self._precision),
            }
        return self._decoded[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)


@dataclass(frozen=True, eq=False)
class MapArtifact:
    """One vintage's map, as read from its artifact. Read-only by convention (it is cached)."""

    vintage: int
    decimals: int
    build: dict
    bounds: Bounds
    regions: dict[str, Region]
    municipalities: dict[str, Municipality]
    layers: dict[str, dict] = field(repr=False)

    @cached_property
    def municipality_layer(self) -> str:
        """The municipality layer as the page carries it (:func:`encoding.page_collection`),
        compact JSON text made once per artifact; the region's name travels once per region."""
        return _compact(
            encoding.page_collection(
                self.layers["municipalities"],
                (*CLICK_PROPERTIES, MUNICIPALITY_NAME),
                derived={REGION_NAME: REGION_ID},
            )
        )

    @cached_property
    def outline_layer(self) -> str:
        """The region-border layer as the page carries it, compact JSON text."""
        return _compact(encoding.page_collection(self.layers["outlines"], OUTLINE_PROPERTIES))

    @property
    def labels(self) -> tuple[Region, ...]:
        """The regions in the order of their ids (labels, legend)."""
        return tuple(self.regions.values())

    @cached_property
    def region_area_km2(self) -> dict[str, float]:
        return {region_id: region.area_km2 for region_id, region in self.regions.items()}

    @cached_property
    def centres(self) -> dict[str, LatLon]:
        return {code: place.centre for code, place in self.municipalities.items()}

    @cached_property
    def outline_by_region(self) -> Mapping[str, dict]:
        """Region id → its border as a GeoJSON feature (for the highlight of a selection)."""
        return _Features(self.layers["outlines"], REGION_ID)

    @cached_property
    def municipality_by_code(self) -> Mapping[str, dict]:
        """NIS code → the municipality as a GeoJSON feature (for the highlight of a search)."""
        return _Features(self.layers["municipalities"], NIS_CODE)


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- building (called by the boundary build) ---------------------------------------------------


def _positions(geometry: dict) -> Iterator[Sequence[float]]:
    rings = geometry["coordinates"]
    polygons = [rings] if geometry["type"] == "Polygon" else rings
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def _bounds(geometries: Sequence[dict]) -> Bounds:
    xs, ys = [], []
    for geometry in geometries:
        for x, y, *_ in _positions(geometry):
            xs.append(x)
            ys.append(y)
    return ((min(ys), min(xs)), (max(ys), max(xs)))


def build_document(
    vintage: int,
    decimals: int,
    municipalities: Sequence[dict],
    outlines: Sequence[dict],
    build: dict,
) -> dict:
    """The artifact of one vintage from the build's GeoJSON features (coordinates rounded to
    ``decimals`` already).

    ``municipalities``: properties ``nis_code``, ``municipality``, ``region_id`` (None for
    context), ``region``, ``label_lat``, ``label_lon``; ``outlines``: ``region_id``, ``region``,
    ``municipalities``, ``area_km2``, ``label_lat``, ``label_lon``.
    """

    def layer(features: Sequence[dict], properties: Sequence[str]) -> dict:
        return encoding.encode_collection({"features": features}, properties, precision=decimals)

    flemish = [f["geometry"] for f in municipalities if f["properties"][REGION_ID]]
    regions = []
    for feature in sorted(outlines, key=lambda f: f["properties"][REGION_ID]):
        props = feature["properties"]
        regions.append(
            {
                "region_id": props[REGION_ID],
                "name": props["region"],
                "label": [props["label_lat"], props["label_lon"]],
                "area_km2": props["area_km2"],
                "bounds": _bounds([feature["geometry"]]),
                "municipalities": props["municipalities"],
            }
        )
    places = [
        {
            "nis_code": f["properties"][NIS_CODE],
            "name": f["properties"][MUNICIPALITY_NAME],
            "region_id": f["properties"][REGION_ID],
            "centre": [f["properties"]["label_lat"], f["properties"]["label_lon"]],
            "bounds": _bounds([f["geometry"]]),
        }
        for f in municipalities
    ]
    return {
        "format": FORMAT,
        "vintage": vintage,
        "decimals": decimals,
        "build": build,
        "bounds": _bounds(flemish),
        "regions": regions,
        "municipalities": places,
        "layers": {
            "municipalities": layer(municipalities, MUNICIPALITY_PROPERTIES),
            "outlines": layer(outlines, OUTLINE_PROPERTIES),
        },
    }


def to_bytes(document: dict) -> bytes:
    return _compact(document).encode("utf-8")


# --- reading (the app) -------------------------------------------------------------------------


def _pair(value: Sequence[float]) -> LatLon:
    return (float(value[0]), float(value[1]))


def from_document(document: dict) -> MapArtifact:
    """The artifact as objects; ``KeyError``/``TypeError``/``ValueError`` when malformed."""
    regions = {
        item["region_id"]: Region(
            region_id=item["region_id"],
            name=item["name"],
            lat=float(item["label"][0]),
            lon=float(item["label"][1]),
            area_km2=float(item["area_km2"]),
            bounds=(_pair(item["bounds"][0]), _pair(item["bounds"][1])),
            municipalities=int(item["municipalities"]),
        )
        for item in document["regions"]
    }
    municipalities = {
        item["nis_code"]: Municipality(
            nis_code=item["nis_code"],
            name=item["name"],
            region_id=item["region_id"] or None,
            centre=_pair(item["centre"]),
            bounds=(_pair(item["bounds"][0]), _pair(item["bounds"][1])),
        )
        for item in document["municipalities"]
    }
    bounds = document["bounds"]
    return MapArtifact(
        vintage=int(document["vintage"]),
        decimals=int(document["decimals"]),
        build=dict(document["build"]),
        bounds=(_pair(bounds[0]), _pair(bounds[1])),
        regions=regions,
        municipalities=municipalities,
        layers=document["layers"],
    )


def read_document(path: Path) -> dict | None:
    """The artifact at ``path`` as parsed JSON of this format, or None when absent or unusable."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    return document


def read(path: Path) -> MapArtifact:
    """Read the artifact at ``path``; :class:`BoundaryError` saying how to rebuild it otherwise."""
    document = read_document(path)
    if document is None:
        raise BoundaryError(
            f"No usable map file at {path}. Build it with `python -m lib.boundaries build` "
            "(the app builds it by itself when it can reach the boundary files)."
        )
    try:
        return from_document(document)
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise BoundaryError(
            f"The map file {path} is damaged ({error!r}); delete it and build it again."
        ) from error
