"""lib.map.leaflet_assets: pinned Leaflet files copied from their package into static/."""

from __future__ import annotations

import errno
import hashlib
import importlib.metadata
import os
import shutil
from pathlib import Path

import pytest

from lib.data.paths import REPO_ROOT
from lib.map import leaflet_assets, static_files
from lib.map.leaflet_assets import SHA256, LeafletAssetsMissing, ensure_assets, package_dir

OLD = 1_500_000_000_000_000_000  # an mtime in nanoseconds (2017), set by hand


def _copied(target: Path) -> list[Path]:
    return [target / name for name in SHA256]


def test_the_installed_package_is_leaflet_1_9_4():
    assert importlib.metadata.version("django-js-lib-leaflet").startswith("1.9.4")
    source = package_dir()
    head = (source / "leaflet.js").read_text(encoding="utf-8")[:300]
    assert "Leaflet 1.9.4" in head
    assert ".leaflet-container" in (source / "leaflet.css").read_text(encoding="utf-8")


def test_ensure_assets_copies_leaflet_byte_for_byte(tmp_path: Path):
    target = tmp_path / "static" / "leaflet"
    assert ensure_assets(target) == target
    source = package_dir()
    for name, expected in SHA256.items():
        assert (target / name).read_bytes() == (source / name).read_bytes(), name
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == expected, name
    assert {"leaflet.js", "leaflet.css", "images/layers.png"} <= SHA256.keys()
    # Nothing else: no temporary files left behind, no source maps or ES modules.
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == (
        sorted(SHA256)
    )


def test_a_second_call_does_not_rewrite(tmp_path: Path):
    target = tmp_path / "leaflet"
    ensure_assets(target)
    for path in _copied(target):
        os.utime(path, ns=(OLD, OLD))
    inodes = {path: path.stat().st_ino for path in _copied(target)}
    ensure_assets(target)
    for path in _copied(target):
        assert path.stat().st_mtime_ns == OLD, path.name
        assert path.stat().st_ino == inodes[path], path.name


def test_a_changed_or_missing_file_is_restored(tmp_path: Path):
    target = tmp_path / "leaflet"
    ensure_assets(target)
    (target / "leaflet.js").write_text("alert('not leaflet')", encoding="utf-8")
    (target / "images" / "layers.png").unlink()
    os.utime(target / "leaflet.css", ns=(OLD, OLD))
    ensure_assets(target)
    source = package_dir()
    assert (target / "leaflet.js").read_bytes() == (source / "leaflet.js").read_bytes()
    assert (target / "images" / "layers.png").read_bytes() == (
        source / "images" / "layers.png"
    ).read_bytes()
    assert (target / "leaflet.css").stat().st_mtime_ns == OLD  # untouched: still identical


def test_a_package_file_that_is_not_the_pinned_one_is_refused(monkeypatch, tmp_path: Path):
    tampered = tmp_path / "package"
    shutil.copytree(package_dir(), tampered)
    script = tampered / "leaflet.js"
    script.write_bytes(script.read_bytes().replace(b"Leaflet 1.9.4", b"Leaflet 6.6.6", 1))
    monkeypatch.setattr(leaflet_assets, "package_dir", lambda: tampered)
    with pytest.raises(LeafletAssetsMissing, match=r"leaflet\.js is not the pinned Leaflet"):
        ensure_assets(tmp_path / "leaflet")
    assert not (tmp_path / "leaflet").exists()  # nothing copied, not even the good files


def test_the_default_target_is_the_apps_static_folder(monkeypatch, tmp_path: Path):
    """Streamlit serves static/ at app/static/, which is where the map's URLs point; a server
    running a copy of the app elsewhere names its folder in REGIOKAART_STATIC_DIR."""
    monkeypatch.delenv(static_files.STATIC_DIR_ENV, raising=False)
    assert leaflet_assets.static_dir() == REPO_ROOT / "static" / "leaflet"
    monkeypatch.setenv(static_files.STATIC_DIR_ENV, str(tmp_path / "elders"))
    assert leaflet_assets.static_dir() == tmp_path / "elders" / "leaflet"
    assert ensure_assets() == tmp_path / "elders" / "leaflet"
    assert (tmp_path / "elders" / "leaflet" / "leaflet.js").is_file()
    assert leaflet_assets.JS_URL.endswith("/app/static/leaflet/leaflet.js")
    assert leaflet_assets.CSS_URL.endswith("/app/static/leaflet/leaflet.css")


def test_a_missing_package_is_a_clear_error(monkeypatch, tmp_path: Path):
    def not_installed(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(leaflet_assets.resources, "files", not_installed)
    with pytest.raises(LeafletAssetsMissing, match="django-js-lib-leaflet"):
        ensure_assets(tmp_path / "leaflet")
    assert not (tmp_path / "leaflet").exists()


def read_only(monkeypatch, module) -> None:
    """Every write of ``module`` fails as on a read-only mount (the tests may run as root, for
    whom no permission bit stops a write)."""

    def refuse(files):
        raise OSError(errno.EROFS, "Read-only file system", str(next(iter(files), "")))

    monkeypatch.setattr(module.atomic, "write_files", refuse)


def test_a_read_only_folder_serves_what_was_copied_before(monkeypatch, tmp_path: Path):
    """A read-only deployment: the files a build copied are served as they are, even without
    the package; a folder that lacks them says it is not writable, not that Leaflet is missing."""
    target = tmp_path / "leaflet"
    ensure_assets(target)

    def not_installed(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    installed = leaflet_assets.resources.files
    monkeypatch.setattr(leaflet_assets.resources, "files", not_installed)
    read_only(monkeypatch, leaflet_assets)
    assert ensure_assets(target) == target
    monkeypatch.setattr(leaflet_assets.resources, "files", installed)
    with pytest.raises(static_files.StaticFolderNotWritable, match="not writable") as caught:
        ensure_assets(tmp_path / "elsewhere")
    assert not isinstance(caught.value, LeafletAssetsMissing)
    assert "python -m lib.boundaries build" in str(caught.value)
