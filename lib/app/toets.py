"""The page /toets's cached accessors: the toets's context and catalog once per data version,
the assessment, the PDF and the CSV once per set (keyed by the sorted set).

When the division tables are unavailable the toets still judges the set against the reference
regions; only the closest areas are missing (``Toets.divisions_available``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from lib.app import division_data, store
from lib.app.toets_state import REGION_KIND, Area, Catalog
from lib.data import paths, vintages
from lib.divisions.scores import Alignment
from lib.pinned.errors import PinnedError
from lib.toets import document
from lib.toets.assessment import Assessment, Context, assess, context_from
from lib.toets.entries import BY_CODE, EXACT, MATCHED, Resolution, Resolved


@dataclass(frozen=True)
class Toets:
    context: Context
    catalog: Catalog
    divisions_available: bool


def _tables_stamp(data_dir: Path) -> tuple:
    path = paths.divisions_path(data_dir)
    return (path.stat().st_size, path.stat().st_mtime_ns) if path.exists() else ()


@st.cache_resource(show_spinner=False, max_entries=4)
def _toets(data_dir: str, data_stamp: tuple, tables_stamp: tuple, available: bool) -> Toets:
    folder = Path(data_dir)
    ds = store.dataset(folder)
    rows = ds.rows(vintages.DEFAULT)
    regions = dict(zip(rows["nis_code"], rows["region_id"], strict=True))
    if available:
        scored = division_data.alignment(folder).alignment
    else:
        scored = Alignment(regions=regions, divisions={}, kinds={}, tensions=())
    context = context_from(ds, scored)
    areas: dict[str, Area] = {}
    for profile in ds.regions:
        codes = tuple(sorted(code for code, region in regions.items() if region == profile.id))
        area = Area(REGION_KIND, profile.id, profile.name, codes)
        areas[area.key] = area
    for kind, divisions in scored.divisions.items():
        for division in divisions:
            area = Area(kind, division.division_id, division.name, tuple(division.municipalities))
            areas[area.key] = area
    catalog = Catalog(
        municipalities=context.municipalities,
        regions=context.regions,
        areas=areas,
        matcher=context.matcher,
    )
    return Toets(context, catalog, available)


def toets(data_dir: Path) -> Toets:
    """The toets's data; the division tables are fetched first when needed (a failure leaves
    them out, see :func:`lib.app.notices.show_unavailable`)."""
    try:
        division_data.ensure_tables(data_dir)
        available = True
    except PinnedError:
        available = False
    return _toets(str(data_dir), store.fingerprint(data_dir), _tables_stamp(data_dir), available)


def resolved_of(
    codes: Sequence[str], names: Mapping[str, str], inputs: Mapping[str, str]
) -> Resolved:
    """The set as entries: what the user typed for a code when known, else the code itself."""
    return Resolved(
        tuple(
            Resolution(
                inputs.get(code, code),
                MATCHED,
                code,
                names[code],
                EXACT if code in inputs else BY_CODE,
            )
            for code in codes
        )
    )


def assessment(current: Toets, codes: Sequence[str], inputs: Mapping[str, str]) -> Assessment:
    """The verdict and the closest areas of a non-empty set."""
    return _assessment(current, tuple(sorted(codes)), tuple(sorted(inputs.items())))


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={Toets: id})
def _assessment(current: Toets, codes: tuple[str, ...], inputs: tuple) -> Assessment:
    resolved = resolved_of(codes, current.context.municipalities, dict(inputs))
    return assess(current.context, resolved)


@st.cache_data(show_spinner=False, max_entries=16)
def _pdf(
    data_dir: str,
    data_stamp: tuple,
    tables_stamp: tuple,
    boundary_stamp: tuple,
    codes: tuple,
    inputs: tuple,
) -> bytes:
    folder = Path(data_dir)
    current = toets(folder)
    result = assessment(current, codes, dict(inputs))
    return document.pdf(result, store.map_layers(folder, vintages.DEFAULT))


def pdf(data_dir: Path, codes: Sequence[str], inputs: Mapping[str, str]) -> bytes:
    """The "leg uit" document of the set (cached per sorted set and data version)."""
    return _pdf(
        str(data_dir),
        store.fingerprint(data_dir),
        _tables_stamp(data_dir),
        store.boundary_fingerprint(data_dir, vintages.DEFAULT),
        tuple(sorted(codes)),
        tuple(sorted((k, v) for k, v in inputs.items() if k in codes)),
    )


def csv(current: Toets, codes: Sequence[str], inputs: Mapping[str, str]) -> bytes:
    return document.csv_bytes(assessment(current, codes, inputs))
