"""What a click on the map or a search result selects: a region and a municipality to mark."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from lib.app.search import MunicipalityEntry
from lib.data.vintages import AFTER, BEFORE, MERGER_DATE
from lib.map.artifact import NIS_CODE, REGION_ID


@dataclass(frozen=True)
class Selection:
    region_id: str | None
    nis_code: str | None  # municipality to mark, in the vintage on screen
    note: str | None = None  # Dutch explanation to show, e.g. for a merged municipality


def from_map_value(value: dict | None) -> Selection | None:
    """streamlit-folium's value → the clicked municipality's region, or None if nothing new.

    The clicked feature carries the properties of ``lib.map.artifact.CLICK_PROPERTIES``.
    """
    feature = (value or {}).get("last_active_drawing") or {}
    properties = feature.get("properties") or {}
    nis_code = properties.get(NIS_CODE)
    if not nis_code:
        return None
    region_id = properties.get(REGION_ID) or None
    note = None if region_id else "Brussel hoort bij geen Vlaamse referentieregio."
    return Selection(region_id, str(nis_code), note)


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
