"""Quantised, delta-encoded polygons: the map's GeoJSON in a third of the bytes.

Each ring is written with the Encoded Polyline Algorithm (coordinates scaled to integers,
then zig-zag deltas in base-64 characters), so a vertex costs a few characters instead of
twenty. The map decodes it in the browser (see ``DECODER_JS``) back to ordinary GeoJSON
before Leaflet draws it. The page gets each layer in a shorter, columnar form
(:func:`page_collection`). ``decode_*`` mirror the JavaScript for tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from lib import browser_code

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


def page_collection(
    layer: dict, keys: Sequence[str], derived: Mapping[str, str] | None = None
) -> dict:
    """A layer of :func:`encode_collection` in the shorter form the page carries.

    Property names are listed once (``keys``) and each feature is an array: its values in that
    order, then its rings (a list of polyline strings for a Polygon, a list of such lists for a
    MultiPolygon). A property in ``derived`` (name → key property) follows from another one, a
    name from an id say: it travels once per id in a table, not once per feature. About a
    quarter fewer bytes than the layer itself, and nothing to escape in repeated keys.
    """
    derived = dict(derived or {})
    tables: dict[str, dict] = {name: {} for name in derived}
    features = []
    for feature in layer["features"]:
        properties = feature["p"]
        for name, key in derived.items():
            table, value = tables[name], properties.get(name)
            if table.setdefault(properties.get(key), value) != value:
                raise ValueError(
                    f"property {name!r} does not follow from {key!r}: "
                    f"{properties.get(key)!r} has {table[properties.get(key)]!r} and {value!r}"
                )
        features.append([*(properties.get(key) for key in keys), feature["g"]["r"]])
    return {
        "precision": layer["precision"],
        "keys": list(keys),
        # JSON objects need string keys: a missing key (Brussels has no region) is "null"
        "derived": {
            name: [key, {json_key(k): v for k, v in tables[name].items()}]
            for name, key in derived.items()
        },
        "features": features,
    }


def json_key(value: object) -> str:
    """``value`` as JavaScript turns it into an object key: None → "null"."""
    return "null" if value is None else str(value)


def decode_page_collection(data: dict) -> dict:
    """Python mirror of the page's ``regiokaartDecode``: a page collection → GeoJSON."""
    features = []
    for entry in data["features"]:
        *values, rings = entry
        properties = dict(zip(data["keys"], values, strict=True))
        for name, (key, table) in data["derived"].items():
            properties[name] = table.get(json_key(properties[key]))
        polygon = bool(rings) and isinstance(rings[0], str)
        encoded = {"t": "Polygon" if polygon else "MultiPolygon", "r": rings}
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": decode_geometry(encoded, data["precision"]),
            }
        )
    return {"type": "FeatureCollection", "features": features}


# The page's decoder (regiokaartDecode, regiokaartDecodeRing), mirrored above in Python.
DECODER_JS = browser_code.read("map/js/decoder.js")
