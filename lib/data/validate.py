"""Check a data folder: ``python -m lib.validate [DATA_DIR]``.

Without DATA_DIR it checks ``$REGIOKAART_DATA_DIR`` or else the repository's ``data/``. Prints each
problem as ``file:line: field: message`` (``file: field: message`` when there is no single line)
and exits 1, or prints a one-line summary and exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from lib.data import paths
from lib.data.validation import CheckedData, check_data_dir
from lib.data.vintage_rules import MERGE_FROM, MERGE_TO


def _shown(folder: Path) -> str:
    """The folder as the user would type it: relative to the working directory when inside it."""
    try:
        shown = os.path.relpath(folder)
    except ValueError:  # another drive on Windows
        shown = str(folder)
    if shown.startswith(".."):
        shown = str(folder)
    return shown.rstrip("/\\") + "/"


def summary(folder: Path, checked: CheckedData) -> str:
    per_vintage = Counter(row.vintage for row in checked.membership)
    trajectories = checked.trajectories.trajectories if checked.trajectories else []
    return (
        f"{_shown(folder)}: {len(checked.membership)} memberships "
        f"({per_vintage[MERGE_FROM]} in {MERGE_FROM}, {per_vintage[MERGE_TO]} in {MERGE_TO}), "
        f"{len(checked.corrections)} corrections, {len(checked.regions)} regions, "
        f"{len(checked.breakthroughs)} breakthroughs, {len(trajectories)} trajectories"
        " — alles in orde"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.validate",
        description="Check Regiokaart's data files; print every problem as file:line: field: "
        "message.",
    )
    parser.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        help=f"the data folder (default: ${paths.DATA_DIR_ENV} or the repository's data/)",
    )
    args = parser.parse_args(argv)
    folder: Path = args.data_dir if args.data_dir is not None else paths.data_dir()
    checked = check_data_dir(folder)
    if checked.problems:
        for problem in checked.problems:
            print(problem)
        count = checked.total_problems
        print(f"{count} problem{'s' if count != 1 else ''} in {folder}", file=sys.stderr)
        return 1
    print(summary(folder, checked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
