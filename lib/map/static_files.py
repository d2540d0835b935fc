"""Files the app serves itself from ``static/`` (Streamlit's ``server.enableStaticServing``).

Nothing in ``static/`` is committed: Leaflet (:mod:`lib.map.leaflet_assets`) and the map's
layers are written there at run time. A layer's file is named by its content's SHA-256, so a
file never changes under its name: a browser may keep it, and a new build gets a new name.
"""

from __future__ import annotations

import hashlib
import json

from lib import browser_code
from lib.data.paths import REPO_ROOT
from lib.pinned import atomic

STATIC_DIR = REPO_ROOT / "static"
# streamlit-folium's frame is served at <app>/component/streamlit_folium.st_folium/index.html;
# relative to that page "../../app/static" is the app's static folder, also when the app itself
# lives under a path prefix.
URL_PREFIX = "../../app/static"
LAYERS = "map"  # the folder of the map's layers


class MapFilesUnavailable(RuntimeError):
    """A file the map's frame loads from ``static/`` cannot be served."""


def publish_layer(stem: str, text: str) -> str:
    """Write ``text`` (a layer as JSON) to ``static/map/<stem>-<hash>.json`` unless it is there
    already; return its URL as the map's frame reaches it."""
    return _publish(stem, "json", text)


def publish_loader(urls: list[str]) -> str:
    """The script that fetches ``urls`` (from :func:`publish_layer`) and defines
    ``regiokaartLoad(url)`` for the map's layers: its URL, for the map's scripts, before
    Leaflet."""
    # the loader (lib/map/js/loader.js), then the files to fetch at once, as JSON
    loader = browser_code.read("map/js/loader.js")
    return _publish("laden", "js", f"{loader}{json.dumps(urls)}.forEach(window.regiokaartLoad);\n")


def _publish(stem: str, suffix: str, text: str) -> str:
    data = text.encode("utf-8")
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"
    target = STATIC_DIR / LAYERS / name
    try:
        if not target.is_file() or target.stat().st_size != len(data):
            atomic.write_files({target: data})
    except OSError as error:
        raise MapFilesUnavailable(
            f"Cannot write the map file {name} into {target.parent} ({error}); the app's folder "
            "must be writable."
        ) from error
    return f"{URL_PREFIX}/{LAYERS}/{name}"
