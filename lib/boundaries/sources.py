"""Where municipality boundaries come from, and reading them into one common shape.

The simplified, topology-clean municipality layers of Provincies in Cijfers, pinned at one commit
of their public repository; every file's SHA-256 is pinned below and checked before the file is
read. They hold the Flemish Region and the Brussels-Capital Region (kept as context), read into a
:class:`geopandas.GeoDataFrame` in EPSG:31370 with the columns ``nis_code`` (five-digit text),
``name`` and ``geometry``, one row per municipality.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from lib.data import vintages
from lib.pinned.download import Fetcher, join
from lib.pinned.errors import ENV_URL, BoundaryError

LAMBERT72 = "EPSG:31370"

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

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PicLayer:
    layer: str
    code_field: str

    def files(self) -> list[str]:
        return [f"{self.layer}.{ext}" for ext in PIC_EXTENSIONS]


PIC_LAYERS = {
    vintages.BEFORE.year: PicLayer("gemeente2024", "gemeente"),
    vintages.AFTER.year: PicLayer("gemeente", "geoitem"),
}


def default_base() -> str:
    """The base address used without ``--from``: ``$REGIOKAART_BOUNDARIES_URL`` or the pin."""
    return os.environ.get(ENV_URL, "").strip() or PIC_BASE_URL


def _noop(_: str) -> None:
    return None


def nis_codes(values: pd.Series) -> pd.Series:
    """REFNIS codes as five-digit text, whether the file stores them as text or numbers."""
    text = values.astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    return text.str.zfill(5)


def _common_shape(frame: gpd.GeoDataFrame, code: str, name: str) -> gpd.GeoDataFrame:
    result = gpd.GeoDataFrame(
        {"nis_code": nis_codes(frame[code]), "name": frame[name].astype(str).str.strip()},
        geometry=frame.geometry.values,
        crs=frame.crs,
    )
    return result.to_crs(LAMBERT72) if result.crs is not None else result.set_crs(LAMBERT72)


def load_pic(
    vintage: int,
    base: str,
    workdir: Path,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
) -> gpd.GeoDataFrame:
    """Fetch, verify and read the pinned Provincies in Cijfers layer of ``vintage``."""
    layer = PIC_LAYERS[vintage]
    fetcher = fetcher or Fetcher()
    report = progress or _noop
    names = layer.files()
    for number, name in enumerate(names, start=1):
        report(f"Gemeentegrenzen ophalen ({number}/{len(names)}): {name}")
        fetcher.fetch(join(base, name), workdir / name, sha256=PIC_SHA256[name])
    return read_pic(workdir / f"{layer.layer}.shp", layer.code_field)


def read_pic(shp: Path, code_field: str) -> gpd.GeoDataFrame:
    """Read one (already verified) Provincies in Cijfers shapefile."""
    try:
        frame = gpd.read_file(shp)
    except Exception as exc:  # pyogrio raises its own error types
        raise BoundaryError(f"Cannot read {shp.name}: {exc}.") from exc
    missing = [field for field in (code_field, "naam") if field not in frame.columns]
    if missing:
        raise BoundaryError(
            f"{shp.name} lacks the field(s) {', '.join(missing)}; "
            f"it has {', '.join(map(str, frame.columns))}."
        )
    return _common_shape(frame, code_field, "naam")
