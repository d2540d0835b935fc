"""Facts about REFNIS municipality codes that more than one package needs."""

from __future__ import annotations

BRUSSELS_PREFIX = "21"  # the 19 municipalities of the Brussels-Capital Region: 21001–21019
UNLOCATED_PREFIX = "999"  # 999xx in Provincies in Cijfers' tables: not located, or outside


def is_brussels(nis_code: str) -> bool:
    return nis_code.startswith(BRUSSELS_PREFIX)


def is_unlocated(nis_code: str) -> bool:
    return nis_code.startswith(UNLOCATED_PREFIX)
