"""Rules over the two vintages in regions.csv: the counts add up and every merger is told.

Each municipality of the earlier vintage either still exists in the later one (same name, same
region) or names the later code it merged into, which lies in the same region; every code new in
the later vintage is such a merger. Run only on a complete table: a missing row would look like a
broken merger.
"""

from __future__ import annotations

from collections import Counter

from lib.data import vintages
from lib.data.readers import Row, Table
from lib.data.report import MEMBERSHIP_CSV, Report

MUNICIPALITY_COUNTS = {v.year: v.municipalities for v in (vintages.BEFORE, vintages.AFTER)}
"""Flemish municipalities per vintage (lib.data.vintages)."""
MERGE_FROM, MERGE_TO = vintages.BEFORE.year, vintages.AFTER.year


def check_vintages(table: Table, report: Report) -> None:
    """The municipalities per vintage, and each earlier one's way into the later vintage."""
    file = MEMBERSHIP_CSV
    counts = Counter(int(row["vintage"]) for row in table.rows)
    for vintage, expected in MUNICIPALITY_COUNTS.items():
        if counts[vintage] != expected:
            report.add(
                file,
                None,
                "vintage",
                f"{vintage} has {counts[vintage]} municipalities, expected {expected}",
            )
    later: dict[str, Row] = {}
    for row in table.rows:
        if int(row["vintage"]) == MERGE_TO:
            later.setdefault(row["nis_code"], row)
    targets: set[str] = set()
    earlier_codes: set[str] = set()
    for row in table.rows:
        if int(row["vintage"]) != MERGE_FROM:
            continue
        code, into = row["nis_code"], row["merged_into"]
        earlier_codes.add(code)
        if code in later:
            successor = later[code]
            if into:
                report.add(
                    file,
                    row.line,
                    "merged_into",
                    f"{code} still exists in {MERGE_TO} (line {successor.line}), so it "
                    "did not merge: leave merged_into empty",
                )
            if successor["region_id"] != row["region_id"]:
                report.add(
                    file,
                    row.line,
                    "region_id",
                    f"{code} lies in '{row['region_id']}' here but in "
                    f"'{successor['region_id']}' in {MERGE_TO} (line {successor.line})",
                )
            if successor["municipality"] != row["municipality"]:
                report.add(
                    file,
                    row.line,
                    "municipality",
                    f"{code} is called '{row['municipality']}' here but "
                    f"'{successor['municipality']}' in {MERGE_TO} (line {successor.line})",
                )
        elif not into:
            report.add(
                file,
                row.line,
                "merged_into",
                f"{code} does not exist in {MERGE_TO}: give the {MERGE_TO} code it merged into",
            )
        elif into not in later:
            report.add(file, row.line, "merged_into", f"{into} is not a {MERGE_TO} code in {file}")
        else:
            targets.add(into)
            target = later[into]
            if target["region_id"] != row["region_id"]:
                report.add(
                    file,
                    row.line,
                    "merged_into",
                    f"{into} ({target['municipality']}) lies in region "
                    f"'{target['region_id']}', not in '{row['region_id']}': a merger stays "
                    "inside one region",
                )
    if not earlier_codes:
        return
    for code, row in later.items():
        if code not in earlier_codes and code not in targets:
            report.add(
                file,
                row.line,
                "nis_code",
                f"{code} is new in {MERGE_TO}, but no {MERGE_FROM} row has merged_into {code}",
            )


# corrections.csv
