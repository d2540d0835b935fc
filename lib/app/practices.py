"""Submitted practices on the pages: the store's connection, the form's fields, an accepted
practice's card, the region panel's list, and the copy a submitter downloads.

The logic is lib.praktijk; this module only draws it. Every submitted value reaches Streamlit as
escaped text (:func:`lib.app.text.md`/``escape``), a widget's value, or a dataframe cell.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st
from sqlalchemy import Engine

from lib.app.text import escape, md, plural
from lib.data import paths
from lib.data.models import Breakthrough
from lib.data.themes import FIRST_YEAR, THEMES, plausible_years
from lib.praktijk import config, export, model, store

TIMEZONE = ZoneInfo("Europe/Brussels")
CACHE_TTL_S = 60
"""How long /doorbraken and the region panel keep the accepted practices before reading again
(a moderator's accept clears it at once in the process that accepts)."""
DOORBRAKEN_PAGE = "pages/doorbraken.py"
PAGE_SIZE = 10
"""Accepted practices on /doorbraken per step of "Toon meer"."""


# --- the store ----------------------------------------------------------------------------------


def _secrets() -> Mapping[str, Any]:
    """``st.secrets`` as a mapping; empty when there is no secrets file."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: Streamlit raises its own FileNotFoundError subclass
        return {}


def moderator_hash() -> str | None:
    return config.moderator_hash(_secrets())


def connection_kwargs() -> dict[str, Any]:
    """``st.connection("praktijk", type="sql", **kwargs)``: ``$REGIOKAART_PRAKTIJK_URL`` when
    set (tests, a second store), else the secrets' ``[connections.praktijk]``, else SQLite in
    the data folder."""
    override = os.environ.get(config.URL_ENV, "").strip()
    if override:
        if override.startswith("sqlite"):
            return {"url": override, **store._sqlite_engine_kwargs()}
        return {
            "url": override,
            "pool_pre_ping": True,
            "connect_args": {"connect_timeout": store.CONNECT_TIMEOUT_S},
        }
    return store.connection_kwargs(config.connection_section(_secrets()), paths.data_dir())


def engine() -> Engine:
    """The store's engine (one per process and configuration, kept by ``st.connection``)."""
    kwargs = connection_kwargs()
    return st.connection(config.CONNECTION_NAME, type="sql", **kwargs).engine


def _engine_key(engine_: Engine) -> str:
    return engine_.url.render_as_string(hide_password=True)


@st.cache_resource(ttl=CACHE_TTL_S, show_spinner=False, max_entries=4)
def _accepted(key: str, _engine: Engine) -> tuple[export.AcceptedPractice, ...]:
    # cache_resource: the same objects every run (no copy of 1,000 practices per run); they are
    # frozen dataclasses and pydantic models nobody changes
    del key  # only the cache's key: one entry per store
    return tuple(export.accepted_practices(_engine))


def accepted_practices() -> tuple[export.AcceptedPractice, ...]:
    """The accepted practices, cached a minute. Raises :class:`store.StoreUnavailable`."""
    engine_ = engine()
    return _accepted(_engine_key(engine_), engine_)


def forget_accepted() -> None:
    """After a moderator's change: /doorbraken reads the store again."""
    _accepted.clear()


# --- the form's fields --------------------------------------------------------------------------

HINTS = {
    "title": "Eén regel, zoals een krantenkop.",
    "subregion": "Alleen als de praktijk in een deel van de regio loopt.",
    "partners": "Eén partner per regel.",
    "summary": "Wat was het vraagstuk, en wat deden de partners samen?",
    "results": "Eén resultaat per regel.",
    "lessons": "Eén les per regel: wat zou u een andere regio aanraden?",
    "links": "Eén webadres per regel (https://…); mag leeg blijven.",
    "submitter_email": "Alleen om u over deze inzending te contacteren.",
}
OPTIONAL = {"subregion", "results", "lessons", "links", "contact_role", "contact_organisation"}
AREAS = {"partners", "summary", "results", "lessons", "links"}
PRACTICE_FIELDS = tuple(
    name for name in model.FORM_FIELDS if name not in (*model.SUBMITTER_FIELDS, "consent")
)


def label(name: str) -> str:
    text = model.LABELS[name]
    return f"{text} (optioneel)" if name in OPTIONAL else text


def field_error(errors: Mapping[str, str], name: str) -> None:
    """The Dutch message of field ``name``, right under its widget."""
    if name in errors:
        st.error(escape(errors[name]), icon=":material/error:")


def practice_fields(prefix: str, regions: Mapping[str, str], errors: Mapping[str, str]) -> None:
    """The practice's widgets (keys ``prefix + field``), each with its message under it."""
    for name in PRACTICE_FIELDS:
        key = prefix + name
        help_text = HINTS.get(name)
        if name == "region_id":
            st.selectbox(
                label(name),
                list(regions),
                format_func=lambda rid: regions.get(rid, rid),
                index=None,
                placeholder="Kies een referentieregio",
                key=key,
            )
        elif name == "year":
            st.selectbox(
                label(name),
                list(reversed(plausible_years())),  # the most recent first
                index=None,
                placeholder="Kies het jaar waarin de praktijk begon",
                key=key,
                help=(
                    f"Van {FIRST_YEAR}, het jaar van de eerste oproep van Labo Regiovorming "
                    "voor regionale doorbraken, tot en met dit jaar."
                ),
            )
        elif name == "themes":
            st.multiselect(
                label(name),
                list(THEMES),
                format_func=THEMES.get,
                placeholder="Kies een of meer thema's",
                key=key,
                select_all=False,
            )
        elif name in AREAS:
            st.text_area(label(name), key=key, help=help_text, height=100)
        else:
            st.text_input(label(name), key=key, help=help_text)
        field_error(errors, name)


def read_form(prefix: str, names: tuple[str, ...]) -> dict[str, object]:
    """What was typed into the widgets ``prefix + name``."""
    return {name: st.session_state.get(prefix + name) for name in names}


def fingerprint(submission: model.Submission) -> str:
    """The same content gives the same fingerprint: a resent form keeps its key."""
    content = json.dumps(
        [
            submission.practice_json(),
            list(submission.links),
            [
                submission.submitter.name,
                submission.submitter.organisation,
                submission.submitter.email,
            ],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode()).hexdigest()


# --- showing a practice ---------------------------------------------------------------------------


def local_date(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%d-%m-%Y")


def local_time(moment: datetime) -> str:
    return moment.astimezone(TIMEZONE).strftime("%d-%m-%Y %H:%M")


def where(regions: Mapping[str, str], item: Breakthrough) -> str:
    name = regions.get(item.region_id, item.region_id)
    return f"{item.subregion} (subregio van {name})" if item.subregion else name


def _bullets(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"- {escape(item)}" for item in items)


def practice_body(
    regions: Mapping[str, str], item: Breakthrough, links: tuple[str, ...], expanded: bool
) -> None:
    """Summary and the folded details of a practice (also the moderator's reading view)."""
    st.markdown(escape(item.summary))
    with st.expander("Resultaten, lessen, partners en contact", expanded=expanded):
        for heading, items in (
            ("Wat het opleverde", item.results),
            ("Lessen voor andere regio's", item.lessons),
            ("Partners", item.partners),
        ):
            if items:
                st.markdown(f"**{heading}**")
                st.markdown(_bullets(items))
        st.markdown("**Contact**")
        if item.contacts:
            st.markdown(
                "\n".join(
                    md("- {name}, {role} ({org})", name=c.name, role=c.role, org=c.organisation)
                    for c in item.contacts
                )
            )
        else:
            st.markdown("Geen contactpersoon opgegeven.")
        if links:
            st.markdown("**Links**")
            # shown as text, never as a link: the address may be copied, not clicked by mistake
            st.code("\n".join(links), language=None, wrap_lines=True)


def short_summary(text: str, limit: int = 200) -> str:
    """The start of ``text``, cut at a word, for a card in a list."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[: cut.rfind(" ")].rstrip(",;:") + " …" if " " in cut else cut + "…"


def accepted_card(
    regions: Mapping[str, str], accepted: export.AcceptedPractice, expanded: bool = False
) -> None:
    """An accepted practice on /doorbraken: marked as submitted, with its dates."""
    item = accepted.practice
    with st.container(border=True):
        st.subheader(escape(item.title), anchor=item.id)
        st.markdown(
            md("**{where}** · jaar {year} · ", where=where(regions, item), year=item.year)
            + " ".join(f":blue-badge[{escape(THEMES[t])}]" for t in item.themes)
        )
        st.markdown(
            ":orange-badge[Ingezonden praktijk] "
            + md(
                "ingezonden op {sent}, aanvaard op {accepted} · {ref}",
                sent=local_date(accepted.submitted_at),
                accepted=local_date(accepted.accepted_at),
                ref=accepted.reference,
            )
        )
        if expanded:
            practice_body(regions, item, accepted.links, expanded)
        else:  # in the list: a short card; its own address shows it whole
            st.markdown(escape(short_summary(item.summary)))
            st.page_link(
                DOORBRAKEN_PAGE,
                label="Lees de hele praktijk",
                icon=":material/arrow_forward:",
                query_params={"id": accepted.id},
            )


def region_practices_section(region_id: str, page: Any = DOORBRAKEN_PAGE) -> None:
    """For the region panel: how many accepted practices the region has, and links to them
    (``page``: /doorbraken's file or st.Page). Says nothing when there are none; a store that
    cannot be read gives one grey line."""
    try:
        found = [a for a in accepted_practices() if a.practice.region_id == region_id]
    except store.StoreError:
        st.caption("De ingezonden praktijken zijn nu niet beschikbaar.")
        return
    if not found:
        return
    st.markdown("##### Ingezonden praktijken")
    st.caption(plural(len(found), "aanvaarde praktijk", "aanvaarde praktijken") + " in deze regio")
    for accepted in found:
        st.page_link(
            page,
            label=escape(accepted.practice.title),
            icon=":material/lightbulb:",
            query_params={"id": accepted.id},
        )


# --- the copy for the submitter -------------------------------------------------------------------


def submission_copy(
    submission: model.Submission, ref: str, regions: Mapping[str, str], at: datetime
) -> str:
    """The submission as plain Dutch text, to download after saving."""
    item = submission.practice
    contact = item.contacts[0] if item.contacts else None
    lines = [
        "Regiokaart – uw ingezonden praktijk",
        f"Referentie: {ref}",
        f"Ingezonden op: {local_time(at)}",
        "",
        f"{model.LABELS['title']}: {item.title}",
        f"{model.LABELS['region_id']}: {regions.get(item.region_id, item.region_id)}",
    ]
    if item.subregion:
        lines.append(f"{model.LABELS['subregion']}: {item.subregion}")
    lines += [
        f"{model.LABELS['year']}: {item.year}",
        f"{model.LABELS['themes']}: " + ", ".join(THEMES[t] for t in item.themes),
        "",
        f"{model.LABELS['summary']}:",
        item.summary,
    ]
    for name, items in (
        ("partners", item.partners),
        ("results", item.results),
        ("lessons", item.lessons),
        ("links", submission.links),
    ):
        if items:
            lines += ["", f"{model.LABELS[name]}:", *(f"- {value}" for value in items)]
    if contact:
        lines += ["", f"{model.LABELS['contact_name']}: {contact.name}, {contact.role}"]
        lines.append(f"{model.LABELS['contact_organisation']}: {contact.organisation}")
    lines += [
        "",
        "Ingezonden door (niet openbaar): "
        f"{submission.submitter.name}, {submission.submitter.organisation}, "
        f"{submission.submitter.email}",
        "",
        "Een beheerder bekijkt uw inzending. Na aanvaarding verschijnt ze op de pagina "
        "Doorbraken. Vermeld de referentie als u ons over deze inzending contacteert.",
    ]
    return "\n".join(lines) + "\n"
