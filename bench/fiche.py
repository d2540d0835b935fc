"""Benchmark of the fiches: one region fiche, one municipality fiche, ``alle``, and memory.

    .venv/bin/python bench/fiche.py [--region kempen] [--municipality 44021] [--no-alle]

Needs the built map and division tables in the data folder (``python -m lib.boundaries build``,
``python -m lib.divisions report``). The memory figure is the resident set size of this fresh
process before and after its first fiche, with the data, the map and the division scores
loaded before (what a running server holds already). Prints figures only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(make, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        make()
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="kempen")
    parser.add_argument("--municipality", default="44021")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-alle", action="store_true")
    args = parser.parse_args()

    from lib.data import paths, vintages
    from lib.data.dataset import load_dataset
    from lib.divisions.report import score_cache
    from lib.map import artifact

    folder = paths.data_dir()
    ds = load_dataset(folder)
    layers = artifact.read(paths.map_artifact_path(vintages.DEFAULT, folder))
    rows = ds.rows(vintages.DEFAULT)
    scores = score_cache(
        folder,
        dict(zip(rows["nis_code"], rows["region_id"], strict=True)),
        dict(zip(rows["nis_code"], rows["municipality"], strict=True)),
    )[1]
    before = rss_mb()
    started = time.perf_counter()
    from lib import fiche

    fiche.region_pdf(ds, args.region, layers, scores)
    first = time.perf_counter() - started
    after = rss_mb()
    print(f"first region fiche in a fresh process (import included): {first:.2f} s")
    print(
        f"server memory (RSS): {before:.0f} MB before, {after:.0f} MB after: "
        f"+{after - before:.0f} MB"
    )

    region = timed(lambda: fiche.region_pdf(ds, args.region, layers, scores), args.repeat)
    print(
        f"region fiche ({args.region}): median {statistics.median(region):.2f} s, "
        f"max {max(region):.2f} s over {args.repeat} (target ≤ 1.5 s)"
    )
    place = timed(
        lambda: fiche.municipality_pdf(ds, args.municipality, layers, scores), args.repeat
    )
    print(
        f"municipality fiche ({args.municipality}): median {statistics.median(place):.2f} s, "
        f"max {max(place):.2f} s over {args.repeat} (target ≤ 1 s)"
    )
    if not args.no_alle:
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "lib.fiche", "alle", "-o", out],
                check=True,
                stderr=subprocess.DEVNULL,
                cwd=Path(__file__).resolve().parents[1],
                env=os.environ,
            )
            elapsed = time.perf_counter() - started
            made = list(Path(out).glob("*.pdf"))
            size = sum(path.stat().st_size for path in made) / 1e6
        print(f"alle: {len(made)} fiches in {elapsed:.0f} s, {size:.0f} MB (target ≤ 3 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
