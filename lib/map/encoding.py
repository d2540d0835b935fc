"""Quantised, delta-encoded polygons: the map's GeoJSON in a third of the bytes.

Each ring is written with the Encoded Polyline Algorithm (coordinates scaled to integers,
then zig-zag deltas in base-64 characters), so a vertex costs a few characters instead of
twenty. The map decodes it in the browser (see ``DECODER_JS``) back to ordinary GeoJSON
before Leaflet draws it. ``decode_*`` mirror the JavaScript for tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

DEFAULT_PRECISION = 5  # decimals: 1e-5° is about a metre


def _encode_value(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    chunks = []
    while value >= 0x20:
        chunks.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chunks.append(chr(value + 63))
    return "".join(chunks)


def encode_ring(coordinates: Iterable[Sequence[float]], precision: int = DEFAULT_PRECISION) -> str:
    """``[[x, y], …]`` → one polyline string (x first, as in GeoJSON)."""
    factor = 10**precision
    previous_x = previous_y = 0
    parts = []
    for x, y, *_ in coordinates:
        ix, iy = round(x * factor), round(y * factor)
        parts.append(_encode_value(ix - previous_x) + _encode_value(iy - previous_y))
        previous_x, previous_y = ix, iy
    return "".join(parts)


def decode_ring(text: str, precision: int = DEFAULT_PRECISION) -> list[list[float]]:
    factor = 10**precision
    values, current, shift, result = [], 0, 0, []
    for char in text:
        byte = ord(char) - 63
        current |= (byte & 0x1F) << shift
        shift += 5
        if byte < 0x20:
            values.append(~(current >> 1) if current & 1 else current >> 1)
            current, shift = 0, 0
    x = y = 0
    for dx, dy in zip(values[::2], values[1::2], strict=True):
        x, y = x + dx, y + dy
        result.append([x / factor, y / factor])
    return result


def encode_geometry(geometry: dict, precision: int = DEFAULT_PRECISION) -> dict:
    """A GeoJSON Polygon or MultiPolygon → ``{"t": type, "r": rings as polyline strings}``."""
    kind = geometry["type"]
    if kind == "Polygon":
        rings = [encode_ring(ring, precision) for ring in geometry["coordinates"]]
    elif kind == "MultiPolygon":
        rings = [
            [encode_ring(ring, precision) for ring in polygon]
            for polygon in geometry["coordinates"]
        ]
    else:
        raise ValueError(f"only (Multi)Polygon geometries can be encoded, not {kind}")
    return {"t": kind, "r": rings}


def decode_geometry(encoded: dict, precision: int = DEFAULT_PRECISION) -> dict:
    if encoded["t"] == "Polygon":
        coordinates = [decode_ring(ring, precision) for ring in encoded["r"]]
    else:
        coordinates = [
            [decode_ring(ring, precision) for ring in polygon] for polygon in encoded["r"]
        ]
    return {"type": encoded["t"], "coordinates": coordinates}


def encode_collection(
    collection: dict, properties: Sequence[str], precision: int = DEFAULT_PRECISION
) -> dict:
    """A FeatureCollection → ``{"precision", "features": [{"p": {...}, "g": {...}}]}``."""
    return {
        "precision": precision,
        "features": [
            {
                "p": {name: feature["properties"].get(name) for name in properties},
                "g": encode_geometry(feature["geometry"], precision),
            }
            for feature in collection["features"]
        ],
    }


DECODER_JS = """
function regiokaartDecodeRing(text, factor) {
    var points = [], index = 0, x = 0, y = 0;
    function next() {
        var result = 0, shift = 0, byte;
        do {
            byte = text.charCodeAt(index++) - 63;
            result |= (byte & 0x1f) << shift;
            shift += 5;
        } while (byte >= 0x20);
        return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    while (index < text.length) {
        x += next();
        y += next();
        points.push([x / factor, y / factor]);
    }
    return points;
}
function regiokaartDecode(data) {
    var factor = Math.pow(10, data.precision);
    function rings(list) {
        return list.map(function (r) { return regiokaartDecodeRing(r, factor); });
    }
    return {
        type: "FeatureCollection",
        features: data.features.map(function (f) {
            var coordinates = f.g.t === "Polygon" ? rings(f.g.r) : f.g.r.map(rings);
            return {type: "Feature", properties: f.p,
                    geometry: {type: f.g.t, coordinates: coordinates}};
        })
    };
}
"""
