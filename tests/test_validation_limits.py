"""The data check on hostile or absurd input: a message or success, never a traceback.

Regression tests for what a chaos test of the data files found (issue 12, cases 1, 2 and 8), and
a property-based test that feeds the readers arbitrary bytes and YAML structures. The command
line is run in-process (``lib.data.validate.main``), as ``python -m lib.validate`` runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.data import validate
from lib.data.models import MAX_NAME_LENGTH
from lib.data.readers import MAX_FILE_BYTES
from lib.data.report import DATA_FILES, INTERNAL_FIELD, MAX_PROBLEMS_PER_FILE, MORE_FIELD, Problem
from lib.data.validation import check_data_dir
from lib.data.yaml_limits import MAX_YAML_DEPTH

PRINTED = re.compile(r"^[\w.-]+(:\d+)?: \S.*: \S.*$")


def cli(capsys, folder: Path) -> tuple[int, list[str], str]:
    """``python -m lib.validate FOLDER`` in this process: (exit code, stdout lines, stderr)."""
    code = validate.main([str(folder)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def only_problems(folder: Path, capsys) -> list[str]:
    """Run the command line; assert it failed cleanly; return its problem lines."""
    code, lines, err = cli(capsys, folder)
    assert code == 1
    assert "Traceback" not in err
    for line in lines:
        assert PRINTED.match(line), line
    return lines


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def replace_once(folder: Path, name: str, old: str, new: str) -> int:
    """Replace the first ``old`` in the file; return the line it is on."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


# --- case 1: tracebacks from the validator -------------------------------------------------------


def test_block_yaml_nested_600_deep_is_a_message(data_copy: Path, capsys) -> None:
    write(
        data_copy,
        "breakthroughs.yaml",
        "breakthroughs:\n" + "".join("  " * i + "-\n" for i in range(600)),
    )
    lines = only_problems(data_copy, capsys)
    assert lines == [
        f"breakthroughs.yaml:{MAX_YAML_DEPTH + 1}: syntax: lists and mappings are nested more "
        f"than {MAX_YAML_DEPTH} levels deep"
    ]


def test_flow_yaml_nested_10000_deep_is_a_message(data_copy: Path, capsys) -> None:
    write(data_copy, "insights.yaml", "insights: " + "[" * 10_000 + "]" * 10_000 + "\n")
    lines = only_problems(data_copy, capsys)
    assert lines == [
        f"insights.yaml:1: syntax: lists and mappings are nested more than {MAX_YAML_DEPTH} "
        "levels deep"
    ]


def test_a_year_of_5000_digits_is_a_message(data_copy: Path, capsys) -> None:
    line = replace_once(data_copy, "breakthroughs.yaml", "year: 2022", "year: " + "9" * 5000)
    lines = only_problems(data_copy, capsys)
    assert lines == [
        f"breakthroughs.yaml:{line}: syntax: a number of 5000 characters is too long (at most 30)"
    ]


def test_a_raw_control_character_in_a_yaml_string_is_a_message(data_copy: Path, capsys) -> None:
    old = "title: Competenties delen"
    line = replace_once(data_copy, "breakthroughs.yaml", old, "title: Comp\x07etenties delen")
    lines = only_problems(data_copy, capsys)
    assert lines == [
        f"breakthroughs.yaml:{line}: character: contains the invisible character U+0007 "
        "(column 16); remove it"
    ]


def test_an_impossible_date_and_an_alias_are_messages(data_copy: Path, capsys) -> None:
    line = replace_once(data_copy, "breakthroughs.yaml", "year: 2022", "year: 2021-02-30")
    alias = replace_once(data_copy, "insights.yaml", "insights:", "x: &a [1]\ny: *a\ninsights:")
    lines = only_problems(data_copy, capsys)
    assert len(lines) == 2
    assert lines[0].startswith(f"breakthroughs.yaml:{line}: syntax: cannot read the value ")
    assert "day is out of range" in lines[0]
    assert lines[1] == (
        f"insights.yaml:{alias + 1}: syntax: an alias (*name) is not allowed in the data files; "
        "write the value out"
    )


# --- case 2: accepted without a word -------------------------------------------------------------


