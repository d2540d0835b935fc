"""Fetch one file from an ``http(s)://`` address or a local folder, with retries and a checksum.

A :class:`Fetcher` serves all files of one build. Opening a connection is bounded in wall-clock
time (name lookup included), every read has a socket timeout, failed attempts are retried a few
times with a short back-off, and the time spent failing is capped for the whole fetcher, so an
offline machine fails within about :data:`FAILURE_BUDGET_S` seconds instead of hanging. Files
land in a folder the caller chooses (a temporary one); when a SHA-256 is given, it is checked
before :meth:`Fetcher.fetch` returns, and a mismatching file is deleted.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from lib.pinned.errors import BoundaryError, ChecksumError, MissingSourceError, OfflineError

TIMEOUT_S = 10.0
ATTEMPTS = 3
BACKOFF_S = 1.0
FAILURE_BUDGET_S = 20.0
MAX_BYTES = 1 << 30
CHUNK = 1 << 16
USER_AGENT = "regiokaart-boundaries/1"
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


def is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def local_path(location: str) -> Path:
    """A local folder or file given as a path or a ``file://`` address."""
    if location.lower().startswith("file://"):
        return Path(urllib.request.url2pathname(urllib.parse.urlparse(location).path))
    return Path(location).expanduser()


def join(base: str, name: str) -> str:
    """The location of file ``name`` inside ``base`` (an address or a folder)."""
    if is_url(base):
        return base.rstrip("/") + "/" + urllib.parse.quote(name)
    return str(local_path(base) / name)


class _Retryable(Exception):
    """One attempt failed in a way that another attempt might not."""

    def __init__(self, reason: str, *, http_status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.http_status = http_status


@dataclass
class Fetcher:
    """Downloads or copies files; shares one failure budget across all its files."""

    timeout: float = TIMEOUT_S
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF_S
    failure_budget: float = FAILURE_BUDGET_S
    max_bytes: int = MAX_BYTES
    failed_seconds: float = 0.0
    _last_byte: float = 0.0

    def fetch(self, location: str, dest: Path, sha256: str | None = None) -> str:
        """Put the file at ``location`` into ``dest``; return its SHA-256 (hex).

        Raises :class:`ChecksumError` (and removes ``dest``) when ``sha256`` is given and does
        not match, :class:`OfflineError` when the server cannot be reached, and
        :class:`BoundaryError` for anything else (missing file, HTTP 404, …).
        """
        dest.parent.mkdir(parents=True, exist_ok=True)
        if is_url(location):
            digest = self._download(location, dest)
        else:
            digest = self._copy(local_path(location), dest)
        if sha256 is not None and digest != sha256.lower():
            dest.unlink(missing_ok=True)
            raise ChecksumError(location, sha256.lower(), digest)
        return digest

    def _copy(self, source: Path, dest: Path) -> str:
        if not source.is_file():
            where = "folder" if source.parent.is_dir() else "folder or file"
            raise MissingSourceError(str(source), where)
        digest = hashlib.sha256()
        with source.open("rb") as src, dest.open("wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        return digest.hexdigest()

    def _download(self, url: str, dest: Path) -> str:
        last: _Retryable | None = None
        made = 0
        for attempt in range(1, self.attempts + 1):
            remaining = self.failure_budget - self.failed_seconds
            if remaining <= 0:
                break
            started = self._last_byte = time.monotonic()
            made = attempt
            try:
                return self._download_once(url, dest, min(self.timeout, remaining))
            except _Retryable as exc:
                last = exc
                # Only the time without progress counts: a long download that stalls late
                # still gets its retries.
                self.failed_seconds += time.monotonic() - max(started, self._last_byte)
            if attempt < self.attempts:
                left = self.failure_budget - self.failed_seconds
                pause = min(self.backoff * 2 ** (attempt - 1), left)
                if pause <= 0:
                    break
                time.sleep(pause)
                self.failed_seconds += pause
        reason = last.reason if last else "no time left for another attempt"
        if last is not None and last.http_status is not None:
            raise BoundaryError(
                f"Downloading {url} failed: the server answered {reason} ({made} attempt(s)). "
                "Try again later, or point --from or REGIOKAART_BOUNDARIES_URL at a folder or "
                "server holding the boundary files."
            )
        raise OfflineError(url, reason, made)

    def _download_once(self, url: str, dest: Path, timeout: float) -> str:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        digest = hashlib.sha256()
        received = 0
        with dest.open("wb") as out:
            try:
                with _open_within(url, request, timeout) as response:
                    expected = response.headers.get("Content-Length")
                    while chunk := response.read(CHUNK):
                        received += len(chunk)
                        if received > self.max_bytes:
                            raise BoundaryError(
                                f"Downloading {url} stopped: larger than {self.max_bytes} bytes."
                            )
                        digest.update(chunk)
                        _write(out, chunk, dest)
                        self._last_byte = time.monotonic()
            except urllib.error.HTTPError as exc:
                status = f"HTTP {exc.code} {exc.reason}"
                if exc.code in RETRY_STATUS:
                    raise _Retryable(status, http_status=exc.code) from exc
                raise BoundaryError(
                    f"Downloading {url} failed: the server answered {status}. Check that --from "
                    "or REGIOKAART_BOUNDARIES_URL points at the folder holding the boundary files."
                ) from exc
            except urllib.error.URLError as exc:
                raise _Retryable(str(exc.reason)) from exc
            except TimeoutError as exc:
                raise _Retryable(f"timed out after {timeout:.0f} s") from exc
            except (http.client.HTTPException, OSError) as exc:
                raise _Retryable(f"{type(exc).__name__}: {exc}") from exc
        if expected is not None and expected.isdigit() and int(expected) != received:
            raise _Retryable(f"incomplete transfer ({received} of {expected} bytes)")
        return digest.hexdigest()


def _write(out, chunk: bytes, dest: Path) -> None:
    """Write to the local file; a local failure is not a network failure, so never retried."""
    try:
        out.write(chunk)
    except OSError as exc:
        raise BoundaryError(f"Cannot write the download to {dest}: {exc}.") from exc


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _opener(url: str) -> urllib.request.OpenerDirector:
    """The default opener, but never through a proxy for a server on this machine."""
    if _is_loopback(urllib.parse.urlsplit(url).hostname):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _open_within(url: str, request: urllib.request.Request, timeout: float):
    """Open ``request`` and get the response headers within ``timeout`` seconds, wall clock.

    The socket timeout alone does not bound this: name lookups ignore it, and a host with several
    addresses gets the full timeout per address. So the opening runs in a helper thread that is
    abandoned (it ends by its own socket timeout) when it takes too long.
    """
    outcome: list = []

    def attempt() -> None:
        try:
            outcome.append((True, _opener(url).open(request, timeout=timeout)))
        except BaseException as exc:  # handed to the caller below
            outcome.append((False, exc))

    worker = threading.Thread(target=attempt, name="regiokaart-download", daemon=True)
    worker.start()
    worker.join(timeout + 0.25)
    if not outcome:
        raise _Retryable(f"timed out after {timeout:.0f} s without an answer")
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    return value
