"""A set of 2025 municipalities against the reference regions: pure functions over plain mappings.

Definitions (the page, the CLI and the document all show these):

- the set *touches* every region holding at least one of its municipalities; per region touched,
  ``share`` is the part of the set's municipalities that lie in it (the shares add up to 1) and
  ``coverage`` the part of the region's municipalities that are in the set;
- the *dominant* region holds most of the set's municipalities (tie: the first region id);
- the verdict is ``region`` when the set is exactly one whole region, ``within`` when it lies
  inside one region without being all of it, ``regions`` when it is exactly a union of two or
  more whole regions, and ``crosses`` otherwise;
- only a set that crosses gets the two smallest changes: ``drop``, its municipalities outside
  the dominant region (without them the set lies within that region), and ``add``, the dominant
  region's municipalities not in the set (with them, and without those of ``drop``, the set is
  the whole dominant region);
- the *closest areas* are the areas of the other divisions with the largest overlap, measured as
  Jaccard's index: shared municipalities / municipalities in either. Ties: the kinds' order, then
  the area's name, then its id. Areas that share nothing are never listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from lib.data.vintages import AFTER
from lib.divisions.scores import DivisionScore
from lib.toets.errors import ToetsInputError

WITHIN, REGION, REGIONS, CROSSES = "within", "region", "regions", "crosses"
VERDICTS = (WITHIN, REGION, REGIONS, CROSSES)
TOP = 3


@dataclass(frozen=True)
class RegionPart:
    """One region the set touches."""

    region_id: str
    nis_codes: tuple[str, ...]  # the set's municipalities in it, sorted
    share: Fraction  # of the set's municipalities
    coverage: Fraction  # of the region's municipalities

    @property
    def whole(self) -> bool:
        return self.coverage == 1


@dataclass(frozen=True)
class Verdict:
    nis_codes: tuple[str, ...]  # the set, sorted
    verdict: str  # one of VERDICTS
    regions: tuple[RegionPart, ...]  # dominant first, then by count, then region id
    drop: tuple[str, ...]  # crosses only: outside the dominant region
    add: tuple[str, ...]  # crosses only: the rest of the dominant region

    @property
    def dominant(self) -> RegionPart:
        return self.regions[0]

    @property
    def fits(self) -> bool:
        return self.verdict != CROSSES


def judge(codes: Iterable[str], regions: Mapping[str, str]) -> Verdict:
    """The verdict of a set of 2025 NIS codes; ``regions``: nis_code → region_id (all of them).

    Duplicates count once. :class:`ToetsInputError` for an empty set or a code not in
    ``regions``.
    """
    chosen = sorted(set(codes))
    if not chosen:
        raise ToetsInputError("Er zijn geen gemeenten om te toetsen.")
    unknown = [code for code in chosen if code not in regions]
    if unknown:
        raise ToetsInputError(f"Geen gemeente {AFTER.label}: {', '.join(unknown)}.")
    sizes = Counter(regions.values())
    counts = Counter(regions[code] for code in chosen)
    order = sorted(counts, key=lambda region: (-counts[region], region))
    parts = tuple(
        RegionPart(
            region,
            tuple(code for code in chosen if regions[code] == region),
            Fraction(counts[region], len(chosen)),
            Fraction(counts[region], sizes[region]),
        )
        for region in order
    )
    whole = all(part.whole for part in parts)
    verdict = (REGION if whole else WITHIN) if len(parts) == 1 else (REGIONS if whole else CROSSES)
    drop: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    if verdict == CROSSES:
        dominant = parts[0].region_id
        drop = tuple(code for code in chosen if regions[code] != dominant)
        inside = set(parts[0].nis_codes)
        add = tuple(
            code for code in sorted(regions) if regions[code] == dominant and code not in inside
        )
    return Verdict(tuple(chosen), verdict, parts, drop, add)


@dataclass(frozen=True)
class Resemblance:
    """An existing area and how much it overlaps the set."""

    kind: str
    division_id: str
    name: str
    overlap: Fraction  # Jaccard: shared / in either
    shared: int
    size: int  # the area's municipalities


def closest(
    codes: Iterable[str],
    divisions: Mapping[str, Sequence[DivisionScore]],
    top: int = TOP,
) -> list[Resemblance]:
    """The ``top`` areas (over every kind of ``divisions``, in its order) most like the set."""
    chosen = set(codes)
    found: list[tuple[tuple, Resemblance]] = []
    for order, (kind, areas) in enumerate(divisions.items()):
        for area in areas:
            members = set(area.municipalities)
            shared = len(chosen & members)
            if not shared:
                continue
            overlap = Fraction(shared, len(chosen | members))
            found.append(
                (
                    (-overlap, order, area.name.casefold(), area.division_id),
                    Resemblance(kind, area.division_id, area.name, overlap, shared, len(members)),
                )
            )
    found.sort(key=lambda item: item[0])
    return [resemblance for _, resemblance in found[:top]]
