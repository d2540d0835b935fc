"""Shared fixtures: the ../shared folder, a throw-away data folder, a real server, real Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.chromium import CHROMIUM, block_other_hosts, in_ci, launch
from tests.support.streamlit_server import REPO_ROOT, streamlit_server

SHARED = REPO_ROOT.parent / "shared"
SCREENSHOTS = REPO_ROOT / "test-results"
DATA_FILES = ("*.csv", "*.yaml")


def _missing(reason: str):
    """Outside CI a missing prerequisite skips; in CI it fails."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        _missing(f"{SHARED} is missing: clone the project next to its shared/ folder")
    return SHARED


@pytest.fixture(scope="session")
def pic_dir(shared_dir: Path) -> Path:
    return shared_dir / "boundaries" / "pic-3b1b6d8"


def copy_data(target: Path) -> Path:
    """Copy the repository's hand-edited data files (not the built caches) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for pattern in DATA_FILES:
        for path in (REPO_ROOT / "data").glob(pattern):
            shutil.copy2(path, target / path.name)
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private, editable copy of data/ for one test."""
    return copy_data(tmp_path / "data")


@pytest.fixture(scope="session")
def boundary_builds(tmp_path_factory: pytest.TempPathFactory, pic_dir: Path) -> dict:
    """Both vintages built once from ../shared into a copy of data/: {vintage: BuildResult}.

    Session-wide and read-only by convention: copy the folder (``app_data_copy``) to change it.
    """
    from lib.boundaries.build import build
    from lib.data import vintages

    folder = copy_data(tmp_path_factory.mktemp("built-data"))
    return {year: build(year, base=str(pic_dir), data_dir=folder) for year in vintages.YEARS}


@pytest.fixture(scope="session")
def built_data_dir(boundary_builds: dict) -> Path:
    """The data folder of ``boundary_builds``: the data files and both built caches."""
    (folder,) = {result.boundaries_path.parent for result in boundary_builds.values()}
    return folder


@pytest.fixture
def app_data_copy(built_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of ``built_data_dir`` (data files and built boundaries) for one test."""
    target = tmp_path / "data"
    shutil.copytree(built_data_dir, target)
    return target


@pytest.fixture
def offline_boundaries(monkeypatch, tmp_path: Path) -> Path:
    """Point boundary downloads at an empty local folder: every build fails at once."""
    empty = tmp_path / "no-boundaries-here"
    empty.mkdir()
    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", str(empty))
    return empty


@pytest.fixture(scope="session")
def app_data_dir(built_data_dir: Path) -> Path:
    """The data folder of the app under test in the browser, so tests never write into data/."""
    return built_data_dir


@pytest.fixture(scope="session")
def app_url(
    app_data_dir: Path, pic_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    log = tmp_path_factory.mktemp("logs") / "streamlit.log"
    env = {"REGIOKAART_DATA_DIR": str(app_data_dir), "REGIOKAART_BOUNDARIES_URL": str(pic_dir)}
    with streamlit_server(env=env, log_path=log) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def blocked_requests() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def page(browser, blocked_requests: list[str]):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="nl-BE")
    block_other_hosts(context, blocked_requests)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
