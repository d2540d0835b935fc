"""The map's layer files as a page refers to them (lib.map.static_files)."""

from __future__ import annotations

import json
import re

from lib.map import static_files

_LAYER_URL = re.compile(
    re.escape(f'"url":"{static_files.URL_PREFIX}/{static_files.LAYERS}/') + r'([\w.-]+\.json)"'
)


def layer_files(text: str) -> list[dict]:
    """Every layer file ``text`` (a map page or component script) fetches, parsed, in order."""
    names = _LAYER_URL.findall(text.replace('": "', '":"'))
    folder = static_files.layers_dir()
    return [json.loads((folder / name).read_text(encoding="utf-8")) for name in names]
