"""When things appear, as the page itself saw them: timestamps taken in the browser.

Playwright's locator waits poll: after the first few tries about every 500 ms, so a time taken
when such a wait returns is off by up to half a second, in steps. The benchmark's waits check in
every animation frame instead (``polling="raf"``) and note the moment in the page, on the clock
every frame shares (``performance.timeOrigin + now()``, milliseconds since the epoch).
"""

from __future__ import annotations

from tests.support.map_page import MAP_FRAME

_CLOCK = "performance.timeOrigin + performance.now()"

_MAP_PAINTED = f"""() => {{
    if (!window.regiokaartMapPainted && document.querySelector("path.leaflet-interactive")) {{
        window.regiokaartMapPainted = {_CLOCK};
    }}
    return window.regiokaartMapPainted;
}}"""

_TEXT_SHOWN = f"""(text) => {{
    const found = [...document.querySelectorAll("h1, h2, h3, p")].find(
        (element) => element.textContent.includes(text) && element.checkVisibility());
    return found ? {_CLOCK} : null;
}}"""


def map_painted_at(page, timeout: float = 60_000) -> float:
    """Epoch seconds of the first animation frame in which the map in ``page`` has a polygon.

    Call it as soon as the page is asked for: it waits for the map's frame itself.
    """
    page.locator(MAP_FRAME).wait_for(state="attached", timeout=timeout)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    handle = frame.wait_for_function(_MAP_PAINTED, polling="raf", timeout=timeout)
    return handle.json_value() / 1000


def navigation_started_at(page) -> float:
    """Epoch seconds at which the browser started loading the page."""
    return page.evaluate("() => performance.timeOrigin") / 1000


def now(page) -> float:
    """The page's clock, epoch seconds."""
    return page.evaluate(f"() => {_CLOCK}") / 1000


def text_shown_at(page, text: str, timeout: float = 30_000) -> float:
    """Epoch seconds of the first animation frame with a visible heading or paragraph showing
    ``text``."""
    handle = page.wait_for_function(_TEXT_SHOWN, arg=text, polling="raf", timeout=timeout)
    return handle.json_value() / 1000
