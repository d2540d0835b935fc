"""One status box for the messages of a build (the map's boundaries, the division tables)."""

from __future__ import annotations

import streamlit as st


class BuildProgress:
    """Shows boundary-build messages in one status box, created only if a build happens.

    The box goes into a slot that is always drawn, so whether a build ran or not, the elements
    after it (the map) keep their place and are not mounted anew. A failed build empties the
    slot: the notice of ``map_unavailable`` says it once.
    """

    def __init__(self) -> None:
        self._slot = st.empty()
        self._status = None

    def __call__(self, message: str) -> None:
        if self._status is None:
            self._status = self._slot.status(message, expanded=False)
        self._status.update(label=message)

    def done(self) -> None:
        if self._status is not None:
            self._status.update(state="complete")

    def failed(self, label: str | None = None) -> None:
        """Empty the slot (the page says what failed), or keep the box marked failed: ``label``."""
        if label is None:
            self._slot.empty()
        elif self._status is not None:
            self._status.update(label=label, state="error")
