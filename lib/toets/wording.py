"""How a toets reads in Dutch: one function per sentence, for the page, the CLI and the document.

Plain text only (no Markdown, no markup): the page escapes what it shows, the document hands it
to Typst as a JSON value. Counts take the right number: "1 gemeente", "3 gemeenten".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from lib.divisions.sources import KIND_BY_ID
from lib.toets.verdict import CROSSES, REGION, REGIONS, WITHIN, RegionPart, Resemblance, Verdict


def count(number: int, singular: str = "gemeente", plural: str = "gemeenten") -> str:
    """ "1 gemeente", "0 gemeenten", "12 gemeenten"."""
    return f"{number} {singular if number == 1 else plural}"


def percent(value: Fraction | float) -> str:
    """Dutch: "27 %"."""
    return f"{round(100 * float(value))} %"


def enumerate_nl(items: Sequence[str]) -> str:
    """Dutch enumeration: "A", "A en B", "A, B en C"."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def names(codes: Sequence[str], municipalities: Mapping[str, str]) -> list[str]:
    """The names of ``codes``, alphabetically."""
    return sorted((municipalities.get(code, code) for code in codes), key=str.casefold)


def kind_label(kind: str) -> str:
    """ "politiezone" → "Politiezone"; a region is "referentieregio"."""
    if kind == "regio":
        return "Referentieregio"
    return KIND_BY_ID[kind].singular if kind in KIND_BY_ID else kind


def region_size(part: RegionPart) -> int:
    """How many municipalities the region of ``part`` has."""
    return round(len(part.nis_codes) / part.coverage)


def verdict_title(verdict: Verdict) -> str:
    """A short heading: does it follow the reference regions?"""
    if verdict.verdict == CROSSES:
        return "Past niet: de samenwerking loopt over een regiogrens"
    if verdict.verdict == WITHIN:
        return "Past: binnen één referentieregio"
    if verdict.verdict == REGION:
        return "Past: precies één referentieregio"
    return "Past: precies een aantal volledige referentieregio's"


def verdict_sentence(
    verdict: Verdict, municipalities: Mapping[str, str], region_names: Mapping[str, str]
) -> str:
    """The verdict in one or two Dutch sentences."""

    def region(part: RegionPart) -> str:
        return region_names.get(part.region_id, part.region_id)

    total = len(verdict.nis_codes)
    dominant = verdict.dominant
    if total == 1:
        subject = f"De gemeente {municipalities.get(verdict.nis_codes[0], verdict.nis_codes[0])}"
        lies = "ligt"
    else:
        subject, lies = f"De {total} gemeenten", "liggen"
    if verdict.verdict == REGION:
        if total == 1:
            return f"{subject} is op zich al de volledige referentieregio {region(dominant)}."
        return f"{subject} vormen samen precies de referentieregio {region(dominant)}."
    if verdict.verdict == WITHIN:
        size = region_size(dominant)
        return (
            f"{subject} {lies} binnen één referentieregio, {region(dominant)}: "
            f"{total} van haar {count(size)} ({percent(dominant.coverage)} van de regio)."
        )
    touched = enumerate_nl([region(part) for part in verdict.regions])
    if verdict.verdict == REGIONS:
        return (
            f"{subject} vormen samen precies {len(verdict.regions)} volledige "
            f"referentieregio's: {touched}."
        )
    assert verdict.verdict == CROSSES
    return (
        f"{subject} {lies} over de grens van een referentieregio: ze liggen verspreid over "
        f"{len(verdict.regions)} regio's ({touched}). De meeste, {len(dominant.nis_codes)} "
        f"van de {total}, liggen in {region(dominant)}."
    )


def region_line(part: RegionPart, region_names: Mapping[str, str]) -> str:
    """One region the set touches: how many of the set, its share, how much of the region."""
    region = region_names.get(part.region_id, part.region_id)
    whole = " (de hele regio)" if part.whole else ""
    return (
        f"{region}: {count(len(part.nis_codes))}, {percent(part.share)} van de samenwerking; "
        f"{percent(part.coverage)} van de regio{whole}"
    )


