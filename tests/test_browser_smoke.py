"""Browser smoke test: a real `streamlit run`, driven by Debian's Chromium."""

from __future__ import annotations

import pytest

from tests.support.chromium import wait_for_app

pytestmark = pytest.mark.browser


def test_main_page_opens_in_chromium(page, app_url, screenshot_dir) -> None:
    page.goto(app_url)
    wait_for_app(page)
    heading = page.get_by_role("heading", name="Regiokaart")
    heading.wait_for()
    page.screenshot(path=str(screenshot_dir / "smoke-main.png"), full_page=True)
    assert heading.is_visible()
