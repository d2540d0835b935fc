"""Shared fixtures: the ../shared folder, a throw-away data folder, a real server, real Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.chromium import CHROMIUM, in_ci, launch, watch_other_hosts
from tests.support.run_folder import RUN_DIR_ENV
from tests.support.streamlit_server import (
    REPO_ROOT,
    STATIC_DIR_ENV,
    link_checkout,
    stop_group,
)
from tests.support.streamlit_server import start as start_server

SHARED = REPO_ROOT.parent / "shared"
SCREENSHOTS = REPO_ROOT / "test-results"
DATA_FILES = ("*.csv", "*.yaml")


# --- the checkout stays as it was ------------------------------------------------------------

# What a run may leave: tools' caches, and the screenshots the browser tests save for review.
RUN_OUTPUT = (".venv", ".pytest_cache", ".ruff_cache", ".hypothesis", "test-results")


def _checkout_state() -> dict[str, tuple]:
    """Every untracked, changed or ignored file of the checkout but the caches, with its size
    and modification time (so a test that rewrites a file that was there shows too)."""
    listed = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all", "-z"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    state = {}
    for entry in filter(None, listed.split("\0")):
        status, name = entry[:2], entry[3:]
        parts = Path(name).parts
        if not parts or parts[0] in RUN_OUTPUT or "__pycache__" in parts:
            continue
        path = REPO_ROOT / name
        try:
            info = path.lstat()
            state[name] = (status, info.st_size, info.st_mtime_ns)
        except OSError:
            state[name] = (status, None, None)
    return state


def _is_controller(config: pytest.Config) -> bool:
    """The main pytest process (not one of pytest-xdist's workers)."""
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    if _is_controller(session.config):
        session.config.stash[_CHECKOUT] = _checkout_state()


def pytest_configure(config: pytest.Config) -> None:
    """The main process makes a folder for what the whole run shares (the run's server,
    ``app_url``; PostgreSQL's empty cluster, tests.support.postgres); its workers inherit the
    environment variable that names it."""
    if _is_controller(config):
        run_dir = tempfile.mkdtemp(prefix="regiokaart-run-")
        config.stash[_RUN_DIR] = Path(run_dir)
        os.environ[RUN_DIR_ENV] = run_dir


def pytest_unconfigure(config: pytest.Config) -> None:
    """After the last worker: stop the run's server, if one started it, and remove the folder."""
    run_dir = config.stash.get(_RUN_DIR, None)
    if run_dir is None:
        return
    address = run_dir / "app-server.json"
    if address.exists():
        pid = json.loads(address.read_text())["pid"]
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            command = b""
        if str(run_dir).encode() in command:  # still the server, not a process reusing its id
            stop_group(pid)
    shutil.rmtree(run_dir, ignore_errors=True)
    if os.environ.get(RUN_DIR_ENV) == str(run_dir):
        del os.environ[RUN_DIR_ENV]


_RUN_DIR = pytest.StashKey[Path]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After every test (of every worker): fail the run if the checkout changed."""
    before = session.config.stash.get(_CHECKOUT, None)
    if before is None:
        return
    after = _checkout_state()
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "tests left files in the checkout (write them under tmp_path): " + ", ".join(
            changed[:20]
        )
        if reporter is not None:
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_CHECKOUT = pytest.StashKey[dict]()


@pytest.fixture(scope="session", autouse=True)
def _static_files_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The map files that in-process tests publish (lib.map.static_files) go to a temporary
    folder of this process, never into the checkout's static/ (servers get their own, see
    tests.support.streamlit_server)."""
    folder = tmp_path_factory.mktemp("static")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(STATIC_DIR_ENV, str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def _praktijk_store_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Submitted practices that pages read or write in tests go to a temporary SQLite file,
    never into a data folder (servers inherit it; a test may point elsewhere)."""
    path = tmp_path_factory.mktemp("praktijk") / "praktijk.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGIOKAART_PRAKTIJK_URL", f"sqlite:///{path}")
        yield path


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


SHARED_DIVISIONS = SHARED / "divisions" / "pic-3b1b6d8"


@pytest.fixture(scope="session")
def divisions_dir(shared_dir: Path) -> Path:
    return SHARED_DIVISIONS


@pytest.fixture(autouse=True)
def _divisions_from_shared(monkeypatch) -> None:
    """No test fetches the division tables from the network: unless a test points
    REGIOKAART_DIVISIONS_URL elsewhere, it is the byte-identical copy in ../shared."""
    if not os.environ.get("REGIOKAART_DIVISIONS_URL"):
        monkeypatch.setenv("REGIOKAART_DIVISIONS_URL", str(SHARED_DIVISIONS))


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


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, make):
    """``make(folder)`` once for the whole run, also when pytest-xdist runs several workers:
    the first worker makes it under a file lock, the others wait and read its pickled result."""
    import pickle

    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by the workers of this run
    folder, result = root / name, root / f"{name}.pickle"
    with FileLock(root / f"{name}.lock"):
        if not result.exists():
            result.write_bytes(pickle.dumps(make(folder)))
    return pickle.loads(result.read_bytes())


def _build_everything(folder: Path, pic_dir: Path, divisions_dir: Path) -> dict:
    from lib.boundaries.build import build
    from lib.data import vintages
    from lib.divisions import tables as division_tables

    copy_data(folder)
    builds = {year: build(year, base=str(pic_dir), data_dir=folder) for year in vintages.YEARS}
    division_tables.build_tables(folder, base=str(divisions_dir))
    return builds


@pytest.fixture(scope="session")
def boundary_builds(
    tmp_path_factory: pytest.TempPathFactory, pic_dir: Path, divisions_dir: Path
) -> dict:
    """Both vintages built once from ../shared into a copy of data/: {vintage: BuildResult}.
    The folder also holds the division tables (see ``built_data_dir``).

    Built once per run and read-only by convention: copy the folder (``app_data_copy``) to
    change it.
    """
    return once_per_run(
        tmp_path_factory,
        "built-data",
        lambda folder: _build_everything(folder, pic_dir, divisions_dir),
    )


@pytest.fixture(scope="session")
def built_data_dir(boundary_builds: dict) -> Path:
    """The data folder of ``boundary_builds``: the data files, both built caches (with the
    shared municipality borders) and the division tables, all built from ../shared."""
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
def app_url(app_data_dir: Path, pic_dir: Path) -> str:
    """The run's server, on ``app_data_dir``: one for all of pytest-xdist's workers.

    The first worker that needs it starts it, under a file lock, in the run's folder (see
    ``pytest_configure``); the others read its address there. It outlives that worker, and the
    main pytest process stops it at the end of the run (``pytest_unconfigure``). One server
    instead of one per worker: a server's start and its first pages are several seconds of CPU,
    and the second worker finds its caches warm. Its practices store is a SQLite file of its own.
    """
    from filelock import FileLock

    run_dir = Path(os.environ[RUN_DIR_ENV])
    address = run_dir / "app-server.json"
    with FileLock(run_dir / "app-server.lock"):
        if not address.exists():
            root = Path(tempfile.mkdtemp(prefix="app-", dir=run_dir))  # new after a failed try
            link_checkout(root)
            env = {
                "REGIOKAART_DATA_DIR": str(app_data_dir),
                "REGIOKAART_BOUNDARIES_URL": str(pic_dir),
                "REGIOKAART_PRAKTIJK_URL": f"sqlite:///{run_dir / 'praktijk.sqlite3'}",
                STATIC_DIR_ENV: str(root / "static"),
            }
            url, process = start_server(root / "app.py", env, root, run_dir / "streamlit.log")
            address.write_text(json.dumps({"url": url, "pid": process.pid}))
        return json.loads(address.read_text())["url"]


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


DESKTOP = {"width": 1400, "height": 950}


@pytest.fixture(scope="session")
def _desktop_page(browser):
    """One desktop tab for the whole run.

    A new tab costs a new renderer process and a cold cache: about 40 % more CPU per page load
    than navigating an open one, and CPU is what bounds this suite. Every test starts with its
    own ``page.goto``, which also starts a new Streamlit session.
    """
    yield from _one_tab(browser, viewport=DESKTOP)


def _one_tab(browser, **options):
    """A tab in a context of its own (Dutch), closed afterwards."""
    context = browser.new_context(locale="nl-BE", **options)
    yield context.new_page()
    context.close()


def _watched(tab, size: dict, blocked_requests: list[tuple[str, str]]):
    """``tab`` watched for requests to other hosts, and given ``size`` back afterwards."""
    stop_watching = watch_other_hosts(tab, blocked_requests)
    yield tab
    stop_watching()
    tab.set_viewport_size(size)


@pytest.fixture
def page(_desktop_page, blocked_requests: list[tuple[str, str]]):
    """The desktop tab, watched for requests to other hosts; left as it was found."""
    yield from _watched(_desktop_page, DESKTOP, blocked_requests)


PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def _phone_page(browser):
    """One phone tab (390x844, touch) for the whole run, for the reason of ``_desktop_page``."""
    yield from _one_tab(browser, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def phone(_phone_page, blocked_requests: list[tuple[str, str]]):
    """The phone tab, watched for requests to other hosts like ``page``."""
    yield from _watched(_phone_page, PHONE, blocked_requests)


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser modules first: they are the longest, and pytest-xdist hands out whole modules in
    this order, so the short ones fill the gaps at the end instead of one long one running alone.

    Among them, the modules that need neither the run's built data nor its server come first:
    while the first worker builds the data (``boundary_builds``) and starts the server, the
    second has browser work of its own instead of waiting for them.
    """
    needs_build = {
        item.path for item in items if "built_data_dir" in getattr(item, "fixturenames", ())
    }
    items.sort(
        key=lambda item: (item.get_closest_marker("browser") is None, item.path in needs_build)
    )