@dataclass(frozen=True)
class Change:
    """One of the two smallest changes that make a crossing set fit."""

    title: str
    sentence: str
    drop: tuple[str, ...]
    add: tuple[str, ...]
    result: tuple[str, ...]  # the set after the change, sorted


def changes(
    verdict: Verdict, municipalities: Mapping[str, str], region_names: Mapping[str, str]
) -> tuple[Change, ...]:
    """The two smallest changes of a crossing set (none for a set that fits)."""
    if verdict.verdict != CROSSES:
        return ()
    region = region_names.get(verdict.dominant.region_id, verdict.dominant.region_id)
    inside = tuple(sorted(verdict.dominant.nis_codes))
    dropped = names(verdict.drop, municipalities)
    drop = Change(
        title=f"Blijf binnen {region}",
        sentence=(
            f"Laat {'de gemeente' if len(dropped) == 1 else f'de {len(dropped)} gemeenten'} "
            f"buiten {region} weg: {enumerate_nl(dropped)}. Wat overblijft, "
            f"{count(len(inside))}, ligt binnen één referentieregio."
        ),
        drop=verdict.drop,
        add=(),
        result=inside,
    )
    added = names(verdict.add, municipalities)
    whole = tuple(sorted(inside + verdict.add))
    if added:
        which = (
            f"de gemeente van {region} toe die nog ontbreekt"
            if len(added) == 1
            else f"de {len(added)} gemeenten van {region} toe die nog ontbreken"
        )
        extra = f"Voeg {which} ({enumerate_nl(added)}) en laat de gemeenten buiten de regio weg"
    else:
        extra = "Alle gemeenten van de regio doen al mee: laat de gemeenten buiten de regio weg"
    extend = Change(
        title=f"Maak er heel {region} van",
        sentence=(
            f"{extra}. Dan is de samenwerking precies de referentieregio ({count(len(whole))})."
        ),
        drop=verdict.drop,
        add=verdict.add,
        result=whole,
    )
    return (drop, extend)


def resemblance_sentence(item: Resemblance) -> str:
    """ "Politiezone Leuven: 83 % overlap (5 gedeelde gemeenten; het gebied telt er 6)"."""
    kind = kind_label(item.kind)
    if item.overlap == 1:
        same = "precies dezelfde gemeenten"
    else:
        same = (
            f"{count(item.shared, 'gedeelde gemeente', 'gedeelde gemeenten')}; het gebied telt "
            f"er {item.size}"
        )
    return f"{kind} {item.name}: {percent(item.overlap)} overlap ({same})"


def closest_sentence(items: Sequence[Resemblance]) -> str | None:
    """ "Dit lijkt het meest op politiezone X (83 % overlap)."; None when nothing overlaps."""
    if not items:
        return None
    first = items[0]
    kind = kind_label(first.kind).lower()
    if first.overlap == 1:
        return f"Dit is precies {kind} {first.name}."
    return f"Dit lijkt het meest op {kind} {first.name} ({percent(first.overlap)} overlap)."


def sentence_of(verdict: Verdict) -> str:
    """The verdict code in a Dutch word, for a CSV or a file name."""
    return {
        WITHIN: "binnen één regio",
        REGION: "precies één regio",
        REGIONS: "precies enkele volledige regio's",
        CROSSES: "over een regiogrens",
    }[verdict.verdict]


__all__ = [
    "CROSSES",
    "REGION",
    "REGIONS",
    "WITHIN",
    "Change",
    "changes",
    "closest_sentence",
    "count",
    "enumerate_nl",
    "kind_label",
    "names",
    "percent",
    "region_line",
    "resemblance_sentence",
    "verdict_sentence",
    "verdict_title",
]
