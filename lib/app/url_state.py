"""Keep widget state and the address bar in step, with readable ids in the URL.

Streamlit's ``bind="query-params"`` stores a select box's *formatted* label in the URL
("Vlaamse Ardennen"), and silently drops unknown values. Regiokaart wants ids
(``?regio=vlaamse-ardennen``) and a friendly notice for an unknown id, so it syncs by hand:

- ``adopt``: before the widget is drawn, a URL value that changed since we last wrote it
  (a fresh page load, a shared link, a page link) is copied into the widget's state;
- ``publish``: after the widgets, the current value is written back to the URL (and kept, so
  that coming back through the navigation, without parameters, restores it).

Values are comma-separated ids (``?regio=kempen,gent``); ``parse_ids`` keeps the known ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedIds:
    known: tuple[str, ...]
    unknown: tuple[str, ...]


def parse_ids(raw: str | Iterable[str] | None, allowed: Iterable[str]) -> ParsedIds:
    """Split ``"a,b"`` or repeated parameters into known ids, in ``allowed`` order, and the rest."""
    if raw is None:
        return ParsedIds((), ())
    parts = [raw] if isinstance(raw, str) else list(raw)
    values = [v.strip().lower() for part in parts for v in part.split(",") if v.strip()]
    order = list(allowed)
    known = tuple(v for v in order if v in values)
    unknown = tuple(dict.fromkeys(v for v in values if v not in order))
    return ParsedIds(known, unknown)


_LAST = "_url_last_{}"
_KEEP = "_url_keep_{}"


def adopt(
    params: MutableMapping,
    state: MutableMapping,
    name: str,
    allowed: Iterable[str],
    state_key: str | None = None,
    multi: bool = False,
) -> ParsedIds | None:
    """Copy ``?name=`` into ``state[state_key]`` if the URL changed from outside.

    Returns the parsed ids when it did (so the caller can report unknown ones), else None.
    """
    raw = ",".join(params.get_all(name)) if hasattr(params, "get_all") else params.get(name)
    raw = raw or None
    state_key = state_key or name
    # What we last wrote only counts while the value it came from still exists: Streamlit drops a
    # widget's state when a run does not draw it (a visit to another page), and the pages share
    # parameter names (?regio= on / and /doorbraken), so after a page switch the URL decides.
    unchanged = raw == state.get(_LAST.format(name), None) and _LAST.format(name) in state
    if unchanged and state_key in state:
        return None
    if raw is None and state_key not in state and _KEEP.format(state_key) in state:
        # back on the page through the navigation (no parameters): restore what was chosen
        state[state_key] = state[_KEEP.format(state_key)]
        state[_LAST.format(name)] = None
        return ParsedIds((), ())
    state[_LAST.format(name)] = raw
    parsed = parse_ids(raw, allowed)
    if multi:
        state[state_key] = list(parsed.known)
    elif parsed.known:
        state[state_key] = parsed.known[0]
    else:
        state.setdefault(state_key, None)
    return parsed


def publish(
    params: MutableMapping,
    state: MutableMapping,
    name: str,
    value,
    default=None,
    state_key: str | None = None,
) -> None:
    """Write the widget's value to ``?name=`` (removed when empty or equal to ``default``).

    The value is also kept outside the widget's state, which Streamlit drops when another page
    runs, so that ``adopt`` can restore it when the user comes back without parameters.
    """
    # kept per state key: pages share parameter names (?regio= on / and on /doorbraken)
    state[_KEEP.format(state_key or name)] = (
        list(value) if isinstance(value, list | tuple) else value
    )
    if isinstance(value, list | tuple):
        text = ",".join(str(v) for v in value) or None
    else:
        text = None if value is None else str(value)
    if text is None or text == default:
        if name in params:
            del params[name]
        text = None
    elif params.get(name) != text:
        params[name] = text
    state[_LAST.format(name)] = text


def link_decides(
    widget_run: bool,
    incoming: Mapping[str, str],
    published: Mapping[str, str] | None,
    arrived: bool,
) -> bool:
    """Whether the address the browser sent (``incoming``, the page's own parameters) sets a
    reducer-driven page's state in this run.

    Never in a run a widget caused: the browser may send an address older than the one the
    previous run wrote, and reading it would undo that choice. Otherwise on arrival (from another
    page, or opening the app) when it says anything, and later when it differs from what the page
    last wrote there (``published``: back, forward, a link to this page).
    """
    if widget_run:
        return False
    return bool(incoming) if arrived else dict(incoming) != dict(published or {})
