"""Streamlit building blocks shared by the pages: data errors, region panel, project cards.

Every data-driven string goes through ``lib.app.text.escape`` before it reaches Markdown;
nothing here uses ``unsafe_allow_html``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.app import alignment, store, wording
from lib.app.text import escape as md  # cleans and escapes
from lib.boundaries.errors import BoundaryError, CacheNotWritable, JoinError
from lib.data import paths, vintages
from lib.data.dataset import Dataset
from lib.data.models import Breakthrough, RegionProfile
from lib.data.themes import THEMES
from lib.data.validation import DataValidationError
from lib.divisions.sources import CREDIT, KIND_BY_ID
from lib.map.leaflet_assets import LeafletAssetsMissing
from lib.map.static_files import MapFilesUnavailable, StaticFolderNotWritable
from lib.pinned.errors import (
    ChecksumError,
    DeadlineError,
    MissingSourceError,
    OfflineError,
    PinnedError,
)

DOORBRAKEN_PAGE = "pages/doorbraken.py"
STATUS_LABELS = {"actief": "actief", "in opbouw": "in opbouw", "geen": "geen vast overleg"}
STATUS_COLORS = {"actief": "green", "in opbouw": "orange", "geen": "gray"}
MAX_PROBLEMS_SHOWN = 50


def dataset_or_stop(data_dir: Path) -> Dataset:
    """The validated dataset, or a clear error listing every problem (then the page stops)."""
    try:
        return store.dataset(data_dir)
    except DataValidationError as error:
        show_data_problems(error, data_dir)
        st.stop()


def show_data_problems(error: DataValidationError, data_dir: Path) -> None:
    problems = error.problems
    # Escaped text, not a code span: backslash escapes would show literally inside backticks.
    # The folder is named, never its path on the server.
    lines = "\n".join(
        f"- {md(str(problem).replace(str(data_dir), data_dir.name))}"
        for problem in problems[:MAX_PROBLEMS_SHOWN]
    )
    cut = len(problems) > MAX_PROBLEMS_SHOWN
    st.error(
        f"**De gegevensbestanden in de map {md(data_dir.name)} bevatten {error.count} "
        "fout(en)**, "
        "daarom toont Regiokaart ze niet. Verbeter de bestanden en herlaad de pagina; "
        "`python -m lib.validate` toont dezelfde lijst.\n\n"
        + lines
        + ("\n- … en nog meer: `python -m lib.validate` toont ze per bestand" if cut else ""),
        icon=":material/error:",
    )


class BuildProgress:
    """Shows boundary-build messages in one status box, created only if a build happens.

    The box goes into a slot that is always drawn, so whether a build ran or not, the elements
    after it (the map) keep their place and are not mounted anew. A failed build empties the
    slot: the notice of ``map_unavailable`` says it once.
    """

    def __init__(self) -> None:
        self._slot = st.empty()
        self._status = None

    def __call__(self, message: str) -> None:
        if self._status is None:
            self._status = self._slot.status(message, expanded=False)
        self._status.update(label=message)

    def done(self) -> None:
        if self._status is not None:
            self._status.update(state="complete")

    def failed(self, label: str | None = None) -> None:
        """Empty the slot (the page says what failed), or keep the box marked failed: ``label``."""
        if label is None:
            self._slot.empty()
        elif self._status is not None:
            self._status.update(label=label, state="error")


BOUNDARIES_COMMAND = "python3 dev.py boundaries"


def map_problem(error: BaseException) -> str:
    """What went wrong with the map, in Dutch, without paths or addresses (those go to the
    server log, lib.app.store).

    A remembered failure is re-raised as a plain BoundaryError ``from`` the original one
    (lib.app.store), so the original's type decides.
    """
    original = error.__cause__ if type(error) is BoundaryError and error.__cause__ else error
    if isinstance(original, StaticFolderNotWritable):
        return (
            "Map niet beschrijfbaar: de app kan de bestanden van de kaart niet in haar map "
            "static/ zetten, en de opbouw van de gemeentegrenzen heeft ze daar niet vooraf "
            "klaargezet."
        )
    if isinstance(original, CacheNotWritable):
        return (
            "Map niet beschrijfbaar: de app kan de gemeentegrenzen niet in haar gegevensmap "
            "bewaren, en ze zijn daar niet vooraf opgebouwd."
        )
    if isinstance(original, LeafletAssetsMissing):
        return (
            "De kaartbibliotheek Leaflet is niet geïnstalleerd. Installeer de vereisten opnieuw, "
            "bijvoorbeeld met `python3 dev.py run`."
        )
    if isinstance(original, MapFilesUnavailable):
        return (
            "De app kon de kaartlagen niet in haar map static/ schrijven; die moet schrijfbaar "
            "zijn."
        )
    return f"De gemeentegrenzen konden niet worden opgebouwd. {_boundary_problem(original)}"


def _boundary_problem(original: BaseException) -> str:
    if isinstance(original, DeadlineError):
        seconds = f"{original.seconds:g}".replace(".", ",")
        return (
            f"Het ophalen van de gemeentegrenzen duurde langer dan de toegestane {seconds} "
            "seconden."
        )
    if isinstance(original, OfflineError):
        return "De bron van de gemeentegrenzen was niet bereikbaar."
    if isinstance(original, MissingSourceError):
        return (
            "De grensbestanden bestaan niet op de plaats die met `--from` of "
            "`REGIOKAART_BOUNDARIES_URL` is opgegeven."
        )
    if isinstance(original, ChecksumError):
        return (
            "Een grensbestand is niet de vastgelegde versie (de SHA-256-controlesom verschilt). "
            "Het is niet gebruikt; er is niets overschreven."
        )
    if isinstance(original, JoinError):
        return (
            f"De gemeentegrenzen passen niet bij data/regions.csv (indeling {original.vintage}): "
            "elke gemeente moet precies één vlak en één rij met dezelfde NIS-code hebben."
        )
    return "Het opbouwen van de gemeentegrenzen is mislukt."


def map_unavailable(error: BaseException, on_retry) -> bool:
    """The one notice that replaces the map; returns whether "Opnieuw proberen" was clicked.

    It says what kind of problem it was and how to fix it; where the app looked (a path, an
    address) is only in the server log.
    """
    st.warning(
        f"**De kaart is even niet beschikbaar**: {map_problem(error)} Alles werkt verder via de "
        "keuzelijsten hierboven. Voor wie de app beheert: bouw de kaart met "
        f"`{BOUNDARIES_COMMAND}`, of zonder internet uit "
        f"een lokale kopie van de bestanden met `{BOUNDARIES_COMMAND} --from <map>` (of via de "
        "omgevingsvariabele `REGIOKAART_BOUNDARIES_URL`).",
        icon=":material/map:",
    )
    return st.button("Opnieuw proberen", icon=":material/refresh:", on_click=on_retry)


def card_grid(cards: list[tuple[str, str]], columns: int) -> None:
    """Cards filling ``columns`` columns row by row.

    Each card is (title as Markdown — escape data in it with ``text.escape`` — , plain text).
    """
    slots = st.columns(columns)
    for index, (title, text) in enumerate(cards):
        with slots[index % columns].container(border=True):
            st.markdown(f"**{title}**")
            st.markdown(md(text))


def short_summary(text: str, limit: int = 200) -> str:
    """The first sentence(s) up to about two lines of text."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end > limit // 2:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + " …"


