"""The other divisions in the app: cached tables and scores, the map's layer choice, the overlay.

Everything expensive happens once: the tables are downloaded and cached by
``lib.divisions.tables``, the shared municipality borders are built with the 2025 map by the
boundary build (``lib.boundaries.borders``; read with ``lib.map.borders``), and the scores and
each kind's overlay are computed once per version of their inputs (``st.cache_resource``, keyed
by file fingerprints). A failed download is remembered for a while for every session
(:func:`lib.app.failure.remembered`), so that offline no page waits for it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import folium
import pandas as pd
import streamlit as st

from lib.app import failure, store
from lib.app.kaart_state import NO_LAYER
from lib.data import paths, vintages
from lib.divisions import tables as division_tables
from lib.divisions.errors import DivisionError
from lib.divisions.report import DUTCH_COLUMNS, dutch_rows, score_cache
from lib.divisions.scores import Alignment
from lib.divisions.sources import CREDIT, KIND_BY_ID, KINDS
from lib.map import borders as municipality_borders
from lib.map import division_overlay
from lib.pinned.errors import PinnedError

LAYER_OPTIONS = (NO_LAYER, *(kind.id for kind in KINDS))
CROSSING_NOTE = "ligt in meer dan één referentieregio"
ONLY_2025 = (
    f"De andere indelingen bestaan alleen voor de gemeenten {vintages.AFTER.label}: kies de "
    f"indeling '{vintages.AFTER.label}' om ze op de kaart te zien."
)
UNAVAILABLE = (
    "**De andere indelingen zijn even niet beschikbaar**: de tabellen van Provincies in Cijfers "
    "konden niet worden opgehaald of gecontroleerd. De rest van Regiokaart werkt gewoon. Voor "
    "wie de app beheert: start haar één keer met internettoegang, of lees de tabellen uit een "
    "lokale kopie met `python -m lib.divisions report --from <map of adres>` of via de "
    "omgevingsvariabele `REGIOKAART_DIVISIONS_URL`."
)


def layer_label(option: str) -> str:
    return "Geen" if option == NO_LAYER else KIND_BY_ID[option].short_label


@dataclass(frozen=True)
class AppAlignment:
    """The scores with what the pages need to show them."""

    alignment: Alignment
    assignment: dict[str, dict[str, str]]  # kind → nis_code → division_id
    names: dict[str, dict[str, str]]  # kind → division_id → name
    municipalities: dict[str, str]  # nis_code → name (2025)
    region_names: dict[str, str]  # region_id → name

    @property
    def has_border_share(self) -> bool:
        return all(score.border_share is not None for score in self.alignment.kinds.values())


# --- downloads, with failures remembered -------------------------------------------------------


def _tables_key(data_dir: Path) -> tuple:
    return ("division tables", str(data_dir))


def forget_failure(data_dir: Path) -> None:
    """Let the next attempt download again at once (the retry button)."""
    failure.forget(_tables_key(data_dir))


def ensure_tables(data_dir: Path, progress=None) -> None:
    """Make sure the division cache exists; raises PinnedError (remembered for a while)."""

    def attempt() -> None:
        cache = paths.divisions_path(data_dir)
        if cache.exists():
            _checked_cache(str(data_dir), _stamp(cache))
        else:
            division_tables.ensure_tables(data_dir, progress=progress)

    failure.remembered(_tables_key(data_dir), attempt, what="division tables", wrap=DivisionError)


def _stamp(path: Path) -> tuple:
    return (path.stat().st_size, path.stat().st_mtime_ns) if path.exists() else ()


@st.cache_resource(show_spinner=False, max_entries=4)
def _checked_cache(data_dir: str, stamp: tuple) -> str:
    """An existing cache is checked (and rebuilt if not of the pinned files) once per version."""
    return str(division_tables.ensure_tables(Path(data_dir)))


@st.cache_resource(show_spinner=False, max_entries=4)
def _alignment(data_dir: str, data_stamp: tuple, tables_stamp: tuple, borders_stamp: tuple):
    folder = Path(data_dir)
    ds = store.dataset(folder)
    rows = ds.rows(vintages.DEFAULT)
    regions = dict(zip(rows["nis_code"], rows["region_id"], strict=True))
    municipalities = dict(zip(rows["nis_code"], rows["municipality"], strict=True))
    pairs = municipality_borders.load_borders(folder).pairs() if borders_stamp else None
    checked, scored = score_cache(folder, regions, municipalities, pairs)
    return AppAlignment(
        alignment=scored,
        assignment={kind: dict(table.assignment) for kind, table in checked.items()},
        names={kind: dict(table.names) for kind, table in checked.items()},
        municipalities=municipalities,
        region_names={profile.id: profile.name for profile in ds.regions},
    )


def _borders_stamp(data_dir: Path) -> tuple:
    """The shared borders' version; whether they are current is borders_ready's concern."""
    return _stamp(paths.municipality_borders_path(data_dir))


def alignment(data_dir: Path, progress=None) -> AppAlignment:
    """The checked tables and every score; raises PinnedError when they are unavailable.

    The border share of each kind is included when the shared borders have been built (see
    :func:`borders_ready`), else it is None.
    """
    ensure_tables(data_dir, progress)
    return _alignment(
        str(data_dir),
        store.fingerprint(data_dir),
        _stamp(paths.divisions_path(data_dir)),
        _borders_stamp(data_dir),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def _borders_match(data_dir: str, boundary_stamp: tuple, borders_stamp: tuple) -> bool:
    return municipality_borders.is_current(Path(data_dir))


def borders_ready(data_dir: Path) -> bool:
    """Whether the shared borders of the 2025 map are built (the boundary build writes them
    with the map; see lib.boundaries.borders). Checked once per version of the two files."""
    boundary = paths.map_artifact_path(vintages.DEFAULT, data_dir)
    if not boundary.is_file():
        return False
    return _borders_match(str(data_dir), _stamp(boundary), _borders_stamp(data_dir))


# --- the map layer -----------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=16)
def _overlay_json(data_dir: str, kind: str, stamps: tuple) -> str:
    folder = Path(data_dir)
    current = alignment(folder)
    crossing = {d.division_id for d in current.alignment.divisions[kind] if not d.nested}
    collection = division_overlay.overlay_collection(
        municipality_borders.load_borders(folder),
        current.assignment[kind],
        current.names[kind],
        crossing,
    )
    return division_overlay.overlay_json(collection)


def overlay_group(data_dir: Path, kind: str) -> folium.FeatureGroup:
    """The chosen kind's borders as a feature group for st_folium (built once per version).

    Needs the tables (:func:`alignment`) and the shared borders (:func:`borders_ready`).
    """
    stamps = (
        store.fingerprint(data_dir),
        _stamp(paths.divisions_path(data_dir)),
        _stamp(paths.municipality_borders_path(data_dir)),
    )
    chosen = KIND_BY_ID[kind]
    return division_overlay.overlay_group(
        _overlay_json(str(data_dir), kind, stamps), chosen.label, chosen.singular, CROSSING_NOTE
    )


def overlay_caption(current: AppAlignment, kind: str) -> str:
    """One line under the map: what the lines mean, and how many divisions cross."""
    score = current.alignment.kinds[kind]
    label = KIND_BY_ID[kind].label.lower()
    crossing = score.divisions - score.nested
    return (
        f"Zwarte lijn: grens tussen twee {label}; rode stippellijn: grens van een gebied dat "
        f"over een regiogrens heen loopt ({crossing} van de {score.divisions}). Beweeg over een "
        f"lijn of een gemeente voor de namen. Bron: {CREDIT}."
    )


def report_csv(current: Alignment) -> bytes:
    """The report's table (``python -m lib.divisions report``) as a CSV that Excel opens well.

    Same rows as the command line, with Dutch column names and values (``DUTCH_COLUMNS``);
    semicolons and a byte-order mark, as the other downloads of Regiokaart, for Excel with
    Belgian settings.
    """
    frame = pd.DataFrame(dutch_rows(current), columns=list(DUTCH_COLUMNS.values()))
    return frame.to_csv(index=False, sep=";").encode("utf-8-sig")


@dataclass(frozen=True)
class MapOverlay:
    """What the map shows for the layer choice: feature groups to add, and a line to say."""

    groups: tuple[folium.FeatureGroup, ...] = ()
    caption: str | None = None  # shown under the map
    unavailable: bool = False  # the division tables (or the map's borders) could not be had


def map_overlay(data_dir: Path, layer: str, vintage: int, progress=None) -> MapOverlay:
    """The chosen layer for the map of ``vintage``; the base map must be built already."""
    if layer == NO_LAYER:
        return MapOverlay()
    if vintage != vintages.DEFAULT:
        return MapOverlay(caption=ONLY_2025)
    try:
        current = alignment(data_dir, progress)
    except PinnedError:
        return MapOverlay(unavailable=True)
    if not borders_ready(data_dir):
        try:  # missing or stale: the boundary cache is rebuilt as a whole, as at a first start
            store.ensure_boundaries(data_dir, vintages.DEFAULT, progress)
        except PinnedError:
            return MapOverlay(unavailable=True)
        if not borders_ready(data_dir):
            return MapOverlay(unavailable=True)
    return MapOverlay(
        groups=(overlay_group(data_dir, layer),), caption=overlay_caption(current, layer)
    )


def overlay_notice(data_dir: Path, overlay: MapOverlay) -> None:
    """Under the map: what the lines mean, or why they are missing (with a retry button)."""
    if overlay.caption:
        st.caption(overlay.caption)
    if overlay.unavailable:
        show_unavailable(data_dir)


def show_unavailable(data_dir: Path) -> None:
    """What is missing, in Dutch, and a retry button; the details went to the server log."""
    st.warning(UNAVAILABLE, icon=":material/cloud_off:")
    if st.button("Opnieuw proberen", icon=":material/refresh:", key="indelingen_opnieuw"):
        forget_failure(data_dir)
        st.rerun()


def crossing_table(current: AppAlignment) -> pd.DataFrame:
    """Every area that lies in more than one region, with the municipalities elsewhere."""
    regions, names = current.region_names, current.municipalities
    rows = []
    for kind in KINDS:
        for division in current.alignment.divisions[kind.id]:
            if division.nested:
                continue
            outside = [
                f"{names.get(code, code)} ({regions.get(region, region)})"
                for region, _ in division.region_counts[1:]
                for code in division.municipalities
                if current.alignment.regions[code] == region
            ]
            rows.append(
                {
                    "Indeling": kind.label,
                    "Gebied": division.name,
                    "Gemeenten": len(division.municipalities),
                    "Referentieregio's": " · ".join(
                        f"{regions.get(region, region)} ({count})"
                        for region, count in division.region_counts
                    ),
                    "In de grootste regio": round(100 * division.dominant_share),
                    "Buiten de grootste regio": ", ".join(outside),
                }
            )
    return pd.DataFrame(rows)


def tension_table(current: AppAlignment) -> pd.DataFrame:
    """Per spanningspunt: its region, in how many kinds, and where each majority lies.

    Most kinds first, then by name.
    """
    regions, names = current.region_names, current.municipalities
    found: dict[str, list[str]] = {}
    for tension in current.alignment.tensions:
        kind = KIND_BY_ID[tension.kind]
        name = current.names[tension.kind].get(tension.division_id, tension.division_id)
        found.setdefault(tension.nis_code, []).append(
            f"{kind.singular}: {name} → {regions.get(tension.majority_region)}"
        )
    rows = sorted(
        (
            {
                "Gemeente": names.get(code, code),
                "Referentieregio": regions.get(current.alignment.regions[code], ""),
                "Aantal indelingen": len(items),
                "Waar de meerderheid ligt": "; ".join(items),
            }
            for code, items in found.items()
        ),
        key=lambda row: (-row["Aantal indelingen"], row["Gemeente"]),
    )
    return pd.DataFrame(rows)
