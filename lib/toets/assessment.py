"""The toets as a whole: what it needs loaded once, the result for one set, and how it reads.

:func:`load_context` reads the data (both vintages, for matching), the division tables (from
their cache, fetching them first when needed) and scores them; :func:`assess` puts a verdict
(:mod:`lib.toets.verdict`) and the closest areas together for a set; :func:`as_json` and
:func:`as_text` give the CLI's output (the page shows the same fields).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from lib.data import paths, vintages
from lib.data.dataset import Dataset, DataValidationError, load_dataset
from lib.divisions import tables as division_tables
from lib.divisions.report import score_cache
from lib.divisions.scores import Alignment
from lib.toets import wording
from lib.toets.entries import Matcher, Resolved
from lib.toets.errors import ToetsInputError
from lib.toets.verdict import Resemblance, Verdict, closest, judge


@dataclass(frozen=True)
class Context:
    """Everything a toets reads, loaded once."""

    matcher: Matcher
    regions: Mapping[str, str]  # nis_code → region_id (2025)
    municipalities: Mapping[str, str]  # nis_code → name (2025)
    region_names: Mapping[str, str]  # region_id → name
    alignment: Alignment  # the other divisions, scored


def context_from(dataset: Dataset, alignment: Alignment) -> Context:
    rows = dataset.rows(vintages.DEFAULT)
    return Context(
        matcher=Matcher(dataset),
        regions=dict(zip(rows["nis_code"], rows["region_id"], strict=True)),
        municipalities=dict(zip(rows["nis_code"], rows["municipality"], strict=True)),
        region_names={profile.id: profile.name for profile in dataset.regions},
        alignment=alignment,
    )


def load_context(data_dir: Path | None = None, base: str | None = None) -> Context:
    """Read the data and the division tables (``base``: their source, as ``--from``).

    :class:`ToetsInputError` when the data has problems; a failing download or table raises
    :class:`lib.pinned.errors.PinnedError`.
    """
    folder = Path(data_dir) if data_dir is not None else paths.data_dir()
    try:
        dataset = load_dataset(folder)
    except DataValidationError as exc:
        raise ToetsInputError(
            f"De gegevens in {folder} hebben {len(exc.problems)} fout(en); "
            "`python -m lib.validate` toont ze."
        ) from exc
    rows = dataset.rows(vintages.DEFAULT)
    regions = dict(zip(rows["nis_code"], rows["region_id"], strict=True))
    names = dict(zip(rows["nis_code"], rows["municipality"], strict=True))
    division_tables.ensure_tables(folder, base)
    _, alignment = score_cache(folder, regions, names)
    return context_from(dataset, alignment)


@dataclass(frozen=True)
class Assessment:
    resolved: Resolved
    verdict: Verdict
    closest: tuple[Resemblance, ...]
    context: Context


def assess(context: Context, resolved: Resolved) -> Assessment:
    """The verdict and closest areas of the matched entries (ambiguous and unknown ones are
    left out; the caller says so). :class:`ToetsInputError` when nothing matched."""
    codes = resolved.nis_codes
    verdict = judge(codes, context.regions)
    return Assessment(
        resolved, verdict, tuple(closest(codes, context.alignment.divisions)), context
    )


def _share(value: Fraction) -> float:
    return round(float(value), 4)


def as_json(assessment: Assessment) -> dict:
    """The CLI's JSON: municipalities, verdict, regions, changes, closest."""
    context, verdict = assessment.context, assessment.verdict
    inputs = assessment.resolved.inputs()
    return {
        "municipalities": [
            {"nis_code": code, "name": context.municipalities[code], "input": inputs[code]}
            for code in assessment.resolved.nis_codes
        ],
        "verdict": verdict.verdict,
        "regions": [
            {
                "region_id": part.region_id,
                "region": context.region_names.get(part.region_id, part.region_id),
                "nis_codes": list(part.nis_codes),
                "share": _share(part.share),
                "coverage": _share(part.coverage),
            }
            for part in verdict.regions
        ],
        "changes": {"drop": list(verdict.drop), "add": list(verdict.add)},
        "closest": [
            {
                "kind": item.kind,
                "division_id": item.division_id,
                "division": item.name,
                "overlap": _share(item.overlap),
            }
            for item in assessment.closest
        ],
    }


percent = wording.percent


def _names(codes: Sequence[str], municipalities: Mapping[str, str]) -> str:
    return ", ".join(sorted((municipalities[code] for code in codes), key=str.casefold))


def verdict_sentence(assessment: Assessment) -> str:
    """The verdict in Dutch (:func:`lib.toets.wording.verdict_sentence`)."""
    context = assessment.context
    return wording.verdict_sentence(
        assessment.verdict, context.municipalities, context.region_names
    )


def as_text(assessment: Assessment) -> str:
    """The toets in Dutch, for the terminal."""
    context, verdict = assessment.context, assessment.verdict
    names = context.municipalities
    lines = [f"{wording.count(len(verdict.nis_codes)).capitalize()}:"]
    for resolution in assessment.resolved.resolutions:
        if resolution.matched:
            lines.append(f"  {resolution.note()} [{resolution.nis_code}]")
    lines += ["", "Oordeel:", f"  {verdict_sentence(assessment)}", "", "Per referentieregio:"]
    for part in verdict.regions:
        lines.append(
            f"  {wording.region_line(part, context.region_names)}: {_names(part.nis_codes, names)}"
        )
    found = wording.changes(verdict, names, context.region_names)
    if found:
        lines += ["", "De twee kleinste aanpassingen:"]
        lines += [f"  {number}. {change.sentence}" for number, change in enumerate(found, 1)]
    if assessment.closest:
        lines += ["", "Lijkt het meest op:"]
        for item in assessment.closest:
            lines.append(f"  {wording.resemblance_sentence(item)}")
    return "\n".join(lines) + "\n"
