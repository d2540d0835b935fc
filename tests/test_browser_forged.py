"""Forged component values from the browser (issue 12, case 5), against a real `streamlit run`.

Anyone can post a message from the map's frame to the page, the way streamlit-folium does with
``Streamlit.setComponentValue``; the server must ignore what does not fit and keep the session.
"""

from __future__ import annotations

import pytest

from tests.support.chromium import wait_for_app
from tests.support.map_page import MAP_FRAME, wait_for_map

pytestmark = pytest.mark.browser

# Counts the script runs the page sees finish, so the test can wait for the run a message causes.
# Each record carries the state before the change: a quick run's two changes may come in one batch.
COUNT_RUNS = """() => {
    window.regiokaartRuns = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver((records) => {
        records.forEach((record) => {
            if (record.oldValue === "running") window.regiokaartRuns++;
        });
    }).observe(app, {attributes: true, attributeOldValue: true,
                     attributeFilter: ["data-test-script-state"]});
}"""

POST = """(value) => window.parent.postMessage(
    {isStreamlitMessage: true, type: "streamlit:setComponentValue", value: value,
     dataType: "json"}, "*")"""

FORGED = [  # one of each kind; tests/test_selection.py and test_app_failures.py have the rest
    "boom",
    {"last_active_drawing": [1, 2]},
    {"last_active_drawing": {"properties": {"nis_code": "99999", "region_id": "gent"}}},
]


def post_and_wait(page, frame, value) -> None:
    """Post ``value`` as the map's value and wait until the run it causes has finished."""
    before = page.evaluate("() => window.regiokaartRuns")
    frame.evaluate(POST, value)
    page.wait_for_function(
        """(before) => window.regiokaartRuns > before && document.querySelector(
            '[data-testid="stApp"]').getAttribute("data-test-script-state") === "notRunning" """,
        arg=before,
        timeout=30_000,
    )


def test_forged_map_values_leave_the_session_working(page, app_url) -> None:
    page.goto(app_url)
    wait_for_app(page)
    wait_for_map(page)
    page.evaluate(COUNT_RUNS)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    for value in FORGED:
        post_and_wait(page, frame, value)
        assert page.get_by_test_id("stException").count() == 0, value
        assert page.get_by_role("heading", name="Kies een referentieregio").is_visible(), value
    # a well-formed code claiming another region: the region comes from the server's data
    post_and_wait(
        page,
        frame,
        {"last_active_drawing": {"properties": {"nis_code": "44021", "region_id": "kempen"}}},
    )
    page.get_by_role("heading", name="Referentieregio Gent").wait_for(timeout=30_000)
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.inner_text("body")
