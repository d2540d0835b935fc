"""How well divisions line up with the reference regions: pure functions over plain mappings.

Inputs are dictionaries (``nis_code → region_id``, ``nis_code → division_id``,
``division_id → name``) and, for the border score, the lengths of the borders between
neighbouring municipalities (computed from the map geometry when the map is built). Nothing here
reads files or knows about Streamlit.

Definitions:

- a division *touches* every region that holds at least one of its municipalities; the
  *dominant* region holds the most of them (on a tie: the first region id in sort order);
- a division is *nested* when it touches one region only, and *identical* when its
  municipalities are exactly those of a region;
- a municipality is a *tension point* (spanningspunt) for a kind when another region holds
  more of its division's municipalities than its own region does;
- the *border share* of a kind is the share of the length of the borders between reference
  regions (inside Flanders) along which that kind also has a border between two divisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

BorderPairs = Iterable[tuple[str, str, float]]  # (nis_code, nis_code, shared border in metres)


@dataclass(frozen=True)
class DivisionScore:
    """One division: its Flemish municipalities and the regions they lie in."""

    kind: str
    division_id: str
    name: str
    municipalities: tuple[str, ...]  # sorted NIS codes
    region_counts: tuple[tuple[str, int], ...]  # (region_id, municipalities), dominant first
    identical: bool  # the same municipalities as one region

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(region for region, _ in self.region_counts)

    @property
    def dominant(self) -> str:
        return self.region_counts[0][0]

    @property
    def dominant_share(self) -> float:
        return self.region_counts[0][1] / len(self.municipalities)

    @property
    def nested(self) -> bool:
        return len(self.region_counts) == 1


@dataclass(frozen=True)
class KindScore:
    """One kind of division as a whole."""

    kind: str
    divisions: int
    nested: int
    identical: int
    municipalities: int
    in_nested: int  # municipalities whose division is nested
    border_share: float | None  # None without geometry (or without inner region borders)

    @property
    def nested_share(self) -> float:
        return self.nested / self.divisions if self.divisions else 0.0

    @property
    def municipality_share(self) -> float:
        return self.in_nested / self.municipalities if self.municipalities else 0.0


@dataclass(frozen=True)
class Crossing:
    """A division that touches a region and crosses its border."""

    division: DivisionScore
    inside: tuple[str, ...]  # its municipalities in the region
    outside: tuple[tuple[str, tuple[str, ...]], ...]  # (other region_id, its municipalities)


@dataclass(frozen=True)
class RegionAlignment:
    """One region and one kind: the divisions inside it and those crossing its border."""

    kind: str
    region_id: str
    inside: tuple[DivisionScore, ...]
    crossing: tuple[Crossing, ...]


@dataclass(frozen=True)
class Tension:
    """A municipality whose division (of one kind) lies mostly in another region."""

    nis_code: str
    kind: str
    division_id: str
    region_id: str  # the municipality's own region
    majority_region: str  # the region holding most of the division


def _region_counts(members: Sequence[str], regions: Mapping[str, str]) -> tuple:
    counts = Counter(regions[code] for code in members)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def score_divisions(
    kind: str,
    assignment: Mapping[str, str],
    names: Mapping[str, str],
    regions: Mapping[str, str],
) -> list[DivisionScore]:
    """Score every division of one kind; ``assignment`` covers the municipalities of ``regions``.

    Sorted by name (case-insensitive), then id.
    """
    members: dict[str, list[str]] = {}
    for code in sorted(assignment):
        if code in regions:
            members.setdefault(assignment[code], []).append(code)
    region_sets = {
        frozenset(code for code, region in regions.items() if region == wanted)
        for wanted in set(regions.values())
    }
    scores = [
        DivisionScore(
            kind=kind,
            division_id=division,
            name=names.get(division, division),
            municipalities=tuple(codes),
            region_counts=_region_counts(codes, regions),
            identical=frozenset(codes) in region_sets,
        )
        for division, codes in members.items()
    ]
    return sorted(scores, key=lambda score: (score.name.casefold(), score.division_id))


def border_share(
    pairs: BorderPairs, regions: Mapping[str, str], assignment: Mapping[str, str]
) -> float | None:
    """Share of the inner region borders (by length) where the kind has a division border too.

    Only pairs of two municipalities of ``regions`` count (Brussels and the outer border do
    not). None when there is no inner region border at all.
    """
    inner = followed = 0.0
    for first, second, metres in pairs:
        if first not in regions or second not in regions:
            continue
        if regions[first] == regions[second]:
            continue
        inner += metres
        if assignment.get(first) != assignment.get(second):
            followed += metres
    return followed / inner if inner > 0 else None


def score_kind(
    kind: str, divisions: Sequence[DivisionScore], share: float | None = None
) -> KindScore:
    """Totals of one kind from its division scores (and its border share, when known)."""
    nested = [d for d in divisions if d.nested]
    return KindScore(
        kind=kind,
        divisions=len(divisions),
        nested=len(nested),
        identical=sum(1 for d in divisions if d.identical),
        municipalities=sum(len(d.municipalities) for d in divisions),
        in_nested=sum(len(d.municipalities) for d in nested),
        border_share=share,
    )


def region_alignment(
    region_id: str, kind: str, divisions: Sequence[DivisionScore], regions: Mapping[str, str]
) -> RegionAlignment:
    """The divisions of one kind that touch ``region_id``: inside it, or crossing its border."""
    inside: list[DivisionScore] = []
    crossing: list[Crossing] = []
    for division in divisions:
        if region_id not in division.regions:
            continue
        if division.nested:
            inside.append(division)
            continue
        here = tuple(code for code in division.municipalities if regions[code] == region_id)
        elsewhere = tuple(
            (
                other,
                tuple(code for code in division.municipalities if regions[code] == other),
            )
            for other in division.regions
            if other != region_id
        )
        crossing.append(Crossing(division, here, elsewhere))
    return RegionAlignment(kind, region_id, tuple(inside), tuple(crossing))


def tensions(
    divisions_by_kind: Mapping[str, Sequence[DivisionScore]], regions: Mapping[str, str]
) -> list[Tension]:
    """Every (municipality, kind) whose division lies mostly in another region.

    "Mostly" is strict: on a tie between the own region and another one, there is no tension.
    Sorted by NIS code, then by the order of the kinds given.
    """
    found: list[tuple[str, int, Tension]] = []
    for order, (kind, divisions) in enumerate(divisions_by_kind.items()):
        for division in divisions:
            counts = dict(division.region_counts)
            top_region, top = division.region_counts[0]
            for code in division.municipalities:
                own = regions[code]
                if counts[own] < top:
                    tension = Tension(code, kind, division.division_id, own, top_region)
                    found.append((code, order, tension))
    return [tension for _, _, tension in sorted(found, key=lambda item: (item[0], item[1]))]


def tension_counts(found: Iterable[Tension]) -> dict[str, int]:
    """NIS code → in how many kinds it is a tension point (only codes with at least one)."""
    return dict(Counter(tension.nis_code for tension in found))


@dataclass(frozen=True)
class Alignment:
    """Every score of every kind, for one set of tables and one membership."""

    regions: Mapping[str, str]  # nis_code → region_id (2025)
    divisions: Mapping[str, tuple[DivisionScore, ...]]  # kind → its divisions, by name
    kinds: Mapping[str, KindScore]  # in the order of the kinds given
    tensions: tuple[Tension, ...]

    def division(self, kind: str, division_id: str) -> DivisionScore:
        for division in self.divisions[kind]:
            if division.division_id == division_id:
                return division
        raise KeyError((kind, division_id))

    def region(self, region_id: str) -> list[RegionAlignment]:
        """Per kind, the divisions inside ``region_id`` and those crossing its border."""
        return [
            region_alignment(region_id, kind, divisions, self.regions)
            for kind, divisions in self.divisions.items()
        ]

    def crossing(self) -> list[DivisionScore]:
        """Every division that touches more than one region, kind by kind."""
        return [d for divisions in self.divisions.values() for d in divisions if not d.nested]


def align(
    tables: Mapping[str, tuple[Mapping[str, str], Mapping[str, str]]],
    regions: Mapping[str, str],
    pairs: Sequence[tuple[str, str, float]] | None = None,
) -> Alignment:
    """Score every kind: ``tables`` maps kind → (assignment, names), in display order.

    ``pairs`` (neighbouring municipalities and their shared border in metres) adds the border
    share of each kind; without it that share is None.
    """
    divisions = {
        kind: tuple(score_divisions(kind, assignment, names, regions))
        for kind, (assignment, names) in tables.items()
    }
    kinds = {
        kind: score_kind(
            kind,
            divisions[kind],
            border_share(pairs, regions, assignment) if pairs is not None else None,
        )
        for kind, (assignment, _) in tables.items()
    }
    return Alignment(regions, divisions, kinds, tuple(tensions(divisions, regions)))


@dataclass(frozen=True)
class Membership:
    """One municipality in one kind: its area (None: it has no area of this kind) and how
    that area lies against the municipality's own reference region.

    ``nested``: the area lies wholly inside the municipality's region. ``outside``: the area's
    municipalities in other regions (sorted NIS codes), the partners across the border.
    """

    nis_code: str
    kind: str
    region_id: str  # the municipality's own region
    division: DivisionScore | None
    outside: tuple[str, ...]

    @property
    def nested(self) -> bool:
        return self.division is not None and self.division.nested


def _membership(
    nis_code: str, kind: str, division: DivisionScore | None, regions: Mapping[str, str]
) -> Membership:
    region = regions[nis_code]
    outside = (
        tuple(code for code in division.municipalities if regions[code] != region)
        if division is not None
        else ()
    )
    return Membership(nis_code, kind, region, division, outside)


def memberships(alignment: Alignment, nis_code: str) -> tuple[Membership, ...]:
    """``nis_code`` (a 2025 municipality) in every kind, in the kinds' order.

    KeyError when the code is no municipality of ``alignment.regions``.
    """
    if nis_code not in alignment.regions:
        raise KeyError(nis_code)
    return tuple(
        _membership(
            nis_code,
            kind,
            next((d for d in divisions if nis_code in d.municipalities), None),
            alignment.regions,
        )
        for kind, divisions in alignment.divisions.items()
    )


def all_memberships(alignment: Alignment) -> list[Membership]:
    """Every 2025 municipality in every kind: by NIS code, then in the kinds' order."""
    found = {
        (kind, code): division
        for kind, divisions in alignment.divisions.items()
        for division in divisions
        for code in division.municipalities
    }
    return [
        _membership(code, kind, found.get((kind, code)), alignment.regions)
        for code in sorted(alignment.regions)
        for kind in alignment.divisions
    ]
