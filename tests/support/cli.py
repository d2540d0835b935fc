"""Run one of the project's command-line modules the way a user does."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.streamlit_server import REPO_ROOT


def run_module(
    module: str, *args: str, env: dict[str, str | None] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m module args…`` from the repository root; ``env`` values of None are unset."""
    environment = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
