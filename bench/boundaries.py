"""Boundary build benchmark: build time and output size per vintage; prints, asserts nothing.

Run: .venv/bin/python bench/boundaries.py [--from DIR_OR_URL] [--runs N]

Without ``--from`` it builds from ../shared/boundaries/pic-3b1b6d8 when that folder exists, else
from the default source (``$REGIOKAART_BOUNDARIES_URL`` or the pinned address). Builds go to a
temporary folder; the repository's data/ is only read (regions.csv).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from lib.boundaries.build import build  # noqa: E402
from lib.data import paths, vintages  # noqa: E402

SHARED_PIC = REPO_ROOT.parent / "shared" / "boundaries" / "pic-3b1b6d8"


def default_base() -> str | None:
    return str(SHARED_PIC) if SHARED_PIC.is_dir() else None


def measure_builds(base: str | None = None, runs: int = 1) -> list[dict]:
    """Build every vintage ``runs`` times into a temporary folder; one dict per vintage.

    Keys: ``vintage``, ``seconds`` (median build time), ``boundaries_bytes``, ``outlines_bytes``,
    ``municipalities``, ``context``, ``tolerance_m``, ``decimals``, ``hausdorff_p95_m``,
    ``hausdorff_max_m``, ``within_200m``.
    """
    base = base if base is not None else default_base()
    results = []
    with tempfile.TemporaryDirectory(prefix="regiokaart-bench-") as tmp:
        for vintage in vintages.YEARS:
            times = []
            for run in range(max(runs, 1)):
                out = Path(tmp) / f"run{run}" / paths.boundaries_path(vintage, Path(".")).name
                result = build(vintage, base=base, out=out, data_dir=paths.data_dir())
                times.append(result.seconds)
            results.append(
                {
                    "vintage": vintage,
                    "seconds": statistics.median(times),
                    "boundaries_bytes": result.boundaries_bytes,
                    "outlines_bytes": result.outlines_bytes,
                    "municipalities": result.municipalities,
                    "context": result.context,
                    "tolerance_m": result.tolerance_m,
                    "decimals": result.decimals,
                    "hausdorff_p95_m": result.hausdorff_p95_m,
                    "hausdorff_max_m": result.hausdorff_max_m,
                    "within_200m": result.within_200m,
                }
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from", dest="base", help="folder or address of the source files")
    parser.add_argument("--runs", type=int, default=3, help="builds per vintage (median time)")
    args = parser.parse_args()
    for row in measure_builds(args.base, args.runs):
        print(
            f"boundaries {row['vintage']}: build {row['seconds']:6.2f} s   "
            f"municipalities {row['boundaries_bytes'] / 1024:6.0f} KB   "
            f"outlines {row['outlines_bytes'] / 1024:5.0f} KB   "
            f"{row['municipalities']} + {row['context']} features   "
            f"tolerance {row['tolerance_m']:.0f} m, {row['decimals']} decimals   "
            f"Hausdorff p95 {row['hausdorff_p95_m']:.0f} m, max {row['hausdorff_max_m']:.0f} m, "
            f"{row['within_200m']:.1%} within 200 m"
        )


if __name__ == "__main__":
    main()
