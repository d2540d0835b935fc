"""Rules across the data files: ids used once, references that exist, vintages that add up.

Each rule runs on what :mod:`lib.data.readers` could read and adds what is wrong to a
:class:`Report`. A rule over a whole file runs only when the file was read completely (else a
missing row would look like a broken reference); ``known`` is None when regions.yaml could not be
read, and then the references to regions are not checked.
"""

from __future__ import annotations

from lib.data.models import brief, is_valid_name
from lib.data.readers import Row, Table
from lib.data.report import CORRECTIONS_CSV, MEMBERSHIP_CSV, REGIONS_YAML, Report, field_path
from lib.data.vintage_rules import MERGE_FROM, MERGE_TO, check_vintages
from lib.data.yaml_limits import YamlFile

# regions.yaml


def check_regions(doc: YamlFile | None, report: Report) -> dict[str, tuple[int, str | None]]:
    """Region id → (position in the list, name); reports ids and names used twice."""
    found: dict[str, tuple[int, str | None]] = {}
    if doc is None:
        return found
    name_lines: dict[str, int] = {}
    for index, item in doc.items("regions"):
        region_id, name = item.get("id"), item.get("name")
        # a name the model refuses is reported there; comparing with it would only add noise
        name = name.strip() if isinstance(name, str) and is_valid_name(name) else None
        if isinstance(region_id, str):
            loc = ("regions", index, "id")
            if region_id in found:
                first = doc.line_of(("regions", found[region_id][0], "id"))
                report.add(
                    doc.file,
                    doc.line_of(loc),
                    field_path(loc),
                    f"'{brief(region_id)}' is used twice (first on line {first})",
                )
            else:
                found[region_id] = index, name
        if name:
            loc = ("regions", index, "name")
            if name in name_lines:
                report.add(
                    doc.file,
                    doc.line_of(loc),
                    field_path(loc),
                    f"'{brief(name)}' is used twice (first on line {name_lines[name]})",
                )
            else:
                name_lines[name] = doc.line_of(loc)
    return found


def check_regions_have_members(
    doc: YamlFile, regions: dict[str, tuple[int, str | None]], membership: Table, report: Report
) -> None:
    years = sorted({int(row["vintage"]) for row in membership.rows})
    having = {(int(row["vintage"]), row["region_id"]) for row in membership.rows}
    for region_id, (index, _) in regions.items():
        loc = ("regions", index, "id")
        lacking = [str(v) for v in years if (v, region_id) not in having]
        if lacking:
            report.add(
                doc.file,
                doc.line_of(loc),
                field_path(loc),
                f"no municipality of {' or '.join(lacking)} belongs to '{region_id}' "
                f"in {MEMBERSHIP_CSV}",
            )


def unknown_region(region_id: str) -> str:
    return f"unknown region '{brief(region_id)}' (not an id in {REGIONS_YAML})"


# regions.csv


def check_membership(table: Table, known: dict[str, str | None] | None, report: Report) -> None:
    file = MEMBERSHIP_CSV
    rows = table.rows
    for row in rows:
        if known is not None and row.ok("region_id"):
            region_id = row["region_id"]
            if region_id not in known:
                report.add(file, row.line, "region_id", unknown_region(region_id))
            elif row.ok("region") and known[region_id] and row["region"] != known[region_id]:
                report.add(
                    file,
                    row.line,
                    "region",
                    f"'{row['region']}' is not the name of region '{region_id}' "
                    f"('{known[region_id]}' in {REGIONS_YAML})",
                )
        merged = row.ok("vintage", "merged_into") and row["merged_into"]
        if merged and int(row["vintage"]) != MERGE_FROM:
            report.add(
                file,
                row.line,
                "merged_into",
                f"only {MERGE_FROM} rows say which {MERGE_TO} code they merged into",
            )

    first_line: dict[tuple[int, str], int] = {}
    for row in rows:
        if row.ok("vintage", "nis_code"):
            key = int(row["vintage"]), row["nis_code"]
            if key in first_line:
                report.add(
                    file,
                    row.line,
                    "nis_code",
                    f"{key[1]} appears twice in vintage {key[0]} (first on line {first_line[key]})",
                )
            else:
                first_line[key] = row.line

    if table.complete:  # the checks over whole vintages need every row
        check_vintages(table, report)