def region_title(ds: Dataset, item: Breakthrough) -> str:
    name = ds.region(item.region_id).name
    return f"{item.subregion} (subregio van {name})" if item.subregion else name


def breakthrough_card(ds: Dataset, item: Breakthrough) -> None:
    """A compact card: title, year, themes, a two-line summary and a link to the full project."""
    with st.container(border=True):
        st.markdown(f"**{md(item.title)}**")
        st.caption(f"{md(region_title(ds, item))} · geselecteerd in {item.year}")
        st.markdown(" ".join(f":blue-badge[{md(THEMES[t])}]" for t in item.themes))
        st.markdown(md(short_summary(item.summary)))
        st.page_link(
            DOORBRAKEN_PAGE,
            label="Lees het hele project",
            icon=":material/arrow_forward:",
            query_params={"id": item.id},
        )


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {md(item)}" for item in items)


def breakthrough_details(ds: Dataset, item: Breakthrough, expanded: bool = False) -> None:
    """The whole project: summary, results, lessons, partners, contacts."""
    with st.container(border=True):
        st.subheader(md(item.title), anchor=item.id)
        st.markdown(
            f"**{md(region_title(ds, item))}** · geselecteerd in {item.year} · "
            + " ".join(f":blue-badge[{md(THEMES[t])}]" for t in item.themes)
        )
        st.markdown(md(item.summary))
        with st.expander("Resultaten, lessen, partners en contact", expanded=expanded):
            if item.results:
                st.markdown("**Wat het opleverde**")
                st.markdown(_bullets(item.results))
            if item.lessons:
                st.markdown("**Lessen voor andere regio's**")
                st.markdown(_bullets(item.lessons))
            if item.partners:
                st.markdown("**Partners**")
                st.markdown(_bullets(item.partners))
            st.markdown("**Contact**")
            if item.contacts:
                st.markdown(
                    "\n".join(
                        f"- {md(c.name)}, {md(c.role)} ({md(c.organisation)})"
                        for c in item.contacts
                    )
                )
            else:
                st.markdown("De VVSG-pagina noemt geen contactpersoon.")


