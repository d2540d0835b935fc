from pathlib import Path

from lib.data import paths


def test_data_dir_defaults_to_repository_data(monkeypatch) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    assert paths.data_dir() == paths.REPO_ROOT / "data"


def test_data_dir_follows_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path))
    assert paths.data_dir() == tmp_path.resolve()
    assert paths.boundaries_path(2025) == tmp_path.resolve() / "municipalities.geojson"
    assert paths.boundaries_path(2019) == tmp_path.resolve() / "municipalities-2019.geojson"
