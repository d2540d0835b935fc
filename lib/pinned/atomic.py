"""Atomic file writes: a temporary file beside the target, then ``os.replace``.

A reader sees the old file or the new one, never half a file; a failure before the rename leaves
the old file as it was and removes the temporary one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o644


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary sibling first; rename only when all are written.

    The renames happen in the order given, so put the file whose presence means "complete" last.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
            )
            temporary = Path(name)
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, FILE_MODE)
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