def forum_section(profile: RegionProfile) -> None:
    forum = profile.forum
    st.markdown("##### Overleg")
    if forum.name:
        badge = f":{STATUS_COLORS[forum.status]}-badge[{STATUS_LABELS[forum.status]}]"
        st.markdown(f"**{md(forum.name)}** {badge}")
    else:
        st.markdown("**Geen vast burgemeestersoverleg**")
    facts = []
    if forum.since_label:
        facts.append(md(forum.since_label))
    elif forum.since:
        facts.append(f"sinds {forum.since}")
    if forum.rhythm:
        facts.append(f"komt samen: {md(forum.rhythm)}")
    if facts:
        st.caption(" · ".join(facts))
    st.markdown(md(forum.description))
    if profile.supporters:
        st.markdown("**Ondersteund door**")
        st.markdown("\n".join(f"- {md(s.name)} — {md(s.kind)}" for s in profile.supporters))
    if profile.subforums:
        st.markdown("**Subregionale fora**")
        st.markdown(
            "\n".join(
                f"- {md(s.name)}" + (f": {md(s.description)}" if s.description else "")
                for s in profile.subforums
            )
        )
    if profile.notes:
        st.markdown("**Goed om te weten**")
        st.markdown(_bullets(profile.notes))


def region_summary(ds: Dataset, region_id: str) -> None:
    """The answer in three lines, for a phone: the region, its forum, who supports it."""
    profile = ds.region(region_id)
    forum = profile.forum
    with st.container(border=True):
        st.markdown(f"**Referentieregio {md(profile.name)}**")
        lines = [md(forum.name) if forum.name else "Geen vast burgemeestersoverleg"]
        if profile.supporters:
            lines.append("ondersteund door " + ", ".join(md(s.name) for s in profile.supporters))
        st.markdown(" · ".join(lines))
        st.markdown(f"[Alles over {md(profile.name)} ↓](#regio)")


def region_panel(ds: Dataset, region_id: str, vintage: int, area_km2: float | None = None) -> None:
    """Everything about one region: forum, support, trajectory, members, breakthroughs."""
    profile = ds.region(region_id)
    region_members = ds.members(region_id, vintage)
    projects = ds.breakthroughs_of(region_id)
    st.header(f"Referentieregio {md(profile.name)}", anchor="regio")
    cols = st.columns(3)
    cols[0].metric("Gemeenten", len(region_members), help=f"Indeling {vintages.label(vintage)}")
    cols[1].metric(
        "Oppervlakte (km²)",
        f"{area_km2:,.0f}".replace(",", ".") if area_km2 else "–",
        help="Berekend uit de gemeentegrenzen (Lambert 72)",
    )
    cols[2].metric("Doorbraken", len(projects))
    forum_section(profile)
    trajectory = ds.trajectory_of(region_id)
    if trajectory:
        st.markdown("##### Ontwikkeltraject")
        st.markdown(f"**{md(trajectory.title)}** ({md(ds.trajectories.period)})")
        st.markdown(md(trajectory.summary))
        st.page_link(
            "pages/ontwikkeltrajecten.py",
            label="Over de ontwikkeltrajecten",
            icon=":material/arrow_forward:",
        )
    st.markdown(f"##### Gemeenten ({len(region_members)})")
    st.markdown("\n".join(f"- {md(m.describe())}" for m in region_members))
    if profile.id in set(ds.corrections["region_id"]):
        corrected = ds.corrections[ds.corrections["region_id"] == profile.id]
        st.caption(
            "De ledenlijst op de VVSG-pagina wijkt hier af van de officiële indeling. "
            + " ".join(md(text) for text in corrected["explanation"])
        )
    alignment_section(region_id)
    st.markdown(f"##### Regionale doorbraken ({len(projects)})")
    if not projects:
        st.caption("Deze regio had geen regionaal doorbraakproject bij Labo Regiovorming.")
    for item in projects:
        breakthrough_card(ds, item)


