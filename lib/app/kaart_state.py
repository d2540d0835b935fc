"""What the Kaart page shows, and how each way of choosing changes it: one source of truth.

The page keeps one :class:`KaartState` per session. Every route that changes the choice is an
event — a click on the map, the region list, a search pick, typed text confirmed with Enter, the
vintage switch, a link (also back and forward in the browser), a reset — and :func:`apply` turns
(state, event) into the next state. The page (``pages/kaart.py``) only wires widgets to events
and draws the state; the address is :func:`to_params` of the state, written in the same run.

Pure Python on plain data (a :class:`Catalog` of the regions and municipalities): no Streamlit,
so every route is unit-tested without a browser. A new choice on the page (a map layer, say) is
one more field here, one more event, and one more pair of lines in ``to_params`` / ``LinkLoad``,
as the map's layer of another division (``?laag=``, :class:`LayerPick`) is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from lib.app import search, selection
from lib.app.search import MunicipalityEntry
from lib.app.text import echo
from lib.app.url_state import link_decides, parse_ids
from lib.data import vintages
from lib.divisions.sources import KINDS

REGION_PARAM = "regio"
VINTAGE_PARAM = "indeling"
MUNICIPALITY_PARAM = "gemeente"
LAYER_PARAM = "laag"
PARAMS = (REGION_PARAM, VINTAGE_PARAM, MUNICIPALITY_PARAM, LAYER_PARAM)
NO_LAYER = "geen"
"""The layer list's "Geen"; in the address it means the same as no ``?laag=``."""

ViewTarget = Literal["flanders", "region", "municipality"]


@dataclass(frozen=True)
class Catalog:
    """What the choices can be: the regions, the searchable municipalities, each map's codes."""

    region_names: Mapping[str, str]  # region id → name, in the data's order
    entries: Mapping[str, MunicipalityEntry]  # search key → entry
    by_code: Mapping[str, MunicipalityEntry]  # NIS code of either vintage → its entry
    codes: Mapping[int, frozenset[str]]  # vintage → the NIS codes on that map
    default_vintage: int
    layers: tuple[str, ...] = ()  # the ids of the other divisions' layers, in the list's order

    @classmethod
    def build(
        cls,
        region_names: Mapping[str, str],
        entries: Iterable[MunicipalityEntry],
        codes: Mapping[int, Iterable[str]],
        default_vintage: int,
        layers: Iterable[str] = tuple(kind.id for kind in KINDS),
    ) -> Catalog:
        entries = tuple(entries)
        by_code: dict[str, MunicipalityEntry] = {}
        for entry in entries:
            by_code.setdefault(entry.nis_code, entry)
            if entry.former_code:  # Hasselt 2025 also answers for Hasselt's 2019 code
                by_code.setdefault(entry.former_code, entry)
        return cls(
            region_names=dict(region_names),
            entries={entry.key: entry for entry in entries},
            by_code=by_code,
            codes={int(v): frozenset(c) for v, c in codes.items()},
            default_vintage=default_vintage,
            layers=tuple(layers),
        )

    @property
    def vintages(self) -> tuple[int, ...]:
        return tuple(self.codes)


@dataclass(frozen=True)
class View:
    """Where the map should go: all of Flanders, the region, or the chosen municipality.

    ``seq`` grows with every request, so choosing the same region again after panning away is
    a new request the map carries out, while a rerun that changes nothing is not.
    """

    target: ViewTarget
    seq: int


@dataclass(frozen=True)
class KaartState:
    vintage: int
    region_id: str | None = None
    municipality: str | None = None  # NIS code as chosen (either vintage), shown on the map
    message: str | None = None  # one-off notice: a typo forgiven, nothing found, a bad link
    candidates: tuple[str, ...] = ()  # search keys when typed text fits several municipalities
    search_text: str = ""  # typed text that chose nothing yet (several candidates, or none)
    view: View | None = None  # None: leave the map where the user put it
    views: int = 0  # how many view requests so far (``View.seq``)
    layer: str | None = None  # the other division drawn over the regions (a Catalog.layers id)


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapClick:
    nis_code: str
    region_id: str | None


@dataclass(frozen=True)
class RegionPick:
    region_id: str | None  # None: the list was cleared


@dataclass(frozen=True)
class SearchPick:
    key: str  # a search entry key ("2019:73040"), e.g. one of the listed candidates


@dataclass(frozen=True)
class SearchText:
    text: str  # typed and confirmed with Enter


@dataclass(frozen=True)
class VintageSwitch:
    vintage: int


@dataclass(frozen=True)
class LayerPick:
    layer: str | None  # a Catalog.layers id; None or NO_LAYER: no layer


