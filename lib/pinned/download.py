"""Fetch one file from an ``http(s)://`` address or a local folder, with retries and a checksum.

A :class:`Fetcher` serves all files of one build. Opening a connection is bounded in wall-clock
time (name lookup included), every read has a socket timeout, failed attempts are retried a few
times with a short back-off, and the time spent failing is capped for the whole fetcher, so an
offline machine fails within about :data:`FAILURE_BUDGET_S` seconds instead of hanging. On top,
the whole build has one deadline (``$REGIOKAART_DOWNLOAD_DEADLINE`` seconds, default
:data:`DEADLINE_S`, counted from the fetcher's creation) for connecting, waiting and receiving
together, so a server that drips bytes or never stops sending cannot hold a build (or an app's
first start) for longer; past it :class:`DeadlineError` is raised.

Files land in a folder the caller chooses, normally :func:`work_folder`: a temporary folder that is
removed on every way out, including SIGTERM in the command line; the folders of builds killed
outright (SIGKILL) are swept by the next build. When a SHA-256 is given, it is checked before
:meth:`Fetcher.fetch` returns; a mismatching or incomplete file is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import ipaddress
import os
import shutil
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lib.pinned.errors import (
    DEADLINE_ENV,
    ChecksumError,
    DeadlineError,
    DownloadError,
    MissingSourceError,
    OfflineError,
    Remedy,
)

TIMEOUT_S = 10.0
ATTEMPTS = 3
BACKOFF_S = 1.0
FAILURE_BUDGET_S = 20.0
DEADLINE_S = 60.0
"""Default seconds one build may spend downloading (the pinned files are about 2 MB)."""
MAX_BYTES = 1 << 27
"""128 MiB, far above any pinned file: what a wrong server may fill the disk with."""
CHUNK = 1 << 16
USER_AGENT = "regiokaart/1"
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


def deadline_seconds() -> float:
    """The download deadline of one build: ``$REGIOKAART_DOWNLOAD_DEADLINE`` or DEADLINE_S."""
    text = os.environ.get(DEADLINE_ENV, "").strip()
    if not text:
        return DEADLINE_S
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:  # also NaN
        raise DownloadError(f"{DEADLINE_ENV}={text!r} is not a number of seconds above 0.")
    return seconds


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
    """Downloads or copies files; shares one failure budget and one deadline across its files."""

    timeout: float = TIMEOUT_S
    attempts: int = ATTEMPTS
    backoff: float = BACKOFF_S
    failure_budget: float = FAILURE_BUDGET_S
    max_bytes: int = MAX_BYTES
    remedy: Remedy = Remedy()  # what the error messages tell the user to do
    deadline_s: float = field(default_factory=deadline_seconds)
    """Seconds all downloads of this fetcher may take together, counted from its creation."""
    failed_seconds: float = 0.0
    _last_byte: float = 0.0
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.deadline_s

    def remaining(self) -> float:
        """Seconds left before the deadline (negative once past it)."""
        return self._deadline - time.monotonic()

    def fetch(self, location: str, dest: Path, sha256: str | None = None) -> str:
        """Put the file at ``location`` into ``dest``; return its SHA-256 (hex).

        Raises :class:`ChecksumError` when ``sha256`` is given and does not match,
        :class:`DeadlineError` past the deadline, :class:`OfflineError` when the server cannot
        be reached, and :class:`DownloadError` for anything else (missing file, HTTP 404, …).
        Whatever goes wrong, ``dest`` is not left behind.
        """
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            if is_url(location):
                digest = self._download(location, dest)
            else:
                digest = self._copy(local_path(location), dest)
            if sha256 is not None and digest != sha256.lower():
                raise ChecksumError(location, sha256.lower(), digest, self.remedy)
        except BaseException:  # also KeyboardInterrupt, SystemExit: no half file stays
            dest.unlink(missing_ok=True)
            raise
        return digest

    def _copy(self, source: Path, dest: Path) -> str:
        if not source.is_file():
            where = "folder" if source.parent.is_dir() else "folder or file"
            raise MissingSourceError(str(source), where, self.remedy)
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
            if self.remaining() <= 0:
                raise DeadlineError(url, self.deadline_s, self.remedy)
            started = self._last_byte = time.monotonic()
            made = attempt
            try:
                return self._download_once(url, dest, min(self.timeout, remaining))
            except _Retryable as exc:
                if self.remaining() <= 0:
                    raise DeadlineError(url, self.deadline_s, self.remedy) from exc
                last = exc
                # Only the time without progress counts: a long download that stalls late
                # still gets its retries.
                self.failed_seconds += time.monotonic() - max(started, self._last_byte)
            if attempt < self.attempts:
                left = self.failure_budget - self.failed_seconds
                pause = min(self.backoff * 2 ** (attempt - 1), left, self.remaining())
                if pause <= 0:
                    break
                time.sleep(pause)
                self.failed_seconds += pause
        reason = last.reason if last else "no time left for another attempt"
        if last is not None and last.http_status is not None:
            raise DownloadError(
                f"Downloading {url} failed: the server answered {reason} ({made} attempt(s)). "
                f"Try again later, or point {self.remedy.option} at a folder or server holding "
                f"the {self.remedy.what}."
            )
        raise OfflineError(url, reason, made, self.remedy)

    def _download_once(self, url: str, dest: Path, timeout: float) -> str:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        digest = hashlib.sha256()
        received = 0
        if self.remaining() < timeout:
            timeout = max(self.remaining(), 0.001)
        with dest.open("wb") as out:
            try:
                with _open_within(url, request, timeout) as response:
                    expected = response.headers.get("Content-Length")
                    while chunk := self._read(response, url):
                        received += len(chunk)
                        if received > self.max_bytes:
                            raise DownloadError(
                                f"Downloading {url} stopped: larger than {self.max_bytes} bytes."
                            )
                        digest.update(chunk)
                        _write(out, chunk, dest)
                        self._last_byte = time.monotonic()
            except urllib.error.HTTPError as exc:
                status = f"HTTP {exc.code} {exc.reason}"
                if exc.code in RETRY_STATUS:
                    raise _Retryable(status, http_status=exc.code) from exc
                raise DownloadError(
                    f"Downloading {url} failed: the server answered {status}. Check that "
                    f"{self.remedy.option} points at the folder holding the {self.remedy.what}."
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

    def _read(self, response, url: str) -> bytes:
        """The next part of the body: one read from the socket, never waiting past the deadline.

        ``read1`` returns what one receive brings (``read`` would wait for a whole chunk, one
        dripped byte at a time), and before each receive the socket's timeout is cut to the time
        left, so the deadline holds within a few milliseconds.
        """
        left = self.remaining()
        if left <= 0:
            raise DeadlineError(url, self.deadline_s, self.remedy)
        sock = _socket_of(response)
        if sock is not None:
            sock.settimeout(min(self.timeout, left))
        try:
            return response.read1(CHUNK)
        except (TimeoutError, OSError):
            if self.remaining() <= 0:
                raise DeadlineError(url, self.deadline_s, self.remedy) from None
            raise


def _socket_of(response) -> socket.socket | None:
    """The socket under an http.client response, or None where it cannot be found."""
    raw = getattr(getattr(response, "fp", None), "raw", None)
    sock = getattr(raw, "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


WORK_PREFIX = "regiokaart-download-"


@contextlib.contextmanager
def work_folder() -> Iterator[Path]:
    """A temporary folder for one build's downloads, removed however the build ends.

    Its name carries this process's id; folders of processes that no longer run (a build killed
    with SIGKILL, a power cut) are removed first.
    """
    sweep_work_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_work_folders(parent: Path | None = None) -> list[Path]:
    """Remove the work folders that processes no longer running left behind; return them."""
    removed = []
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{WORK_PREFIX}*-*"):
        pid_text = folder.name[len(WORK_PREFIX) :].split("-", 1)[0]
        if folder.is_dir() and pid_text.isdigit() and not _running(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _write(out, chunk: bytes, dest: Path) -> None:
    """Write to the local file; a local failure is not a network failure, so never retried."""
    try:
        out.write(chunk)
    except OSError as exc:
        raise DownloadError(f"Cannot write the download to {dest}: {exc}.") from exc


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
