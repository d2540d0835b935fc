"""Errors of the boundary build: one paragraph each, in English, saying what to do."""

from __future__ import annotations

from collections.abc import Iterable

ENV_URL = "REGIOKAART_BOUNDARIES_URL"
DEADLINE_ENV = "REGIOKAART_DOWNLOAD_DEADLINE"
"""Seconds one build may spend downloading, everything included (lib.pinned.download)."""


class BoundaryError(Exception):
    """Building, downloading or reading the municipality boundaries failed."""


class ChecksumError(BoundaryError):
    """A downloaded file is not byte-identical to the pinned version."""

    def __init__(self, location: str, expected: str, actual: str) -> None:
        self.location = location
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Checksum mismatch for {location}: expected SHA-256 {expected}, got {actual}. "
            "The file is not the pinned version, so it was not used and nothing was written "
            f"(an existing cache is left as it was). Check the source given with --from or "
            f"{ENV_URL}, or download it again."
        )


class MissingSourceError(BoundaryError):
    """A local source file (``--from`` or REGIOKAART_BOUNDARIES_URL as a folder) is missing."""

    def __init__(self, location: str, where: str) -> None:
        self.location = location
        super().__init__(
            f"{location} does not exist. Point --from or {ENV_URL} at the {where} holding the "
            "boundary files (or at an http(s):// address)."
        )


class OfflineError(BoundaryError):
    """The boundary source could not be reached at all."""

    def __init__(self, location: str, reason: str, attempts: int) -> None:
        self.location = location
        self.reason = reason
        self.attempts = attempts
        super().__init__(
            f"Could not reach {location} ({reason}; {attempts} attempt(s)). The municipality "
            "boundaries are downloaded once and then cached; without network access, point the "
            "build at a folder or server holding the files: run `python -m lib.boundaries build "
            f"--from DIR_OR_URL`, or set {ENV_URL}=DIR_OR_URL before starting the app."
        )


class DeadlineError(BoundaryError):
    """The downloads of one build did not finish within the build's deadline."""

    def __init__(self, location: str, seconds: float) -> None:
        self.location = location
        self.seconds = seconds
        super().__init__(
            f"Downloading {location} did not finish within {seconds:g} s, the time one build "
            "may spend on its downloads (connecting, waiting and receiving together); the server "
            f"is too slow or stuck. Try again later, set {DEADLINE_ENV}=SECONDS to allow more "
            f"time, or point the build at a local copy with --from or {ENV_URL}."
        )


def _codes(codes: Iterable[str], limit: int = 40) -> str:
    ordered = sorted(codes)
    shown = ", ".join(ordered[:limit])
    return shown if len(ordered) <= limit else f"{shown} and {len(ordered) - limit} more"


class JoinError(BoundaryError):
    """Boundary polygons and ``regions.csv`` rows do not match one to one."""

    def __init__(
        self,
        vintage: int,
        without_row: Iterable[str] = (),
        without_polygon: Iterable[str] = (),
        duplicates: Iterable[str] = (),
    ) -> None:
        self.vintage = vintage
        self.without_row = sorted(without_row)
        self.without_polygon = sorted(without_polygon)
        self.duplicates = sorted(duplicates)
        parts = []
        if self.without_row:
            parts.append(f"polygons without a row in regions.csv: {_codes(self.without_row)}")
        if self.without_polygon:
            parts.append(f"rows of regions.csv without a polygon: {_codes(self.without_polygon)}")
        if self.duplicates:
            parts.append(f"NIS codes that occur more than once: {_codes(self.duplicates)}")
        detail = "; ".join(parts) if parts else "no rows for this vintage in regions.csv"
        super().__init__(
            f"The boundaries do not match regions.csv for vintage {vintage}: {detail}. "
            "Every Flemish municipality polygon needs exactly one row with the same NIS code and "
            "vice versa; check the vintage and source of the boundaries, or fix regions.csv."
        )
