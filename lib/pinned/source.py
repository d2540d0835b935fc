"""A pinned source: files of one public repository at one commit, each with its SHA-256.

The boundary shapefiles (``lib.pinned.shapefiles``) and the division tables
(``lib.divisions.sources``) are both a :class:`PinnedSource`: the address of a folder at the pinned
commit, the relative paths of the files in it with their SHA-256, and the environment variable that
points the app at a mirror (an ``http(s)://`` address or a local folder with the same relative
paths). The sums live here in code, never in the mirror: a mirror is checked against them, not
trusted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lib.pinned.download import Fetcher, join
from lib.pinned.errors import Remedy


@dataclass(frozen=True)
class PinnedCommit:
    """One commit of a public repository, and the address of its raw files."""

    repository: str  # owner/name
    commit: str  # the full 40-character id

    @property
    def short(self) -> str:
        return self.commit[:7]

    def raw_url(self, folder: str) -> str:
        """The address of ``folder`` (a path in the repository) at this commit, ending in /."""
        return (
            f"https://raw.githubusercontent.com/{self.repository}/{self.commit}/"
            f"{folder.strip('/')}/"
        )


PROVINCIES_IN_CIJFERS = PinnedCommit(
    "provinciesincijfers/gebiedsniveaus", "3b1b6d8d3548e495f597db134f437f0d08898535"
)
"""Provincies in Cijfers' area levels: the boundaries and the division tables, one commit."""


@dataclass(frozen=True)
class PinnedSource:
    """A folder at a pinned commit, the files used from it, and where a mirror can be named."""

    pinned: PinnedCommit
    folder: str  # path of the folder in the repository
    sha256: Mapping[str, str]  # path relative to the folder → SHA-256 (hex)
    env_var: str  # REGIOKAART_…_URL: a mirror, as an http(s):// address or a folder
    what: str  # for messages: "municipality boundary files"
    command: str  # the command line that accepts --from

    @property
    def url(self) -> str:
        """The pinned address of the folder."""
        return self.pinned.raw_url(self.folder)

    @property
    def remedy(self) -> Remedy:
        return Remedy(self.what, self.env_var, self.command)

    def base(self, override: str | None = None) -> str:
        """Where to fetch from: ``override``, else ``$env_var``, else the pinned address."""
        if override:
            return override
        return os.environ.get(self.env_var, "").strip() or self.url

    def fetcher(self) -> Fetcher:
        """A fetcher whose error messages name this source's option and variable."""
        return Fetcher(remedy=self.remedy)

    def fetch(
        self,
        names: Iterable[str],
        workdir: Path,
        base: str | None = None,
        fetcher: Fetcher | None = None,
        progress: Callable[[str], None] | None = None,
        label: str = "Bestanden ophalen",
    ) -> dict[str, Path]:
        """Fetch ``names`` into ``workdir`` (same relative paths), each checked against its sum.

        ``progress`` gets a short Dutch message per file (``label (2/5): name``). Raises
        :class:`lib.pinned.errors.DownloadError` (a checksum mismatch, offline, …); a name
        without a pinned sum is a programming error (``KeyError``).
        """
        location = self.base(base)
        fetcher = fetcher or self.fetcher()
        wanted = list(names)
        fetched = {}
        for number, name in enumerate(wanted, start=1):
            if progress is not None:
                progress(f"{label} ({number}/{len(wanted)}): {name.rsplit('/', 1)[-1]}")
            target = workdir / name
            fetcher.fetch(join(location, name), target, sha256=self.sha256[name])
            fetched[name] = target
        return fetched