@dataclass(frozen=True)
class LinkLoad:
    """The address decides: a shared link, a reload, back or forward in the browser."""

    params: Mapping[str, str | Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reset:
    """Back to all of Flanders, nothing chosen."""


Event = (
    MapClick | RegionPick | SearchPick | SearchText | VintageSwitch | LayerPick | LinkLoad | Reset
)


def initial(catalog: Catalog) -> KaartState:
    return KaartState(vintage=catalog.default_vintage)


def _look(state: KaartState, target: ViewTarget) -> KaartState:
    seq = state.views + 1
    return replace(state, view=View(target, seq), views=seq)


def _quiet(state: KaartState) -> KaartState:
    """The state without the one-off parts of the previous event."""
    return replace(state, message=None, candidates=())


def apply(state: KaartState, event: Event, catalog: Catalog) -> KaartState:
    """The state after ``event``. Unknown ids in an event are ignored or explained, never raised."""
    if isinstance(event, MapClick):
        return _map_click(state, event, catalog)
    if isinstance(event, RegionPick):
        if event.region_id is None or event.region_id not in catalog.region_names:
            return apply(state, Reset(), catalog)
        picked = replace(
            _quiet(state), region_id=event.region_id, municipality=None, search_text=""
        )
        return _look(picked, "region")
    if isinstance(event, SearchPick):
        entry = catalog.entries.get(event.key)
        return state if entry is None else _pick_entry(state, entry, catalog)
    if isinstance(event, SearchText):
        return _search(state, event.text, catalog)
    if isinstance(event, VintageSwitch):
        if event.vintage not in catalog.codes or event.vintage == state.vintage:
            return state
        # another map is drawn: show the same target on it (a clicked choice: its region)
        switched = replace(_quiet(state), vintage=event.vintage)
        target = state.view.target if state.view else None
        if target is None or (target == "municipality" and not shown(switched, catalog).marked):
            target = "region" if state.region_id else "flanders"
        return _look(switched, target)
    if isinstance(event, LayerPick):
        if event.layer not in (None, NO_LAYER, *catalog.layers):
            return state
        # drawn over the map where the user has put it: no new view request
        return replace(_quiet(state), layer=None if event.layer == NO_LAYER else event.layer)
    if isinstance(event, LinkLoad):
        return _load_link(state, event.params, catalog)
    if isinstance(event, Reset):
        cleared = replace(_quiet(state), region_id=None, municipality=None, search_text="")
        return _look(cleared, "flanders")
    raise TypeError(f"not a Kaart event: {event!r}")


def _map_click(state: KaartState, event: MapClick, catalog: Catalog) -> KaartState:
    """The clicked municipality's region; the map stays where the user has put it."""
    clicked = replace(_quiet(state), view=None)
    entry = catalog.by_code.get(event.nis_code)
    region_id = entry.region_id if entry is not None else event.region_id
    if not region_id or region_id not in catalog.region_names:
        message = "Brussel hoort bij geen Vlaamse referentieregio."
        return replace(clicked, municipality=None, message=message)
    return replace(
        clicked,
        region_id=region_id,
        municipality=event.nis_code if entry is not None else None,
        search_text="",
    )


def _pick_entry(
    state: KaartState, entry: MunicipalityEntry, catalog: Catalog, message: str | None = None
) -> KaartState:
    picked = replace(
        _quiet(state),
        region_id=entry.region_id,
        municipality=entry.nis_code,
        search_text="",
        message=message,
    )
    return _look(picked, "municipality" if shown(picked, catalog).marked else "region")


def _search(state: KaartState, text: str, catalog: Catalog) -> KaartState:
    text = text.strip()
    if not text:
        return replace(_quiet(state), search_text="")
    found = search.match(text, tuple(catalog.entries.values()))
    if found.entry is not None:
        message = (
            None
            if found.exact
            else (f"Je zocht '{echo(text)}'; dat lijkt het meest op {found.entry.name}.")
        )
        return _pick_entry(state, found.entry, catalog, message)
    if found.candidates:
        return replace(
            _quiet(state),
            search_text=text,
            candidates=tuple(entry.key for entry in found.candidates),
        )
    return replace(
        _quiet(state),
        search_text=text,
        message=(
            f"Geen gemeente gevonden voor '{echo(text)}'. Kijk de spelling na, of kies de regio "
            "in de lijst."
        ),
    )


def _first(params: Mapping[str, str | Sequence[str]], name: str) -> str | None:
    value = params.get(name)
    if value is None or isinstance(value, str):
        return value or None
    values = [v for v in value if v]
    return values[-1] if values else None


def _load_link(
    state: KaartState, params: Mapping[str, str | Sequence[str]], catalog: Catalog
) -> KaartState:
    """The state an address describes; what it does not say is the default (a fresh page)."""
    messages = []
    vintage = catalog.default_vintage
    raw_vintage = _first(params, VINTAGE_PARAM)
    if raw_vintage is not None:
        if raw_vintage.strip() in {str(v) for v in catalog.codes}:
            vintage = int(raw_vintage)
        else:
            messages.append(
                f"De indeling '{echo(raw_vintage)}' bestaat niet; je ziet de gemeenten "
                f"{vintages.AFTER.label} (kies {vintages.BEFORE.year} voor de indeling van "
                f"{vintages.BEFORE.label})."
            )
    region_id = None
    raw_region = _first(params, REGION_PARAM)
    if raw_region is not None:
        parsed = parse_ids(raw_region, catalog.region_names)
        if parsed.known:
            region_id = parsed.known[0]
        else:
            unknown = parsed.unknown[0] if parsed.unknown else raw_region
            messages.append(
                f"De regio '{echo(unknown)}' uit de link "
                "bestaat niet; kies hieronder een van de 15 regio's."
            )
    municipality = None
    raw_code = _first(params, MUNICIPALITY_PARAM)
    if raw_code is not None:
        entry = catalog.by_code.get(raw_code.strip())
        if entry is None:
            messages.append(
                f"De gemeente met NIS-code '{echo(raw_code)}' uit de link kennen we niet."
            )
        elif region_id in (None, entry.region_id):
            region_id, municipality = entry.region_id, raw_code.strip()
    layer = None
    raw_layer = _first(params, LAYER_PARAM)
    if raw_layer is not None:
        parsed = parse_ids(raw_layer, catalog.layers)
        if parsed.known:
            layer = parsed.known[0]
        elif parsed.unknown != (NO_LAYER,):
            unknown = parsed.unknown[0] if parsed.unknown else raw_layer
            messages.append(
                f"De indeling '{echo(unknown)}' uit de link bestaat niet; kies er een in de "
                "lijst 'Andere indeling'."
            )
    loaded = KaartState(
        vintage=vintage,
        region_id=region_id,
        municipality=municipality,
        layer=layer,
        message=" ".join(messages) or None,
        views=state.views,
    )
    return _look(loaded, "region" if region_id else "flanders")


def run(
    state: KaartState | None,
    events: Sequence[Event] | None,
    address: Mapping[str, str | Sequence[str]],
    published: Mapping[str, str] | None,
    arrived: bool,
    catalog: Catalog,
) -> KaartState:
    """The state of one run of the page.

    ``events`` are the widgets' events of this run, in order, or None when no widget caused the
    run. ``address`` is the address the browser sent, ``published`` what the page last wrote
    there, and ``arrived`` says whether the visitor just came from another page (or opened it).

    The address only decides when no widget caused the run: on arrival if it says anything
    (else the choice made before the visit elsewhere stays), and later when it differs from what
    the page wrote (back, forward, a link to this page). A widget's run never reads it: the
    browser may send an address older than the one the previous run wrote, and reading it
    would undo the previous choice.
    """
    state = state or initial(catalog)
    incoming = link_params(address)
    if link_decides(events is not None, incoming, published, arrived):
        state = apply(state, LinkLoad(incoming), catalog)
    for event in events or ():
        state = apply(state, event, catalog)
    return state


# --- reading the state --------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """What the page draws for a state: the region, the municipality outlined, the notices."""

    region_id: str | None
    marked: str | None  # NIS code on the map of the state's vintage
    notes: tuple[str, ...]
    candidates: tuple[MunicipalityEntry, ...]
    search_text: str  # the search field: typed text still open, else the chosen municipality


def shown(state: KaartState, catalog: Catalog) -> Shown:
    notes = [state.message] if state.message else []
    marked = None
    entry = catalog.by_code.get(state.municipality) if state.municipality else None
    if entry is not None:
        codes = catalog.codes.get(state.vintage, frozenset())
        if state.municipality in codes:
            marked = state.municipality  # clicked on this very map
        else:
            chosen = selection.from_search(entry, state.vintage, codes)
            marked = chosen.nis_code
            if chosen.note:
                notes.append(chosen.note)
    candidates = tuple(catalog.entries[k] for k in state.candidates if k in catalog.entries)
    text = state.search_text or (entry.name if entry is not None else "")
    return Shown(state.region_id, marked, tuple(notes), candidates, text)


def to_params(state: KaartState, catalog: Catalog) -> dict[str, str]:
    """The address of ``state`` (this page's parameters only); the defaults stay out of it."""
    params: dict[str, str] = {}
    if state.region_id:
        params[REGION_PARAM] = state.region_id
    if state.vintage != catalog.default_vintage:
        params[VINTAGE_PARAM] = str(state.vintage)
    if state.municipality and state.region_id:
        params[MUNICIPALITY_PARAM] = state.municipality
    if state.layer:
        params[LAYER_PARAM] = state.layer
    return params


def link_params(params: Mapping[str, str | Sequence[str]]) -> dict[str, str]:
    """This page's parameters of an address, in ``to_params``' form, to compare with it."""
    result = {}
    for name in PARAMS:
        value = _first(params, name)
        if value is not None:
            lower = name in (REGION_PARAM, LAYER_PARAM)  # ids, read in lower case
            result[name] = value.strip().lower() if lower else value.strip()
    return result
