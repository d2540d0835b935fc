"""The toets's own error: input the user can fix, with its message in Dutch."""

from __future__ import annotations


class ToetsInputError(ValueError):
    """A list, file or set that cannot be tested; ``str()`` is a Dutch message for the user."""
