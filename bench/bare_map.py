"""Baseline for the benchmark: the same municipalities drawn with plain folium + st_folium.

It loads Leaflet from the same self-hosted files (bench/static/leaflet) so that it can draw
on a closed network, and prints the clicked feature, nothing else.
"""

import json
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from lib.data import paths
from lib.map import leaflet_assets

leaflet_assets.ensure_assets(Path(__file__).parent / "static" / "leaflet")


@st.cache_resource
def layer(data_dir: str) -> dict:
    """The built GeoJSON of the 2025 municipalities, as it is."""
    return json.loads(paths.boundaries_path(2025, Path(data_dir)).read_bytes())


fmap = folium.Map(location=[51.0, 4.4], zoom_start=8, tiles=None)
fmap.default_js = [("leaflet", leaflet_assets.JS_URL)]
fmap.default_css = [("leaflet_css", leaflet_assets.CSS_URL)]
folium.GeoJson(layer(str(paths.data_dir()))).add_to(fmap)
value = st_folium(
    fmap, key="bare", height=430, use_container_width=True, returned_objects=["last_active_drawing"]
)
feature = (value or {}).get("last_active_drawing") or {}
st.write("clicked", (feature.get("properties") or {}).get("region_id"))
