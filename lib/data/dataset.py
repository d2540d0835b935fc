"""The whole validated data set, loaded once: membership, corrections, profiles, breakthroughs.

from lib.data.dataset import load_dataset
data = load_dataset()                      # raises DataValidationError listing every problem
data.region("gent").forum.name             # 'Politiek streekforum'
data.members("limburg", vintages.DEFAULT)  # its municipalities, by name, with merger notes
data.successor_name("73040")               # 'Hasselt': what Kortessem became part of

This is the only reader of the data files: everything else (the pages, the boundary build) gets
the validated data from :func:`load_dataset`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from pydantic import BaseModel

from lib.data import paths
from lib.data.fields import CORRECTION_COLUMNS, MEMBERSHIP_COLUMNS
from lib.data.models import (
    Breakthrough,
    InsightsDoc,
    RegionProfile,
    Trajectory,
    TrajectoryDoc,
)
from lib.data.validation import DataValidationError, check_data_dir
from lib.data.vintages import AFTER, BEFORE, YEARS

__all__ = ["Dataset", "DataValidationError", "Member", "load_dataset", "name_sort_key"]


def name_sort_key(name: str) -> str:
    """Sort key for Dutch names: ignores case and accents ('Ésc' sorts with 'Esc')."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True)
class Member:
    """A municipality of a region in one vintage, with what the mergers changed for it."""

    nis_code: str
    name: str
    formed_from: tuple[str, ...] = ()
    """In AFTER: the names of the BEFORE municipalities it was formed from (itself included when
    it kept its code); empty when nothing merged into it."""
    merged_into: str | None = None
    """In BEFORE: the name of the AFTER municipality it became part of; None when it continued."""

    def describe(self) -> str:
        """A short Dutch line: "Hasselt (sinds 2025 samen met Kortessem)", or for a new name
        "Merelbeke-Melle (sinds 2025: fusie van Melle en Merelbeke)"."""
        since = f"sinds {AFTER.year}"
        if self.formed_from:
            others = [name for name in self.formed_from if name != self.name]
            if not others:
                return self.name
            if self.name in self.formed_from:  # it kept its own name
                return f"{self.name} ({since} samen met {_and(others)})"
            return f"{self.name} ({since}: fusie van {_and(others)})"
        if self.merged_into and self.merged_into != self.name:
            return f"{self.name} ({since} deel van {self.merged_into})"
        if self.merged_into:
            return f"{self.name} ({since} gefuseerd)"
        return self.name


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


