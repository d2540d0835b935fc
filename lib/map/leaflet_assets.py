"""Serve Leaflet from the app itself instead of a public CDN.

folium points the browser at CDNs for Leaflet, jQuery, Bootstrap and Font Awesome; behind a
firewall that blocks any one of them streamlit-folium draws nothing. The map needs only
Leaflet's JS and CSS. They come from the PyPI package ``django-js-lib-leaflet`` (Leaflet 1.9.4,
installed with requirements.txt) and are copied at start-up into ``static/leaflet/``, which
Streamlit serves at ``app/static/leaflet/`` (``server.enableStaticServing``). Nothing of Leaflet
is committed to this repository.
"""

from __future__ import annotations

import filecmp
from importlib import resources
from pathlib import Path

from lib.data.paths import REPO_ROOT
from lib.pinned import atomic

STATIC_DIR = REPO_ROOT / "static" / "leaflet"
FILES = ("leaflet.js", "leaflet.css")
IMAGES = (
    "layers.png",
    "layers-2x.png",
    "marker-icon.png",
    "marker-icon-2x.png",
    "marker-shadow.png",
)

# streamlit-folium loads these inside its component iframe, served at
# <app>/component/streamlit_folium.st_folium/index.html; relative to that page, "../../app/static"
# is the app's static folder, also when the app itself lives under a path prefix.
URL_PREFIX = "../../app/static/leaflet"
JS_URL = f"{URL_PREFIX}/leaflet.js"
CSS_URL = f"{URL_PREFIX}/leaflet.css"


class LeafletAssetsMissing(RuntimeError):
    """The Leaflet package is not installed, so the map cannot be served offline-safe."""


def package_dir() -> Path:
    try:
        root = resources.files("js_lib_leaflet")
    except ModuleNotFoundError as error:
        raise LeafletAssetsMissing(
            "The package django-js-lib-leaflet is not installed (pip install -r requirements.txt)."
        ) from error
    return Path(str(root)) / "static" / "js_lib_leaflet"


def ensure_assets(target: Path = STATIC_DIR) -> Path:
    """Copy Leaflet's JS, CSS and images into ``target`` unless already there and identical."""
    source = package_dir()
    wanted = [(source / name, target / name) for name in FILES]
    wanted += [(source / "images" / name, target / "images" / name) for name in IMAGES]
    changed = {
        dst: src.read_bytes()
        for src, dst in wanted
        if not (dst.exists() and filecmp.cmp(src, dst, shallow=False))
    }
    try:
        atomic.write_files(changed)
    except OSError as error:
        raise LeafletAssetsMissing(
            f"Cannot copy Leaflet into {target} ({error}); the app's folder must be writable."
        ) from error
    return target
