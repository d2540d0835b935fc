"""Where municipality boundaries come from, and reading them into one common shape.

Two sources, both read into a :class:`geopandas.GeoDataFrame` in EPSG:31370 with the columns
``nis_code`` (five-digit text), ``name`` and ``geometry``, one row per municipality:

- ``pic`` (default): the simplified, topology-clean municipality layers of Provincies in Cijfers,
  pinned at one commit of their public repository; every file's SHA-256 is pinned below and
  checked before the file is read.
- ``statbel``: Statbel's statistical sectors of one year (zipped GeoJSON), dissolved to
  municipalities. Nothing can be pinned there, so the build validates the result instead. The
  field names differ between years and are detected (:func:`detect_statbel_fields`).

Only the Flemish Region and the Brussels-Capital Region are kept (the ``pic`` layers hold nothing
else); Brussels stays as context.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from lib.pinned.download import Fetcher, join
from lib.pinned.errors import ENV_URL, BoundaryError

SOURCES = ("pic", "statbel")
DEFAULT_SOURCE = "pic"
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

STATBEL_BASE_URL = (
    "https://statbel.fgov.be/sites/default/files/files/opendata/Statistische%20sectoren/"
)
FLEMISH_REGION = "02000"
BRUSSELS_REGION = "04000"

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
    2019: PicLayer("gemeente2024", "gemeente"),
    2025: PicLayer("gemeente", "geoitem"),
}


def default_base(source: str) -> str:
    """The base address used without ``--from``: ``$REGIOKAART_BOUNDARIES_URL`` for ``pic``."""
    if source == "pic":
        return os.environ.get(ENV_URL, "").strip() or PIC_BASE_URL
    return STATBEL_BASE_URL


def default_statbel_year(vintage: int) -> int:
    """The sector file whose municipalities are those of ``vintage`` (2019 → the 2024 file)."""
    return 2024 if vintage == 2019 else vintage


def statbel_file_name(year: int) -> str:
    return f"sh_statbel_statistical_sectors_31370_{year}0101.geojson.zip"


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


# --- pic ---------------------------------------------------------------------------------------


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


# --- statbel -----------------------------------------------------------------------------------

_STATBEL_FIELDS = {
    "code": (r"cnis5_(\d{4})", r"cd_munty_refnis"),
    "name": (r"t_mun_nl", r"tx_munty_descr_nl"),
    "region": (r"cnis_regio_(\d{4})", r"cd_rgn_refnis"),
}


def detect_statbel_fields(columns, year: int | None = None) -> dict[str, str]:
    """Map ``code``, ``name`` and ``region`` to the actual column names of a sector file.

    Accepts the 2025 schema (``CNIS5_2025``, ``T_MUN_NL``, ``CNIS_REGIO_2025``) and the older one
    (``cd_munty_refnis``, ``tx_munty_descr_nl``, ``cd_rgn_refnis``), in any letter case. Where a
    year-suffixed field occurs for several years, the one of ``year`` wins, else the latest.
    """
    found: dict[str, str] = {}
    for role, patterns in _STATBEL_FIELDS.items():
        candidates: list[tuple[int, str]] = []
        for column in columns:
            for pattern in patterns:
                match = re.fullmatch(pattern, str(column), flags=re.IGNORECASE)
                if match:
                    suffix = int(match.group(1)) if match.groups() else 0
                    rank = 10_000 if year is not None and suffix == year else suffix
                    candidates.append((rank, str(column)))
        if candidates:
            found[role] = max(candidates)[1]
    missing = [role for role in _STATBEL_FIELDS if role not in found]
    if missing:
        wanted = "; ".join(f"{role}: {' or '.join(_STATBEL_FIELDS[role])}" for role in missing)
        raise BoundaryError(
            "The Statbel sector file has no recognisable field for "
            f"{', '.join(missing)} (looked for {wanted}); its fields are "
            f"{', '.join(str(column) for column in columns)}."
        )
    return found


def load_statbel(
    year: int,
    base: str,
    workdir: Path,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
) -> gpd.GeoDataFrame:
    """Fetch Statbel's sectors of ``year`` and dissolve them to municipalities.

    ``base`` is a folder or address holding the zip under Statbel's own file name, or the zip
    itself (a location ending in ``.zip``).
    """
    fetcher = fetcher or Fetcher()
    report = progress or _noop
    name = statbel_file_name(year)
    location = base if base.lower().endswith(".zip") else join(base, name)
    report(f"Statistische sectoren {year} ophalen")
    target = workdir / name
    fetcher.fetch(location, target)
    report("Sectoren samenvoegen tot gemeenten")
    return read_statbel(target, year)


def read_statbel(zip_path: Path, year: int | None = None) -> gpd.GeoDataFrame:
    """Read a zipped sector GeoJSON, keep Flanders and Brussels, dissolve to municipalities."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".geojson")]
    except zipfile.BadZipFile as exc:
        raise BoundaryError(f"{zip_path.name} is not a valid zip file: {exc}.") from exc
    if len(members) != 1:
        raise BoundaryError(
            f"{zip_path.name} should hold exactly one .geojson file, it holds {len(members)}."
        )
    try:
        frame = gpd.read_file(f"/vsizip/{zip_path}/{members[0]}")
    except Exception as exc:  # pyogrio raises its own error types
        raise BoundaryError(f"Cannot read {members[0]} in {zip_path.name}: {exc}.") from exc
    fields = detect_statbel_fields([c for c in frame.columns if c != "geometry"], year)
    frame = _assume_lambert(frame)
    region = nis_codes(frame[fields["region"]])
    frame = frame[region.isin([FLEMISH_REGION, BRUSSELS_REGION])]
    if frame.empty:
        raise BoundaryError(
            f"{members[0]} holds no sectors of the Flemish ({FLEMISH_REGION}) or Brussels-Capital "
            f"({BRUSSELS_REGION}) Region in {fields['region']}."
        )
    sectors = _common_shape(frame, fields["code"], fields["name"])
    return dissolve(sectors)


def _assume_lambert(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Statbel's files are in Lambert 72; GDAL says WGS 84 when the ``crs`` member is absent."""
    if frame.crs is None:
        return frame.set_crs(LAMBERT72)
    if frame.crs.is_geographic and abs(frame.total_bounds).max() > 360:
        return frame.set_crs(LAMBERT72, allow_override=True)
    return frame


def dissolve(sectors: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One polygon per ``nis_code``: the union of its sectors, named after its first sector."""
    geometries = shapely.make_valid(sectors.geometry.values)
    rows = []
    for code, index in sectors.groupby("nis_code", sort=True).indices.items():
        merged = shapely.union_all(geometries[index])
        polygons = shapely.get_parts(merged)
        polygons = polygons[shapely.get_type_id(polygons) == shapely.GeometryType.POLYGON]
        if len(polygons) == 0:
            continue
        geometry = polygons[0] if len(polygons) == 1 else shapely.multipolygons(polygons)
        rows.append((code, sectors["name"].iloc[index[0]], geometry))
    frame = pd.DataFrame(rows, columns=["nis_code", "name", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=sectors.crs)
