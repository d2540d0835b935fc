"""lib.map.static_files: the map's layers as files named by their content."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lib.map import static_files


@pytest.fixture
def static_dir(monkeypatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(static_files, "STATIC_DIR", tmp_path / "static")
    return tmp_path / "static"


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
    # other content, another name; the first file stays for pages that still refer to it
    other = static_files.publish_layer("gemeenten-2025", text.replace("11001", "11002"))
    assert other != url and target.exists()


def test_a_truncated_file_is_written_again(static_dir: Path):
    text = '{"features":[]}'
    url = static_files.publish_layer("regiogrenzen-2019", text)
    target = static_dir / "map" / url.rsplit("/", 1)[1]
    target.write_text(text[:5], encoding="utf-8")
    static_files.publish_layer("regiogrenzen-2019", text)
    assert target.read_text(encoding="utf-8") == text


def test_an_unwritable_folder_is_a_clear_error(static_dir: Path):
    static_dir.mkdir()
    (static_dir / "map").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(static_files.MapFilesUnavailable, match="must be writable"):
        static_files.publish_layer("gemeenten-2025", "{}")
