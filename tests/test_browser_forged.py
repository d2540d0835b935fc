"""Forged component values from the browser (issue 12, case 5), against a real `streamlit run`.

Anyone can post a message from the map's frame to the page, the way streamlit-folium does with
``Streamlit.setComponentValue``; the server must ignore what does not fit and keep the session.
"""

from __future__ import annotations

import pytest

from tests.support.chromium import wait_for_app
from tests.support.map_page import MAP_FRAME, wait_for_map
from tests.support.script_runs import ScriptRuns

pytestmark = pytest.mark.browser

POST = """(value) => window.parent.postMessage(
    {isStreamlitMessage: true, type: "streamlit:setComponentValue", value: value,
     dataType: "json"}, "*")"""

FORGED = [  # one of each kind; tests/test_selection.py and test_app_failures.py have the rest
    "boom",
    {"last_active_drawing": [1, 2]},
    {"last_active_drawing": {"properties": {"nis_code": "99999", "region_id": "gent"}}},
]


@pytest.fixture
def runs(page):
    watcher = ScriptRuns(page)
    yield watcher
    watcher.stop()


def post_and_wait(runs: ScriptRuns, frame, value) -> None:
    """Post ``value`` as the map's value and wait until the run it causes has finished."""
    before = runs.requests
    frame.evaluate(POST, value)
    runs.wait_for_run_after(before)


def test_forged_map_values_leave_the_session_working(page, app_url, runs) -> None:
    page.goto(app_url)
    wait_for_app(page)
    wait_for_map(page)
    runs.wait_for_run_after(0)  # the page's first run; nothing else runs until a post
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    for value in FORGED:
        post_and_wait(runs, frame, value)
        assert runs.exceptions == [], value
        wait_for_app(page)
        assert page.get_by_test_id("stException").count() == 0, value
        assert page.get_by_role("heading", name="Kies een referentieregio").is_visible(), value
    # a well-formed code claiming another region: the region comes from the server's data
    post_and_wait(
        runs,
        frame,
        {"last_active_drawing": {"properties": {"nis_code": "44021", "region_id": "kempen"}}},
    )
    page.get_by_role("heading", name="Referentieregio Gent").wait_for(timeout=30_000)
    assert runs.exceptions == []
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.inner_text("body")
