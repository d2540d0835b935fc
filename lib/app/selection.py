"""What a click on the map or a search result selects: a region and a municipality to mark."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from lib.app.search import MunicipalityEntry
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
    """A searched municipality, mapped onto the vintage on screen (2019 name → 2025 merger)."""
    target, note = entry.nis_code, None
    if entry.vintage == 2019 and vintage == 2025 and entry.merged_into:
        target = entry.merged_into
        if entry.merged_into_name and entry.merged_into_name != entry.name:
            note = f"{entry.name} is sinds 1 januari 2025 deel van {entry.merged_into_name}."
    elif entry.vintage == 2025 and vintage == 2019 and entry.former_code:
        target = entry.former_code  # same name before 2025, under its old code
    if target in codes_on_screen:
        return Selection(entry.region_id, target, note)
    return Selection(
        entry.region_id,
        None,
        note
        or f"{entry.name} bestaat pas sinds 2025; kies de indeling 'sinds 2025' om haar te zien.",
    )
