"""The dashboard in Debian's Chromium, against a real `streamlit run`, other hosts blocked.

Set REGIOKAART_UPDATE_SCREENSHOTS=1 to refresh the README's screenshots in docs/screenshots/.
"""

from __future__ import annotations

import pytest
import yaml

from lib.map.encoding import (
    DECODER_JS,
    decode_page_collection,
    encode_collection,
    page_collection,
)
from tests.support.chromium import wait_for_app
from tests.support.screenshots import save_screenshot
from tests.support.streamlit_server import REPO_ROOT

pytestmark = pytest.mark.browser


def breakthrough_titles() -> dict[str, str]:
    with open(REPO_ROOT / "data" / "breakthroughs.yaml", encoding="utf-8") as handle:
        items = yaml.safe_load(handle)["breakthroughs"]
    return {item["id"]: item["title"] for item in items}


def test_the_decoder_restores_holes_multipolygons_and_negative_coordinates(page) -> None:
    """DECODER_JS itself, in Chromium, on shapes the real map does not have, at 5 and 6 places."""
    square = [[4.0, 51.0], [4.1, 51.0], [4.1, 51.1], [4.0, 51.1], [4.0, 51.0]]
    hole = [[4.02, 51.02], [4.02, 51.05], [4.05, 51.05], [4.05, 51.02], [4.02, 51.02]]
    west = [[-0.5, -33.9], [-0.25, -33.9], [-0.25, -33.75], [-0.5, -33.9]]
    fine = [[4.123456, 51.654321], [4.2, 51.1], [4.123456, 51.654321]]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "a"},
                "geometry": {"type": "Polygon", "coordinates": [square, hole]},
            },
            {
                "type": "Feature",
                "properties": {"id": "b"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[square, hole], [west]]},
            },
        ],
    }
    decode = f"(encoded) => {{ {DECODER_JS}\n return regiokaartDecode(encoded); }}"
    for precision in (5, 6):
        layer = encode_collection(collection, ["id"], precision=precision)
        encoded = page_collection(layer, ["id"])
        assert page.evaluate(decode, encoded) == collection == decode_page_collection(encoded)
    # a name that follows from an id travels once per id, and a missing id has no name
    named = {
        "features": [
            {"properties": {"id": "a", "name": "Één"}, "geometry": polygon}
            for polygon in ({"type": "Polygon", "coordinates": [square]},) * 2
        ]
        + [
            {
                "properties": {"id": None, "name": None},
                "geometry": {"type": "Polygon", "coordinates": [west]},
            }
        ]
    }
    encoded = page_collection(encode_collection(named, ["id", "name"], 5), ["id"], {"name": "id"})
    assert encoded["derived"] == {"name": ["id", {"a": "Één", "null": None}]}
    shown = [f["properties"] for f in page.evaluate(decode, encoded)["features"]]
    assert shown == [{"id": "a", "name": "Één"}] * 2 + [{"id": None, "name": None}]
    polygon = {"type": "Polygon", "coordinates": [fine]}
    layer = encode_collection({"features": [{"properties": {}, "geometry": polygon}]}, [], 6)
    (decoded,) = page.evaluate(decode, page_collection(layer, []))["features"]
    assert decoded["geometry"]["coordinates"] == [fine]


def test_breakthroughs_filtered_by_theme_from_the_address(page, app_url, screenshot_dir) -> None:
    titles = breakthrough_titles()
    page.goto(f"{app_url}/doorbraken?thema=mobiliteit")
    wait_for_app(page)
    page.get_by_text("3 van 12 doorbraken").wait_for()
    main = page.get_by_test_id("stMain")
    for shown in (
        "denderregio-socio-economie",
        "kempen-buurtmobiliteit",
        "rivierenland-vrachtwagenparkeren",
    ):
        assert main.get_by_role("heading", name=titles[shown]).is_visible()
    for hidden in ("neteland-rechtspositieregeling", "rivierenland-geestelijke-gezondheidszorg"):
        assert main.get_by_role("heading", name=titles[hidden]).count() == 0
    save_screenshot(page, screenshot_dir, "doorbraken", readme=True)
