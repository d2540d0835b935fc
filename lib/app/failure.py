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

import streamlit as st

LOGGER_NAME = "regiokaart"


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
