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

import pytest

from tests.support.chromium import in_ci
from tests.support.run_folder import run_folder

USER = "postgres"
ROLE = "regiokaart"
NOT_INSTALLED = "PostgreSQL is not installed (Debian's postgresql package; .ci/run installs it)"


def missing() -> None:
    """A test that needs PostgreSQL and finds none: skip it, or fail it with CI=true."""
    if in_ci():
        pytest.fail(f"{NOT_INSTALLED} (CI=true: this is a failure, not a skip)")
    pytest.skip(NOT_INSTALLED)


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


class PostgresServer:
    """One cluster in a temporary folder: ``start()``, ``stop()`` (a test can stop the database
    mid-way and start it again on the same port), ``url`` for SQLAlchemy (psycopg, trust auth
    on 127.0.0.1 only)."""

    def __init__(self, bin_dir: Path, root: Path, durable: bool) -> None:
        self.bin_dir, self.root = bin_dir, root
        self.data, self.log = root / "data", root / "server.log"
        self.port = _free_port()
        self.options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {root} -c max_connections=60"
        )
        if not durable:  # tests throw the data away: skip the disk syncs
            self.options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.url = f"postgresql+psycopg://{ROLE}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> None:
        try:
            subprocess.run(
                _as_server_user([str(self.bin_dir / args[0]), *args[1:]]),
                check=check,
                capture_output=True,
                text=True,
                cwd=self.root,
                timeout=60,
            )
        except subprocess.CalledProcessError as problem:
            log = self.log.read_text() if self.log.exists() else ""
            detail = (problem.stderr or "") + log
            raise RuntimeError(
                f"PostgreSQL: {' '.join(args[:1])} failed: {detail[-2000:]}"
            ) from None

    def init(self) -> None:
        """A new cluster: a copy of the run's empty one when there is a run (``initdb`` costs
        about 0.8 s of CPU, a copy a few milliseconds), else ``initdb``."""
        template = _run_template(self.bin_dir)
        if template is None:
            self.initdb(self.data)
            return
        # cp -a keeps the files' owner (the server's user, when this runs as root) and modes
        subprocess.run(["cp", "-a", str(template), str(self.data)], check=True)

    def initdb(self, folder: Path) -> None:
        self._run(
            "initdb", "-D", str(folder), "-U", ROLE, "--auth=trust", "--no-sync",
            "-E", "UTF8", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self.options,
            "-w", "-t", "30", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast", check: bool = True) -> None:
        """Stop and wait until it is gone: ``fast`` disconnects every client and keeps every
        commit; ``immediate`` is a crash (with the tests' settings it may lose the last ones)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=check)


def _run_template(bin_dir: Path) -> Path | None:
    """An empty cluster made by ``initdb`` once per test run (under a file lock: the first
    worker to need one makes it), never started; None outside a test run."""
    run_dir = run_folder()
    if run_dir is None:
        return None
    from filelock import FileLock

    version = bin_dir.parent.name
    folder = run_dir / f"postgres-{version}"
    data = folder / "data"
    with FileLock(run_dir / f"postgres-{version}.lock"):
        if not (data / "PG_VERSION").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a half one, from an initdb that failed
            run_dir.chmod(0o755)  # the server's user reaches its folder inside
            folder.mkdir(mode=0o755)
            _give_to_server_user(folder)
            PostgresServer(bin_dir, folder, durable=False).initdb(data)
    return data


@contextlib.contextmanager
def postgres_server(bin_dir: Path, durable: bool = False) -> Iterator[PostgresServer]:
    """A running server for the duration; stopped and its folder removed afterwards. Tests skip
    fsync; ``durable`` keeps PostgreSQL's defaults, for the benchmark."""
    root = Path(tempfile.mkdtemp(prefix="regiokaart-pg-"))
    root.chmod(0o755)
    _give_to_server_user(root)
    server = PostgresServer(bin_dir, root, durable)
    try:
        server.init()
        server.start()
        try:
            yield server
        finally:
            server.stop(mode="immediate", check=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)
