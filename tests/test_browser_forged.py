"""What goes wrong in the browser leaves the page working, against a real `streamlit run`: a map
layer that does not arrive, an unknown region in a link, and forged component values (issue 12,
case 5).

Anyone can post a message from the map's frame to the page, the way streamlit-folium does with
``Streamlit.setComponentValue``; the server must ignore what does not fit and keep the session.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest

from lib.map import elements
from tests.support.chromium import wait_for_app
from tests.support.map_page import MAP_FRAME
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
MUNICIPALITY_LAYER = "*/app/static/map/gemeenten-*.json"


@contextlib.contextmanager
def requests_failing(page, pattern: str) -> Iterator[None]:
    """Requests of ``page`` (its frames too) to URLs matching ``pattern`` (``*`` for any text)
    fail, as a lost connection would, until the block ends.

    Chromium's own URL block (DevTools), not ``page.route``: routing turns the browser's cache
    off, and a page load without it costs about 2 s more CPU.
    """
    devtools = page.context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setBlockedURLs", {"urls": [pattern]})
    try:
        yield
    finally:
        devtools.send("Network.setBlockedURLs", {"urls": []})
        devtools.detach()


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


def test_a_lost_layer_an_unknown_region_and_forged_map_values_leave_the_page_working(
    page, app_url, runs
) -> None:
    """One visit of /?regio=atlantis while the municipalities' layer file fails, in order:

    1. the map says in Dutch that a layer did not arrive, and draws the other one (the region
       borders) instead of staying silently empty;
    2. the unknown region in the link gives a notice and the default view;
    3. forged map values change nothing and raise nothing; a well-formed code claiming another
       region selects the region the server's data give it;
    4. from there, names typed in the search and confirmed with Enter find their
       municipality's region.
    """
    with requests_failing(page, MUNICIPALITY_LAYER):
        page.goto(f"{app_url}/?regio=atlantis")
        wait_for_app(page)
        check_the_map_says_a_layer_did_not_arrive_and_draws_the_other(page)
    notice = page.get_by_text("De regio 'atlantis' uit de link bestaat niet", exact=False)
    notice.wait_for()
    assert page.get_by_role("heading", name="Kies een referentieregio").is_visible()

    runs.wait_for_run_after(0)  # the page's first run; nothing else runs until a post
    check_forged_map_values_leave_the_session_working(page, runs)

    search = page.get_by_role("textbox", name=re.compile("Zoek een gemeente"))
    for typed, region in (
        ("sint niklaas", "Waasland"),
        ("Kortessém", "Limburg"),
        ("Gent", "Gent"),  # last: the forged claim above chose Gent
    ):
        search.click()
        search.fill(typed)
        page.keyboard.press("Enter")
        page.get_by_role("heading", name=f"Referentieregio {region}").wait_for(timeout=30_000)
        wait_for_app(page)


def check_the_map_says_a_layer_did_not_arrive_and_draws_the_other(page) -> None:
    """The layers are fetched by the map (lib.map.static_files): when one fails, the map says so
    in Dutch, and the region borders came while the municipalities did not."""
    frame = page.frame_locator(MAP_FRAME)
    notice = frame.locator(".regiokaart-notice")
    notice.wait_for(timeout=30_000)
    assert notice.inner_text() == elements.LAYER_FAILED
    frame.locator(".leaflet-regiokaart-regiogrenzen-pane path").first.wait_for()
    assert frame.locator(".leaflet-regiokaart-gemeenten-pane path").count() == 0


def check_forged_map_values_leave_the_session_working(page, runs: ScriptRuns) -> None:
    """Each forged value makes a run that ends without an exception, in the default view; then
    a well-formed code claiming another region selects Gent, by the server's data."""
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
