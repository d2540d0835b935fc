"""The error of reading and checking the division tables, in English."""

from __future__ import annotations

from lib.pinned.errors import PinnedError


class DivisionError(PinnedError):
    """Reading or checking the division tables failed (``lib.divisions``)."""
