"""Files the app serves itself from ``static/`` (Streamlit's ``server.enableStaticServing``).

Nothing in ``static/`` is committed: Leaflet (:mod:`lib.map.leaflet_assets`) and the map's
layers are written there at run time, and by ``python -m lib.boundaries build`` (so that a
deployment whose app folder is read-only serves what its build published). A layer's file is
named by its content's SHA-256, so a file never changes under its name: a browser may keep it,
and a new build gets a new name. Publishing a map removes the files of its earlier builds (same
stem, other hash): the folder holds one version of each map, however often the data change.

Streamlit serves the ``static/`` folder beside the script it runs (``app.py``);
``$REGIOKAART_STATIC_DIR`` names another folder to write into, for a server that runs a copy of
the app elsewhere (the tests do, so that nothing is written into the checkout).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
from pathlib import Path

from lib import browser_code
from lib.data.paths import REPO_ROOT
from lib.pinned import atomic

STATIC_DIR_ENV = "REGIOKAART_STATIC_DIR"
# streamlit-folium's frame is served at <app>/component/streamlit_folium.st_folium/index.html;
# relative to that page "../../app/static" is the app's static folder, also when the app itself
# lives under a path prefix.
URL_PREFIX = "../../app/static"
LAYERS = "map"  # the folder of the map's layers
BUILD_COMMAND = "python -m lib.boundaries build --vintage all"


def static_dir() -> Path:
    """The folder Streamlit serves at ``app/static``: ``$REGIOKAART_STATIC_DIR`` when set, else
    the repository's ``static/``."""
    override = os.environ.get(STATIC_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else REPO_ROOT / "static"


def layers_dir() -> Path:
    """Where the map's layer files and their loaders are written."""
    return static_dir() / LAYERS


def not_writable(error: OSError) -> bool:
    """Whether ``error`` says the folder may not be written (permissions, a read-only mount)."""
    return error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)


class MapFilesUnavailable(RuntimeError):
    """A file the map's frame loads from ``static/`` cannot be served."""


class StaticFolderNotWritable(MapFilesUnavailable):
    """The app cannot write into its static folder (a read-only deployment), and the file it
    needs was not published there beforehand by the boundary build."""

    def __init__(self, what: str, folder: Path, error: OSError) -> None:
        super().__init__(
            f"Cannot write {what} into {folder} ({error}): the folder is not writable. Run "
            f"`{BUILD_COMMAND}` where it is writable (it publishes the map's files there too), "
            f"or make it writable, or point {STATIC_DIR_ENV} at the folder Streamlit serves."
        )


def publish_layer(stem: str, text: str) -> str:
    """Write ``text`` (a layer as JSON) to ``static/map/<stem>-<hash>.json`` unless it is there
    already; return its URL as the map's frame reaches it. Earlier files of ``stem`` go."""
    return _publish(stem, "json", text)


MAP_SCRIPTS = (
    "decoder.js",
    "layer.js",
    "legend.js",
    "labels.js",
    "view.js",
    "controls.js",
    "division_borders.js",  # the division layer's (its group only calls it)
)
"""The map's own scripts (``lib/map/js``), each defining functions on ``window`` that the map's
elements (lib.map.elements) call. They travel in the loader file (:func:`publish_loader`), which
the map's frame loads before Leaflet and the browser keeps, so no run's message carries them."""


def map_scripts() -> str:
    """The text of :data:`MAP_SCRIPTS`, in order (read once: :func:`lib.browser_code.read`)."""
    return "\n".join(browser_code.read(f"map/js/{name}") for name in MAP_SCRIPTS)


def publish_loader(urls: list[str], stem: str = "laden") -> str:
    """The script that fetches ``urls`` (from :func:`publish_layer`), defines
    ``regiokaartLoad(url)`` for the map's layers and then the map's own scripts
    (:data:`MAP_SCRIPTS`): its URL, for the map's frame, before Leaflet. Earlier loaders of
    ``stem`` go."""
    # the loader (lib/map/js/loader.js) and the files to fetch at once, as JSON, first: the
    # fetches start before the browser reads the rest
    loader = browser_code.read("map/js/loader.js")
    text = f"{loader}{json.dumps(urls)}.forEach(window.regiokaartLoad);\n{map_scripts()}\n"
    return _publish(stem, "js", text)


def publish_map(vintage: int, municipality_layer: str, outline_layer: str) -> tuple[str, ...]:
    """The three files of one vintage's map (lib.map.artifact's ``municipality_layer`` and
    ``outline_layer``): (municipalities, outlines, loader) URLs. The app and the boundary build
    both publish through here, so a build publishes exactly what the app serves."""
    municipalities = publish_layer(f"gemeenten-{vintage}", municipality_layer)
    outlines = publish_layer(f"regiogrenzen-{vintage}", outline_layer)
    loader = publish_loader([municipalities, outlines], f"laden-{vintage}")
    return municipalities, outlines, loader


def _publish(stem: str, suffix: str, text: str) -> str:
    data = text.encode("utf-8")
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"
    folder = layers_dir()
    target = folder / name
    try:
        if not target.is_file() or target.stat().st_size != len(data):
            atomic.write_files({target: data})
    except OSError as error:
        if not_writable(error):
            raise StaticFolderNotWritable(f"the map file {name}", folder, error) from error
        raise MapFilesUnavailable(
            f"Cannot write the map file {name} into {folder} ({error}); the app's folder "
            "must be writable."
        ) from error
    _remove_earlier(folder, stem, suffix, keep=name)
    return f"{URL_PREFIX}/{LAYERS}/{name}"


def _remove_earlier(folder: Path, stem: str, suffix: str, keep: str) -> None:
    """Remove the files of ``stem`` other than ``keep``: earlier builds no page asks for now.

    A read-only folder keeps them (there is nothing to clean up that the app wrote)."""
    earlier = re.compile(rf"{re.escape(stem)}-[0-9a-f]{{16}}\.{re.escape(suffix)}")
    for path in folder.iterdir():
        if path.name != keep and earlier.fullmatch(path.name):
            with contextlib.suppress(OSError):
                path.unlink()
