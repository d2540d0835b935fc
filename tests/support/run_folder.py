"""The folder a whole test run shares across pytest-xdist's workers (tests/conftest.py makes
it in the main process and removes it at the end; the workers inherit its name)."""

from __future__ import annotations

import os
from pathlib import Path

RUN_DIR_ENV = "REGIOKAART_TEST_RUN_DIR"


def run_folder() -> Path | None:
    """The run's shared folder, or None outside a pytest run (the benchmark, say)."""
    named = os.environ.get(RUN_DIR_ENV, "")
    return Path(named) if named else None