@pytest.mark.parametrize(
    ("escaped", "code"),
    [("\\0", "U+0000"), ("\\a", "U+0007"), ("\\x1b", "U+001B"), ("\\u202e", "U+202E")],
)
def test_escaped_control_characters_in_a_name_are_refused(
    data_copy: Path, capsys, escaped: str, code: str
) -> None:
    line = replace_once(
        data_copy, "regions.yaml", "name: Antwerpen\n", f'name: "Ant{escaped}werpen"\n'
    )
    lines = only_problems(data_copy, capsys)
    # one problem: the name; regions.csv is not compared with a name that is itself wrong
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"regions.yaml:{line}: regions[0].name: contains the invisible")
    assert code in lines[0]
    assert not any(ch in lines[0] for ch in "\x00\x07\x1b\u202e")  # the message shows none


def test_a_control_character_in_a_csv_name_is_refused(data_copy: Path, capsys) -> None:
    line = replace_once(data_copy, "regions.csv", "Aartselaar", "Aart\x01selaar")
    lines = only_problems(data_copy, capsys)
    assert lines == [
        f"regions.csv:{line}: character: contains the invisible character U+0001 (column 16); "
        "remove it"
    ]


def test_a_line_break_in_a_title_is_refused(data_copy: Path, capsys) -> None:
    line = replace_once(
        data_copy, "insights.yaml", "title: Werken als organisatienetwerk", 'title: "Werken\\nals"'
    )
    lines = only_problems(data_copy, capsys)
    assert len(lines) == 1 and lines[0].startswith(f"insights.yaml:{line}: insights[")
    assert "contains a line break" in lines[0]


def test_a_name_of_10000_characters_is_refused(data_copy: Path, capsys) -> None:
    line = replace_once(data_copy, "regions.yaml", "name: Antwerpen\n", f"name: {'A' * 10_000}\n")
    lines = only_problems(data_copy, capsys)
    assert lines == [
        f"regions.yaml:{line}: regions[0].name: is 10000 characters long; a name or title may "
        f"have at most {MAX_NAME_LENGTH}"
    ]


