"""The whole validated data set, loaded once: membership, corrections, profiles, breakthroughs.

from lib.data.dataset import load_dataset
data = load_dataset()              # raises DataValidationError listing every problem
data.region("gent").forum.name     # 'Politiek streekforum'
data.members("gent", 2025)         # DataFrame of its 20 municipalities, sorted by name
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import BaseModel

from lib.data import paths
from lib.data.models import (
    Breakthrough,
    InsightsDoc,
    RegionProfile,
    Trajectory,
    TrajectoryDoc,
)
from lib.data.validation import (
    CORRECTION_COLUMNS,
    MEMBERSHIP_COLUMNS,
    DataValidationError,
    check_data_dir,
)

__all__ = ["Dataset", "DataValidationError", "load_dataset", "name_sort_key"]


def name_sort_key(name: str) -> str:
    """Sort key for Dutch names: ignores case and accents ('Ésc' sorts with 'Esc')."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


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

    def members(self, region_id: str, vintage: int) -> pd.DataFrame:
        """The region's municipalities of one vintage, sorted by name, with a fresh index."""
        self.region(region_id)
        if vintage not in paths.VINTAGES:
            raise ValueError(f"unknown vintage {vintage!r}; choose from {paths.VINTAGES}")
        frame = self.membership
        selected = frame[(frame["region_id"] == region_id) & (frame["vintage"] == vintage)]
        return selected.sort_values(
            "municipality", key=lambda names: names.map(name_sort_key)
        ).reset_index(drop=True)

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
