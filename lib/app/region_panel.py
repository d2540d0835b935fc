"""Everything about one region on the Kaart page: the panel beside the map and the phone summary.

Its figures and lists come from ``lib.divisions.profile``, as the fiche's do. Every data-driven
string goes through ``lib.app.text.escape`` before it reaches Markdown.
"""

from __future__ import annotations

import streamlit as st

from lib.app import division_data, wording
from lib.app.breakthrough_cards import breakthrough_card
from lib.app.build_progress import BuildProgress
from lib.app.text import bullets
from lib.app.text import escape as md  # cleans and escapes
from lib.data import paths, vintages
from lib.data.dataset import Dataset
from lib.data.models import RegionProfile
from lib.divisions.sources import CREDIT, KIND_BY_ID
from lib.pinned.errors import PinnedError

STATUS_LABELS = {"actief": "actief", "in opbouw": "in opbouw", "geen": "geen vast overleg"}
STATUS_COLORS = {"actief": "green", "in opbouw": "orange", "geen": "gray"}


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
        st.markdown(bullets(profile.notes))


def summary(ds: Dataset, region_id: str) -> None:
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


def panel(ds: Dataset, region_id: str, vintage: int, area_km2: float | None = None) -> None:
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
        current = division_data.alignment(paths.data_dir(), progress=progress)
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
