"""``python -m lib.fiche regio <id> -o FILE | gemeente <nis> -o FILE | alle -o DIR``.

Reads the data folder (``REGIOKAART_DATA_DIR`` or ``data/``), its 2025 map (built first when
missing or stale, as the app does: ``python -m lib.boundaries build``; ``--grenzen DIR`` builds
it from a local copy of the boundary files) and the division tables (as
``python -m lib.divisions report``: the cache, else ``--from DIR_OR_URL``, else
``$REGIOKAART_DIVISIONS_URL``, else the pinned address). A bad id, bad data or a failed
download prints one Dutch line on stderr and exits with 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from lib import fiche
from lib.boundaries import build as boundary_build
from lib.data import paths, vintages
from lib.data.dataset import Dataset, DataValidationError, load_dataset
from lib.divisions import tables as division_tables
from lib.divisions.report import score_cache
from lib.divisions.scores import Alignment
from lib.map import artifact
from lib.map.artifact import MapArtifact
from lib.pinned.errors import BoundaryError, PinnedError


class FicheError(Exception):
    """Something the user can fix; the message is Dutch and one line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lib.fiche",
        description="Regiofiches en gemeentefiches als PDF.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    region = commands.add_parser("regio", help="de fiche van één referentieregio")
    region.add_argument("id", help="de id van de regio, bv. kempen")
    region.add_argument("-o", "--output", required=True, metavar="FILE")
    municipality = commands.add_parser(
        "gemeente", help=f"de fiche van één gemeente (indeling {vintages.AFTER.label})"
    )
    municipality.add_argument("nis", help="de NIS-code, bv. 44021")
    municipality.add_argument("-o", "--output", required=True, metavar="FILE")
    everything = commands.add_parser("alle", help="alle regio's en alle gemeenten")
    everything.add_argument("-o", "--output", required=True, metavar="DIR")
    for command in (region, municipality, everything):
        command.add_argument(
            "--from",
            dest="base",
            metavar="DIR_OF_URL",
            help="map of adres met de tabellen van de andere indelingen",
        )
        command.add_argument(
            "--grenzen",
            metavar="DIR",
            help="map met de grensbestanden, als de kaart nog gebouwd moet worden",
        )
    return parser


def _dataset(folder: Path) -> Dataset:
    try:
        return load_dataset(folder)
    except DataValidationError as error:
        raise FicheError(
            f"de gegevens in {folder} bevatten {error.count} fout(en); "
            "`python -m lib.validate` toont ze"
        ) from error


def _layers(folder: Path, ds: Dataset, base: str | None) -> MapArtifact:
    try:
        if base is not None:
            if not boundary_build.is_current(vintages.DEFAULT, folder, ds):
                boundary_build.build(vintages.DEFAULT, base=base, data_dir=folder, dataset=ds)
        else:
            boundary_build.ensure_boundaries(vintages.DEFAULT, folder, dataset=ds)
        return artifact.read(paths.map_artifact_path(vintages.DEFAULT, folder))
    except PinnedError as error:
        raise FicheError(
            "de kaart kon niet worden opgebouwd; bouw ze met `python -m lib.boundaries build` "
            "(zonder internet: `--from <map>`, of hier `--grenzen <map>`)"
        ) from error


def _scores(folder: Path, ds: Dataset, base: str | None) -> Alignment | None:
    """The division scores, or None (the fiches then say the tables were unavailable)."""
    rows = ds.rows(vintages.DEFAULT)
    regions = dict(zip(rows["nis_code"], rows["region_id"], strict=True))
    names = dict(zip(rows["nis_code"], rows["municipality"], strict=True))
    try:
        division_tables.ensure_tables(folder, base)
        return score_cache(folder, regions, names)[1]
    except PinnedError as error:
        print(
            "let op: de tabellen van de andere indelingen zijn niet beschikbaar "
            f"({' '.join(str(error).split())[:200]}); de fiches zeggen dat",
            file=sys.stderr,
        )
        return None


def _write(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as error:
        raise FicheError(f"kan {path} niet schrijven: {error.strerror or error}") from error


def _progress(done: int, total: int, started: float) -> None:
    width = 30
    filled = width * done // total
    print(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} fiches, "
        f"{time.perf_counter() - started:.0f} s",
        end="" if done < total else "\n",
        file=sys.stderr,
        flush=True,
    )


def run(args: argparse.Namespace) -> None:
    folder = paths.data_dir()
    ds = _dataset(folder)
    if args.command == "regio" and args.id not in {p.id for p in ds.regions}:
        known = ", ".join(p.id for p in ds.regions)
        raise FicheError(f"er is geen referentieregio met id '{args.id}'; kies uit: {known}")
    if args.command == "gemeente" and args.nis not in ds.names(vintages.DEFAULT):
        raise FicheError(
            f"er is geen gemeente (indeling {vintages.AFTER.label}) met NIS-code '{args.nis}'; "
            "een NIS-code heeft vijf cijfers, bv. 44021 voor Gent"
        )
    layers = _layers(folder, ds, args.grenzen)
    scores = _scores(folder, ds, args.base)
    output = Path(args.output)
    if args.command == "regio":
        _write(output, fiche.region_pdf(ds, args.id, layers, scores))
    elif args.command == "gemeente":
        _write(output, fiche.municipality_pdf(ds, args.nis, layers, scores))
    else:
        jobs = [("regio", p.id) for p in ds.regions] + [
            ("gemeente", code) for code in sorted(ds.names(vintages.DEFAULT))
        ]
        started = time.perf_counter()
        for done, (kind, key) in enumerate(jobs, start=1):
            if kind == "regio":
                name, content = (
                    fiche.region_filename(ds, key),
                    fiche.region_pdf(ds, key, layers, scores),
                )
            else:
                name, content = (
                    fiche.municipality_filename(ds, key),
                    fiche.municipality_pdf(ds, key, layers, scores),
                )
            _write(output / name, content)
            _progress(done, len(jobs), started)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        run(args)
    except FicheError as error:
        print(f"fout: {error}", file=sys.stderr)
        return 1
    except BoundaryError as error:  # a damaged map file
        print(f"fout: de kaart is onbruikbaar: {' '.join(str(error).split())}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
