"""AppTest runs of the app and of every page: each renders without an exception."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.streamlit_server import REPO_ROOT

TIMEOUT = 60


@pytest.fixture
def app(data_copy, monkeypatch) -> AppTest:
    monkeypatch.setenv("REGIOKAART_DATA_DIR", str(data_copy))
    return AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=TIMEOUT)


def test_main_page_renders_title(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.title[0].value == "Regiokaart"
