"""lib.map.static_files: the map's layers as files named by their content, in a bounded folder."""

from __future__ import annotations

import errno
import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from lib.data import paths
from lib.map import artifact, elements, static_files
from tests.support.streamlit_server import REPO_ROOT


@pytest.fixture
def static_dir(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setenv(static_files.STATIC_DIR_ENV, str(tmp_path / "static"))
    return tmp_path / "static"


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_the_folder_is_the_repositorys_static_unless_named(monkeypatch, tmp_path: Path):
    monkeypatch.delenv(static_files.STATIC_DIR_ENV, raising=False)
    assert static_files.static_dir() == REPO_ROOT / "static"
    monkeypatch.setenv(static_files.STATIC_DIR_ENV, str(tmp_path))
    assert static_files.layers_dir() == tmp_path / "map"


def test_nothing_in_static_is_committed():
    """static/ holds only what the app and the boundary build write at run time."""
    listed = subprocess.run(
        ["git", "ls-files", "static/"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert listed.stdout == ""
    files = ["static/map/gemeenten-2025-0123456789abcdef.json", "static/leaflet/leaflet.js"]
    ignored = subprocess.run(
        ["git", "check-ignore", *files], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert ignored.stdout.split() == files


def test_a_layer_is_written_once_under_its_content_hash(static_dir: Path):
    text = '{"precision":4,"keys":["nis_code"],"derived":{},"features":[["11001",["?"]]]}'
    url = static_files.publish_layer("gemeenten-2025", text)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    name = f"gemeenten-2025-{digest}.json"
    assert url == f"../../app/static/map/{name}"
    target = static_dir / "map" / name
    assert target.read_text(encoding="utf-8") == text
    written = target.stat().st_mtime_ns
    assert static_files.publish_layer("gemeenten-2025", text) == url
    assert target.stat().st_mtime_ns == written  # there already: not written again


def test_a_new_version_replaces_the_earlier_one_of_its_stem_only(static_dir: Path):
    first = static_files.publish_layer("gemeenten-2025", '{"v":1}')
    older_vintage = static_files.publish_layer("gemeenten-2019", '{"v":1}')
    (static_dir / "map" / "notities.txt").write_text("not ours", encoding="utf-8")
    second = static_files.publish_layer("gemeenten-2025", '{"v":2}')
    assert second != first
    assert _names(static_dir / "map") == sorted(
        [second.rsplit("/", 1)[1], older_vintage.rsplit("/", 1)[1], "notities.txt"]
    )


def test_a_truncated_file_is_written_again(static_dir: Path):
    text = '{"features":[]}'
    url = static_files.publish_layer("regiogrenzen-2019", text)
    target = static_dir / "map" / url.rsplit("/", 1)[1]
    target.write_text(text[:5], encoding="utf-8")
    static_files.publish_layer("regiogrenzen-2019", text)
    assert target.read_text(encoding="utf-8") == text


def test_an_unusable_folder_is_a_clear_error(static_dir: Path):
    static_dir.mkdir()
    (static_dir / "map").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(static_files.MapFilesUnavailable, match="must be writable"):
        static_files.publish_layer("gemeenten-2025", "{}")


def test_a_read_only_folder_serves_what_was_published_before(static_dir: Path, monkeypatch):
    """A read-only deployment: what the build published is served (and not cleaned up); a
    file it did not publish is an error that says the folder is not writable and what to run."""
    url = static_files.publish_layer("gemeenten-2025", '{"v":1}')
    earlier = static_files.layers_dir() / "gemeenten-2025-0123456789abcdef.json"
    earlier.write_text("{}", encoding="utf-8")

    def refuse(files):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(static_files.atomic, "write_files", refuse)
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: refuse({}))
    assert static_files.publish_layer("gemeenten-2025", '{"v":1}') == url
    with pytest.raises(static_files.StaticFolderNotWritable) as caught:
        static_files.publish_layer("gemeenten-2025", '{"v":2}')
    assert "not writable" in str(caught.value)
    assert "python -m lib.boundaries build --vintage all" in str(caught.value)


def test_nine_data_versions_in_a_row_leave_the_files_of_one(static_dir: Path, built_data_dir):
    """However often the data change, static/map/ holds the map of each vintage once: its two
    layers and its loader, the files the page of the last version asks for."""
    document = json.loads(paths.map_artifact_path(2025, built_data_dir).read_bytes())
    pages = []
    for version in range(9):
        for region in document["regions"]:
            if region["region_id"] == "gent":
                region["name"] = f"Gent, versie {version}"
        for feature in document["layers"]["municipalities"]["features"]:
            if feature["p"]["region_id"] == "gent":
                feature["p"]["region"] = f"Gent, versie {version}"
        pages.append(elements.base_map(artifact.from_document(document)).get_root().render())
    last = [name for name in _names(static_dir / "map") if name in pages[-1]]
    assert len(last) == 3 and _names(static_dir / "map") == last
    assert all(name not in pages[0] for name in last if name.startswith("gemeenten"))
    loader = next(name for name in last if name.startswith("laden-2025-"))
    script = (static_dir / "map" / loader).read_text(encoding="utf-8")
    assert all(name in script for name in last if name != loader)
