"""``python -m lib.divisions report [--per gebied|gemeente] --format csv|text [--from DIR_OR_URL]``.

Reads the division tables (from the cache in the data folder, fetching and caching them first
when needed; with ``--from`` always from there) and prints one row per division as CSV with the
columns of :data:`CSV_COLUMNS`, or a short summary per kind as text. With ``--per gemeente`` it
prints one row per 2025 municipality and kind it belongs to (:data:`MUNICIPALITY_COLUMNS`; CSV
only). Any failure (download,
checksum, a table that does not match ``regions.csv``) prints one line ``error: …`` on stderr
and exits with 1.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from lib.data import paths, vintages
from lib.data.dataset import DataValidationError, load_dataset
from lib.divisions import tables as division_tables
from lib.divisions.errors import DivisionError
from lib.divisions.scores import Alignment, align, all_memberships
from lib.divisions.sources import KIND_BY_ID, KINDS
from lib.divisions.tables import DivisionTable
from lib.pinned.errors import PinnedError

CSV_COLUMNS = (
    "kind",
    "division_id",
    "division",
    "municipalities",
    "regions",
    "region_ids",
    "nested",
)

MUNICIPALITY_COLUMNS = (
    "nis_code",
    "municipality",
    "region_id",
    "kind",
    "division_id",
    "division",
    "nested",
)
PER = ("gebied", "gemeente")
# The page's download (/afstemming) says the same in Dutch; the command line keeps CSV_COLUMNS.
DUTCH_COLUMNS = {
    "kind": "soort",
    "division_id": "gebied_id",
    "division": "gebied",
    "municipalities": "gemeenten",
    "regions": "regio's",
    "region_ids": "regio_ids",
    "nested": "binnen_een_regio",
}
DUTCH_VALUES = {"nested": {"true": "ja", "false": "nee"}}


def dutch_rows(alignment: Alignment) -> list[dict[str, object]]:
    """:func:`csv_rows` with Dutch column names and values (ja/nee), in the same order."""
    return [
        {
            DUTCH_COLUMNS[key]: DUTCH_VALUES.get(key, {}).get(value, value)
            for key, value in row.items()
        }
        for row in csv_rows(alignment)
    ]


def membership_2025(data_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(nis_code → region_id, nis_code → municipality) of the 2025 rows of ``regions.csv``."""
    try:
        rows = load_dataset(data_dir).rows(vintages.DEFAULT)
    except DataValidationError as exc:
        shown = "; ".join(str(problem) for problem in exc.problems[:3])
        raise DivisionError(
            f"The data in {data_dir} has {len(exc.problems)} problem(s), so the division tables "
            f"cannot be checked against it: {shown}. Run `python -m lib.validate` for the whole "
            "list (set REGIOKAART_DATA_DIR to the data folder)."
        ) from exc
    regions = dict(zip(rows["nis_code"], rows["region_id"], strict=True))
    names = dict(zip(rows["nis_code"], rows["municipality"], strict=True))
    return regions, names


def score_cache(
    folder: Path,
    regions: Mapping[str, str],
    municipalities: Mapping[str, str],
    pairs: Sequence[tuple[str, str, float]] | None = None,
) -> tuple[dict[str, DivisionTable], Alignment]:
    """Read the cached tables, check them against the 2025 municipalities, score every kind.

    ``regions``: nis_code → region_id; ``municipalities``: nis_code → name (both 2025).
    """
    checked = division_tables.check(division_tables.load_raw(folder), municipalities)
    tables = {kind.id: (checked[kind.id].assignment, checked[kind.id].names) for kind in KINDS}
    return checked, align(tables, regions, pairs)


def load_alignment(data_dir: Path | None = None, base: str | None = None) -> Alignment:
    """Ensure the cache (from ``base`` when given), then read, check and score it."""
    folder = Path(data_dir) if data_dir is not None else paths.data_dir()
    regions, names = membership_2025(folder)
    division_tables.ensure_tables(folder, base)
    return score_cache(folder, regions, names)[1]


