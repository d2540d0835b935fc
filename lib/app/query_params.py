"""Read comma-separated ids from the address bar, keeping only known ones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedIds:
    known: tuple[str, ...]
    unknown: tuple[str, ...]


def parse_ids(raw: str | Iterable[str] | None, allowed: Iterable[str]) -> ParsedIds:
    """Split ``"a,b"`` or repeated parameters into known ids, in ``allowed`` order, and the rest."""
    if raw is None:
        return ParsedIds((), ())
    parts = [raw] if isinstance(raw, str) else list(raw)
    values = [v.strip().lower() for part in parts for v in part.split(",") if v.strip()]
    order = list(allowed)
    known = tuple(v for v in order if v in values)
    unknown = tuple(dict.fromkeys(v for v in values if v not in order))
    return ParsedIds(known, unknown)
