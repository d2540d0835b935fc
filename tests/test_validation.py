"""Break private copies of data/ in many ways; each problem must name the exact file and line.

Every case edits a copy made by the ``data_copy`` fixture and returns the problems it expects as
(file, line, field, part of the message). The expected line is found by looking for the edited
text in the file itself, never from the code under test. Each case is checked twice: through
``check_data_dir`` and through the command line's ``main`` (exit code 1), run in this process;
one test runs ``python -m lib.validate`` itself.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from lib.data import validate
from lib.data.dataset import load_dataset
from lib.data.paths import DATA_DIR_ENV
from lib.data.report import MAX_PROBLEMS_PER_FILE, Problem
from lib.data.validation import DataValidationError, check_data_dir
from tests.support.cli import run_module

REPO_ROOT = Path(__file__).resolve().parent.parent
THIS_YEAR = datetime.now(ZoneInfo("Europe/Brussels")).year  # read here, not from lib
Expected = tuple[str, int | None, str, str]


# --- helpers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def data_dir_variable(value: str | None) -> Iterator[None]:
    """``$REGIOKAART_DATA_DIR`` set to ``value`` (unset for None) for a while."""
    before = os.environ.pop(DATA_DIR_ENV, None)
    if value is not None:
        os.environ[DATA_DIR_ENV] = value
    try:
        yield
    finally:
        os.environ.pop(DATA_DIR_ENV, None)
        if before is not None:
            os.environ[DATA_DIR_ENV] = before


def run_cli(*args: str, data_dir_env: str | None = None) -> CliResult:
    """``python -m lib.validate args…`` as a user runs it from the repository, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with (
        data_dir_variable(data_dir_env),
        contextlib.chdir(REPO_ROOT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = validate.main(list(args))
    return CliResult(code, out.getvalue(), err.getvalue())


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def write_lines(path: Path, content: list[str]) -> None:
    path.write_text("\n".join(content), encoding="utf-8")


def find(path: Path, text: str, after: int = 0, *, startswith: bool = False) -> int:
    """The 1-based number of the first line after line ``after`` equal to (or starting with)
    ``text``."""
    for number, line in enumerate(lines(path), start=1):
        if number > after and (line.startswith(text) if startswith else line == text):
            return number
    raise AssertionError(f"{text!r} not found in {path.name} after line {after}")


def replace(path: Path, number: int, new: str | None) -> None:
    """Replace line ``number`` (1-based) with ``new``, or delete it when ``new`` is None."""
    content = lines(path)
    if new is None:
        del content[number - 1]
    else:
        content[number - 1] = new
    write_lines(path, content)


def edit(path: Path, old: str, new: str, after: int = 0) -> int:
    """Replace the first line equal to ``old`` (after line ``after``); return its number."""
    number = find(path, old, after)
    replace(path, number, new)
    return number


def edit_csv_row(path: Path, prefix: str, column: str, value: str) -> int:
    """Set one cell of the row starting with ``prefix``; return the row's line number."""
    number = find(path, prefix, startswith=True)
    content = lines(path)
    header = next(csv.reader([content[0]]))
    cells = next(csv.reader([content[number - 1]]))
    cells[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    content[number - 1] = buffer.getvalue()
    write_lines(path, content)
    return number


def position(path: Path, item_start: str, number: int) -> int:
    """0-based position in its list of the item that line ``number`` belongs to, where every
    item's first line starts with ``item_start``."""
    return sum(1 for line in lines(path)[:number] if line.startswith(item_start)) - 1


def block_start(path: Path, item_id: str) -> int:
    return find(path, f"  - id: {item_id}")


# --- the ways to break the data ------------------------------------------------------------------


def missing_column(d: Path) -> list[Expected]:
    path = d / "regions.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    drop = rows[0].index("region")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(
        [cell for i, cell in enumerate(row) if i != drop] for row in rows
    )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return [("regions.csv", 1, "region", "missing column")]


def extra_column(d: Path) -> list[Expected]:
    path = d / "regions.csv"
    content = lines(path)
    content = [line + ",1000" if line else line for line in content]
    content[0] = content[0].replace(",1000", ",population")
    write_lines(path, content)
    return [("regions.csv", 1, "population", "unexpected column")]


def columns_out_of_order(d: Path) -> list[Expected]:
    path = d / "corrections.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([row[1], row[0], *row[2:]] for row in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return [("corrections.csv", 1, "columns", "must be in this order")]


def unknown_region_in_csv(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2019,11001,", "region_id", "atlantis")
    return [("regions.csv", line, "region_id", "unknown region 'atlantis'")]


def unknown_region_in_breakthroughs(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    start = block_start(path, "westhoek-activering")
    line = edit(path, "    region_id: westhoek", "    region_id: atlantis", after=start)
    index = position(path, "  - id:", start)
    return [
        (
            "breakthroughs.yaml",
            line,
            f"breakthroughs[{index}].region_id",
            "unknown region 'atlantis'",
        )
    ]


def unknown_region_in_trajectories(d: Path) -> list[Expected]:
    path = d / "trajectories.yaml"
    line = edit(path, "  - region_id: limburg", "  - region_id: limburgg")
    index = position(path, "  - region_id:", line)
    return [
        ("trajectories.yaml", line, f"trajectories[{index}].region_id", "unknown region 'limburgg'")
    ]


def region_name_mismatch(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2025,44021,", "region", "Gentt")
    return [("regions.csv", line, "region", "'Gentt' is not the name of region 'gent'")]


def duplicate_code(d: Path) -> list[Expected]:
    path = d / "regions.csv"
    first = find(path, "2025,44021,", startswith=True)
    content = lines(path)
    copy = content[first - 1]
    while content and content[-1] == "":
        content.pop()
    content.append(copy)
    write_lines(path, [*content, ""])
    return [
        (
            "regions.csv",
            len(content),
            "nis_code",
            f"44021 appears twice in vintage 2025 (first on line {first})",
        ),
        ("regions.csv", None, "vintage", "2025 has 286 municipalities, expected 285"),
    ]


def row_removed(d: Path) -> list[Expected]:
    path = d / "regions.csv"
    replace(path, find(path, "2019,11004,", startswith=True), None)
    later = find(path, "2025,11004,", startswith=True)
    return [
        ("regions.csv", None, "vintage", "2019 has 299 municipalities, expected 300"),
        ("regions.csv", later, "nis_code", "11004 is new in 2025"),
    ]


def merge_into_other_region(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2019,11007,", "merged_into", "46030")
    return [("regions.csv", line, "merged_into", "lies in region 'waasland', not in 'antwerpen'")]


def merge_target_missing(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2019,11007,", "merged_into", "11003")
    return [("regions.csv", line, "merged_into", "11003 is not a 2025 code")]


def merged_code_without_merged_into(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2019,73040,", "merged_into", "")
    return [("regions.csv", line, "merged_into", "73040 does not exist in 2025")]


def continuing_code_with_merged_into(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2019,11001,", "merged_into", "11002")
    return [("regions.csv", line, "merged_into", "11001 still exists in 2025")]


def merged_into_on_2025_row(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2025,11001,", "merged_into", "11002")
    return [("regions.csv", line, "merged_into", "only 2019 rows")]


def bad_vintage(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2019,11001,", "vintage", "2020")
    return [("regions.csv", line, "vintage", "must be one of 2019, 2025, got '2020'")]


def bad_nis_code(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2025,11001,", "nis_code", "1101")
    return [("regions.csv", line, "nis_code", "five-digit NIS code, got '1101'")]


def empty_municipality(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2025,11001,", "municipality", "")
    return [("regions.csv", line, "municipality", "must not be empty")]


def padded_municipality(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "regions.csv", "2025,11001,", "municipality", "Aartselaar ")
    return [("regions.csv", line, "municipality", "spaces at the start or end")]


def short_row(d: Path) -> list[Expected]:
    path = d / "regions.csv"
    line = find(path, "2025,11001,", startswith=True)
    replace(path, line, "2025,11001,Aartselaar,antwerpen")
    return [("regions.csv", line, "row", "has 4 cells where the header has 6")]


def correction_unknown_code(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "corrections.csv", "Kortesseem,", "nis_code", "99999")
    return [("corrections.csv", line, "nis_code", "99999 is not a 2019 code")]


def correction_wrong_region(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "corrections.csv", "Kortesseem,", "region_id", "kempen")
    return [("corrections.csv", line, "region_id", "73040 lies in 'limburg'")]


def correction_bad_kind(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "corrections.csv", "Kortesseem,", "kind", "typo")
    return [("corrections.csv", line, "kind", "'spelling', 'duplicate' or 'missing'")]


def correction_missing_with_seed_text(d: Path) -> list[Expected]:
    line = edit_csv_row(d / "corrections.csv", ",Londerzeel,", "seed_text", "Londerzeel")
    return [("corrections.csv", line, "seed_text", "must be empty for a missing municipality")]


def wrong_theme(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    line = edit(path, "    themes: [cultuur-erfgoed]", "    themes: [cultuur]")
    index = position(path, "  - id:", line)
    return [
        ("breakthroughs.yaml", line, f"breakthroughs[{index}].themes[0]", "unknown theme 'cultuur'")
    ]


def second_theme_wrong(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    line = edit(
        path,
        "    themes: [bestuur, economie-werk, mobiliteit]",
        "    themes: [bestuur, economie, mobiliteit]",
    )
    index = position(path, "  - id:", line)
    return [
        (
            "breakthroughs.yaml",
            line,
            f"breakthroughs[{index}].themes[1]",
            "unknown theme 'economie'",
        )
    ]


def bad_year(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    start = block_start(path, "gent-cultuur-erfgoed")
    line = edit(path, "    year: 2021", "    year: 2020", after=start)
    index = position(path, "  - id:", start)
    words = f"from 2021 to {THIS_YEAR} (this year), got 2020"
    return [("breakthroughs.yaml", line, f"breakthroughs[{index}].year", words)]


def future_year(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    start = block_start(path, "kempen-buurtmobiliteit")
    next_year = THIS_YEAR + 1
    line = edit(path, "    year: 2021", f"    year: {next_year}", after=start)
    index = position(path, "  - id:", start)
    return [("breakthroughs.yaml", line, f"breakthroughs[{index}].year", f"got {next_year}")]


def year_as_text(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    start = block_start(path, "gent-cultuur-erfgoed")
    line = edit(path, "    year: 2021", '    year: "2021"', after=start)
    index = position(path, "  - id:", start)
    return [("breakthroughs.yaml", line, f"breakthroughs[{index}].year", "valid integer")]


def duplicate_breakthrough_id(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    first = block_start(path, "brugge-competenties")
    line = edit(path, "  - id: gent-cultuur-erfgoed", "  - id: brugge-competenties")
    index = position(path, "  - id:", line)
    return [
        (
            "breakthroughs.yaml",
            line,
            f"breakthroughs[{index}].id",
            f"'brugge-competenties' is used twice (first on line {first})",
        )
    ]


def malformed_yaml(d: Path) -> list[Expected]:
    line = edit(
        d / "breakthroughs.yaml",
        "    title: Competenties delen tussen lokale besturen",
        "    title: Competenties: delen tussen lokale besturen",
    )
    return [("breakthroughs.yaml", line, "syntax", "mapping values are not allowed here")]


def tab_in_yaml(d: Path) -> list[Expected]:
    path = d / "insights.yaml"
    line = edit(path, "  - number: 4", "\t- number: 4")
    return [("insights.yaml", line, "syntax", "found character '\\t'")]


def empty_required_text(d: Path) -> list[Expected]:
    path = d / "breakthroughs.yaml"
    title = "    title: Buurtmobiliteit als schakel in het regionale vervoersnet"
    line = edit(path, title, '    title: ""')
    index = position(path, "  - id:", line)
    return [("breakthroughs.yaml", line, f"breakthroughs[{index}].title", "must not be empty")]


def blank_forum_description(d: Path) -> list[Expected]:
    path = d / "regions.yaml"
    start = find(path, "  - id: middenkust")
    line = find(path, "      description: >-", after=start)
    replace(path, line, '      description: "   "')
    # the folded text that followed now belongs to nothing: drop it up to the next key
    content = lines(path)
    while content[line].startswith("        "):
        del content[line]
    write_lines(path, content)
    index = position(path, "  - id:", start)
    return [("regions.yaml", line, f"regions[{index}].forum.description", "must not be empty")]


def null_required_text(d: Path) -> list[Expected]:
    path = d / "insights.yaml"
    line = edit(path, "      - title: Sterk leiderschap", "      - title:")
    return [("insights.yaml", line, "obstacles[1].remedies[0].title", "valid string, got null")]


def missing_required_key(d: Path) -> list[Expected]:
    path = d / "trajectories.yaml"
    parent = find(path, "  - region_id: limburg")
    replace(path, find(path, "    title: Opstart van de Regioraad"), None)
    index = position(path, "  - region_id:", parent)
    return [("trajectories.yaml", parent, f"trajectories[{index}].title", "required field")]


def unknown_key(d: Path) -> list[Expected]:
    path = d / "regions.yaml"
    start = find(path, "  - id: brugge")
    line = edit(path, "      rhythm: om de anderhalve maand", "      ritme: om de anderhalve maand")
    index = position(path, "  - id:", start)
    return [("regions.yaml", line, f"regions[{index}].forum.ritme", "unknown field")]


def bad_forum_status(d: Path) -> list[Expected]:
    path = d / "regions.yaml"
    start = find(path, "  - id: kempen")
    line = find(path, "      status: actief", after=start)
    replace(path, line, "      status: actif")
    index = position(path, "  - id:", start)
    return [
        (
            "regions.yaml",
            line,
            f"regions[{index}].forum.status",
            "'actief', 'in opbouw' or 'geen', got 'actif'",
        )
    ]


def forum_without_name(d: Path) -> list[Expected]:
    path = d / "regions.yaml"
    start = find(path, "  - id: kempen")
    replace(path, find(path, "      name: Burgemeestersoverleg Kempen"), "      name: null")
    index = position(path, "  - id:", start)
    forum = find(path, "    forum:", after=start)
    return [("regions.yaml", forum, f"regions[{index}].forum", "needs a name")]


def duplicate_yaml_key(d: Path) -> list[Expected]:
    path = d / "trajectories.yaml"
    first = find(path, "  - step: 3")
    content = lines(path)
    content.insert(first, "    step: 4")
    write_lines(path, content)
    return [
        ("trajectories.yaml", first + 1, "method[2].step", f"given twice (first on line {first})")
    ]


def method_steps_out_of_order(d: Path) -> list[Expected]:
    path = d / "trajectories.yaml"
    line = edit(path, "  - step: 5", "  - step: 6")
    return [("trajectories.yaml", line, "method[4].step", "it is number 5 in the list")]


def unknown_region_id_in_profiles(d: Path) -> list[Expected]:
    path = d / "regions.yaml"
    line = edit(path, "  - id: westhoek", "  - id: Westhoek")
    index = position(path, "  - id:", line)
    westhoek_rows = [
        number
        for number, row in enumerate(lines(d / "regions.csv"), start=1)
        if ",westhoek,Westhoek," in row
    ]
    assert len(westhoek_rows) == 34
    breakthroughs = d / "breakthroughs.yaml"
    reference = find(breakthroughs, "    region_id: westhoek")
    item = position(breakthroughs, "  - id:", reference)
    listed = westhoek_rows[:MAX_PROBLEMS_PER_FILE]  # the rest are counted in one line
    return [
        ("regions.yaml", line, f"regions[{index}].id", "lower-case id"),
        *(("regions.csv", n, "region_id", "unknown region 'westhoek'") for n in listed),
        ("regions.csv", None, "problems", f"and {34 - MAX_PROBLEMS_PER_FILE} more in this file"),
        (
            "breakthroughs.yaml",
            reference,
            f"breakthroughs[{item}].region_id",
            "unknown region 'westhoek'",
        ),
    ]


def missing_file(d: Path) -> list[Expected]:
    (d / "insights.yaml").unlink()
    return [("insights.yaml", None, "file", "is missing")]


def empty_yaml_file(d: Path) -> list[Expected]:
    (d / "trajectories.yaml").write_text("# nothing here yet\n", encoding="utf-8")
    return [("trajectories.yaml", 1, "document", "empty")]


def not_utf8(d: Path) -> list[Expected]:
    path = d / "corrections.csv"
    line = find(path, "Kortesseem,", startswith=True)
    raw = path.read_bytes().replace(b"Kortesseem,", "Kortesse\u00ebm,".encode("latin-1"))
    path.write_bytes(raw)
    return [("corrections.csv", line, "encoding", "not valid UTF-8")]


CASES: dict[str, Callable[[Path], list[Expected]]] = {
    case.__name__: case
    for case in (
        missing_column,
        extra_column,
        columns_out_of_order,
        unknown_region_in_csv,
        unknown_region_in_breakthroughs,
        unknown_region_in_trajectories,
        region_name_mismatch,
        duplicate_code,
        row_removed,
        merge_into_other_region,
        merge_target_missing,
        merged_code_without_merged_into,
        continuing_code_with_merged_into,
        merged_into_on_2025_row,
        bad_vintage,
        bad_nis_code,
        empty_municipality,
        padded_municipality,
        short_row,
        correction_unknown_code,
        correction_wrong_region,
        correction_bad_kind,
        correction_missing_with_seed_text,
        wrong_theme,
        second_theme_wrong,
        bad_year,
        future_year,
        year_as_text,
        duplicate_breakthrough_id,
        malformed_yaml,
        tab_in_yaml,
        empty_required_text,
        blank_forum_description,
        null_required_text,
        missing_required_key,
        unknown_key,
        bad_forum_status,
        forum_without_name,
        duplicate_yaml_key,
        method_steps_out_of_order,
        unknown_region_id_in_profiles,
        missing_file,
        empty_yaml_file,
        not_utf8,
    )
}


def assert_problems(problems: list[Problem], expected: list[Expected]) -> None:
    """Exactly the expected places, each with the expected words in its message."""
    found = {(p.file, p.line, p.field): p.message for p in problems}
    assert set(found) == {(file, line, where) for file, line, where, _ in expected}, "\n".join(
        map(str, problems)
    )
    for file, line, where, words in expected:
        assert words in found[(file, line, where)], (file, line, where, found[(file, line, where)])


def printed(file: str, line: int | None, where: str) -> str:
    return f"{file}: {where}: " if line is None else f"{file}:{line}: {where}: "


@pytest.mark.parametrize("case", list(CASES))
def test_broken_copy_reports_exact_place(case: str, data_copy: Path) -> None:
    expected = CASES[case](data_copy)
    assert expected
    assert_problems(list(check_data_dir(data_copy).problems), expected)

    result = run_cli(str(data_copy))
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout.splitlines()
    assert len(output) == len(expected), result.stdout
    for file, line, where, words in expected:
        matching = [row for row in output if row.startswith(printed(file, line, where))]
        assert len(matching) == 1, (printed(file, line, where), result.stdout)
        assert words in matching[0]


# --- the real data and the rest of the contract -------------------------------------------------


def test_real_data_has_no_problems() -> None:
    assert list(check_data_dir(REPO_ROOT / "data").problems) == []


def test_cli_accepts_the_real_data() -> None:
    """The one run of the real command: ``python -m lib.validate`` in its own process."""
    result = run_module("lib.validate", env={DATA_DIR_ENV: None, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == run_cli().stdout
    assert result.stdout.count("\n") == 1
    summary = result.stdout.strip()
    assert summary.startswith("data/: 585 memberships (300 in 2019, 285 in 2025)")
    assert "15 regions, 12 breakthroughs, 3 trajectories" in summary
    assert summary.endswith("alles in orde")


def test_cli_takes_the_folder_from_the_environment(data_copy: Path) -> None:
    missing_file(data_copy)
    result = run_cli(data_dir_env=str(data_copy))
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["insights.yaml: file: is missing"]


def test_cli_on_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{tmp_path / 'nowhere'}: folder: does not exist"]


def test_all_problems_are_reported_at_once_in_file_order(data_copy: Path) -> None:
    expected = [
        *insights_problem(data_copy),
        *wrong_theme(data_copy),
        *merge_into_other_region(data_copy),
        *blank_forum_description(data_copy),
    ]
    problems = list(check_data_dir(data_copy).problems)
    assert_problems(problems, expected)
    files = [p.file for p in problems]
    assert files == ["regions.yaml", "regions.csv", "breakthroughs.yaml", "insights.yaml"]


def insights_problem(d: Path) -> list[Expected]:
    path = d / "insights.yaml"
    line = edit(path, "  - title: Vier kleine successen", '  - title: ""')
    return [("insights.yaml", line, "tips[6].title", "must not be empty")]


def test_bom_and_windows_line_endings_are_fine(data_copy: Path) -> None:
    for path in [*data_copy.glob("*.csv"), *data_copy.glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert list(check_data_dir(data_copy).problems) == []
    assert len(load_dataset(data_copy).membership) == 585


def test_crlf_lines_are_counted_like_lf(data_copy: Path) -> None:
    expected = wrong_theme(data_copy) + merge_into_other_region(data_copy)
    for name in ("breakthroughs.yaml", "regions.csv"):
        path = data_copy / name
        path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert_problems(list(check_data_dir(data_copy).problems), expected)


def test_load_dataset_raises_with_every_problem(data_copy: Path) -> None:
    expected = bad_year(data_copy) + unknown_region_in_csv(data_copy)
    with pytest.raises(DataValidationError) as caught:
        load_dataset(data_copy)
    assert_problems(caught.value.problems, expected)
    message = str(caught.value)
    assert message.startswith(f"2 problems in the data files in {data_copy}:")
    for problem in caught.value.problems:
        assert f"\n  {problem}" in message


def test_load_dataset_follows_the_environment(data_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("REGIOKAART_DATA_DIR", str(data_copy))
    missing_file(data_copy)
    with pytest.raises(DataValidationError) as caught:
        load_dataset()
    assert [str(p) for p in caught.value.problems] == ["insights.yaml: file: is missing"]


def test_problem_prints_as_file_line_field_message() -> None:
    assert str(Problem("regions.csv", 7, "nis_code", "bad")) == "regions.csv:7: nis_code: bad"
    assert str(Problem("insights.yaml", None, "file", "is missing")) == (
        "insights.yaml: file: is missing"
    )
