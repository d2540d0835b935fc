"""The map's municipality search: the matching of :mod:`lib.data.matching`, under its old name.

The matching itself is pure and lives in ``lib.data`` so that packages below ``lib.app`` (the
toets) use the same tolerance; the pages and ``lib.app`` keep importing it from here.
"""

from __future__ import annotations

from lib.data.matching import (
    MAX_CANDIDATES,
    Match,
    MunicipalityEntry,
    allowed_errors,
    compact,
    entries,
    fold,
    match,
)

__all__ = [
    "MAX_CANDIDATES",
    "Match",
    "MunicipalityEntry",
    "allowed_errors",
    "compact",
    "entries",
    "fold",
    "match",
]
