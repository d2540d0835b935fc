"""Helpers for the AppTest runs of the dashboard (tests/test_app_*.py).

AppTest runs app.py in this process, with the real ``st.navigation``: ``open_page`` starts a new
session on one page with the given address parameters, as a shared link or a fresh page load
does. AppTest cannot click inside a component, so ``FakeStFolium`` stands in for streamlit-folium's
``st_folium`` when a test needs a click on the map.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import streamlit as st
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from tests.support.streamlit_server import REPO_ROOT

# A Streamlit server scans the installed packages for components once; AppTest scans them again
# for every new AppTest (reading the metadata of every installed distribution, about half a
# second each time). The packages do not change during a test run: scan once, as a server does.
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)

TIMEOUT = 60  # the first run of a session builds caches; later runs take well under a second
APP = REPO_ROOT / "app.py"
KAART = "pages/kaart.py"
DOORBRAKEN = "pages/doorbraken.py"
TRAJECTEN = "pages/ontwikkeltrajecten.py"
INZICHTEN = "pages/inzichten.py"
GEGEVENS = "pages/gegevens.py"
AFSTEMMING = "pages/afstemming.py"
PAGES = (KAART, DOORBRAKEN, TRAJECTEN, INZICHTEN, AFSTEMMING, GEGEVENS)
TITLES = {
    KAART: "Regiokaart",
    DOORBRAKEN: "Regionale doorbraken",
    TRAJECTEN: "Ontwikkeltrajecten",
    INZICHTEN: "Inzichten uit de doorbraken",
    GEGEVENS: "Gegevens en bronnen",
    AFSTEMMING: "Afstemming met andere indelingen",
}


def use_data(monkeypatch, data_dir: Path, boundaries_url: Path | str) -> Path:
    """Point the app at ``data_dir``; boundary builds read ``boundaries_url``, never the network."""
    monkeypatch.setenv("REGIOKAART_DATA_DIR", str(data_dir))
    monkeypatch.setenv("REGIOKAART_BOUNDARIES_URL", str(boundaries_url))
    return data_dir


def open_page(page: str = KAART, **query: str) -> AppTest:
    """A new session that opens ``page`` with ``?name=value`` parameters, run once."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if page != KAART:  # the default page; every other url_path equals its file name
        at.switch_page(page)
    at.query_params.update(query)
    return at.run()


def go_to(at: AppTest, page: str, **query: str) -> AppTest:
    """Navigate within the session, like the top navigation (which drops the parameters)."""
    at.query_params.clear()
    at.query_params.update(query)
    return at.switch_page(page).run()


def follow(at: AppTest, label: str, index: int = 0) -> AppTest:
    """Follow the ``index``-th ``st.page_link`` labelled ``label``, with its query parameters."""
    links = [link for link in at.get("page_link") if link.value == label]
    assert links, f"no page link {label!r}; links: {[link.value for link in at.get('page_link')]}"
    link = links[index]
    page = link.proto.page or "kaart"  # the default page's url path is empty
    return go_to(at, f"pages/{page}.py", **dict(parse_qsl(link.proto.query_string)))


def plain(text: str) -> str:
    """Markdown source as the reader sees it: without the backslash escapes of lib.app.escaping."""
    return re.sub(r"\\(.)", r"\1", text)


def texts(at: AppTest) -> str:
    """All readable text of the page (titles, headers, markdown, captions, notices), unescaped."""
    kinds = (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "metric",
        "code",
    )
    parts: list[str] = []
    for kind in kinds:
        for element in at.get(kind):
            parts.append(str(getattr(element, "label", "") or ""))
            parts.append(str(element.value))
    return plain("\n".join(parts))


def assert_clean(at: AppTest) -> None:
    """No exception element and no traceback text anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert "Traceback" not in texts(at)


def assert_no_escapes_in_code(markdown: str) -> None:
    """Backslash escapes do not work inside a code span (CommonMark): they would show literally."""
    for span in re.findall(r"(?<!`)`([^`]+)`(?!`)", markdown):
        assert "\\" not in span, f"escaped text inside a code span shows its backslashes: {span!r}"


def header_values(at: AppTest) -> list[str]:
    return [plain(h.value) for h in at.header]


class FakeStFolium:
    """Stands in for ``streamlit_folium.st_folium``: AppTest cannot click inside a component.

    It behaves like the real component where the page depends on it. The real one is a widget
    under its own key; a click sends a new value from the browser, and before the next script run
    Streamlit calls the widget's ``on_change``, which copies the value to
    ``st.session_state[key]`` and then calls the page's ``on_change``. This fake is a hidden text
    input holding that value as JSON with the same callback, so ``click`` goes through the same
    machinery: the value appears, the callbacks fire, then the page reruns. A value equal to the
    previous one (the same polygon clicked at the same spot) changes nothing, as in the browser.

    ``calls`` records the keyword arguments of every call, plus the map as ``fig``.
    """

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    @staticmethod
    def widget_key(key: str | None) -> str:
        return f"_fake_st_folium_{key}"

    def __call__(self, fig, key: str | None = None, **kwargs: Any) -> dict:
        self.calls.append({"fig": fig, "key": key, **kwargs})
        on_change = kwargs.get("on_change")
        widget_key = self.widget_key(key)

        def changed() -> None:
            if key is not None:
                st.session_state[key] = json.loads(st.session_state[widget_key] or "{}")
            if on_change is not None:
                on_change()

        raw = st.text_input(
            "st_folium (test double)",
            key=widget_key,
            on_change=changed,
            label_visibility="collapsed",
        )
        returned: Iterable[str] = kwargs.get("returned_objects") or ()
        return json.loads(raw) if raw else dict.fromkeys(returned)

    def click(self, at: AppTest, feature: dict, lat: float, lng: float, key: str = "kaart"):
        """Click inside ``feature`` at (lat, lng): what the component returns, then a rerun."""
        sent = {
            "last_active_drawing": feature,
            "last_object_clicked": {"lat": lat, "lng": lng},
            "last_clicked": {"lat": lat, "lng": lng},
        }
        returned = self.calls[-1].get("returned_objects") if self.calls else None
        value = {name: sent.get(name) for name in returned} if returned else sent
        at.text_input(key=self.widget_key(key)).input(json.dumps(value))
        return at.run()
