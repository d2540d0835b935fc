"""Beheer: moderators read, edit, accept, reject and delete submitted practices.

Off until a password hash is in the secrets. Failed logins are slowed down by the store
(lib.praktijk.moderation.log_in). Every change is recorded by the library with who, when and
what; the page shows that history. Submitted text is only ever shown escaped or in a table.
"""

from __future__ import annotations

import streamlit as st

from lib.app import navigation, notices, practices
from lib.app.text import escape, md
from lib.data import paths
from lib.data.models import is_valid_name
from lib.praktijk import moderation, store

navigation.run_through_app()

st.title("Beheer van ingezonden praktijken")

password_hash = practices.moderator_hash()
if password_hash is None:
    st.info(
        "Het beheer staat uit: er is geen wachtwoord ingesteld. Zie de README (Submitted "
        "practices) om het aan te zetten.",
        icon=":material/lock:",
    )
    st.stop()

ds = notices.dataset_or_stop(paths.data_dir())
regions = {profile.id: profile.name for profile in ds.regions}
ACTOR = "beheer_actor"
MESSAGE = "beheer_message"


def show_store_problem(error: store.StoreError) -> None:
    st.error(escape(error.message), icon=":material/cloud_off:")


LOGIN_PROBLEM = "beheer_login_problem"


def log_in() -> None:
    """The login button's callback (before the page is drawn): the password, slowed down after
    failures by the store."""
    name = st.session_state.get("login_name") or ""
    password = st.session_state.get("login_password") or ""
    st.session_state["login_password"] = ""  # never kept
    if not is_valid_name(name):
        st.session_state[LOGIN_PROBLEM] = "Geef uw naam (één regel, hoogstens 100 tekens)."
        return
    try:
        login = moderation.log_in(practices.engine(), password, password_hash)
    except store.StoreError as error:
        st.session_state[LOGIN_PROBLEM] = error.message
        return
    st.session_state[LOGIN_PROBLEM] = login.message
    if login.ok:
        st.session_state[ACTOR] = name.strip()


if not st.session_state.get(ACTOR):
    with st.form("aanmelden", enter_to_submit=True):
        st.text_input(
            "Uw naam", key="login_name", help="Komt in de geschiedenis van elke wijziging."
        )
        st.text_input("Wachtwoord", type="password", key="login_password")
        st.form_submit_button("Aanmelden", type="primary", icon=":material/login:", on_click=log_in)
    if st.session_state.get(LOGIN_PROBLEM):
        st.error(escape(st.session_state[LOGIN_PROBLEM]), icon=":material/block:")
    st.stop()

actor: str = st.session_state[ACTOR]
top = st.columns([4, 1])
top[0].markdown(md("Aangemeld als **{actor}**.", actor=actor))
top[1].button(
    "Afmelden", icon=":material/logout:", on_click=lambda: st.session_state.update({ACTOR: None})
)

if st.session_state.get(MESSAGE):
    st.success(st.session_state.pop(MESSAGE), icon=":material/check_circle:")

engine = practices.engine()
STATUS_CHOICES = {"new": "Nieuw", "accepted": "Aanvaard", "rejected": "Afgewezen", "all": "Alle"}
status = st.segmented_control(
    "Status", list(STATUS_CHOICES), format_func=STATUS_CHOICES.get, default="new", key="status"
)
try:
    listed = moderation.list_submissions(engine, None if status in (None, "all") else status)
except store.StoreError as error:
    show_store_problem(error)
    st.stop()

if not listed:
    st.caption("Geen inzendingen met deze status.")
    st.stop()

st.dataframe(
    [
        {
            "Referentie": item.reference,
            "Status": store.STATUS_LABELS[item.status],
            "Titel": item.title,
            "Regio": regions.get(item.region_id, item.region_id),
            "Ingezonden": practices.local_time(item.created_at),
        }
        for item in listed
    ],
    hide_index=True,
    width="stretch",
)
numbers = {item.number: item for item in listed}
number = st.selectbox(
    "Inzending",
    list(numbers),
    format_func=lambda n: f"{numbers[n].reference} – {numbers[n].title}",
    key="gekozen",
)
if number is None:
    st.stop()
try:
    record = moderation.get(engine, number)
except store.StoreError as error:
    show_store_problem(error)
    st.stop()