def csv_rows(alignment: Alignment) -> list[dict[str, object]]:
    """One row per division, kinds in their fixed order, divisions by name."""
    return [
        {
            "kind": kind,
            "division_id": division.division_id,
            "division": division.name,
            "municipalities": len(division.municipalities),
            "regions": len(division.region_counts),
            "region_ids": ";".join(division.regions),
            "nested": "true" if division.nested else "false",
        }
        for kind, divisions in alignment.divisions.items()
        for division in divisions
    ]


def municipality_rows(
    alignment: Alignment, municipality_names: Mapping[str, str]
) -> list[dict[str, object]]:
    """One row per 2025 municipality and kind it belongs to (a kind in which it has no area
    gives no row): by NIS code, kinds in their fixed order. ``nested``: the area lies wholly
    inside the municipality's reference region. The same rows for the CLI and a page download.
    """
    return [
        {
            "nis_code": member.nis_code,
            "municipality": municipality_names.get(member.nis_code, member.nis_code),
            "region_id": member.region_id,
            "kind": member.kind,
            "division_id": member.division.division_id,
            "division": member.division.name,
            "nested": "true" if member.nested else "false",
        }
        for member in all_memberships(alignment)
        if member.division is not None
    ]


def _write_csv(columns: Sequence[str], rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def to_csv(alignment: Alignment) -> str:
    return _write_csv(CSV_COLUMNS, csv_rows(alignment))


def municipalities_csv(alignment: Alignment, municipality_names: Mapping[str, str]) -> str:
    return _write_csv(MUNICIPALITY_COLUMNS, municipality_rows(alignment, municipality_names))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def to_text(alignment: Alignment, municipality_names: Mapping[str, str] | None = None) -> str:
    """A summary per kind and the divisions that cross a region border."""
    lines = []
    for kind_id, score in alignment.kinds.items():
        kind = KIND_BY_ID[kind_id]
        lines.append(
            f"{kind.label} ({kind_id}): {score.nested} of {score.divisions} lie within one "
            f"reference region ({_percent(score.nested, score.divisions)}); "
            f"{score.in_nested} of {score.municipalities} municipalities are in such a division "
            f"({_percent(score.in_nested, score.municipalities)}); "
            f"{score.identical} identical to a region."
            + (
                f" {len(alignment.regions) - score.municipalities} municipalities belong to no "
                "area of this kind."
                if score.municipalities < len(alignment.regions)
                else ""
            )
            + (
                f" Region borders followed: {100 * score.border_share:.0f}%."
                if score.border_share is not None
                else ""
            )
        )
        for division in alignment.divisions[kind_id]:
            if division.nested:
                continue
            spread = ", ".join(f"{region} {count}" for region, count in division.region_counts)
            lines.append(
                f"  crosses: {division.name} [{division.division_id}], "
                f"{len(division.municipalities)} municipalities: {spread}"
            )
    counted = {tension.nis_code for tension in alignment.tensions}
    names = municipality_names or {}
    lines.append(
        f"Tension points: {len(counted)} municipalities lie, for at least one kind, in a division "
        "whose majority lies in another reference region"
        + (": " + ", ".join(names.get(code, code) for code in sorted(counted)) if counted else ".")
    )
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lib.divisions",
        description="Other regional divisions and how well they line up with the regions.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("report", help="one row per division, or a summary per kind")
    command.add_argument("--format", choices=("csv", "text"), default="csv")
    command.add_argument(
        "--per",
        choices=PER,
        default="gebied",
        help="one row per area (default), or per municipality and kind (CSV only)",
    )
    command.add_argument(
        "--from",
        dest="base",
        metavar="DIR_OR_URL",
        help="folder or http(s):// address holding the division tables "
        f"(default: the cache, else ${division_tables.DIVISION_SOURCE.env_var}, else the pinned "
        "public address)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.per == "gemeente" and args.format != "csv":
        parser.error("--per gemeente gives CSV only: use --format csv")
    folder = paths.data_dir()
    try:
        alignment = load_alignment(folder, args.base)
        if args.per == "gemeente":
            output = municipalities_csv(alignment, membership_2025(folder)[1])
        elif args.format == "csv":
            output = to_csv(alignment)
        else:
            output = to_text(alignment, membership_2025(folder)[1])
    except PinnedError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    sys.stdout.write(output)
    return 0
