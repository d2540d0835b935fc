"""Regiokaart: entry point. Sets up the page and the navigation; the pages live in pages/."""

import os
import sys
import time
from pathlib import Path

import streamlit as st

from lib.app import failure, style
from lib.app import navigation as page_routing

started, started_cpu = time.perf_counter(), time.thread_time()
st.set_page_config(
    page_title="Regiokaart – referentieregio's in Vlaanderen",
    page_icon=str(Path(__file__).parent / "assets" / "favicon.png"),
    layout="wide",
)

# CSS and scripts of every page (the interface is Dutch: lib/app/js/page.js says so).
style.page_style()

PAGES = [
    st.Page("pages/kaart.py", title="Kaart", icon=":material/map:", default=True),
    st.Page(
        "pages/doorbraken.py",
        title="Doorbraken",
        icon=":material/lightbulb:",
        url_path="doorbraken",
    ),
    st.Page(
        "pages/ontwikkeltrajecten.py",
        title="Ontwikkeltrajecten",
        icon=":material/route:",
        url_path="ontwikkeltrajecten",
    ),
    st.Page(
        "pages/inzichten.py", title="Inzichten", icon=":material/school:", url_path="inzichten"
    ),
    st.Page("pages/toets.py", title="Toets", icon=":material/fact_check:", url_path="toets"),
    st.Page(
        "pages/afstemming.py",
        title="Afstemming",
        icon=":material/join_inner:",
        url_path="afstemming",
    ),
    st.Page("pages/gegevens.py", title="Gegevens", icon=":material/table:", url_path="gegevens"),
    st.Page(
        "pages/deel.py", title="Deel een praktijk", icon=":material/add_comment:", url_path="deel"
    ),
    # moderation: not in the menu, its address is known to the moderators
    st.Page(
        "pages/beheer.py",
        title="Beheer",
        icon=":material/admin_panel_settings:",
        url_path="beheer",
        visibility="hidden",
    ),
    # the old address of Ontwikkeltrajecten: not in the menu, it opens the page
    st.Page(
        "pages/trajecten.py",
        title="Ontwikkeltrajecten",
        url_path="trajecten",
        visibility="hidden",
    ),
]
# old and guessed addresses that open a page (any capitals); other unknown ones open the map
ALIASES = {"kaart": "", "home": "", "index": ""}
page_routing.route(PAGES, ALIASES)
navigation = st.navigation(PAGES, position="top")
page_routing.set_title(navigation.title)
try:
    navigation.run()
except Exception as error:  # st.stop and st.rerun are not Exceptions: they pass
    failure.show_unexpected(error)
finally:
    if os.environ.get("REGIOKAART_TIMING"):
        # read by bench/: the server time of each script run, wall clock and this thread's CPU
        elapsed = (time.perf_counter() - started) * 1000
        cpu = (time.thread_time() - started_cpu) * 1000
        print(
            f"regiokaart-timing {navigation.url_path or '/'} {elapsed:.1f} ms cpu {cpu:.1f} ms",
            file=sys.stderr,
            flush=True,
        )
