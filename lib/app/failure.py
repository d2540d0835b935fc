"""What a visitor sees when something fails, and the line the server log gets instead.

Visitors never see a traceback, an exception text or a path on the server: those go to the
server log (stderr, beside Streamlit's own lines) under a short code that the page shows, so
whoever runs the app can find the details. ``client.showErrorDetails = "none"`` in
``.streamlit/config.toml`` covers what still escapes (a widget callback, Streamlit itself).
"""

from __future__ import annotations

import logging
import secrets
import sys
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from lib.pinned.errors import PinnedError

LOGGER_NAME = "regiokaart"
RETRY_AFTER_S = 120.0
"""How long a failed download or build is remembered before the next visitor tries again."""

T = TypeVar("T")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners replace it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def logger() -> logging.Logger:
    """The app's logger: one line per event on stderr, whatever Streamlit's logging does."""
    log = logging.getLogger(LOGGER_NAME)
    if not log.handlers:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def show_unexpected(error: BaseException) -> str:
    """Log ``error`` with its traceback under a new code; show a Dutch notice with that code."""
    code = secrets.token_hex(3)
    logger().error("page failed (code %s)", code, exc_info=error)
    st.error(
        "**Deze pagina kon niet worden getoond** door een onverwachte fout. Herlaad de pagina of "
        "probeer het straks opnieuw. Blijft het misgaan, geef dan de foutcode "
        f"**{code}** door aan wie Regiokaart beheert.",
        icon=":material/error:",
    )
    return code


@st.cache_resource(show_spinner=False)
def _remembered() -> dict[Hashable, tuple[float, PinnedError]]:
    """Recent failures (time, error) of slow steps, shared by all sessions."""
    return {}


def remembered(key: Hashable, action: Callable[[], T], *, what: str, wrap: type[PinnedError]) -> T:
    """Run ``action`` unless it failed less than RETRY_AFTER_S ago; remember a new failure.

    Offline, every rerun would otherwise wait for the download again. A remembered failure is
    raised as a fresh ``wrap`` error (sessions share the record) caused by the original, whose
    type tells the page what went wrong. A new failure gets one line in the server log; the
    details (addresses, paths) are for whoever runs the app, never for the page.
    """
    failures = _remembered()
    failed = failures.get(key)
    if failed and time.monotonic() - failed[0] < RETRY_AFTER_S:
        raise wrap(str(failed[1])) from failed[1]
    try:
        return action()
    except PinnedError as error:
        failures[key] = (time.monotonic(), error)
        logger().warning(
            "%s unavailable (%s): %s", what, type(error).__name__, " ".join(str(error).split())
        )
        raise


def forget(key: Hashable) -> None:
    """Let the next attempt run at once (a page's "Opnieuw proberen" button)."""
    _remembered().pop(key, None)
