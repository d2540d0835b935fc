"""The tables and the CSV of the page /afstemming: areas across region borders, spanningspunten.

Pure pandas on the cached scores (:class:`lib.app.division_data.AppAlignment`); the page shows
them as data grids, whose cells are text.
"""

from __future__ import annotations

import pandas as pd

from lib.app.division_data import AppAlignment
from lib.divisions.report import DUTCH_COLUMNS, dutch_rows
from lib.divisions.scores import Alignment
from lib.divisions.sources import KIND_BY_ID, KINDS


def report_csv(current: Alignment) -> bytes:
    """The report's table (``python -m lib.divisions report``) as a CSV that Excel opens well.

    Same rows as the command line, with Dutch column names and values (``DUTCH_COLUMNS``);
    semicolons and a byte-order mark, as the other downloads of Regiokaart, for Excel with
    Belgian settings.
    """
    frame = pd.DataFrame(dutch_rows(current), columns=list(DUTCH_COLUMNS.values()))
    return frame.to_csv(index=False, sep=";").encode("utf-8-sig")


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
