"""What Regiokaart says about one region or one municipality, as plain data.

The region panel on the Kaart page and the printable fiches (:mod:`lib.fiche`) show the same
figures and lists; both take them from :func:`region_facts` and :func:`municipality_facts`, so
nothing is counted twice in two ways. Nothing here reads files or knows about Streamlit or
Markdown: the caller escapes or lays out the text.

from lib.divisions.profile import region_facts
facts = region_facts(ds, "kempen", alignment, area_km2=1412.3)
facts.municipalities                 # 27
[kind.label for kind in facts.kinds] # per kind of division: inside the region, across its border
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.data import vintages
from lib.data.dataset import Dataset, Member
from lib.data.models import Breakthrough, Forum, RegionProfile, Trajectory
from lib.divisions.scores import Alignment
from lib.divisions.sources import KIND_BY_ID

NAMES_IN_FULL = 6
"""A longer list of municipalities (of an area across a region border) is given as a count."""


@dataclass(frozen=True)
class CrossingFacts:
    """An area of another division that lies partly in the region and partly outside it."""

    name: str
    here: tuple[str, ...]  # its municipalities in the region (names, in code order)
    elsewhere: tuple[tuple[str, tuple[str, ...]], ...]  # (other region's name, municipalities)


@dataclass(frozen=True)
class KindFacts:
    """One kind of division as seen from one region."""

    kind: str  # the kind's id, e.g. "vervoerregio"
    label: str  # its Dutch plural, e.g. "Vervoerregio's"
    inside: tuple[str, ...]  # names of the areas that lie wholly in the region
    crossing: tuple[CrossingFacts, ...]  # the areas that cross its border


@dataclass(frozen=True)
class RegionFacts:
    """Everything the region panel and the region fiche say about one region."""

    region_id: str
    name: str
    vintage: int
    profile: RegionProfile  # forum, supporters, subforums, notes
    members: tuple[Member, ...]  # by name, with what the 2025 mergers changed
    area_km2: float | None  # from the map (lib.map.artifact), None when it is not built
    breakthroughs: tuple[Breakthrough, ...]
    trajectory: Trajectory | None
    trajectory_period: str
    corrections: tuple[str, ...]  # why the membership differs from the VVSG page's list
    kinds: tuple[KindFacts, ...] | None  # None when the division tables are unavailable

    @property
    def municipalities(self) -> int:
        return len(self.members)

    @property
    def mergers(self) -> tuple[Member, ...]:
        """The members that the mergers of 2025 formed out of more (or other) municipalities."""
        return tuple(member for member in self.members if member.formed_from)

    @property
    def crossing_total(self) -> int:
        return sum(len(kind.crossing) for kind in self.kinds or ())


@dataclass(frozen=True)
class DivisionFacts:
    """The area of one kind a municipality lies in, and whether it stays within its region."""

    kind: str
    label: str  # the kind's Dutch singular, e.g. "Vervoerregio"
    name: str  # the area's name
    municipalities: int  # how many Flemish municipalities the area has
    other_regions: tuple[str, ...]  # names of the other regions it reaches; empty when nested

    @property
    def nested(self) -> bool:
        return not self.other_regions


@dataclass(frozen=True)
class MunicipalityFacts:
    """Everything the municipality fiche says about one 2025 municipality."""

    nis_code: str
    name: str
    region_id: str
    region_name: str
    formed_from: tuple[str, ...]  # the 2019 municipalities it was formed from; () if unchanged
    divisions: tuple[DivisionFacts, ...] | None  # None when the tables are unavailable
    breakthroughs: tuple[Breakthrough, ...]  # its region's: the data names no municipalities


def forum_facts(forum: Forum) -> tuple[str, ...]:
    """Since when and how often the forum meets, as short Dutch phrases (may be empty)."""
    facts = []
    if forum.since_label:
        facts.append(forum.since_label)
    elif forum.since:
        facts.append(f"sinds {forum.since}")
    if forum.rhythm:
        facts.append(f"komt samen: {forum.rhythm}")
    return tuple(facts)


def area_text(km2: float | None) -> str:
    """An area in whole km² with a Dutch thousands separator ("1.412"), or "–" when unknown."""
    return f"{km2:,.0f}".replace(",", ".") if km2 else "–"


def municipalities_text(names: tuple[str, ...]) -> str:
    """The names, or their count when there are more than :data:`NAMES_IN_FULL`."""
    if len(names) > NAMES_IN_FULL:
        return f"{len(names)} gemeenten"
    return ", ".join(names)


def _kinds(alignment: Alignment, region_id: str, ds: Dataset) -> tuple[KindFacts, ...]:
    names = ds.names(vintages.DEFAULT)
    regions = {profile.id: profile.name for profile in ds.regions}
    result = []
    for item in alignment.region(region_id):
        crossing = tuple(
            CrossingFacts(
                name=found.division.name,
                here=tuple(names.get(code, code) for code in found.inside),
                elsewhere=tuple(
                    (regions.get(other, other), tuple(names.get(code, code) for code in codes))
                    for other, codes in found.outside
                ),
            )
            for found in item.crossing
        )
        result.append(
            KindFacts(
                kind=item.kind,
                label=KIND_BY_ID[item.kind].label,
                inside=tuple(division.name for division in item.inside),
                crossing=crossing,
            )
        )
    return tuple(result)


def region_facts(
    ds: Dataset,
    region_id: str,
    alignment: Alignment | None,
    area_km2: float | None = None,
    vintage: int = vintages.DEFAULT,
) -> RegionFacts:
    """The facts of one region; ``KeyError`` for an unknown id.

    ``alignment``: the scores of the division tables (``lib.divisions.report.score_cache``),
    None when they could not be had; ``area_km2``: the region's area from the map artifact.
    The divisions exist for the 2025 municipalities only; for another ``vintage`` they are left
    out (None).
    """
    profile = ds.region(region_id)
    corrections = ds.corrections[ds.corrections["region_id"] == region_id]
    trajectory = ds.trajectory_of(region_id)
    return RegionFacts(
        region_id=region_id,
        name=profile.name,
        vintage=vintage,
        profile=profile,
        members=tuple(ds.members(region_id, vintage)),
        area_km2=area_km2,
        breakthroughs=ds.breakthroughs_of(region_id),
        trajectory=trajectory,
        trajectory_period=ds.trajectories.period,
        corrections=tuple(corrections["explanation"]),
        kinds=(
            _kinds(alignment, region_id, ds)
            if alignment is not None and vintage == vintages.DEFAULT
            else None
        ),
    )


def municipality_facts(
    ds: Dataset, nis_code: str, alignment: Alignment | None
) -> MunicipalityFacts:
    """The facts of one 2025 municipality; ``KeyError`` for a code that is not one."""
    names = ds.names(vintages.DEFAULT)
    if nis_code not in names:
        raise KeyError(f"no {vintages.AFTER.year} municipality with NIS code {nis_code!r}")
    rows = ds.rows(vintages.DEFAULT)
    region_id = str(rows.loc[rows["nis_code"] == nis_code, "region_id"].iloc[0])
    region_names = {profile.id: profile.name for profile in ds.regions}
    (member,) = (m for m in ds.members(region_id, vintages.DEFAULT) if m.nis_code == nis_code)
    divisions = None
    if alignment is not None:
        found = []
        for kind, scores in alignment.divisions.items():
            for division in scores:
                if nis_code in division.municipalities:
                    found.append(
                        DivisionFacts(
                            kind=kind,
                            label=KIND_BY_ID[kind].singular,
                            name=division.name,
                            municipalities=len(division.municipalities),
                            other_regions=tuple(
                                region_names.get(other, other)
                                for other in division.regions
                                if other != region_id
                            ),
                        )
                    )
                    break
        divisions = tuple(found)
    return MunicipalityFacts(
        nis_code=nis_code,
        name=names[nis_code],
        region_id=region_id,
        region_name=region_names[region_id],
        formed_from=member.formed_from,
        divisions=divisions,
        breakthroughs=ds.breakthroughs_of(region_id),
    )
