"""Filter the breakthrough projects by theme, region and year."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from lib.data.models import Breakthrough


def filter_breakthroughs(
    breakthroughs: Sequence[Breakthrough],
    themes: Collection[str] = (),
    regions: Collection[str] = (),
    years: Collection[int] = (),
) -> list[Breakthrough]:
    """Keep projects that match every given filter; within a filter any value may match.

    An empty filter does not restrict. A project with several themes matches when one of
    them is selected.
    """
    return [
        item
        for item in breakthroughs
        if (not themes or set(item.themes) & set(themes))
        and (not regions or item.region_id in regions)
        and (not years or item.year in years)
    ]


def years_of(*groups: Iterable[Breakthrough]) -> list[int]:
    """The years that occur in the projects (and practices) of ``groups``, in order: the
    choices of the year filter, so it never offers a year that shows nothing."""
    return sorted({item.year for group in groups for item in group})
