"""``python -m lib.toets [--format text|json] [--from DIR_OR_URL] [--file F] ENTRY…``.

Each ENTRY (and each value of ``--file``, a CSV or XLSX of one column) is a name, a pre-2025 name
or a NIS code; an argument may hold several, separated by commas, semicolons or newlines. When an
entry is unknown or ambiguous, nothing is judged: one line per such entry on stderr (with the
candidates of an ambiguous one) and exit status 1. No entry at all, unreadable data or division
tables: one line ``fout: …`` and exit status 1. Otherwise the verdict on stdout (Dutch text, or
JSON with the keys of :func:`lib.toets.assessment.as_json`) and exit status 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from lib.divisions.sources import ENV_URL
from lib.pinned.errors import PinnedError
from lib.toets.assessment import as_json, as_text, assess, load_context
from lib.toets.entries import AMBIGUOUS, read_upload, split_entries
from lib.toets.errors import ToetsInputError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lib.toets",
        description="Toets een samenwerking: ligt een reeks gemeenten binnen de referentieregio's?",
    )
    parser.add_argument("entries", nargs="*", metavar="ENTRY", help="naam, oude naam of NIS-code")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--from",
        dest="base",
        metavar="DIR_OR_URL",
        help="map of http(s)://-adres met de tabellen van de andere indelingen (standaard: de "
        f"cache, anders ${ENV_URL}, anders het vastgepinde publieke adres)",
    )
    parser.add_argument(
        "--file", metavar="F", help="CSV- of XLSX-bestand met één kolom namen of NIS-codes"
    )
    return parser


def _fail(message: str) -> int:
    print(f"fout: {' '.join(message.split())}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    texts = [entry for argument in args.entries for entry in split_entries(argument)]
    try:
        if args.file:
            path = Path(args.file)
            try:
                data = path.read_bytes()
            except OSError as exc:
                return _fail(f"het bestand {path} kan niet gelezen worden ({exc.strerror}).")
            texts += read_upload(data, path.name)
        if not texts:
            return _fail("geef minstens één gemeente op: een naam, een oude naam of een NIS-code.")
        context = load_context(base=args.base)
        resolved = context.matcher.resolve_all(texts)
        if resolved.problems:
            for problem in resolved.problems:
                label = "meerdere mogelijk" if problem.status == AMBIGUOUS else "onbekend"
                print(f"{label}: {problem.note()}", file=sys.stderr)
            return 1
        assessment = assess(context, resolved)
    except ToetsInputError as exc:
        return _fail(str(exc))
    except PinnedError as exc:
        return _fail(str(exc))
    if args.format == "json":
        sys.stdout.write(json.dumps(as_json(assessment), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(as_text(assessment))
    return 0
