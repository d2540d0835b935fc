"""The map's layer of another division: the options of "Andere indeling", the overlay, its caption.

Which layer is chosen is the Kaart page's state (``lib.app.kaart_state``, ``?laag=``); this
module draws it, once per version of the tables and the borders (``st.cache_resource``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import folium
import streamlit as st

from lib.app import store
from lib.app.division_data import AppAlignment, alignment, borders_ready, file_stamp
from lib.app.kaart_state import NO_LAYER
from lib.app.notices import show_unavailable
from lib.data import paths, vintages
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


def layer_label(option: str) -> str:
    return "Geen" if option == NO_LAYER else KIND_BY_ID[option].short_label


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
        file_stamp(paths.divisions_path(data_dir)),
        file_stamp(paths.municipality_borders_path(data_dir)),
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
