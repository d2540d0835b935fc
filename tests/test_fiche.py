"""The fiches (lib.fiche): read the PDFs back as text and find every figure and list.

The expected answers are worked out here from the data files themselves (regions.csv, the YAML
files, the map's region areas and the division tables' .xlsx in ../shared read with openpyxl),
not with the functions under test. Each PDF is made once per module.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
import yaml

from lib import fiche
from lib.data import paths
from lib.data.dataset import load_dataset
from lib.divisions.report import score_cache
from lib.map import artifact
from tests.conftest import SHARED_DIVISIONS, _missing, copy_data

REGIONS = ("kempen", "limburg")
MUNICIPALITIES = ("44021", "71072")  # Gent (unchanged), Hasselt (with Kortessem since 2025)
KINDS = {  # kind key → (table, definitions)
    "vervoerregio": ("gemeente_vervoerregio", "vervoerregio"),
    "elz": ("gemeente_elz", "elz"),
    "woonmaatschappij": ("gemeente_woonmaatschappij", "woonmaatschappij"),
    "politiezone": ("gemeente_politiezone", "politiezone"),
    "gezondheidsmakers": ("gemeente_gezondheidsmakers", "gezondheidsmakers"),
    "arrondiss": ("gemeente_arrondiss", "arrondiss"),
}
HOSTILE = ("#set page(fill: red)", "]", "<b>x</b>", "{{7*7}}")
DUTCH = "Coöperatie ’s-Gravenwezel – één café"
TODAY = dt.date(2026, 3, 9)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        _missing(f"{name} is missing: install Debian's poppler-utils")
    return found


def pdf_text(path: Path) -> str:
    """The PDF's text, with runs of white space made one space."""
    out = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(out.split())


def pages(path: Path) -> int:
    info = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


# --- the expected answers, from the files ------------------------------------------------------


