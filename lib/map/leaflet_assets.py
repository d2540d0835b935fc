"""Serve Leaflet from the app itself instead of a public CDN.

folium points the browser at CDNs for Leaflet, jQuery, Bootstrap and Font Awesome; behind a
firewall that blocks any one of them streamlit-folium draws nothing. The map needs only
Leaflet's JS and CSS. They come from the package ``django-js-lib-leaflet`` (Leaflet 1.9.4,
installed with requirements.txt) and are copied at start-up (and by the boundary build) into
``static/leaflet/`` (:func:`lib.map.static_files.static_dir`), which Streamlit serves at
``app/static/leaflet/`` (``server.enableStaticServing``). Like the boundary files, every file is
checked against its pinned SHA-256 before it is served. Nothing of Leaflet is committed to this
repository.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from lib.map import static_files
from lib.pinned import atomic

FOLDER = "leaflet"  # in the static folder
SHA256 = {
    "leaflet.js": "db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a",
    "leaflet.css": "a7837102824184820dfa198d1ebcd109ff6d0ff9a2672a074b9a1b4d147d04c6",
    "images/layers.png": "1dbbe9d028e292f36fcba8f8b3a28d5e8932754fc2215b9ac69e4cdecf5107c6",
    "images/layers-2x.png": "066daca850d8ffbef007af00b06eac0015728dee279c51f3cb6c716df7c42edf",
    "images/marker-icon.png": "574c3a5cca85f4114085b6841596d62f00d7c892c7b03f28cbfa301deb1dc437",
    "images/marker-icon-2x.png": "00179c4c1ee830d3a108412ae0d294f55776cfeb085c60129a39aa6fc4ae2528",
    "images/marker-shadow.png": "264f5c640339f042dd729062cfc04c17f8ea0f29882b538e3848ed8f10edb4da",
}
"""The pinned files of Leaflet 1.9.4 (relative to the package's folder) and their SHA-256."""

# streamlit-folium loads these inside its component iframe (see lib.map.static_files)
URL_PREFIX = f"{static_files.URL_PREFIX}/leaflet"
JS_URL = f"{URL_PREFIX}/leaflet.js"
CSS_URL = f"{URL_PREFIX}/leaflet.css"


class LeafletAssetsMissing(static_files.MapFilesUnavailable):
    """Leaflet's files are not there as pinned, so the map cannot be served offline-safe."""


def package_dir() -> Path:
    try:
        root = resources.files("js_lib_leaflet")
    except ModuleNotFoundError as error:
        raise LeafletAssetsMissing(
            "The package django-js-lib-leaflet is not installed (pip install -r requirements.txt)."
        ) from error
    return Path(str(root)) / "static" / "js_lib_leaflet"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def static_dir() -> Path:
    """Where Leaflet is served from: ``leaflet/`` in the app's static folder."""
    return static_files.static_dir() / FOLDER


def ensure_assets(target: Path | None = None) -> Path:
    """Copy Leaflet's JS, CSS and images into ``target`` (default :func:`static_dir`) unless
    already there as pinned.

    Raises :class:`LeafletAssetsMissing` when the package is missing or one of its files is not
    the pinned version (then nothing is copied), and
    :class:`lib.map.static_files.StaticFolderNotWritable` when the folder cannot be written.
    """
    target = static_dir() if target is None else target
    missing = {
        name: expected
        for name, expected in SHA256.items()
        if not ((target / name).is_file() and _sha256((target / name).read_bytes()) == expected)
    }
    if not missing:
        return target  # already there as pinned: nothing to read or write (a read-only folder)
    source = package_dir()
    changed = {}
    for name, expected in missing.items():
        try:
            data = (source / name).read_bytes()
        except OSError as error:
            raise LeafletAssetsMissing(
                f"Leaflet's {name} is missing from {source} ({error}); reinstall the app's "
                "requirements (pip install -r requirements.txt)."
            ) from error
        if _sha256(data) != expected:
            raise LeafletAssetsMissing(
                f"{source / name} is not the pinned Leaflet 1.9.4 file (SHA-256 {_sha256(data)}, "
                f"expected {expected}), so the map is not served with it. Reinstall the app's "
                "requirements (pip install -r requirements.txt)."
            )
        changed[target / name] = data
    try:
        atomic.write_files(changed)
    except OSError as error:
        if static_files.not_writable(error):
            raise static_files.StaticFolderNotWritable("Leaflet", target, error) from error
        raise LeafletAssetsMissing(
            f"Cannot copy Leaflet into {target} ({error}); the app's folder must be writable."
        ) from error
    return target
