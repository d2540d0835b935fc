"""AppTest runs of the app and of every page: `/ontwikkeltrajecten`, `/inzichten`, `/gegevens`,
broken data on every page, and moving between pages within one session.

The map page and `/doorbraken` have their own files (test_app_kaart.py, test_app_doorbraken.py).
Expected numbers come from the data files (csv module, PyYAML, text counts), not from lib/.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from tests.support.apptest import (
    DOORBRAKEN,
    GEGEVENS,
    INZICHTEN,
    KAART,
    PAGES,
    TITLES,
    TRAJECTEN,
    assert_clean,
    assert_no_escapes_in_code,
    follow,
    go_to,
    header_values,
    open_page,
    plain,
    texts,
    use_data,
)


@pytest.fixture
def data(built_data_dir: Path, pic_dir: Path, monkeypatch) -> Path:
    """The shared, built data folder (read-only: nothing here writes to it)."""
    return use_data(monkeypatch, built_data_dir, pic_dir)


def read_yaml(data_dir: Path, name: str) -> dict:
    return yaml.safe_load((data_dir / name).read_text(encoding="utf-8"))


def csv_rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(data: Path, page: str) -> None:
    at = open_page(page)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    assert not at.error and not at.warning


def test_trajecten_shows_three_trajectories_and_nine_steps(data: Path) -> None:
    at = open_page(TRAJECTEN)
    assert_clean(at)
    doc = read_yaml(data, "trajectories.yaml")
    source = (data / "trajectories.yaml").read_text(encoding="utf-8")
    assert len(re.findall(r"^\s+- step: \d+\s*$", source, flags=re.MULTILINE)) == 9
    assert len(doc["trajectories"]) == 3

    assert header_values(at) == ["De drie trajecten (2021–2023)", "De methode in negen stappen"]
    regions = {row["region_id"]: row["region"] for row in csv_rows(data, "regions.csv")}
    assert [c.value for c in at.caption] == [
        f"Referentieregio {regions[t['region_id']]}" for t in doc["trajectories"]
    ]
    steps = [plain(m.value) for m in at.markdown if re.match(r"\*\*\d\. ", m.value)]
    assert len(steps) == 9
    assert [s.split("**")[1] for s in steps] == [
        f"{step['step']}. {step['title']}" for step in doc["method"]
    ]
    links = [(link.value, link.proto.query_string) for link in at.get("page_link")]
    assert links == [
        ("Bekijk de regio op de kaart", f"regio={t['region_id']}") for t in doc["trajectories"]
    ]


def test_inzichten_shows_insights_obstacles_and_tips(data: Path) -> None:
    at = open_page(INZICHTEN)
    assert_clean(at)
    doc = read_yaml(data, "insights.yaml")
    source = (data / "insights.yaml").read_text(encoding="utf-8")
    assert len(re.findall(r"^\s+- number: \d+\s*$", source, flags=re.MULTILINE)) == 8
    tips = len(doc["tips"])

    assert [tab.label for tab in at.tabs] == [
        "8 inzichten",
        "Hinderpalen en hefbomen",
        f"{tips} tips",
    ]
    insights = [plain(m.value) for m in at.tabs[0].markdown if re.match(r"\*\*\d\. ", m.value)]
    assert sorted(insights) == sorted(f"**{i['number']}. {i['title']}**" for i in doc["insights"])
    assert [plain(s.value) for s in at.tabs[1].subheader] == [o["title"] for o in doc["obstacles"]]
    tip_titles = [plain(m.value) for m in at.tabs[2].markdown if m.value.startswith("**")]
    assert sorted(tip_titles) == sorted(f"**{tip['title']}**" for tip in doc["tips"])


def test_gegevens_tables_and_validation(data: Path) -> None:
    at = open_page(GEGEVENS)
    assert_clean(at)
    rows = csv_rows(data, "regions.csv")
    in_2025 = sum(row["vintage"] == "2025" for row in rows)
    in_2019 = sum(row["vintage"] == "2019" for row in rows)
    corrections = csv_rows(data, "corrections.csv")
    assert (in_2025, in_2019, len(corrections)) == (285, 300, 14)

    (membership,) = at.dataframe
    (corrected,) = at.table
    assert len(membership.value) == 285
    assert list(membership.value.columns) == ["nis_code", "municipality", "region", "history"]
    assert f"285 van {in_2025} gemeenten" in [c.value for c in at.caption]
    assert len(corrected.value) == 14
    shown = corrected.value.map(plain)  # st.table renders Markdown: cells are escaped
    assert set(shown["Op de VVSG-pagina"]) == {row["seed_text"] for row in corrections}
    assert set(shown["NIS-code (2019)"]) == {row["nis_code"] for row in corrections}
    assert (shown["Regio"] != "").all() and (shown["Soort"] != "").all()

    success = plain(at.success[0].value)
    for part in (
        "300 gemeenten in 2019–2024",
        "285 sinds 2025",
        "15 regio's",
        "12 doorbraken",
        "3 ontwikkeltrajecten",
    ):
        assert part in success
    assert_no_escapes_in_code(at.success[0].value)
    assert [b.label for b in at.get("download_button")] == [
        "Download de volledige indeling (CSV voor Excel, beide jaren)"
    ]
    assert "Statbel" in texts(at)


def test_gegevens_vintage_and_search(data: Path) -> None:
    at = open_page(GEGEVENS)
    at.segmented_control(key="gegevens_indeling").set_value("2019").run()
    assert_clean(at)
    assert len(at.dataframe[0].value) == 300

    at.text_input(key="gegevens_zoek").input("kortessem").run()
    assert_clean(at)
    table = at.dataframe[0].value
    assert list(table["municipality"]) == ["Kortessem"]
    assert list(table["history"]) == ["Hasselt"]
    assert "1 van 300 gemeenten" in [c.value for c in at.caption]

    at.text_input(key="gegevens_zoek").input("73040").run()  # a NIS code
    assert list(at.dataframe[0].value["municipality"]) == ["Kortessem"]

    at.segmented_control(key="gegevens_indeling").set_value("2025").run()
    at.text_input(key="gegevens_zoek").input("KEMPEN").run()  # a region, any case
    kempen = sum(
        row["vintage"] == "2025" and row["region_id"] == "kempen"
        for row in csv_rows(data, "regions.csv")
    )
    assert len(at.dataframe[0].value) == kempen

    # 2025: a name from before the mergers finds the municipality it became part of
    at.text_input(key="gegevens_zoek").input("kortessem").run()
    table = at.dataframe[0].value
    assert list(table["municipality"]) == ["Hasselt"]
    assert list(table["history"]) == ["Hasselt, Kortessem"]

    # no hit: no empty table (Streamlit would say "empty"), a Dutch line instead
    at.text_input(key="gegevens_zoek").input("xyzzy").run()
    assert not at.dataframe
    assert any("Geen gemeente, regio of NIS-code past bij" in c.value for c in at.caption)


# --- broken data: every page explains, none crashes ---------------------------------------------


@pytest.fixture
def broken_data(data_copy: Path, offline_boundaries: Path, monkeypatch) -> tuple[Path, int]:
    """A copy of the data whose breakthroughs.yaml has an unknown theme; returns it and its line."""
    path = data_copy / "breakthroughs.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if text.strip() == "themes: [mobiliteit]")
    lines[line] = lines[line].replace("[mobiliteit]", "[mobiliteit, ruimtevaart]")
    path.write_text("".join(lines), encoding="utf-8")
    use_data(monkeypatch, data_copy, offline_boundaries)
    return data_copy, line + 1


@pytest.mark.parametrize("page", PAGES)
def test_broken_data_shows_the_problem_on_every_page(broken_data, page: str) -> None:
    folder, line = broken_data
    at = open_page(page)
    assert_clean(at)
    assert len(at.error) == 1
    source = at.error[0].value
    shown = plain(source)
    assert f"breakthroughs.yaml:{line}:" in shown
    assert "ruimtevaart" in shown
    assert "1 fout(en)" in shown
    assert "python -m lib.validate" in shown
    assert_no_escapes_in_code(source)
    assert not at.title  # the page stopped before its content
    assert not at.get("component_instance")


def test_broken_data_with_many_problems_is_cut_short(
    data_copy: Path, offline_boundaries, monkeypatch
) -> None:
    path = data_copy / "breakthroughs.yaml"
    path.write_text(
        re.sub(r"themes: \[[^\]]*\]", "themes: [onbekend]", path.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    rows = (data_copy / "regions.csv").read_text(encoding="utf-8").splitlines()
    broken = [rows[0]] + [re.sub(r",\d{5},", ",123,", row) for row in rows[1:]]
    (data_copy / "regions.csv").write_text("\n".join(broken) + "\n", encoding="utf-8")
    use_data(monkeypatch, data_copy, offline_boundaries)
    at = open_page(DOORBRAKEN)
    assert_clean(at)
    shown = plain(at.error[0].value)
    # each file lists its first problems and counts the rest, as python -m lib.validate does
    wrong = len(rows) - 1 + path.read_text(encoding="utf-8").count("themes: [onbekend]")
    assert f"{wrong} fout(en)" in shown  # every bad code and theme counted, not all listed
    assert "regions.csv: problems: and " in shown and "more in this file, not listed" in shown
    assert shown.count("\n- ") <= 51


def test_a_fixed_file_is_picked_up_without_a_restart(broken_data) -> None:
    folder, _ = broken_data
    at = open_page(DOORBRAKEN)
    assert at.error
    path = folder / "breakthroughs.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(", ruimtevaart]", "]"), encoding="utf-8"
    )
    at.run()
    assert_clean(at)
    assert not at.error
    assert at.title[0].value == "Regionale doorbraken"


# --- moving between pages in one session --------------------------------------------------------


def test_trajectory_link_opens_its_region_after_visiting_that_region(data: Path) -> None:
    """/ → "Over de ontwikkeltrajecten" → "Bekijk de regio op de kaart" shows the region again."""
    at = open_page(KAART, regio="gent")
    assert header_values(at) == ["Referentieregio Gent"]
    follow(at, "Over de ontwikkeltrajecten")
    assert_clean(at)
    assert at.title[0].value == "Ontwikkeltrajecten"
    follow(at, "Bekijk de regio op de kaart", index=1)  # Antwerpen, Gent, Limburg
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Gent"]
    assert at.query_params == {"regio": "gent"}


def test_region_card_opens_the_project(data: Path) -> None:
    at = open_page(KAART, regio="kempen")
    follow(at, "Lees het hele project", index=1)
    assert_clean(at)
    assert at.title[0].value == "Regionale doorbraken"
    assert re.search(r"\b1 van 12 doorbraken", texts(at))
    assert at.query_params == {"id": "neteland-rechtspositieregeling"}
    assert [e.proto.expanded for e in at.expander] == [True]


def test_region_parameter_is_read_on_each_page(data: Path) -> None:
    """?regio= means the region on / and the region filter on /doorbraken, in either order."""
    at = open_page(KAART, regio="kempen")
    go_to(at, DOORBRAKEN, regio="kempen")
    assert_clean(at)
    assert at.multiselect(key="filter_regio").value == ["kempen"]
    assert "2 van 12 doorbraken" in texts(at)
    assert at.query_params == {"regio": "kempen"}

    go_to(at, KAART, regio="kempen")
    assert_clean(at)
    assert header_values(at) == ["Referentieregio Kempen"]

    # the top navigation (no parameters) brings back the filter chosen earlier, and its address
    go_to(at, DOORBRAKEN)
    assert "2 van 12 doorbraken" in texts(at)
    assert at.query_params == {"regio": "kempen"}
    assert not at.info


def test_notice_about_ignored_values_does_not_follow_to_a_later_visit(data: Path) -> None:
    at = open_page(DOORBRAKEN, thema="foo")
    assert "thema=foo" in plain(at.info[0].value)
    go_to(at, TRAJECTEN)
    go_to(at, DOORBRAKEN)
    assert_clean(at)
    assert not at.info
    assert "12 van 12 doorbraken" in texts(at)
