"""Everything about one region on the Kaart page: the panel beside the map and the phone summary.

Its figures and lists come from ``lib.divisions.profile``, as the fiche's do. Every data-driven
string goes through ``lib.app.text.escape`` before it reaches Markdown.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.app import division_data, fiche_download, wording
from lib.app.breakthrough_cards import breakthrough_card
from lib.app.build_progress import BuildProgress
from lib.app.text import bullets
from lib.app.text import escape as md  # cleans and escapes
from lib.data import vintages
from lib.data.dataset import Dataset
from lib.data.models import RegionProfile
from lib.divisions import profile as facts_of
from lib.divisions.profile import KindFacts, RegionFacts
from lib.divisions.scores import Alignment
from lib.divisions.sources import CREDIT
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
    since_and_rhythm = facts_of.forum_facts(forum)
    if since_and_rhythm:
        st.caption(" · ".join(md(fact) for fact in since_and_rhythm))
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


def _scores(data_dir: Path) -> Alignment | None:
    """The division scores, or None when the tables cannot be had (a box says so)."""
    progress = BuildProgress()
    try:
        current = division_data.alignment(data_dir, progress=progress)
    except PinnedError:
        progress.failed("De andere indelingen konden niet worden opgehaald")
        return None
    progress.done()
    return current.alignment


def panel(
    ds: Dataset, data_dir: Path, region_id: str, vintage: int, area_km2: float | None = None
) -> None:
    """Everything about one region: forum, support, trajectory, members, breakthroughs.

    The figures and lists are :func:`lib.divisions.profile.region_facts`, as on the fiche,
    which the panel offers as a download.
    """
    scores = _scores(data_dir)
    facts = facts_of.region_facts(ds, region_id, scores, area_km2, vintage)
    st.header(f"Referentieregio {md(facts.name)}", anchor="regio")
    cols = st.columns(3)
    cols[0].metric("Gemeenten", facts.municipalities, help=f"Indeling {vintages.label(vintage)}")
    cols[1].metric(
        "Oppervlakte (km²)",
        facts_of.area_text(facts.area_km2),
        help="Berekend uit de gemeentegrenzen (Lambert 72)",
    )
    cols[2].metric("Doorbraken", len(facts.breakthroughs))
    fiche_download.region_button(data_dir, region_id)
    forum_section(facts.profile)
    if facts.trajectory:
        st.markdown("##### Ontwikkeltraject")
        st.markdown(f"**{md(facts.trajectory.title)}** ({md(facts.trajectory_period)})")
        st.markdown(md(facts.trajectory.summary))
        st.page_link(
            "pages/ontwikkeltrajecten.py",
            label="Over de ontwikkeltrajecten",
            icon=":material/arrow_forward:",
        )
    st.markdown(f"##### Gemeenten ({facts.municipalities})")
    st.markdown("\n".join(f"- {md(m.describe())}" for m in facts.members))
    if facts.corrections:
        st.caption(
            "De ledenlijst op de VVSG-pagina wijkt hier af van de officiële indeling. "
            + " ".join(md(text) for text in facts.corrections)
        )
    # the other divisions exist for the 2025 municipalities only, whatever map is shown
    today = facts if vintage == vintages.DEFAULT else facts_of.region_facts(ds, region_id, scores)
    alignment_section(today)
    st.markdown(f"##### Regionale doorbraken ({len(facts.breakthroughs)})")
    if not facts.breakthroughs:
        st.caption("Deze regio had geen regionaal doorbraakproject bij Labo Regiovorming.")
    for item in facts.breakthroughs:
        breakthrough_card(ds, item)
    # the store of practices (SQLAlchemy: 0.15 s and 9 MB at its first import) is imported
    # once a region is shown, not for the opening map
    from lib.app import practices

    practices.region_practices_section(region_id)


def _kind_lines(kind: KindFacts) -> list[str]:
    inside = ", ".join(md(name) for name in kind.inside) or "geen"
    if not kind.crossing:
        return [f"- **{md(kind.label)}**: binnen de regio {inside}; geen over de regiogrens"]
    lines = [
        f"- **{md(kind.label)}**: binnen de regio {inside}; "
        f"{len(kind.crossing)} over de regiogrens:"
    ]
    for crossing in kind.crossing:
        other = "; ".join(
            f"{md(region)}: {md(facts_of.municipalities_text(names))}"
            for region, names in crossing.elsewhere
        )
        lines.append(
            f"    - {md(crossing.name)} — hier "
            f"{md(facts_of.municipalities_text(crossing.here))}; aan de andere kant {other}"
        )
    return lines


def alignment_section(facts: RegionFacts) -> None:
    """Per kind of division: the areas inside the region and those crossing its border."""
    st.markdown("##### Afstemming met andere indelingen")
    if facts.kinds is None:
        st.caption(
            "De andere indelingen (vervoerregio's, eerstelijnszones, …) zijn even niet "
            "beschikbaar; de pagina Afstemming zegt wat er ontbreekt."
        )
        return
    st.caption(
        f"Welke gebieden van andere indelingen deze regio raken "
        f"({wording.crossing_areas(facts.crossing_total)} over de regiogrens), voor de gemeenten "
        f"{vintages.AFTER.label}. Bron: {md(CREDIT)}."
    )
    st.markdown("\n".join(line for kind in facts.kinds for line in _kind_lines(kind)))
    st.page_link(
        "pages/afstemming.py",
        label="Alle indelingen vergelijken",
        icon=":material/arrow_forward:",
    )