OVERVIEW_COLUMNS = ("Referentieregio", "Gemeenten", "Doorbraken")


def overview_rows(ds: Dataset, vintage: int) -> list[tuple[str, int, int]]:
    """(region name, municipalities in ``vintage``, breakthrough projects) for every region."""
    counts = ds.rows(vintage)["region_id"].value_counts()
    return [(p.name, int(counts.get(p.id, 0)), len(ds.breakthroughs_of(p.id))) for p in ds.regions]


def regions_overview(ds: Dataset, vintage: int) -> None:
    """The 15 regions as a small Markdown table (no data grid: it would load a heavy frontend
    component for fifteen rows)."""
    rows = overview_rows(ds, vintage)
    lines = [
        "| " + " | ".join(OVERVIEW_COLUMNS) + " |",
        "| :-- | --: | --: |",
        *(f"| {md(name)} | {members} | {projects} |" for name, members, projects in rows),
    ]
    st.markdown("\n".join(lines))


NAMES_IN_FULL = 6  # longer lists of municipalities are given as a count


def _municipalities(codes, names: dict[str, str]) -> str:
    if len(codes) > NAMES_IN_FULL:
        return f"{len(codes)} gemeenten"
    return ", ".join(md(names.get(code, code)) for code in codes)


def alignment_section(region_id: str) -> None:
    """Per kind of division: the areas inside the region and those crossing its border."""
    st.markdown("##### Afstemming met andere indelingen")
    progress = BuildProgress()
    try:
        current = alignment.alignment(paths.data_dir(), progress=progress)
        progress.done()
    except PinnedError:
        progress.failed("De andere indelingen konden niet worden opgehaald")
        st.caption(
            "De andere indelingen (vervoerregio's, eerstelijnszones, …) zijn even niet "
            "beschikbaar; de pagina Afstemming zegt wat er ontbreekt."
        )
        return
    names, regions = current.municipalities, current.region_names
    lines = []
    crossing_total = 0
    for item in current.alignment.region(region_id):
        kind = KIND_BY_ID[item.kind]
        inside = ", ".join(md(division.name) for division in item.inside) or "geen"
        crossing_total += len(item.crossing)
        if not item.crossing:
            lines.append(
                f"- **{md(kind.label)}**: binnen de regio {inside}; geen over de regiogrens"
            )
            continue
        lines.append(
            f"- **{md(kind.label)}**: binnen de regio {inside}; "
            f"{len(item.crossing)} over de regiogrens:"
        )
        for crossing in item.crossing:
            other = "; ".join(
                f"{md(regions.get(region, region))}: {_municipalities(codes, names)}"
                for region, codes in crossing.outside
            )
            lines.append(
                f"    - {md(crossing.division.name)} — hier "
                f"{_municipalities(crossing.inside, names)}; aan de andere kant {other}"
            )
    st.caption(
        f"Welke gebieden van andere indelingen deze regio raken "
        f"({wording.crossing_areas(crossing_total)} over de regiogrens), voor de gemeenten "
        f"{vintages.AFTER.label}. Bron: {md(CREDIT)}."
    )
    st.markdown("\n".join(lines))
    st.page_link(
        "pages/afstemming.py",
        label="Alle indelingen vergelijken",
        icon=":material/arrow_forward:",
    )
