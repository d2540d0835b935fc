"""The pinned municipality shapefiles: where they live, their SHA-256 sums, fetching them.

The simplified, topology-clean municipality layers of Provincies in Cijfers (from Statbel's
statistical sectors), pinned at one commit of their public repository. Every file's SHA-256 is
pinned here and checked before the file is used; a mirror (``--from`` or
``$REGIOKAART_BOUNDARIES_URL``, a folder or an address holding the same files) is checked against
the same sums. Reading a fetched layer is the boundary build's job (lib.boundaries.geometry).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lib.pinned.download import Fetcher, join
from lib.pinned.errors import ENV_URL

Progress = Callable[[str], None]
"""Receives short Dutch status messages while something is fetched or built."""

PIC_REPOSITORY = "provinciesincijfers/gebiedsniveaus"
PIC_COMMIT = "3b1b6d8d3548e495f597db134f437f0d08898535"
PIC_BASE_URL = (
    f"https://raw.githubusercontent.com/{PIC_REPOSITORY}/{PIC_COMMIT}/data_voor_swing/shapefiles/"
)
PIC_EXTENSIONS = ("shp", "shx", "dbf", "prj", "cpg")
PIC_SHA256 = {
    "gemeente.cpg": "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    "gemeente.dbf": "836ef363f5133127a3fe9f69e7b7fbf893f505bb01c945128cfe32cbb8e949be",
    "gemeente.prj": "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2",
    "gemeente.shp": "4c895eb6679cf17e645486c017ddb589152d58b68f999b4096e2084d99d69d31",
    "gemeente.shx": "755629a3eb848247b6f15b5c9ff837c5e1adf68d65fb3e8d829a24a2b168247c",
    "gemeente2024.cpg": "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    "gemeente2024.dbf": "4a4965fd1b60bb061181a675b4b1898a41c1485a76dc7b856c80775fa27a966f",
    "gemeente2024.prj": "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2",
    "gemeente2024.shp": "3231a6dee250fd30c0cd03c6e7e3b0a87611873e99583d741711f0f9750a2499",
    "gemeente2024.shx": "aa3b55fc1bf80a53b0118b008877373a227a21de8c78ac31bc34bc6d071a4783",
}

ATTRIBUTION = (
    "Geometry: Statbel (statistical sectors, Statbel open data licence); "
    "simplified municipality layers: Provincies in Cijfers"
)


@dataclass(frozen=True)
class PicLayer:
    """One shapefile of the pinned folder: its name and the field holding the REFNIS code."""

    layer: str
    code_field: str
    name_field: str = "naam"

    def files(self) -> list[str]:
        return [f"{self.layer}.{ext}" for ext in PIC_EXTENSIONS]


GEMEENTE = PicLayer("gemeente", "geoitem")
"""The municipalities since the mergers of 1 January 2025."""
GEMEENTE_2024 = PicLayer("gemeente2024", "gemeente")
"""The municipalities of 2024 (the same since 2019)."""


def default_base() -> str:
    """The base address used without ``--from``: ``$REGIOKAART_BOUNDARIES_URL`` or the pin."""
    return os.environ.get(ENV_URL, "").strip() or PIC_BASE_URL


def fetch_layer(
    layer: PicLayer,
    base: str,
    workdir: Path,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
) -> Path:
    """Fetch and verify every file of ``layer`` from ``base`` into ``workdir``; the .shp path."""
    fetcher = fetcher or Fetcher()
    names = layer.files()
    for number, name in enumerate(names, start=1):
        if progress is not None:
            progress(f"Gemeentegrenzen ophalen ({number}/{len(names)}): {name}")
        fetcher.fetch(join(base, name), workdir / name, sha256=PIC_SHA256[name])
    return workdir / f"{layer.layer}.shp"