item = record.practice
with st.container(border=True):
    st.subheader(escape(item.title), anchor=False)
    st.markdown(
        md(
            "{ref} · **{status}** · {where} · jaar {year} · ingezonden {at}",
            ref=record.reference,
            status=store.STATUS_LABELS[record.status],
            where=practices.where(regions, item),
            year=item.year,
            at=practices.local_time(record.created_at),
        )
    )
    if record.reason:
        st.markdown(md("Reden van afwijzing: {reason}", reason=record.reason))
    practices.practice_body(regions, item, record.links, expanded=True)
    st.markdown("**Ingezonden door** (niet openbaar)")
    if record.submitter_name is None:
        st.caption("De persoonsgegevens zijn gewist.")
    else:
        st.markdown(
            md(
                "{name}, {org}, {email}",
                name=record.submitter_name,
                org=record.submitter_organisation,
                email=record.submitter_email,
            )
        )


PROBLEM = "beheer_problem"


def act(message: str, change) -> None:
    """A button's callback: make ``change``; then /doorbraken reads the store again."""
    try:
        change()
    except store.StoreError as error:
        st.session_state[PROBLEM] = error.message
        return
    practices.forget_accepted()
    st.session_state[MESSAGE] = message


def accept() -> None:
    act(
        f"{record.reference} is aanvaard en staat op de pagina Doorbraken.",
        lambda: moderation.accept(engine, number, actor),
    )


def reject() -> None:
    reason = st.session_state.get(f"reason_{number}") or ""
    act(
        f"{record.reference} is afgewezen.",
        lambda: moderation.reject(engine, number, actor, reason),
    )


def save_edit() -> None:
    prefix = f"edit_{number}_"
    form = practices.read_form(prefix, practices.PRACTICE_FIELDS)
    outcome = {}

    def change() -> None:
        outcome["checked"] = moderation.edit(engine, number, form, regions, actor)
        if not outcome["checked"].ok:
            raise store.StoreError("Niet bewaard: zie de meldingen bij de velden.")

    act(f"{record.reference} is bijgewerkt.", change)
    if "checked" in outcome:
        st.session_state[prefix + "errors"] = outcome["checked"].errors


def remove_submission() -> None:
    if not st.session_state.get(f"sure_{number}"):
        st.session_state[PROBLEM] = "Vink eerst aan dat u de inzending definitief wilt verwijderen."
        return
    note = st.session_state.get(f"note_{number}") or ""
    act(
        f"{record.reference} is verwijderd, met de persoonsgegevens.",
        lambda: moderation.delete_submission(engine, number, actor, note),
    )


if st.session_state.get(PROBLEM):
    st.error(escape(st.session_state.pop(PROBLEM)), icon=":material/error:")

decide, edit_tab, remove, log = st.tabs(["Beslissen", "Bewerken", "Verwijderen", "Geschiedenis"])

with decide:
    left, right = st.columns(2)
    if record.status != "accepted":
        left.button(
            "Aanvaarden",
            type="primary",
            icon=":material/check:",
            key=f"accept_{number}",
            on_click=accept,
        )
    with right.form(f"reject_{number}"):
        st.text_area("Reden van afwijzing", height=80, key=f"reason_{number}")
        st.form_submit_button("Afwijzen", icon=":material/close:", on_click=reject)

with edit_tab:
    prefix = f"edit_{number}_"
    if prefix + "title" not in st.session_state:
        for name, value in moderation.practice_form(record).items():
            st.session_state[prefix + name] = value
    with st.form(f"edit_{number}"):
        practices.practice_fields(prefix, regions, st.session_state.get(prefix + "errors") or {})
        st.form_submit_button("Wijzigingen bewaren", icon=":material/save:", on_click=save_edit)

with remove:
    st.markdown(
        "Verwijder een inzending met al haar persoonsgegevens, bijvoorbeeld op vraag van de "
        "inzender. Alleen een regel in de geschiedenis blijft: wie ze wanneer verwijderde."
    )
    with st.form(f"delete_{number}"):
        st.text_input(
            "Opmerking (optioneel)",
            key=f"note_{number}",
            help="Bijvoorbeeld: op vraag van de inzender.",
        )
        st.checkbox(f"Ja, verwijder {record.reference} definitief", key=f"sure_{number}")
        st.form_submit_button("Verwijderen", icon=":material/delete:", on_click=remove_submission)

with log:
    try:
        entries = moderation.history(engine, number)
    except store.StoreError as error:
        show_store_problem(error)
    else:
        st.dataframe(
            [
                {
                    "Wanneer": practices.local_time(entry.at),
                    "Wie": entry.actor,
                    "Wat": entry.action,
                    "Details": ", ".join(
                        f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
                        for key, value in entry.detail.items()
                    ),
                }
                for entry in entries
            ],
            hide_index=True,
            width="stretch",
        )
