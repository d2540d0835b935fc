"""Files the app serves itself from ``static/`` (Streamlit's ``server.enableStaticServing``).

Nothing in ``static/`` is committed: Leaflet (:mod:`lib.map.leaflet_assets`) and the map's
layers are written there at run time. A layer's file is named by its content's SHA-256, so a
file never changes under its name: a browser may keep it, and a new build gets a new name.
"""

from __future__ import annotations

import hashlib
import json

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


# The map's first script (streamlit-folium loads its scripts one after the other, Leaflet next):
# it starts fetching the layers at once, so they arrive while Leaflet loads, and gives the map's
# layers one promise per file (``regiokaartLoad``).
_LOADER = """// Regiokaart: fetch the map's layer files while Leaflet loads (lib.map.static_files).
window.regiokaartLoad = function (url) {
    var files = window.regiokaartFiles = window.regiokaartFiles || {};
    if (!files[url]) {
        files[url] = fetch(url).then(function (response) {
            if (!response.ok) { throw new Error("HTTP " + response.status); }
            return response.json();
        });
    }
    return files[url];
};
%s.forEach(window.regiokaartLoad);
"""


def publish_layer(stem: str, text: str) -> str:
    """Write ``text`` (a layer as JSON) to ``static/map/<stem>-<hash>.json`` unless it is there
    already; return its URL as the map's frame reaches it."""
    return _publish(stem, "json", text)


def publish_loader(urls: list[str]) -> str:
    """The script that fetches ``urls`` (from :func:`publish_layer`) and defines
    ``regiokaartLoad(url)`` for the map's layers: its URL, for the map's scripts, before
    Leaflet."""
    return _publish("laden", "js", _LOADER % json.dumps(urls))


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