def _membership(data_dir: Path) -> dict[int, list[dict]]:
    with (data_dir / "regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_year: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_year[int(row["vintage"])].append(row)
    return by_year


def _division_tables() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """kind → (nis_code → division id, division id → name), read from the .xlsx files."""
    tables = {}
    for kind, (table, definitions) in KINDS.items():
        sheet = openpyxl.load_workbook(
            SHARED_DIVISIONS / "aggregatietabellen" / f"{table}.xlsx", read_only=True
        ).active
        rows = list(sheet.iter_rows(values_only=True))
        assignment = {str(code).zfill(5): str(division) for code, division in rows[1:] if code}
        sheet = openpyxl.load_workbook(
            SHARED_DIVISIONS / "gebiedsdefinities" / f"{definitions}.xlsx", read_only=True
        ).active
        rows = list(sheet.iter_rows(values_only=True))
        head = rows[0]
        code_at, name_at = head.index("geoitem code"), head.index("name")
        names = {str(row[code_at]): str(row[name_at]) for row in rows[1:] if row[code_at]}
        tables[kind] = (assignment, names)
    return tables


@pytest.fixture(scope="module")
def expected(built_data_dir: Path) -> dict:
    membership = _membership(built_data_dir)
    now = {row["nis_code"]: row for row in membership[2025]}
    regions = yaml.safe_load((built_data_dir / "regions.yaml").read_text(encoding="utf-8"))
    breakthroughs = yaml.safe_load(
        (built_data_dir / "breakthroughs.yaml").read_text(encoding="utf-8")
    )["breakthroughs"]
    trajectories = yaml.safe_load(
        (built_data_dir / "trajectories.yaml").read_text(encoding="utf-8")
    )["trajectories"]
    areas = {
        item["region_id"]: item["area_km2"]
        for item in json.loads((built_data_dir / "map.json").read_text())["regions"]
    }
    formed: dict[str, list[str]] = defaultdict(list)
    for row in membership[2019]:
        successor = row["merged_into"] or row["nis_code"]
        formed[successor].append(row["municipality"])
    tables = _division_tables()
    result = {"region": {}, "municipality": {}}
    for region_id in REGIONS:
        codes = {code for code, row in now.items() if row["region_id"] == region_id}
        profile = next(item for item in regions["regions"] if item["id"] == region_id)
        kinds = {}
        for kind, (assignment, names) in tables.items():
            touched: dict[str, set[str]] = defaultdict(set)
            for code, division in assignment.items():
                if code in now:
                    touched[division].add(now[code]["region_id"])
            mine = {d: r for d, r in touched.items() if region_id in r}
            kinds[kind] = (
                sorted(names[d] for d, r in mine.items() if len(r) == 1),
                sorted(names[d] for d, r in mine.items() if len(r) > 1),
            )
        result["region"][region_id] = {
            "name": profile["name"],
            "members": sorted(now[code]["municipality"] for code in codes),
            "mergers": {
                now[code]["municipality"]: sorted(formed[code])
                for code in codes
                if sorted(formed[code]) != [now[code]["municipality"]]
            },
            "area": f"{areas[region_id]:,.0f}".replace(",", "."),
            "forum": profile["forum"].get("name"),
            "supporters": [item["name"] for item in profile.get("supporters", [])],
            "breakthroughs": [
                (item["title"], item["year"])
                for item in breakthroughs
                if item["region_id"] == region_id
            ],
            "trajectory": next(
                (t["title"] for t in trajectories if t["region_id"] == region_id), None
            ),
            "kinds": kinds,
        }
    for code in MUNICIPALITIES:
        region_id = now[code]["region_id"]
        divisions = {}
        for kind, (assignment, names) in tables.items():
            division = assignment[code]
            spread = {
                now[c]["region_id"] for c, d in assignment.items() if d == division and c in now
            }
            divisions[kind] = (names[division], len(spread) > 1)
        result["municipality"][code] = {
            "name": now[code]["municipality"],
            "region": now[code]["region"],
            "formed_from": sorted(formed[code]),
            "divisions": divisions,
            "breakthroughs": [
                item["title"] for item in breakthroughs if item["region_id"] == region_id
            ],
        }
    return result


# --- the fiches, made once ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(built_data_dir: Path, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fiches")
    ds = load_dataset(built_data_dir)
    layers = artifact.read(paths.map_artifact_path(2025, built_data_dir))
    rows = ds.rows(2025)
    scores = score_cache(
        built_data_dir,
        dict(zip(rows["nis_code"], rows["region_id"], strict=True)),
        dict(zip(rows["nis_code"], rows["municipality"], strict=True)),
    )[1]
    found = {}
    for region_id in REGIONS:
        path = folder / fiche.region_filename(ds, region_id)
        path.write_bytes(
            fiche.region_pdf(
                ds, region_id, layers, scores, base_url="https://regiokaart.example", today=TODAY
            )
        )
        found[region_id] = path
    for code in MUNICIPALITIES:
        path = folder / fiche.municipality_filename(ds, code)
        path.write_bytes(fiche.municipality_pdf(ds, code, layers, scores, today=TODAY))
        found[code] = path
    return found


@pytest.fixture(scope="module")
def texts(made: dict[str, Path]) -> dict[str, str]:
    return {key: pdf_text(path) for key, path in made.items()}


@pytest.mark.parametrize("region_id", REGIONS)
def test_region_fiche_has_every_figure_and_list(region_id, texts, expected, made):
    text, want = texts[region_id], expected["region"][region_id]
    assert made[region_id].name == f"regiofiche-{region_id}.pdf"
    assert f"regiofiche {want['name']}" in text
    assert f"{len(want['members'])} gemeenten" in text
    assert f"Gemeenten ({len(want['members'])})" in text
    for name in want["members"]:
        assert name in text, name
    assert f"{want['area']} km² oppervlakte" in text
    for name, parts in want["mergers"].items():
        others = ", ".join(parts[:-1]) + f" en {parts[-1]}"
        assert f"{name} — uit {others}" in text
    assert f"{len(want['mergers'])} fusies op 1 januari 2025" in text
    if want["forum"]:
        assert want["forum"] in text
    for supporter in want["supporters"]:
        assert supporter in text
    assert f"Regionale doorbraken ({len(want['breakthroughs'])})" in text
    for title, year in want["breakthroughs"]:
        assert re.search(re.escape(title) + r" — [^;]+; geselecteerd in " + str(year), text)
    if want["trajectory"]:
        assert want["trajectory"] in text
    else:
        assert "geen ontwikkeltraject" in text
    for kind, (inside, crossing) in want["kinds"].items():
        assert f"{len(inside)} binnen de regio" in text, kind
        if crossing:
            assert f"{len(crossing)} over de regiogrens" in text, kind
        for name in inside + crossing:
            assert name in text, (kind, name)
    assert f"https://regiokaart.example/?regio={region_id}" in text
    assert "9 maart 2026" in text
    assert "Statbel" in text and "Provincies in Cijfers" in text


def test_small_region_fits_one_page_and_largest_two(made):
    assert pages(made["kempen"]) == 1
    assert pages(made["limburg"]) <= 2  # the region with the most municipalities (38)


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_municipality_fiche_has_every_figure_and_list(code, texts, expected):
    text, want = texts[code], expected["municipality"][code]
    assert f"gemeentefiche {want['name']}" in text
    assert f"referentieregio {want['region']}" in text
    if want["formed_from"] != [want["name"]]:
        parts = want["formed_from"]
        assert "gevormd uit " + ", ".join(parts[:-1]) + f" en {parts[-1]}" in text
    else:
        assert "Niet gewijzigd door de fusies" in text
    for kind, (name, _) in want["divisions"].items():
        assert name in text, kind
    crossing = sum(1 for _, crossing in want["divisions"].values() if crossing)
    assert text.count("loopt over de regiogrens") == crossing
    for title in want["breakthroughs"]:
        assert title in text
    assert "regiokaart.example" not in text  # no public address given, none in the environment


def test_metadata_language_and_embedded_fonts(made):
    path = made["kempen"]
    info = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Title:\s+Regiofiche Kempen$", info, re.M)
    assert b"/Lang(nl-BE)" in path.read_bytes()
    fonts = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    for line in fonts:
        assert re.search(r"\syes\s+yes\s+yes\s", line), line  # embedded, subset, unicode


def test_hostile_names_print_as_themselves(built_data_dir, tmp_path):
    data = copy_data(tmp_path / "data")
    regions = (data / "regions.yaml").read_text(encoding="utf-8")
    regions = regions.replace("name: Burgemeestersoverleg Kempen", f"name: '{HOSTILE[0]}'", 1)
    (data / "regions.yaml").write_text(regions, encoding="utf-8")
    items = yaml.safe_load((data / "breakthroughs.yaml").read_text(encoding="utf-8"))
    kempen = [item for item in items["breakthroughs"] if item["region_id"] == "kempen"]
    kempen[0]["title"] = f"{HOSTILE[1]} {HOSTILE[2]}"
    kempen[1]["title"] = f"{HOSTILE[3]} {DUTCH}"
    (data / "breakthroughs.yaml").write_text(
        yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    ds = load_dataset(data)
    assert ds.region("kempen").forum.name == HOSTILE[0]
    layers = artifact.read(paths.map_artifact_path(2025, built_data_dir))
    path = tmp_path / "hostile.pdf"
    path.write_bytes(fiche.region_pdf(ds, "kempen", layers, None, base_url=""))
    text = pdf_text(path)
    for hostile in (*HOSTILE, DUTCH):
        assert hostile in text, hostile
    assert "49" not in text.replace("2049", "")  # {{7*7}} was not evaluated
    assert "niet beschikbaar" in text  # without division scores, the fiche says so
    # the page was not painted red: the corner of a low-resolution rendering is white
    picture = subprocess.run(
        [_tool("pdftoppm"), "-r", "10", "-f", "1", "-l", "1", "-singlefile", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    assert picture.startswith(b"P6")
    header_end = picture.index(b"255\n") + 4
    assert picture[header_end : header_end + 3] == b"\xff\xff\xff"


def test_cli_bad_ids_exit_1_with_one_dutch_line(built_data_dir, monkeypatch, capsys, tmp_path):
    from lib.fiche.__main__ import main

    monkeypatch.setenv("REGIOKAART_DATA_DIR", str(built_data_dir))
    assert main(["regio", "nergens", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("fout: er is geen referentieregio met id 'nergens'")
    assert main(["gemeente", "12", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "geen gemeente" in err[0] and "'12'" in err[0]
    assert not (tmp_path / "x.pdf").exists()


def test_cli_writes_a_region_fiche(built_data_dir, monkeypatch, tmp_path):
    from lib.fiche.__main__ import main

    monkeypatch.setenv("REGIOKAART_DATA_DIR", str(built_data_dir))
    out = tmp_path / "westhoek.pdf"
    assert main(["regio", "westhoek", "-o", str(out)]) == 0
    assert "regiofiche Westhoek" in pdf_text(out)


# --- small pieces, answers worked out by hand -------------------------------------------------


def test_room_around_a_label_point_in_a_square_with_a_hole():
    from lib.fiche.picture import crossings, room

    outer = [(0, 0), (10, 0), (10, 4), (0, 4), (0, 0)]
    hole = [(4, 1), (6, 1), (6, 3), (4, 3), (4, 1)]
    rings = [outer, hole]
    # the horizontal line y = 2 is inside from 0 to 4 and from 6 to 10
    assert crossings(rings, 1, 2) == [0, 4, 6, 10]
    assert room(crossings(rings, 1, 2), 2) == 4
    assert room(crossings(rings, 1, 2), 5) == 0  # in the hole
    # the vertical line x = 2 is inside from 0 to 4
    assert room(crossings(rings, 0, 2), 2) == 4


def test_short_texts_of_the_facts():
    from lib.divisions.profile import area_text, municipalities_text

    assert area_text(1412.6) == "1.413"
    assert area_text(None) == "–"
    assert municipalities_text(("A", "B")) == "A, B"
    assert municipalities_text(tuple("ABCDEFG")) == "7 gemeenten"
    assert fiche.render.slug("Sint-Gillis-Waas") == "sint-gillis-waas"
    assert fiche.render.slug("Zuid-West-Vlaanderen ’ë") == "zuid-west-vlaanderen-e"
    assert fiche.public_url("ftp://x") is None
    assert fiche.public_url("https://regiokaart.example/") == "https://regiokaart.example"
