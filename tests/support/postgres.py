"""A throw-away PostgreSQL server for the store's tests: Debian's ``postgresql`` binaries, a
cluster in a temporary folder, a free port on 127.0.0.1 and its socket in that folder.

PostgreSQL refuses to run as root: as root, ``initdb`` and ``pg_ctl`` run as the ``postgres``
system user of the Debian package (``runuser``), which owns the folder. ``.ci/run`` installs the
package; without it, :func:`find_bin_dir` returns None and the tests skip (fail with CI=true).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

SEARCH = "/usr/lib/postgresql/*/bin"
USER = "postgres"
ROLE = "regiokaart"


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder with initdb and pg_ctl, or None."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    for folder in reversed(found):
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    for name in ("initdb", "pg_ctl"):
        if shutil.which(name) is None:
            return None
    return Path(shutil.which("initdb")).parent  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", USER, "--", *command]


def _give_to_server_user(folder: Path) -> None:
    if os.geteuid() != 0:
        return
    entry = pwd.getpwnam(USER)
    os.chown(folder, entry.pw_uid, entry.pw_gid)


@contextlib.contextmanager
def postgres_server(bin_dir: Path, durable: bool = False) -> Iterator[str]:
    """A running server for the duration: yields its SQLAlchemy URL (psycopg, trust auth on
    127.0.0.1 only); stopped and its folder removed afterwards. Tests skip fsync (fast, and the
    data is thrown away); ``durable`` keeps PostgreSQL's defaults, for the benchmark."""
    root = Path(tempfile.mkdtemp(prefix="regiokaart-pg-"))
    root.chmod(0o755)
    _give_to_server_user(root)
    data, log = root / "data", root / "server.log"
    port = _free_port()
    run = {"check": True, "capture_output": True, "text": True, "cwd": root, "timeout": 60}
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    ROLE,
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--no-instructions",
                ]
            ),
            **run,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c max_connections=60"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "30",
                    "start",
                ]
            ),
            **run,
        )
        try:
            yield f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_server_user(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                check=False,
                capture_output=True,
                cwd=root,
                timeout=60,
            )
    except subprocess.CalledProcessError as problem:
        detail = (problem.stderr or "") + (log.read_text() if log.exists() else "")
        raise RuntimeError(f"PostgreSQL did not start: {detail[-2000:]}") from problem
    finally:
        shutil.rmtree(root, ignore_errors=True)
