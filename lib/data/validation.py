"""The check of a data folder: every problem, each as ``file:line: field: message``.

:func:`check_data_dir` reads every data file within limits (:mod:`lib.data.readers`), checks it
against its model (:mod:`lib.data.fields`), then checks the files against each other
(:mod:`lib.data.rules`, :mod:`lib.data.vintage_rules`). It collects all problems instead of
stopping at the first, and lists them as :mod:`lib.data.report` says.

This package needs neither pandas nor Streamlit, so ``python -m lib.validate`` starts quickly.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lib.data import rules
from lib.data.fields import validate_yaml
from lib.data.models import (
    Breakthrough,
    BreakthroughsFile,
    CorrectionRow,
    InsightsDoc,
    MembershipRow,
    RegionProfile,
    RegionsFile,
    TrajectoryDoc,
)
from lib.data.readers import read_csv, read_yaml
from lib.data.report import (
    BREAKTHROUGHS_YAML,
    CORRECTIONS_CSV,
    INSIGHTS_YAML,
    INTERNAL_FIELD,
    MEMBERSHIP_CSV,
    REGIONS_YAML,
    TRAJECTORIES_YAML,
    Problem,
    Report,
)

_LOG = logging.getLogger("regiokaart.data")  # under the app's logger (lib.app.failure)


class DataValidationError(Exception):
    """The data folder has problems; ``problems`` lists them (at most MAX_PROBLEMS_PER_FILE per
    file, then a line counting the rest), ``count`` is how many there are in all."""

    def __init__(
        self, problems: Sequence[Problem], data_dir: Path | None = None, count: int | None = None
    ) -> None:
        self.problems = list(problems)
        self.data_dir = data_dir
        self.count = len(self.problems) if count is None or count < 0 else count
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" in {self.data_dir}" if self.data_dir is not None else ""
        noun = "problem" if self.count == 1 else "problems"
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        return f"{self.count} {noun} in the data files{where}:\n{lines}"


@dataclass(frozen=True)
class CheckedData:
    """What :func:`check_data_dir` found: the problems and, where a file was valid, its content.

    Only when ``problems`` is empty is every field complete and consistent.
    """

    problems: tuple[Problem, ...]
    """At most MAX_PROBLEMS_PER_FILE per file, then one line counting the rest."""
    membership: tuple[MembershipRow, ...] = ()
    corrections: tuple[CorrectionRow, ...] = ()
    regions: tuple[RegionProfile, ...] = ()
    breakthroughs: tuple[Breakthrough, ...] = ()
    trajectories: TrajectoryDoc | None = None
    insights: InsightsDoc | None = None
    problem_count: int = -1
    """Every problem found, the unlisted ones included (-1: the same as ``len(problems)``)."""

    @property
    def total_problems(self) -> int:
        return len(self.problems) if self.problem_count < 0 else self.problem_count


def check_data_dir(data_dir: Path | str) -> CheckedData:
    """Read, validate and cross-check every data file of ``data_dir``."""
    folder = Path(data_dir)
    if not folder.is_dir():
        return CheckedData((Problem(str(data_dir), None, "folder", "does not exist"),))
    try:
        return _check(folder)
    except Exception as exc:  # a bug here must not become a traceback for the user
        _LOG.exception("The data check of %s failed", folder)
        message = (
            f"the check itself failed ({type(exc).__name__}); this is a bug in Regiokaart, "
            "please report it with the data files"
        )
        return CheckedData((Problem(folder.name or str(folder), None, INTERNAL_FIELD, message),))


def _check(folder: Path) -> CheckedData:
    report = Report()
    regions_doc = read_yaml(folder, REGIONS_YAML, report)
    regions = validate_yaml(regions_doc, RegionsFile, report)
    region_lines = rules.check_regions(regions_doc, report)
    names = {rid: name for rid, (_, name) in region_lines.items()}
    listed = (
        isinstance(regions_doc.data, dict) and isinstance(regions_doc.data.get("regions"), list)
        if regions_doc is not None
        else False
    )
    known = names if listed else None  # None: regions.yaml unreadable, skip those checks

    membership = read_csv(folder, MEMBERSHIP_CSV, MembershipRow, report)
    if membership is not None:
        rules.check_membership(membership, known, report)
        if membership.complete and regions_doc is not None:
            rules.check_regions_have_members(regions_doc, region_lines, membership, report)

    corrections = read_csv(folder, CORRECTIONS_CSV, CorrectionRow, report)
    if corrections is not None:
        rules.check_corrections(corrections, membership, known, report)

    breakthroughs_doc = read_yaml(folder, BREAKTHROUGHS_YAML, report)
    breakthroughs = validate_yaml(breakthroughs_doc, BreakthroughsFile, report)
    if breakthroughs_doc is not None:
        rules.check_breakthroughs(breakthroughs_doc, known, report)

    trajectories_doc = read_yaml(folder, TRAJECTORIES_YAML, report)
    trajectories = validate_yaml(trajectories_doc, TrajectoryDoc, report)
    if trajectories_doc is not None:
        rules.check_trajectories(trajectories_doc, known, report)

    insights_doc = read_yaml(folder, INSIGHTS_YAML, report)
    insights = validate_yaml(insights_doc, InsightsDoc, report)
    if insights_doc is not None:
        rules.check_numbering(insights_doc, "insights", "number", report)

    problems, count = report.listed()
    return CheckedData(
        problems=problems,
        problem_count=count,
        membership=tuple(membership.models) if membership else (),
        corrections=tuple(corrections.models) if corrections else (),
        regions=tuple(regions.regions) if regions else (),
        breakthroughs=tuple(breakthroughs.breakthroughs) if breakthroughs else (),
        trajectories=trajectories,
        insights=insights,
    )