def check_corrections(
    table: Table, membership: Table | None, known: dict[str, str | None] | None, report: Report
) -> None:
    file = CORRECTIONS_CSV
    earlier: dict[str, Row] | None = None
    if membership is not None and membership.complete:  # else a reference may look wrong
        earlier = {}
        for member in membership.rows:
            if int(member["vintage"]) == MERGE_FROM:
                earlier.setdefault(member["nis_code"], member)
    for row in table.rows:
        if row.ok("kind", "seed_text"):
            if row["kind"] == "missing" and row["seed_text"]:
                report.add(file, row.line, "seed_text", "must be empty for a missing municipality")
            elif row["kind"] != "missing" and not row["seed_text"]:
                report.add(
                    file, row.line, "seed_text", f"must not be empty for kind '{row['kind']}'"
                )
            elif (
                row["kind"] == "spelling"
                and row.ok("official_name")
                and row["seed_text"] == row["official_name"]
            ):
                report.add(
                    file, row.line, "seed_text", "is the official name: not a spelling error"
                )
        if known is not None and row.ok("region_id") and row["region_id"] not in known:
            report.add(file, row.line, "region_id", unknown_region(row["region_id"]))
        if earlier is None or not row.ok("nis_code"):
            continue
        member = earlier.get(row["nis_code"])
        if member is None:
            report.add(
                file,
                row.line,
                "nis_code",
                f"{row['nis_code']} is not a {MERGE_FROM} code in {MEMBERSHIP_CSV}",
            )
            continue
        if row.ok("official_name") and row["official_name"] != member["municipality"]:
            report.add(
                file,
                row.line,
                "official_name",
                f"{row['nis_code']} is '{member['municipality']}' in {MEMBERSHIP_CSV} "
                f"(line {member.line})",
            )
        if row.ok("region_id") and row["region_id"] != member["region_id"]:
            report.add(
                file,
                row.line,
                "region_id",
                f"{row['nis_code']} lies in '{member['region_id']}' in {MEMBERSHIP_CSV} "
                f"(line {member.line})",
            )


# breakthroughs.yaml, trajectories.yaml, insights.yaml


def check_region_refs(
    doc: YamlFile, key: str, known: dict[str, str | None] | None, report: Report
) -> None:
    if known is None:
        return
    for index, item in doc.items(key):
        region_id = item.get("region_id")
        if isinstance(region_id, str) and region_id.strip() and region_id not in known:
            loc = (key, index, "region_id")
            report.add(doc.file, doc.line_of(loc), field_path(loc), unknown_region(region_id))


def check_unique(doc: YamlFile, key: str, name: str, report: Report) -> None:
    first: dict[str, int] = {}
    for index, item in doc.items(key):
        value = item.get(name)
        if not isinstance(value, str):
            continue
        loc = (key, index, name)
        line = doc.line_of(loc)
        if value in first:
            report.add(
                doc.file,
                line,
                field_path(loc),
                f"'{brief(value)}' is used twice (first on line {first[value]})",
            )
        else:
            first[value] = line


def check_numbering(doc: YamlFile, key: str, name: str, report: Report) -> None:
    for index, item in doc.items(key):
        value = item.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value != index + 1:
            loc = (key, index, name)
            report.add(
                doc.file,
                doc.line_of(loc),
                field_path(loc),
                f"numbered {value}, but it is number {index + 1} in the list "
                "(number them 1, 2, 3, … in order)",
            )


def check_breakthroughs(doc: YamlFile, known: dict[str, str | None] | None, report: Report) -> None:
    check_unique(doc, "breakthroughs", "id", report)
    check_region_refs(doc, "breakthroughs", known, report)


def check_trajectories(doc: YamlFile, known: dict[str, str | None] | None, report: Report) -> None:
    check_unique(doc, "trajectories", "region_id", report)
    check_region_refs(doc, "trajectories", known, report)
    check_numbering(doc, "method", "step", report)
