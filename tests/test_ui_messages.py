"""lib.app.notices.map_problem: why the map is missing, in Dutch, for each kind of failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib.app.notices import map_problem
from lib.boundaries.errors import BoundaryError, CacheNotWritable, JoinError
from lib.map.leaflet_assets import LeafletAssetsMissing
from lib.map.static_files import MapFilesUnavailable, StaticFolderNotWritable
from lib.pinned.errors import ChecksumError, DeadlineError, MissingSourceError, OfflineError


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (OfflineError("http://127.0.0.1:9/x", "refused", 3), "was niet bereikbaar"),
        (MissingSourceError("/srv/grenzen/gemeente.shp", "folder"), "bestaan niet"),
        (ChecksumError("/srv/a.shp", "00", "11"), "niet de vastgelegde versie"),
        (DeadlineError("http://127.0.0.1:9/x", 2.5), "toegestane 2,5 seconden"),
        (JoinError(2019, without_row=["11001"]), "indeling 2019"),
        (LeafletAssetsMissing("no package"), "Leaflet is niet geïnstalleerd"),
        (MapFilesUnavailable("cannot write /srv/app/static/map"), "static/ schrijven"),
        (
            StaticFolderNotWritable("Leaflet", Path("/srv/app/static"), OSError(30, "read-only")),
            "Map niet beschrijfbaar",
        ),
        (
            CacheNotWritable(Path("/srv/app/data"), OSError(30, "read-only")),
            "Map niet beschrijfbaar",
        ),
        (BoundaryError("disk full"), "is mislukt"),
    ],
)
def test_each_failure_is_explained_in_dutch(error, says):
    assert says in map_problem(error)
    if "beschrijfbaar" in says:  # the real cause, not another one
        assert "Leaflet" not in map_problem(error) and "opgehaald" not in map_problem(error)
    # where the app looked is for the server log, never for the visitor
    assert "/srv/" not in map_problem(error) and "127.0.0.1" not in map_problem(error)


def test_a_remembered_failure_is_explained_as_the_original():
    original = OfflineError("http://127.0.0.1:9/x", "refused", 3)
    try:
        raise BoundaryError(str(original)) from original
    except BoundaryError as remembered:
        assert map_problem(remembered) == map_problem(original)
