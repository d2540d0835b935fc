"""lib.app.navigation.resolve: which page answers an address (worked out by hand)."""

from __future__ import annotations

import pytest

from lib.app.navigation import resolve

PATHS = ["", "doorbraken", "ontwikkeltrajecten", "gegevens"]
ALIASES = {"trajecten": "ontwikkeltrajecten", "kaart": ""}


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("doorbraken", ("doorbraken", False)),
        ("Doorbraken", ("doorbraken", False)),
        ("GEGEVENS", ("gegevens", False)),
        ("trajecten", ("ontwikkeltrajecten", False)),
        ("Trajecten", ("ontwikkeltrajecten", False)),
        ("kaart", ("", False)),
        ("foo", ("", True)),
        ("nietbestaand", ("", True)),
        ("doorbraken/extra", ("", True)),
    ],
)
def test_resolve(asked: str, expected: tuple[str, bool]) -> None:
    assert resolve(asked, PATHS, ALIASES) == expected
