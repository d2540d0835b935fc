"""The borders between neighbouring municipalities, as the boundary build wrote them: read here.

Every division of the 2025 municipalities has its borders along municipality borders, so one
list of shared borders serves all of them: for each pair of neighbouring municipalities, the
line they share (encoded like the map's polygons, with the same vertices, so a division border
lies exactly on the municipality borders drawn below it) and its length in metres. A division's
border is then the set of shared borders whose two sides lie in different divisions — a
selection, with no geometry library at run time. The lengths give the share of the reference
region borders that a kind of division follows (``lib.divisions.scores.border_share``).

Built with shapely from the 2025 map artifact (:mod:`lib.map.artifact`, the polygons exactly as
the browser draws them) by the boundary build (:mod:`lib.boundaries.borders`), in the same
atomic write as the artifact, and written as JSON beside it
(``paths.municipality_borders_path``, git-ignored), keyed by the SHA-256 of the artifact: a
cache whose borders do not match its map is not current, and is rebuilt as a whole by the
boundary build. Serving reads the JSON here, with the standard library only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from lib.boundaries.errors import BoundaryError
from lib.data import paths, vintages

FORMAT = 1
VINTAGE = vintages.DEFAULT  # the division tables hold the municipalities since the mergers
METADATA_KEY = "regiokaart"


@dataclass(frozen=True)
class SharedBorder:
    """The border between two neighbouring municipalities (``first`` < ``second``)."""

    first: str
    second: str
    metres: float
    lines: tuple[str, ...]  # encoded polylines (lon, lat), see lib.map.encoding


@dataclass(frozen=True)
class Borders:
    precision: int
    borders: tuple[SharedBorder, ...]

    def pairs(self) -> list[tuple[str, str, float]]:
        """(nis_code, nis_code, metres) of every pair of neighbours."""
        return [(b.first, b.second, b.metres) for b in self.borders]


def _source(data_dir: Path) -> Path:
    return paths.map_artifact_path(VINTAGE, data_dir)


def built_from(map_file: bytes) -> str:
    """The key of a borders file: the SHA-256 of the map artifact it was built from."""
    return hashlib.sha256(map_file).hexdigest()


def _metadata(path: Path) -> dict | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    metadata = document.get(METADATA_KEY) if isinstance(document, dict) else None
    return metadata if isinstance(metadata, dict) else None


def is_current(data_dir: Path) -> bool:
    """The borders exist, in this format, built from the map artifact as it is now."""
    source = _source(data_dir)
    metadata = _metadata(paths.municipality_borders_path(data_dir))
    if metadata is None or metadata.get("format") != FORMAT or not source.is_file():
        return False
    return metadata.get("map_sha256") == built_from(source.read_bytes())


def load_borders(data_dir: Path) -> Borders:
    """Read the built borders (standard library only)."""
    path = paths.municipality_borders_path(data_dir)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        precision = int(document[METADATA_KEY]["precision"])
        borders = tuple(
            SharedBorder(str(a), str(b), float(metres), tuple(lines))
            for a, b, metres, lines in document["borders"]
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BoundaryError(
            f"Cannot read the municipality borders {path} ({error}); rebuild them with "
            "`python -m lib.boundaries build`."
        ) from error
    return Borders(precision, borders)
