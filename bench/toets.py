"""Benchmark of the toets: server-side time of a verdict for a set of 30 municipalities.

    .venv/bin/python bench/toets.py [--from DIR_OR_URL] [--runs N]

Loads the data and division tables once (as the page does, cached), then times, per run, what a
toets costs on the server for 30 entries typed as names (a few with typing errors and old names):
matching the entries, the verdict and changes, the closest areas over the nine divisions, and the
JSON the CLI prints. Prints the median and the slowest run; the target is 200 ms.

Then the document download of such sets, one municipality left out each time
(``lib.toets.document.pdf``: the map picture, the words and Typst), as the page's first click on
"Document (PDF)" costs it before it is cached; the target is 2 s. It needs the 2025 boundary
cache (built first when missing, as the app does).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.toets.assessment import as_json, assess, load_context  # noqa: E402

TARGET_MS = 200
DOCUMENT_TARGET_S = 2.0
SIZE = 30


def entries(context) -> list[str]:
    """30 names that cross a region border: the first municipalities of two regions by code,
    with two typing errors and one pre-2025 name mixed in."""
    by_region: dict[str, list[str]] = {}
    for code in sorted(context.regions):
        by_region.setdefault(context.regions[code], []).append(code)
    first, second = sorted(by_region, key=lambda region: -len(by_region[region]))[:2]
    codes = by_region[first][:20] + by_region[second][: SIZE - 20]
    names = [context.municipalities[code] for code in codes]
    names[1] = names[1] + "x"  # one extra letter
    names[5] = names[5][0] + names[5][2:] if len(names[5]) > 6 else names[5]  # one missing
    if "71072" not in codes:  # Hasselt: typed as Kortessem, a pre-2025 name
        names[-1] = "Kortessem"
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="base", metavar="DIR_OR_URL")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--document-runs", type=int, default=5)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    context = load_context(base=args.base)
    loaded = time.perf_counter() - started
    texts = entries(context)
    times, matching = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        resolved = context.matcher.resolve_all(texts)
        matched = time.perf_counter()
        result = assess(context, resolved)
        as_json(result)
        times.append((time.perf_counter() - start) * 1000)
        matching.append((matched - start) * 1000)
    print(
        f"toets of {len(result.verdict.nis_codes)} municipalities ({result.verdict.verdict}, "
        f"{len(resolved.problems)} entries unmatched): median {statistics.median(times):.1f} ms "
        f"(matching the entries {statistics.median(matching):.1f} ms), slowest "
        f"{max(times):.1f} ms over {args.runs} runs (target <= {TARGET_MS} ms); loading data "
        f"and tables once: {loaded:.2f} s"
    )
    if args.document_runs:
        from lib.boundaries.build import ensure_boundaries
        from lib.data import paths, vintages
        from lib.map import artifact
        from lib.toets import document

        ensure_boundaries(vintages.DEFAULT, paths.data_dir())
        layers = artifact.read(paths.map_artifact_path(vintages.DEFAULT, paths.data_dir()))
        seconds, size = [], 0
        for run in range(args.document_runs):
            # another set each time (one municipality left out): Typst memoizes a compile of
            # the same inputs, and the page asks for a new document only for a new set
            subset = resolved.nis_codes[:run] + resolved.nis_codes[run + 1 :]
            other = assess(context, context.matcher.resolve_all(subset))
            start = time.perf_counter()
            size = len(document.pdf(other, layers))
            seconds.append(time.perf_counter() - start)
        print(
            f"document of a set of {len(subset)} (PDF, {size / 1000:.0f} KB): median "
            f"{statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s over "
            f"{args.document_runs} runs (target <= {DOCUMENT_TARGET_S:.0f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
