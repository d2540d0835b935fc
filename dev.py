#!/usr/bin/env python3
"""Set up and run Regiokaart with nothing but Python 3.11+.

    python3 dev.py run         # create .venv, install requirements.txt, start the dashboard
    python3 dev.py test        # the same plus requirements-dev.txt; ruff, biome and all tests
    python3 dev.py boundaries  # build the map of both vintages now (offline: --from DIR)
    python3 dev.py lock        # regenerate the pinned requirements*.txt from requirements*.in

Extra arguments go to ``streamlit run``, ``pytest`` or ``python -m lib.boundaries build``.
The virtual environment is re-installed only when a requirements file changed (a hash of
them is kept in .venv).
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


APP_REQUIREMENTS = "requirements.txt"
DEV_REQUIREMENTS = "requirements-dev.txt"


def _requirements_hash(files: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in files:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _installed(requirements: tuple[str, ...]) -> bool:
    """Whether .venv holds exactly these requirements files, as its stamp says."""
    stamp = VENV / f".installed-{Path(requirements[-1]).stem}"
    return stamp.exists() and stamp.read_text().strip() == _requirements_hash(requirements)


def ensure_venv(*requirements: str) -> None:
    """Create .venv and install the pinned ``requirements`` files unless already up to date."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Regiokaart needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print(f"Creating {VENV.name} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if _installed(requirements) or (
        requirements == (APP_REQUIREMENTS,) and _installed((APP_REQUIREMENTS, DEV_REQUIREMENTS))
    ):
        return  # the test set includes the app's requirements
    stamp = VENV / f".installed-{Path(requirements[-1]).stem}"
    wanted = _requirements_hash(requirements)
    print(f"Installing {', '.join(requirements)} …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    files = [arg for name in requirements for arg in ("-r", str(ROOT / name))]
    subprocess.run([*pip, *files], check=True)
    stamp.write_text(wanted)


def run(args: list[str]) -> int:
    ensure_venv(APP_REQUIREMENTS)
    # from the repository root: Streamlit reads .streamlit/config.toml (static serving) there
    return subprocess.call(
        [str(PYTHON), "-m", "streamlit", "run", str(ROOT / "app.py"), *args], cwd=ROOT
    )


def boundaries(args: list[str]) -> int:
    """Build the municipality boundaries of every vintage, e.g. from a local copy (--from DIR)."""
    ensure_venv(APP_REQUIREMENTS)
    command = [str(PYTHON), "-m", "lib.boundaries", "build", "--vintage", "all", *args]
    return subprocess.call(command, cwd=ROOT)


def test(args: list[str]) -> int:
    ensure_venv(APP_REQUIREMENTS, DEV_REQUIREMENTS)
    for lint in (["check"], ["format", "--check"]):
        code = subprocess.call([str(PYTHON), "-m", "ruff", *lint, str(ROOT)], cwd=ROOT)
        if code != 0:
            print(f"ruff {' '.join(lint)} failed.", file=sys.stderr)
            return code
    # the browser code (biome.json): lint and format, a warning fails too
    code = subprocess.call(
        [str(BIN / "biome"), "check", "--error-on-warnings", str(ROOT)], cwd=ROOT
    )
    if code != 0:
        print("biome check failed (the browser code in lib/).", file=sys.stderr)
        return code
    # Byte-code caches on, even where the environment turns them off: the test servers and the
    # command-line tests start many Python processes that would each compile lib/ again, and
    # pytest would rewrite every test module in each worker (about 3 s of CPU per worker).
    # __pycache__/ is ignored by git.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    code = subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)
    if code == PYTEST_NO_TESTS:
        print("pytest collected no tests: that is a failure here.", file=sys.stderr)
        return 1
    return code


def lock(args: list[str]) -> int:
    """Pin the app's and the tools' requirements exactly (pip-compile, from the *.in files)."""
    ensure_venv(APP_REQUIREMENTS, DEV_REQUIREMENTS)
    compile_ = [
        str(PYTHON),
        "-m",
        "piptools",
        "compile",
        "--quiet",
        "--strip-extras",
        "--no-emit-index-url",
        "--no-emit-find-links",
        "--allow-unsafe",
        *args,
    ]
    for name in (APP_REQUIREMENTS, DEV_REQUIREMENTS):
        source = name.replace(".txt", ".in")
        code = subprocess.call([*compile_, "--output-file", name, source], cwd=ROOT)
        if code != 0:
            return code
    return 0


def main(argv: list[str]) -> int:
    commands = {"run": run, "test": test, "boundaries": boundaries, "lock": lock}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
