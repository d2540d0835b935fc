"""``python -m lib.praktijk``: the store of submitted practices from the command line.

    python -m lib.praktijk upgrade                 # bring the schema to the latest version
    python -m lib.praktijk export -o FILE          # the accepted practices as breakthroughs YAML
    python -m lib.praktijk export -o FILE --merge-with data/breakthroughs.yaml
    python -m lib.praktijk hash-password           # the moderators' password hash, for secrets
    python -m lib.praktijk purge [--dry-run]       # apply the retention rule (see README)

The store is ``--url``, else ``$REGIOKAART_PRAKTIJK_URL``, else ``[connections.praktijk]`` of
``.streamlit/secrets.toml``, else ``praktijk.sqlite3`` in the data folder.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from lib.praktijk import config, export, moderation, store


def _engine(args: argparse.Namespace):
    url = args.url or config.store_url(config.read_secrets(args.secrets))
    return store.make_engine(url)


def _upgrade(args: argparse.Namespace) -> int:
    engine = _engine(args)
    before, after = store.upgrade(engine)
    if before == after:
        print(f"Schema al op versie {after}.")
    else:
        print(f"Schema van versie {before} naar {after}.")
    return 0


def _export(args: argparse.Namespace) -> int:
    engine = _engine(args)
    practices = export.accepted_practices(engine)
    merge_with = args.merge_with.read_text(encoding="utf-8") if args.merge_with else None
    text = export.export_yaml(practices, merge_with)
    target: Path = args.output
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    print(f"{len(practices)} aanvaarde praktijk(en) naar {target}")
    return 0


def _hash_password(args: argparse.Namespace) -> int:
    if sys.stdin.isatty():
        password = getpass.getpass("Wachtwoord voor de beheerders: ")
        if getpass.getpass("Nog eens: ") != password:
            print("De twee wachtwoorden verschillen.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 12:
        print("Kies een wachtwoord van minstens 12 tekens.", file=sys.stderr)
        return 1
    hashed = moderation.hash_password(password)
    print("# in .streamlit/secrets.toml:")
    print("[praktijk]")
    print(f'moderator_password_hash = "{hashed}"')
    return 0


def _purge(args: argparse.Namespace) -> int:
    engine = _engine(args)
    purged = moderation.purge(engine, dry_run=args.dry_run)
    verb = "zou wissen" if args.dry_run else "gewist"
    print(
        f"Persoonsgegevens {verb}: {len(purged.anonymised)} inzending(en); "
        f"afgewezen inzendingen {'zou verwijderen' if args.dry_run else 'verwijderd'}: "
        f"{len(purged.deleted)}."
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.praktijk", description="The store of submitted practices."
    )
    parser.add_argument("--url", help="the database URL (default: secrets, else SQLite)")
    parser.add_argument(
        "--secrets", type=Path, default=config.SECRETS_PATH, help="the secrets file to read"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="bring the schema to the latest version")
    exporting = commands.add_parser("export", help="write the accepted practices as YAML")
    exporting.add_argument("-o", "--output", type=Path, required=True)
    exporting.add_argument("--merge-with", type=Path, help="append to this breakthroughs.yaml")
    commands.add_parser("hash-password", help="print the moderators' password hash")
    purging = commands.add_parser("purge", help="apply the retention rule")
    purging.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    run = {
        "upgrade": _upgrade,
        "export": _export,
        "hash-password": _hash_password,
        "purge": _purge,
    }[args.command]
    try:
        return run(args)
    except store.StoreError as problem:
        print(problem.message, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