@dataclass(frozen=True, eq=False)
class Dataset:
    """Everything in the data folder, validated. Tuples keep the order of the files."""

    membership: pd.DataFrame
    """``regions.csv``: ``vintage`` as int, every other column as text (``merged_into`` '' when
    empty)."""
    corrections: pd.DataFrame
    """``corrections.csv``, every column as text."""
    regions: tuple[RegionProfile, ...]
    breakthroughs: tuple[Breakthrough, ...]
    trajectories: TrajectoryDoc
    insights: InsightsDoc

    def region(self, region_id: str) -> RegionProfile:
        """The profile of one region; ``KeyError`` for an unknown id."""
        for profile in self.regions:
            if profile.id == region_id:
                return profile
        raise KeyError(f"unknown region id {region_id!r}")

    def breakthroughs_of(self, region_id: str) -> tuple[Breakthrough, ...]:
        """The region's breakthroughs (sub-regions included), in file order."""
        self.region(region_id)
        return tuple(item for item in self.breakthroughs if item.region_id == region_id)

    # --- municipalities, vintages and mergers ---------------------------------------------------

    def rows(self, vintage: int) -> pd.DataFrame:
        """The ``regions.csv`` rows of one vintage; ``ValueError`` for an unknown vintage."""
        if vintage not in YEARS:
            raise ValueError(f"unknown vintage {vintage!r}; choose from {YEARS}")
        return self.membership[self.membership["vintage"] == vintage]

    @cached_property
    def _names(self) -> dict[int, dict[str, str]]:
        return {
            year: dict(zip(rows["nis_code"], rows["municipality"], strict=True))
            for year in YEARS
            for rows in [self.membership[self.membership["vintage"] == year]]
        }

    def names(self, vintage: int) -> dict[str, str]:
        """NIS code → name of every municipality of ``vintage`` (built once; do not change it)."""
        self.rows(vintage)
        return self._names[vintage]

    @cached_property
    def _successors(self) -> dict[str, str]:
        after = self._names[AFTER.year]
        return {
            row.nis_code: row.nis_code if row.nis_code in after else row.merged_into
            for row in self.rows(BEFORE.year).itertuples(index=False)
            if row.nis_code in after or row.merged_into
        }

    def successor(self, code: str) -> str | None:
        """The AFTER code of the BEFORE municipality ``code``: itself when it continued, the
        municipality it merged into otherwise; None for a code that is not a BEFORE one."""
        return self._successors.get(code)

    def successor_name(self, code: str) -> str | None:
        """The AFTER name of the BEFORE municipality ``code`` ("the 2025 name of a 2019 code")."""
        successor = self.successor(code)
        return self._names[AFTER.year].get(successor) if successor else None

    @cached_property
    def _predecessors(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for code, successor in self._successors.items():
            found.setdefault(successor, []).append(code)
        before = self._names[BEFORE.year]
        return {
            code: tuple(sorted(codes, key=lambda c: name_sort_key(before[c])))
            for code, codes in found.items()
        }

    def predecessors(self, code: str) -> tuple[str, ...]:
        """The BEFORE codes that became the AFTER municipality ``code`` (by name; itself
        included when it kept its code); empty for a code that is not an AFTER one."""
        return self._predecessors.get(code, ())

    def merged(self, code: str) -> bool:
        """Whether the AFTER municipality ``code`` is more, or other, than one BEFORE one."""
        return self.predecessors(code) not in ((), (code,))

    def members(self, region_id: str, vintage: int) -> list[Member]:
        """The region's municipalities in ``vintage``, by name, with what the mergers changed."""
        self.region(region_id)
        rows = self.rows(vintage)
        rows = rows[rows["region_id"] == region_id]
        before = self._names[BEFORE.year]
        if vintage == AFTER.year:
            result = [
                Member(
                    code,
                    name,
                    tuple(sorted((before[c] for c in self.predecessors(code)), key=name_sort_key))
                    if self.merged(code)
                    else (),
                )
                for code, name in zip(rows["nis_code"], rows["municipality"], strict=True)
            ]
        else:
            result = [
                Member(code, name, merged_into=self.successor_name(code) if merged else None)
                for code, name, merged in zip(
                    rows["nis_code"], rows["municipality"], rows["merged_into"], strict=True
                )
            ]
        return sorted(result, key=lambda member: name_sort_key(member.name))

    def trajectory_of(self, region_id: str) -> Trajectory | None:
        """The region's development trajectory, or None when it had none."""
        self.region(region_id)
        for trajectory in self.trajectories.trajectories:
            if trajectory.region_id == region_id:
                return trajectory
        return None


def _frame(rows: tuple[BaseModel, ...], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame([row.model_dump() for row in rows], columns=list(columns))
    text = [column for column in columns if column != "vintage"]
    frame[text] = frame[text].astype(str)
    if "vintage" in frame:
        frame["vintage"] = frame["vintage"].astype(int)
    return frame


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load and validate the data folder (default: ``paths.data_dir()``).

    Raises :class:`DataValidationError` with every problem when anything is wrong.
    """
    folder = Path(data_dir) if data_dir is not None else paths.data_dir()
    checked = check_data_dir(folder)
    if checked.problems:
        raise DataValidationError(checked.problems, data_dir=folder, count=checked.total_problems)
    assert checked.trajectories is not None and checked.insights is not None
    return Dataset(
        membership=_frame(checked.membership, MEMBERSHIP_COLUMNS),
        corrections=_frame(checked.corrections, CORRECTION_COLUMNS),
        regions=checked.regions,
        breakthroughs=checked.breakthroughs,
        trajectories=checked.trajectories,
        insights=checked.insights,
    )
