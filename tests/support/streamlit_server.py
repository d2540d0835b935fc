"""Start `streamlit run` on a free local port and stop it again by its process group.

The server runs the app from a private folder of links to the checkout, with a ``static/`` of
its own: Streamlit serves the ``static/`` beside the script it runs, and the app writes what it
serves there (``$REGIOKAART_STATIC_DIR``, lib.map.static_files), so no server started here
writes into the checkout.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR_ENV = "REGIOKAART_STATIC_DIR"  # lib.map.static_files.STATIC_DIR_ENV
NOT_LINKED = {".git", "static"}


@contextmanager
def private_app_root() -> Iterator[Path]:
    """A temporary folder that links every top-level entry of the checkout (the app, its pages,
    ``lib``, ``.streamlit`` …) but has an empty ``static/`` of its own; removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="regiokaart-app-"))
    try:
        link_checkout(root)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def link_checkout(root: Path) -> None:
    """Fill the empty folder ``root`` as :func:`private_app_root` describes."""
    for entry in REPO_ROOT.iterdir():
        if entry.name not in NOT_LINKED:
            (root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (root / "static").mkdir()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)  # a first answer comes after about 0.5 s: look often
    raise TimeoutError(f"{base_url} did not become healthy within {timeout:.0f} s")


@contextmanager
def streamlit_server(
    script: Path | str = "app.py",
    env: dict[str, str] | None = None,
    cwd: Path = REPO_ROOT,
    log_path: Path | None = None,
    *,
    graceful: bool = True,
) -> Iterator[str]:
    """Run ``streamlit run SCRIPT`` headless on 127.0.0.1:<free port>; yield its base URL.

    ``graceful=False`` ends the server with SIGKILL instead of SIGTERM: Streamlit's own shutdown
    (closing its sessions, then Python's) takes 0.5-1.5 s of waiting, which a test whose server
    is thrown away with its folder does not need; the end of its log may be lost then.
    """
    with streamlit_process(script, env, cwd, log_path, graceful=graceful) as (base_url, _):
        yield base_url


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@contextmanager
def streamlit_process(
    script: Path | str = "app.py",
    env: dict[str, str] | None = None,
    cwd: Path = REPO_ROOT,
    log_path: Path | None = None,
    options: tuple[str, ...] = (),
    *,
    graceful: bool = True,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like streamlit_server, but yield (base URL, the server's process) for measurements;
    ``options`` go to ``streamlit run`` (``--server.disconnectedSessionTTL``, "10", …)."""
    with private_app_root() as root:
        script = Path(script)
        if not script.is_absolute():
            script = Path(cwd) / script
        if script.resolve().is_relative_to(REPO_ROOT):
            script = root / script.resolve().relative_to(REPO_ROOT)
        if Path(cwd).resolve() == REPO_ROOT:
            cwd = root
        env = {STATIC_DIR_ENV: str(script.parent / "static"), **(env or {})}
        with _run(script, env, cwd, log_path, options, graceful) as running:
            yield running


@contextmanager
def _run(
    script: Path,
    env: dict[str, str],
    cwd: Path,
    log_path: Path | None,
    options: tuple[str, ...],
    graceful: bool,
) -> Iterator[tuple[str, subprocess.Popen]]:
    base_url, process = start(script, env, cwd, log_path, options)
    try:
        yield base_url, process
    finally:
        stop(process, graceful)


def start(
    script: Path,
    env: dict[str, str],
    cwd: Path,
    log_path: Path | None,
    options: tuple[str, ...] = (),
) -> tuple[str, subprocess.Popen]:
    """Start ``streamlit run SCRIPT`` in a process group of its own and wait until it answers;
    return its base URL and its process. Nothing stops it but :func:`stop` (or
    :func:`stop_group`, from any process): it outlives this one if need be."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *options,
    ]
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        if log_path:
            log.close()  # the server has its own copy
    try:
        wait_healthy(base_url, process)
    except BaseException:
        stop(process, graceful=False)
        raise
    return base_url, process


def stop(process: subprocess.Popen, graceful: bool = True) -> None:
    """End the process group :func:`start` began: SIGTERM and a wait (SIGKILL after 10 s), or
    straight away SIGKILL."""
    try:
        os.killpg(process.pid, signal.SIGTERM if graceful else signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def stop_group(pid: int) -> None:
    """SIGKILL the process group of a server that another process started (it is not this
    process's child, so there is nothing to wait for)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
