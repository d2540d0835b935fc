"""The fiches (lib.fiche) as download buttons: "Download de fiche (PDF)" on the Kaart page.

A fiche is made only when the visitor clicks: the button gets a callable (Streamlit runs it on
the click, not on every rerun), and the PDF is cached per region or municipality, data version
and day (the fiche carries its date), so a second click, by anyone, costs nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from lib import fiche
from lib.app import division_data, store
from lib.data import paths, vintages
from lib.pinned.errors import PinnedError

LABEL = "Download de fiche (PDF)"
ICON = ":material/picture_as_pdf:"
MISSING_MAP = (
    "De fiche (PDF) kan pas gemaakt worden als de kaart van de gemeenten "
    f"{vintages.AFTER.label} is opgebouwd."
)


def _versions(data_dir: Path) -> tuple:
    """What a fiche depends on: the data, the 2025 map, the division tables."""
    return (
        store.fingerprint(data_dir),
        store.boundary_fingerprint(data_dir, vintages.DEFAULT),
        division_data.file_stamp(paths.divisions_path(data_dir)),
    )


def _scores(data_dir: Path):
    try:
        return division_data.alignment(data_dir).alignment
    except PinnedError:
        return None  # the fiche says the divisions are unavailable


@st.cache_data(show_spinner=False, max_entries=32)
def _pdf(data_dir: str, kind: str, key: str, versions: tuple, day: dt.date) -> bytes:
    folder = Path(data_dir)
    ds = store.dataset(folder)
    layers = store.map_layers(folder, vintages.DEFAULT)
    make = fiche.region_pdf if kind == "regio" else fiche.municipality_pdf
    return make(ds, key, layers, _scores(folder), today=day)


def region_pdf(data_dir: Path, region_id: str) -> bytes:
    """The region fiche, made once per data version and day."""
    return _pdf(str(data_dir), "regio", region_id, _versions(data_dir), dt.date.today())


def municipality_pdf(data_dir: Path, nis_code: str) -> bytes:
    """The fiche of a 2025 municipality, made once per data version and day."""
    return _pdf(str(data_dir), "gemeente", nis_code, _versions(data_dir), dt.date.today())


def _map_built(data_dir: Path) -> bool:
    return paths.map_artifact_path(vintages.DEFAULT, data_dir).is_file()


def _button(data_dir: Path, make, file_name: str, key: str) -> None:
    if not _map_built(data_dir):
        st.caption(MISSING_MAP)
        return
    st.download_button(
        LABEL,
        data=make,
        file_name=file_name,
        mime="application/pdf",
        icon=ICON,
        key=key,
        on_click="ignore",  # the page stays as it is
    )


def region_button(data_dir: Path, region_id: str) -> None:
    """The region fiche's button; the PDF is made on the click."""
    ds = store.dataset(data_dir)
    _button(
        data_dir,
        lambda: region_pdf(data_dir, region_id),
        fiche.region_filename(ds, region_id),
        "fiche_regio",
    )


def municipality_button(data_dir: Path, nis_code: str) -> None:
    """The fiche's button of a 2025 municipality; the PDF is made on the click."""
    try:
        file_name = fiche.municipality_filename(store.dataset(data_dir), nis_code)
    except KeyError:
        return  # a fiche is made of a 2025 municipality only
    _button(data_dir, lambda: municipality_pdf(data_dir, nis_code), file_name, "fiche_gemeente")
