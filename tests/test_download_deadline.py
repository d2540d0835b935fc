"""One deadline per build for all downloads, and no temporary file left behind (issue 12, case 3).

A local server misbehaves on purpose: it drips bytes, drips its headers, sends without end, or
resets the connection halfway. Deadlines here are a second or less; a guard thread turns a hang
into a failure instead of a stuck test run.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lib.pinned import download
from lib.pinned.download import Fetcher, deadline_seconds, work_folder
from lib.pinned.errors import DEADLINE_ENV, DeadlineError, DownloadError, OfflineError
from tests.support.http_thread import base_url, serving
from tests.support.streamlit_server import REPO_ROOT

HANG_GUARD_S = 30  # far above every deadline below: only a hang gets near it


class _Misbehaving(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).hits += 1
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            # /drip.shp and /drip/gemeente.shp both drip
            getattr(self, "answer_" + self.path.strip("/").split("/")[0].split(".")[0])()

    def answer_drip(self) -> None:
        """Announce 10 kB, then send one byte every 20 ms."""
        self.send_response(200)
        self.send_header("Content-Length", "10000")
        self.end_headers()
        for _ in range(10_000):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.02)

    def answer_endless(self) -> None:
        """No length, and bytes without end (6 MB/s: the test's disk need not fill up)."""
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        block = b"y" * 65536
        while True:
            self.wfile.write(block)
            time.sleep(0.01)

    def answer_slow_headers(self) -> None:
        """The status line at once, then a header byte every 20 ms."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(10_000):
            self.wfile.write(b"X")
            self.wfile.flush()
            time.sleep(0.02)

    def answer_reset(self) -> None:
        """Half the announced body, then a connection reset (RST)."""
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"z" * 500)
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def log_message(self, *args) -> None:
        return None


@contextmanager
def misbehaving_server() -> Iterator[tuple[str, type]]:
    handler = type("Handler", (_Misbehaving,), {"hits": 0})
    with serving(handler) as server:
        yield base_url(server), handler


def outcome(call: Callable[[], object]) -> BaseException | None:
    """Run ``call`` in a thread; return what it raised (None if nothing); fail on a hang."""
    caught: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            caught.append(None)
        except BaseException as exc:
            caught.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_S)
    assert not worker.is_alive(), "the download did not stop at its deadline"
    return caught[0]


@pytest.mark.parametrize("path", ["/drip.shp", "/endless.shp", "/slow_headers.shp"])
def test_a_misbehaving_server_is_cut_off_at_the_deadline(tmp_path: Path, path: str) -> None:
    dest = tmp_path / "file.shp"
    with misbehaving_server() as (url, _):
        fetcher = Fetcher(timeout=5.0, backoff=0.05, deadline_s=0.4)
        error = outcome(lambda: fetcher.fetch(url + path, dest))
    assert isinstance(error, DeadlineError), error
    assert error.seconds == 0.4 and path in error.location
    assert "0.4 s" in str(error) and DEADLINE_ENV in str(error)
    assert not dest.exists()  # no half file


def test_an_endless_fast_body_stops_at_the_size_bound(tmp_path: Path) -> None:
    with misbehaving_server() as (url, _):
        fetcher = Fetcher(timeout=5.0, deadline_s=20, max_bytes=1 << 20)
        error = outcome(lambda: fetcher.fetch(url + "/endless.shp", tmp_path / "f"))
    assert isinstance(error, DownloadError) and "larger than 1048576 bytes" in str(error)
    assert not (tmp_path / "f").exists()


def test_the_deadline_is_shared_by_all_files_of_a_build(tmp_path: Path) -> None:
    with misbehaving_server() as (url, handler):
        fetcher = Fetcher(timeout=5.0, backoff=0.05, deadline_s=0.4)
        first = outcome(lambda: fetcher.fetch(url + "/drip.shp", tmp_path / "a"))
        hits = handler.hits
        second = outcome(lambda: fetcher.fetch(url + "/drip.dbf", tmp_path / "b"))
    assert isinstance(first, DeadlineError) and isinstance(second, DeadlineError)
    assert handler.hits == hits  # the time was used up: the second file was not even asked for


def test_a_reset_halfway_is_retried_then_reported_without_a_half_file(tmp_path: Path) -> None:
    dest = tmp_path / "file.shp"
    with misbehaving_server() as (url, handler):
        fetcher = Fetcher(timeout=2.0, backoff=0.05, deadline_s=20)
        error = outcome(lambda: fetcher.fetch(url + "/reset.shp", dest))
    assert isinstance(error, OfflineError), error
    assert handler.hits == fetcher.attempts
    assert not dest.exists()


def test_the_deadline_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv(DEADLINE_ENV, raising=False)
    assert deadline_seconds() == download.DEADLINE_S
    monkeypatch.setenv(DEADLINE_ENV, "2.5")
    assert deadline_seconds() == 2.5 and Fetcher().deadline_s == 2.5
    for wrong in ("soon", "0", "-3", "nan"):
        monkeypatch.setenv(DEADLINE_ENV, wrong)
        with pytest.raises(DownloadError, match=DEADLINE_ENV):
            deadline_seconds()


# --- temporary files: removed on every way out ---------------------------------------------------


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch) -> Path:
    """A private temporary folder for this test (``tempfile`` and child processes use it)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def test_a_build_past_its_deadline_leaves_no_files(
    own_tmp: Path, data_copy: Path, monkeypatch
) -> None:
    from lib.boundaries import build

    monkeypatch.setenv(DEADLINE_ENV, "0.4")
    with misbehaving_server() as (url, _):
        error = outcome(lambda: build.build(2025, base=url + "/drip", data_dir=data_copy))
    assert isinstance(error, DeadlineError), error
    assert list(own_tmp.iterdir()) == []
    assert not list(data_copy.glob("*.geojson")) and not list(data_copy.glob(".*"))


def test_a_work_folder_is_removed_on_an_exception(own_tmp: Path) -> None:
    with pytest.raises(KeyboardInterrupt), work_folder() as folder:
        (folder / "part").write_bytes(b"x")
        raise KeyboardInterrupt
    assert list(own_tmp.iterdir()) == []


def start_cli_build(url: str, own_tmp: Path, data: Path) -> tuple[subprocess.Popen, Path]:
    """``python -m lib.boundaries build`` against the dripping server; returns it and its work
    folder once that exists."""
    env = {
        **os.environ,
        "TMPDIR": str(own_tmp),
        "REGIOKAART_DATA_DIR": str(data),
        DEADLINE_ENV: str(HANG_GUARD_S),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "lib.boundaries", "build", "--from", url],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    while time.monotonic() - started < HANG_GUARD_S:
        folders = list(own_tmp.glob(f"{download.WORK_PREFIX}*"))
        if folders and any(folders[0].iterdir()):  # downloading into it
            return process, folders[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the build never started downloading")


def test_a_build_stopped_with_sigterm_removes_its_work_folder(own_tmp, data_copy) -> None:
    with misbehaving_server() as (url, _):
        process, folder = start_cli_build(url + "/drip", own_tmp, data_copy)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=HANG_GUARD_S)
    assert process.returncode == 128 + signal.SIGTERM
    assert not folder.exists()


def test_the_folders_of_builds_killed_outright_are_swept(own_tmp: Path) -> None:
    """SIGKILL runs nothing in the process: its work folder stays until the next build."""
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that no longer runs, as a killed build
    left = own_tmp / f"{download.WORK_PREFIX}{gone.pid}-abc"
    left.mkdir()
    (left / "gemeente.shp").write_bytes(b"half")
    mine = own_tmp / f"{download.WORK_PREFIX}{os.getpid()}-xyz"
    mine.mkdir()  # a running process's folder stays
    with work_folder() as folder:  # what every build starts with
        assert folder.parent == own_tmp
        assert not left.exists() and mine.exists()
    assert sorted(own_tmp.iterdir()) == [mine]
