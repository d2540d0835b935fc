#!/usr/bin/env python3
"""Set up and run Regiokaart with nothing but Python 3.11+.

    python3 dev.py run    # create .venv, install requirements.txt, start the dashboard
    python3 dev.py test   # create .venv, install requirements-dev.txt, ruff + the whole test suite

Extra arguments go to ``streamlit run`` or ``pytest``. The virtual environment is
re-installed only when a requirements file changed (a hash of them is kept in .venv).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
PYTEST_NO_TESTS = 5


def _requirements_hash(requirements: str) -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_venv(requirements: str) -> None:
    """Create .venv and install ``requirements`` into it unless already up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Regiokaart needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print(f"Creating {VENV.name} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{Path(requirements).stem}"
    wanted = _requirements_hash(requirements)
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return
    print(f"Installing {requirements} …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-r", str(ROOT / requirements)], check=True)
    stamp.write_text(wanted)


def run(args: list[str]) -> int:
    ensure_venv("requirements.txt")
    # from the repository root: Streamlit reads .streamlit/config.toml (static serving) there
    return subprocess.call(
        [str(PYTHON), "-m", "streamlit", "run", str(ROOT / "app.py"), *args], cwd=ROOT
    )


def test(args: list[str]) -> int:
    ensure_venv("requirements-dev.txt")
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", str(ROOT)], cwd=ROOT)
    if lint != 0:
        print("ruff check failed.", file=sys.stderr)
        return lint
    code = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT)
    if code == PYTEST_NO_TESTS:
        print("pytest collected no tests: that is a failure here.", file=sys.stderr)
        return 1
    return code


def main(argv: list[str]) -> int:
    commands = {"run": run, "test": test}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
