"""Page routing around app.py's ``st.navigation``: first visits, unknown addresses, tab titles.

``run_through_app`` makes every page run inside ``st.navigation``, also on a direct first visit;
``route`` answers addresses Streamlit does not know (see its docstring).

With a ``pages/`` folder beside ``app.py``, Streamlit starts each server in its old multipage
mode: until some session has run ``st.navigation``, a first visit straight to ``/doorbraken``
runs ``pages/doorbraken.py`` on its own, with the old sidebar and without app.py's page setup.
``st.navigation`` switches the server to the new mode for good; this guard, called at the top
of every page, makes that switch at once and reruns the visit through app.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import streamlit as st


def run_through_app() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the old mode
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


SITE = "Regiokaart"
UNKNOWN_KEY = "_onbekend_adres"  # the unknown path a visitor asked for, shown on the map page


def resolve(asked: str, paths: Iterable[str], aliases: Mapping[str, str]) -> tuple[str, bool]:
    """Which page's url path answers the address ``asked`` (Streamlit's page name, no slashes).

    A known path answers itself; a path in other capitals (``Doorbraken``) or an alias (an old
    address such as ``trajecten``, a guess such as ``kaart``) answers with its page. Anything else
    gets the default page (path ``""``), and ``True`` says the address was unknown.
    """
    known = list(paths)
    if asked in known:
        return asked, False
    folded = asked.strip("/").casefold()
    for path in known:
        if path.casefold() == folded:
            return path, False
    for alias, path in aliases.items():
        if alias.casefold() == folded:
            return path, False
    return "", True


def route(pages: Sequence, aliases: Mapping[str, str]) -> None:
    """Before ``st.navigation``: send an address Streamlit would not know to the right page.

    Streamlit answers an unknown path with its default page under an English "Page not found"
    dialog. Here a case variant or alias opens its page, and an unknown path opens the map, which
    says in Dutch that the address does not exist (``UNKNOWN_KEY``). Uses the run's page intent
    (Streamlit's pages manager); a Streamlit without it keeps its own behaviour.
    """
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        manager = get_script_run_ctx().pages_manager
        asked = manager.intended_page_name
        if manager.intended_page_script_hash or not asked:
            return
        by_path = {page.url_path: page for page in pages}
        path, unknown = resolve(asked, by_path, aliases)
        if path == asked:
            return
        manager.set_script_intent(by_path[path]._script_hash, "")
    except AttributeError:  # another Streamlit: its own dialog stays
        return
    if unknown:
        st.session_state[UNKNOWN_KEY] = asked


def set_title(page_title: str) -> None:
    """The browser tab's title for this page: "Kaart – Regiokaart"."""
    st.set_page_config(page_title=f"{page_title} – {SITE}")
