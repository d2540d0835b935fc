"""Errors of pinned downloads: one paragraph each, in English.

:class:`PinnedError` is the root: downloading (:class:`DownloadError`, with
:class:`ChecksumError`, :class:`OfflineError`, :class:`MissingSourceError` and
:class:`DeadlineError`) fails with one of its subclasses, and so do the builds that read what
was downloaded, with errors of their own (``lib.boundaries.errors``, ``lib.divisions.errors``):
a caller that only needs "it did not work, say why" catches :class:`PinnedError`. Each message
says what to do, with the command and environment variable of the source concerned (a
:class:`Remedy`).
"""

from __future__ import annotations

from dataclasses import dataclass

DEADLINE_ENV = "REGIOKAART_DOWNLOAD_DEADLINE"
"""Seconds one build may spend downloading, everything included (lib.pinned.download)."""


@dataclass(frozen=True)
class Remedy:
    """How a user points a build at another copy of the pinned files, for error messages."""

    what: str = "files"  # "municipality boundary files", "division tables"
    env_var: str | None = None  # REGIOKAART_..._URL
    command: str | None = None  # the command line that accepts --from

    @property
    def option(self) -> str:
        """``--from or REGIOKAART_…_URL``: the two ways to name another source."""
        return f"--from or {self.env_var}" if self.env_var else "--from"

    def offline(self) -> str:
        command = (
            f"`{self.command} --from DIR_OR_URL`" if self.command else "with --from DIR_OR_URL"
        )
        env = f", or set {self.env_var}=DIR_OR_URL before starting the app" if self.env_var else ""
        return (
            f"The {self.what} are downloaded once and then cached; without network access, point "
            f"the build at a folder or server holding them: run {command}{env}."
        )


class PinnedError(Exception):
    """A pinned download, or building something from what it fetched, failed."""


class DownloadError(PinnedError):
    """A pinned file could not be fetched (missing, refused, too large, not writable)."""


class ChecksumError(DownloadError):
    """A downloaded file is not byte-identical to the pinned version."""

    def __init__(
        self, location: str, expected: str, actual: str, remedy: Remedy | None = None
    ) -> None:
        self.location = location
        self.expected = expected
        self.actual = actual
        remedy = remedy or Remedy()
        super().__init__(
            f"Checksum mismatch for {location}: expected SHA-256 {expected}, got {actual}. "
            "The file is not the pinned version, so it was not used and nothing was written "
            f"(an existing cache is left as it was). Check the source given with "
            f"{remedy.option}, or download it again."
        )


class OfflineError(DownloadError):
    """The source could not be reached at all."""

    def __init__(
        self, location: str, reason: str, attempts: int, remedy: Remedy | None = None
    ) -> None:
        self.location = location
        self.reason = reason
        self.attempts = attempts
        super().__init__(
            f"Could not reach {location} ({reason}; {attempts} attempt(s)). "
            + (remedy or Remedy()).offline()
        )


class MissingSourceError(DownloadError):
    """A local source file (``--from`` or the source's variable as a folder) is missing."""

    def __init__(self, location: str, where: str, remedy: Remedy | None = None) -> None:
        self.location = location
        remedy = remedy or Remedy()
        super().__init__(
            f"{location} does not exist. Point {remedy.option} at the {where} holding the "
            f"{remedy.what} (or at an http(s):// address)."
        )


class DeadlineError(DownloadError):
    """The downloads of one build did not finish within the build's deadline."""

    def __init__(self, location: str, seconds: float, remedy: Remedy | None = None) -> None:
        self.location = location
        self.seconds = seconds
        remedy = remedy or Remedy()
        super().__init__(
            f"Downloading {location} did not finish within {seconds:g} s, the time one build "
            "may spend on its downloads (connecting, waiting and receiving together); the server "
            f"is too slow or stuck. Try again later, set {DEADLINE_ENV}=SECONDS to allow more "
            f"time, or point the build at a local copy with {remedy.option}."
        )