def test_a_50_mb_yaml_file_is_refused_without_reading_it(data_copy: Path, capsys) -> None:
    path = data_copy / "insights.yaml"
    comment = "# " + "x" * 98 + "\n"
    with path.open("a", encoding="utf-8") as handle:  # valid YAML: comments
        handle.write(comment * 500_000)
    tracemalloc.start()
    try:
        lines = only_problems(data_copy, capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = path.stat().st_size / 1e6
    assert size > 50
    assert lines == [
        f"insights.yaml: file: is {size:.1f} MB; a data file may be at most "
        f"{MAX_FILE_BYTES / 1e6:.0f} MB (is this the right file?)"
    ]
    assert peak < 4 * MAX_FILE_BYTES  # it read at most the limit, never the file


# --- case 8: vague or costly on big input --------------------------------------------------------


def test_an_unterminated_csv_quote_is_named(data_copy: Path, capsys) -> None:
    line = replace_once(data_copy, "regions.csv", "2019,11001,Aartselaar", '2019,11001,"Aartselaar')
    lines = only_problems(data_copy, capsys)
    assert lines == [
        f'regions.csv:{line}: syntax: a quote (") opens a cell in this row but is never closed, '
        "so the rest of the file was read as one cell; close the quote or remove it"
    ]


def test_a_file_of_duplicate_rows_lists_its_first_problems_and_counts_the_rest(
    data_copy: Path, capsys
) -> None:
    path = data_copy / "regions.csv"
    header, first = path.read_text(encoding="utf-8").splitlines()[:2]
    path.write_text(header + "\n" + (first + "\n") * 500, encoding="utf-8")
    code, lines, err = cli(capsys, data_copy)
    assert code == 1
    mine = [line for line in lines if line.startswith("regions.csv")]
    assert len(mine) == MAX_PROBLEMS_PER_FILE + 1
    assert mine[-1].startswith(f"regions.csv: {MORE_FIELD}: and ")
    hidden = int(re.search(r"and (\d+) more", mine[-1]).group(1))
    # at least the 499 duplicates are counted, though only 20 problems are listed
    assert hidden >= 499 - MAX_PROBLEMS_PER_FILE
    assert f"{len(lines) - 1 + hidden} problems in " in err


def test_a_dangling_link_is_named(data_copy: Path, capsys) -> None:
    (data_copy / "regions.csv").unlink()
    (data_copy / "regions.csv").symlink_to(data_copy / "elsewhere.csv")
    lines = only_problems(data_copy, capsys)
    assert lines == ["regions.csv: file: is a link to a file that does not exist"]


# --- properties: any bytes, any YAML structure ---------------------------------------------------

TEXT_FILES = [name for name in DATA_FILES if name.endswith(".yaml")]


REPO_DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCED = ("regions.yaml", "regions.csv")  # what the other files are checked against


@pytest.fixture(scope="module")
def lone_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Per data file, a folder with a copy of it and of the files it refers to (the others are
    missing: that is reported too, and keeps each example fast)."""
    folders = {}
    for name in DATA_FILES:
        folder = tmp_path_factory.mktemp(name.replace(".", "-"))
        for needed in {name, *REFERENCED}:
            shutil.copy2(REPO_DATA / needed, folder / needed)
        folders[name] = folder
    return folders


def assert_reported(folder: Path) -> None:
    checked = check_data_dir(folder)
    for problem in checked.problems:
        assert isinstance(problem, Problem)
        assert problem.field != INTERNAL_FIELD, problem  # the safety net was not needed
        printed = str(problem)
        assert "\n" not in printed and len(printed) < 600, printed
    assert checked.total_problems >= len(checked.problems) - len(DATA_FILES)


def restore(folder: Path, name: str) -> None:
    shutil.copy2(REPO_DATA / name, folder / name)


FAST = settings(
    # a quick sample in the suite; REGIOKAART_FUZZ_EXAMPLES=2000 searches harder, at random
    max_examples=int(os.environ.get("REGIOKAART_FUZZ_EXAMPLES", "20")),
    deadline=2_000,  # ms per example: a bound on the work, generous for a loaded machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize="REGIOKAART_FUZZ_EXAMPLES" not in os.environ,
)


@FAST
@given(name=st.sampled_from(DATA_FILES), content=st.binary(max_size=2_000))
def test_any_bytes_give_messages(lone_folders, name: str, content: bytes) -> None:
    folder = lone_folders[name]
    (folder / name).write_bytes(content)
    try:
        assert_reported(folder)
    finally:
        restore(folder, name)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
structures = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12) | st.integers(), children, max_size=4)
    ),
    max_leaves=25,
)


@FAST
@given(
    name=st.sampled_from(TEXT_FILES),
    top=st.dictionaries(
        st.sampled_from(["regions", "breakthroughs", "method", "trajectories", "insights", "x"]),
        structures,
        max_size=3,
    ),
)
def test_any_yaml_structure_gives_messages(lone_folders, name: str, top: dict) -> None:
    folder = lone_folders[name]
    (folder / name).write_text(yaml.safe_dump(top, allow_unicode=True), encoding="utf-8")
    try:
        assert_reported(folder)
    finally:
        restore(folder, name)


@FAST
@given(
    name=st.sampled_from(["trajectories.yaml", "corrections.csv"]),
    at=st.floats(min_value=0, max_value=1),
    inserted=st.text(max_size=30),
)
def test_any_text_inserted_into_a_real_file_gives_messages(
    lone_folders, name: str, at: float, inserted: str
) -> None:
    folder = lone_folders[name]
    real = (folder / name).read_text(encoding="utf-8")
    cut = int(len(real) * at)
    (folder / name).write_text(real[:cut] + inserted + real[cut:], encoding="utf-8")
    try:
        assert_reported(folder)
    finally:
        restore(folder, name)


def test_the_boundary_build_refuses_a_regions_csv_the_validator_refuses(
    data_copy: Path, capsys, monkeypatch
) -> None:
    from lib.boundaries import build

    line = replace_once(data_copy, "regions.csv", "Aartselaar", "Aart\x01selaar")
    monkeypatch.setenv("REGIOKAART_DATA_DIR", str(data_copy))
    assert build.main(["build", "--from", str(data_copy / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "so the boundaries cannot be joined to it" in err
    assert f"regions.csv:{line}: character: contains the invisible character U+0001" in err
    assert not list(data_copy.glob("*.geojson"))
