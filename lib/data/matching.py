"""Find a municipality by name, in either vintage, forgiving the ways people type names.

Pure matching, shared by the map's search (:mod:`lib.app.search`) and the toets
(:mod:`lib.toets`).

``match`` compares folded names (no case, accents, hyphens or spaces; "St." reads as "Sint")
with rapidfuzz's optimal-string-alignment distance, so a swapped, missing, extra or wrong letter
each count as one typing error. It either picks one municipality, lists the candidates when the
text fits several equally well ("Sint"), or finds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from lib.data.dataset import Dataset
from lib.data.vintages import AFTER, BEFORE


def fold(text: str) -> str:
    """Lower-case, no accents, punctuation as spaces: "Sint-Truiden" → "sint truiden"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


_SAINT = re.compile(r"\b(st|sint|saint)\b")


def compact(text: str) -> str:
    """The form names are compared in: folded, "St." as "sint", without spaces."""
    return _SAINT.sub("sint", fold(text)).replace(" ", "")


@dataclass(frozen=True)
class MunicipalityEntry:
    """One searchable municipality: ``key`` is ``"<vintage>:<nis_code>"``."""

    key: str
    vintage: int
    nis_code: str
    name: str
    region_id: str
    region: str
    merged_into: str | None  # AFTER code, for a BEFORE municipality that merged
    merged_into_name: str | None
    label: str
    folded: str
    former_code: str | None = None  # AFTER: BEFORE code of the same-named municipality it continues


def entries(dataset: Dataset) -> list[MunicipalityEntry]:
    """All municipalities of both vintages, today's first; a name in both appears once (AFTER)."""
    names_before = dataset.names(BEFORE.year)
    names_after = dataset.names(AFTER.year)
    # An AFTER municipality that kept the name of a BEFORE one it absorbed under a new code
    # (Hasselt 71022 → 71072): the AFTER entry stands for both, and on the BEFORE map marks the
    # old code.
    former = {
        code: old
        for code in names_after
        for old in dataset.predecessors(code)
        if old != code and names_before[old] == names_after[code]
    }
    result: list[MunicipalityEntry] = []
    seen_after = set()
    for row in dataset.membership.sort_values(
        ["vintage", "municipality"], ascending=[False, True]
    ).itertuples(index=False):
        if row.vintage == AFTER.year:
            seen_after.add((row.nis_code, row.municipality))
            label = f"{row.municipality} · {row.region}"
            merged, merged_name = None, None
        else:
            if (row.nis_code, row.municipality) in seen_after:
                continue  # unchanged municipality: the AFTER entry already covers it
            merged = row.merged_into or None
            merged_name = dataset.successor_name(row.nis_code) if merged else None
            if merged_name == row.municipality:
                continue  # same name, new code: the AFTER entry covers it (see ``former``)
            if merged_name and merged_name != row.municipality:
                label = (
                    f"{row.municipality} (tot {BEFORE.until}) → sinds {AFTER.year} deel van "
                    f"{merged_name} · {row.region}"
                )
            else:
                label = f"{row.municipality} (gemeente tot {BEFORE.until}) · {row.region}"
        result.append(
            MunicipalityEntry(
                key=f"{row.vintage}:{row.nis_code}",
                vintage=int(row.vintage),
                nis_code=row.nis_code,
                name=row.municipality,
                region_id=row.region_id,
                region=row.region,
                merged_into=merged,
                merged_into_name=merged_name,
                label=label,
                folded=fold(row.municipality),
                former_code=former.get(row.nis_code) if row.vintage == AFTER.year else None,
            )
        )
    return result


MAX_CANDIDATES = 12


@dataclass(frozen=True)
class Match:
    """What typed text found: one ``entry``, several ``candidates``, or neither.

    ``exact`` is true when the text is the name itself, up to case, accents, hyphens and spaces.
    """

    query: str
    entry: MunicipalityEntry | None = None
    candidates: tuple[MunicipalityEntry, ...] = field(default=())
    exact: bool = False


def allowed_errors(length: int) -> int:
    """Typing errors forgiven in a name of ``length`` letters: short names tolerate fewer."""
    if length < 3:
        return 0
    return 1 if length <= 5 else 2


def _score(needle: str, name: str, starts: list[str]) -> tuple[int, int, int] | None:
    """(typing errors, kind, word) of ``needle`` against one name, or None if too far off.

    Kind 0 is the whole name, kind 1 the start of the name or of one of its words ("Heist" for
    Knokke-Heist; ``word`` is that word's position, for ordering), with one error less than a
    whole name. Starts shorter than three letters only count at the beginning of the name and
    without errors ("Lo" for Lo-Reninge).
    """
    budget = allowed_errors(len(needle))
    start_budget = max(0, budget - 1)  # a start is a weaker clue: one error less
    whole = OSA.distance(needle, name, score_cutoff=budget)
    best = (whole, 0, 0) if whole <= budget else None
    for index, start in enumerate(starts):
        if len(needle) < 3:
            if index == 0 and start.startswith(needle):
                best = best or (0, 1, 0)
            break
        errors = min(
            OSA.distance(needle, start[:size], score_cutoff=start_budget)
            for size in range(len(needle) - start_budget, len(needle) + start_budget + 1)
        )
        if errors <= start_budget and (best is None or (errors, 1) < best[:2]):
            best = (errors, 1, index)
    return best


def _starts(entry: MunicipalityEntry) -> list[str]:
    """The compact name and every compact tail that starts at one of its words."""
    words = _SAINT.sub("sint", entry.folded).split()
    return ["".join(words[i:]) for i in range(len(words))]


def match(query: str, candidates: list[MunicipalityEntry] | tuple[MunicipalityEntry, ...]) -> Match:
    """The municipality ``query`` names, forgiving up to two typing errors (fewer in short names).

    An exact name (after folding) wins; otherwise the entries with the fewest errors, whole names
    before starts of names. One such entry is picked; several are returned as candidates (at most
    MAX_CANDIDATES): names that start with the text before those where a later word does, then
    today's municipalities before former ones, then by name.
    """
    needle = compact(query)
    if not needle:
        return Match(query)
    scored: list[tuple[tuple[int, int, int], MunicipalityEntry]] = []
    for entry in candidates:
        name = compact(entry.name)
        if name == needle:
            return Match(query, entry=entry, exact=True)
        score = _score(needle, name, _starts(entry))
        if score is not None:
            scored.append((score, entry))
    if not scored:
        return Match(query)
    best = min(score[:2] for score, _ in scored)
    tied = sorted(
        ((score[2], entry) for score, entry in scored if score[:2] == best),
        key=lambda item: (item[0], item[1].vintage != AFTER.year, item[1].folded),
    )
    if len(tied) == 1:
        return Match(query, entry=tied[0][1])
    return Match(query, candidates=tuple(entry for _, entry in tied[:MAX_CANDIDATES]))
