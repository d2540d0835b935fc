"""What the page /toets shows, and how each way of building the set changes it.

The page keeps one :class:`ToetsState` per session: the set of 2025 municipalities (the
multiselect shows exactly this set; every other input adds to it or replaces it), the account of
the last pasted list or uploaded file, entries still waiting for a choice, and a one-off notice.
Every input is an event — a pasted list, an uploaded file, "start from this area", a click on the
map, the multiselect, a choice for an ambiguous entry, one of the two changes, a link — and
:func:`apply` turns (state, event) into the next state. The address is :func:`to_params`:
``?vanuit=politiezone:<id>`` while the set is still exactly the area it started from, else
``?gemeenten=11001,11002,…``.

Pure Python on plain data (a :class:`Catalog`): no Streamlit, unit-tested without a browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from lib.app.url_state import link_decides
from lib.data.vintages import AFTER
from lib.toets.entries import AMBIGUOUS, Matcher, Resolution, split_entries
from lib.toets.verdict import CROSSES, judge

SET_PARAM = "gemeenten"
FROM_PARAM = "vanuit"
PARAMS = (SET_PARAM, FROM_PARAM)
REGION_KIND = "regio"  # ``vanuit=regio:<id>``: a reference region
MAX_SHOWN = 5  # unknown values named in a notice; the rest are counted
MAX_VALUE_SHOWN = 24  # characters of one such value


@dataclass(frozen=True)
class Area:
    """An existing area the set can start from."""

    kind: str  # REGION_KIND or a division kind
    area_id: str
    name: str
    nis_codes: tuple[str, ...]  # 2025, sorted

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.area_id}"


@dataclass(frozen=True)
class Catalog:
    """What the set can hold and where it can start from."""

    municipalities: Mapping[str, str]  # 2025 code → name
    regions: Mapping[str, str]  # 2025 code → region id
    areas: Mapping[str, Area]  # "politiezone:5449" → the area
    matcher: Matcher | None = None  # turns typed entries into municipalities

    def codes(self, values: Iterable[str]) -> tuple[str, ...]:
        """The 2025 codes among ``values``, sorted, once each."""
        return tuple(sorted({v for v in values if v in self.municipalities}))


@dataclass(frozen=True)
class Pending:
    """An entry that fits several municipalities: the user picks one."""

    text: str
    candidates: tuple[tuple[str, str], ...]  # (2025 code, label)


@dataclass(frozen=True)
class ToetsState:
    nis_codes: tuple[str, ...] = ()  # the set, sorted
    origin: str | None = None  # the area key it started from, while it is still exactly that
    report: tuple[Resolution, ...] = ()  # how the last list or file was read
    report_source: str = ""  # "lijst" or the file's name
    pending: tuple[Pending, ...] = ()
    message: str | None = None  # one-off notice: a bad link, a bad file, a click on Brussels
    view: int = 0  # grows when the map should fit the set again


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paste:
    text: str


@dataclass(frozen=True)
class Upload:
    entries: tuple[str, ...]
    filename: str


@dataclass(frozen=True)
class UploadFailed:
    message: str  # Dutch, from lib.toets.errors.ToetsInputError


@dataclass(frozen=True)
class StartFrom:
    key: str  # an Area key


@dataclass(frozen=True)
class MapClick:
    nis_code: str | None  # None: a place that is no Flemish municipality (Brussels)


@dataclass(frozen=True)
class Pick:
    nis_codes: tuple[str, ...]  # the multiselect's value: the whole set


@dataclass(frozen=True)
class Choose:
    text: str  # the ambiguous entry
    nis_code: str  # the candidate chosen


@dataclass(frozen=True)
class ApplyChange:
    which: str  # "drop" or "extend"


@dataclass(frozen=True)
class Clear:
    pass


@dataclass(frozen=True)
class LinkLoad:
    params: Mapping[str, str | Sequence[str]] = field(default_factory=dict)


Event = (
    Paste | Upload | UploadFailed | StartFrom | MapClick | Pick | Choose | ApplyChange | Clear
) | LinkLoad

DROP, EXTEND = "drop", "extend"


def _quiet(state: ToetsState) -> ToetsState:
    return replace(state, message=None)


def _set(
    state: ToetsState, codes: Iterable[str], catalog: Catalog, fit: bool = False
) -> ToetsState:
    codes = catalog.codes(codes)
    changed = replace(state, nis_codes=codes)
    if state.origin and codes != state.nis_codes:
        changed = replace(changed, origin=None)
    return replace(changed, view=state.view + 1) if fit else changed


def _entries(state: ToetsState, texts: Sequence[str], source: str, catalog: Catalog) -> ToetsState:
    if catalog.matcher is None:
        return state
    resolved = catalog.matcher.resolve_all(texts)
    pending = tuple(
        Pending(r.text, tuple((c.nis_code, c.label) for c in r.candidates))
        for r in resolved.resolutions
        if r.status == AMBIGUOUS
    )
    added = _set(_quiet(state), (*state.nis_codes, *resolved.nis_codes), catalog, fit=True)
    return replace(added, report=resolved.resolutions, report_source=source, pending=pending)


def apply(state: ToetsState, event: Event, catalog: Catalog) -> ToetsState:
    """The state after ``event``; unknown codes or keys are ignored or explained, never raised."""
    if isinstance(event, Paste):
        texts = split_entries(event.text)
        if not texts:
            return replace(state, message="Het tekstvak is leeg: typ of plak eerst gemeenten.")
        return _entries(state, texts, "lijst", catalog)
    if isinstance(event, Upload):
        return _entries(state, event.entries, event.filename or "bestand", catalog)
    if isinstance(event, UploadFailed):
        return replace(state, message=event.message)
    if isinstance(event, StartFrom):
        area = catalog.areas.get(event.key)
        if area is None:
            return replace(state, message="Dat gebied bestaat niet (meer).")
        started = _set(_quiet(state), area.nis_codes, catalog, fit=True)
        return replace(started, origin=area.key if started.nis_codes else None)
    if isinstance(event, MapClick):
        if event.nis_code is None or event.nis_code not in catalog.municipalities:
            return replace(state, message="Brussel hoort bij geen Vlaamse referentieregio.")
        codes = set(state.nis_codes) ^ {event.nis_code}
        return _set(_quiet(state), codes, catalog)
    if isinstance(event, Pick):
        return _set(_quiet(state), event.nis_codes, catalog)
    if isinstance(event, Choose):
        pending = tuple(p for p in state.pending if p.text != event.text)
        allowed = {code for p in state.pending if p.text == event.text for code, _ in p.candidates}
        if event.nis_code not in allowed:
            return state
        chosen = _set(_quiet(state), (*state.nis_codes, event.nis_code), catalog)
        return replace(chosen, pending=pending)
    if isinstance(event, ApplyChange):
        if not state.nis_codes:
            return state
        verdict = judge(state.nis_codes, catalog.regions)
        if verdict.verdict != CROSSES:
            return state
        inside = verdict.dominant.nis_codes
        codes = inside if event.which == DROP else (*inside, *verdict.add)
        return _set(_quiet(state), codes, catalog, fit=True)
    if isinstance(event, Clear):
        return ToetsState(view=state.view + 1)
    if isinstance(event, LinkLoad):
        return _load_link(state, event.params, catalog)
    raise TypeError(f"not a toets event: {event!r}")


def _values(params: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    value = params.get(name)
    if value is None:
        return []
    raw = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in raw for part in item.split(",") if part.strip()]


def shorten(values: Sequence[str]) -> str:
    """Values from an address for a notice: at most a few, each cut short."""
    shown = [
        v if len(v) <= MAX_VALUE_SHOWN else v[: MAX_VALUE_SHOWN - 1] + "…"
        for v in values[:MAX_SHOWN]
    ]
    text = ", ".join(f"'{v}'" for v in shown)
    if len(values) > MAX_SHOWN:
        text += f" en nog {len(values) - MAX_SHOWN}"
    return text


def _load_link(
    state: ToetsState, params: Mapping[str, str | Sequence[str]], catalog: Catalog
) -> ToetsState:
    """The state an address describes (``gemeenten`` and ``vanuit`` together: both count)."""
    messages = []
    codes: list[str] = []
    origin = None
    origins = _values(params, FROM_PARAM)
    for key in origins:
        area = catalog.areas.get(key.lower())
        if area is None:
            messages.append(
                f"Het gebied {shorten([key])} uit de link kennen we niet; kies hieronder een "
                "gebied om van te vertrekken."
            )
        else:
            codes += area.nis_codes
            origin = area.key if len(origins) == 1 else None
    given = _values(params, SET_PARAM)
    unknown = [value for value in given if value not in catalog.municipalities]
    codes += [value for value in given if value in catalog.municipalities]
    if unknown:
        label = "Deze NIS-code" if len(unknown) == 1 else "Deze NIS-codes"
        verb = "is geen gemeente" if len(unknown) == 1 else "zijn geen gemeenten"
        rest = " De toets hieronder gaat over de andere." if codes else ""
        messages.append(f"{label} uit de link {verb} van {AFTER.year}: {shorten(unknown)}.{rest}")
    loaded = ToetsState(view=state.view + 1, message=" ".join(messages) or None)
    loaded = replace(loaded, nis_codes=catalog.codes(codes))
    if origin is not None and not given:
        loaded = replace(loaded, origin=origin)
    return loaded


def run(
    state: ToetsState | None,
    events: Sequence[Event] | None,
    address: Mapping[str, str | Sequence[str]],
    published: Mapping[str, str] | None,
    arrived: bool,
    catalog: Catalog,
) -> ToetsState:
    """The state of one run of the page (as :func:`lib.app.kaart_state.run`): the address only
    decides when no widget caused the run — on arrival when it says anything, later when it
    differs from what the page last wrote there (back, forward, a link)."""
    state = state or ToetsState()
    incoming = link_params(address)
    if link_decides(events is not None, incoming, published, arrived):
        state = apply(state, LinkLoad(incoming), catalog)
    for event in events or ():
        state = apply(state, event, catalog)
    return state


def to_params(state: ToetsState) -> dict[str, str]:
    """The address of ``state``: where it started while unchanged, else the set itself."""
    if state.origin:
        return {FROM_PARAM: state.origin}
    if state.nis_codes:
        return {SET_PARAM: ",".join(state.nis_codes)}
    return {}


def link_params(params: Mapping[str, str | Sequence[str]]) -> dict[str, str]:
    """This page's parameters of an address, in ``to_params``' form, to compare with it."""
    result = {}
    for name in PARAMS:
        values = _values(params, name)
        if values:
            result[name] = ",".join(values)
    return result


def report_lines(state: ToetsState) -> list[tuple[str, str]]:
    """How each entry of the last list or file was read: (kind, Dutch text), kind one of
    ``exact``, ``changed`` (an old name, a code, a corrected typing error), ``ambiguous``,
    ``unknown``, ``duplicate``."""
    lines = []
    for resolution in state.report:
        if resolution.status == AMBIGUOUS:
            kind = "ambiguous"
        elif not resolution.matched:
            kind = "unknown"
        elif resolution.duplicate:
            kind = "duplicate"
        elif resolution.how == "exact":
            kind = "exact"
        else:
            kind = "changed"
        lines.append((kind, resolution.note()))
    return lines
