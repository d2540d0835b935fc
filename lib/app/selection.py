"""What a click on the map or a search result selects: a region and a municipality to mark."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from lib.app.search import MunicipalityEntry
from lib.data.vintages import AFTER, BEFORE, MERGER_DATE
from lib.map.artifact import NIS_CODE, REGION_ID

_NIS_CODE = re.compile(r"[0-9]{5}")
_REGION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
BRUSSELS_NOTE = "Brussel hoort bij geen Vlaamse referentieregio."


@dataclass(frozen=True)
class Selection:
    region_id: str | None
    nis_code: str | None  # municipality to mark, in the vintage on screen
    note: str | None = None  # Dutch explanation to show, e.g. for a merged municipality


def _nis_code(value: object) -> str | None:
    """A five-digit code sent as text or as a number; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value <= 99_999:
        value = f"{value:05d}"
    if isinstance(value, str) and _NIS_CODE.fullmatch(value):
        return value
    return None


def from_map_value(
    value: object, regions: Mapping[str, str | None] | None = None
) -> Selection | None:
    """streamlit-folium's value → the clicked municipality's region, or None if nothing new.

    The value comes from the browser, where anyone can forge it: whatever does not have the
    expected shape is ignored. With ``regions`` (the codes on the map → their region, None for
    Brussels) the code must be one of them and the region is taken from there, not from the
    value; without it, the region id must at least look like one. The clicked feature carries
    the properties of ``lib.map.artifact.CLICK_PROPERTIES``.
    """
    feature = value.get("last_active_drawing") if isinstance(value, Mapping) else None
    properties = feature.get("properties") if isinstance(feature, Mapping) else None
    if not isinstance(properties, Mapping):
        return None
    nis_code = _nis_code(properties.get(NIS_CODE))
    if nis_code is None:
        return None
    if regions is not None:
        if nis_code not in regions:
            return None
        region_id = regions[nis_code]
    else:
        region_id = properties.get(REGION_ID)
        if not (isinstance(region_id, str) and _REGION_ID.fullmatch(region_id)):
            region_id = None
    return Selection(region_id or None, nis_code, None if region_id else BRUSSELS_NOTE)


def from_search(
    entry: MunicipalityEntry, vintage: int, codes_on_screen: Collection[str]
) -> Selection:
    """A searched municipality, mapped onto the vintage on screen (a BEFORE name → the AFTER
    municipality it merged into)."""
    target, note = entry.nis_code, None
    if entry.vintage == BEFORE.year and vintage == AFTER.year and entry.merged_into:
        target = entry.merged_into
        if entry.merged_into_name and entry.merged_into_name != entry.name:
            note = f"{entry.name} is sinds {MERGER_DATE} deel van {entry.merged_into_name}."
    elif entry.vintage == AFTER.year and vintage == BEFORE.year and entry.former_code:
        target = entry.former_code  # the same name before the mergers, under its old code
    if target in codes_on_screen:
        return Selection(entry.region_id, target, note)
    return Selection(
        entry.region_id,
        None,
        note
        or f"{entry.name} bestaat pas {AFTER.label}; kies de indeling '{AFTER.label}' om haar "
        "te zien.",
    )
