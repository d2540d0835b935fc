"""Deel een praktijk: a region submits its practice; a moderator reviews it on /beheer.

Every widget has a key, so what was typed survives a rerun, a mistake and a failed save. The
check and the save run in the submit button's callback (before the widgets are drawn), so each
Dutch message stands right under its field. One idempotency key per form; a form resent with the
same content keeps its key, so it is stored once.
"""

from __future__ import annotations

import streamlit as st

from lib.app import navigation, notices, practices
from lib.app.text import md
from lib.data import paths
from lib.praktijk import model, store

navigation.run_through_app()

ds = notices.dataset_or_stop(paths.data_dir())
regions = {profile.id: profile.name for profile in ds.regions}

PREFIX = "deel_"
KEY = "deel_form_key"
ERRORS = "deel_errors"
SAVED = "deel_saved"
PROBLEM = "deel_problem"
SENT = "deel_sent"  # fingerprint of stored content → its form key
LIMIT = "deel_limit"
FIELDS = (*model.FORM_FIELDS, model.HONEYPOT_FIELD)

st.session_state.setdefault(KEY, store.new_form_key())
st.session_state.setdefault(LIMIT, model.SessionLimit())
st.session_state.setdefault(SENT, {})


def clear_form() -> None:
    for name, value in model.empty_form().items():
        st.session_state[PREFIX + name] = value
    st.session_state[PREFIX + "region_id"] = None  # a selectbox's "nothing chosen"


def send() -> None:
    """The submit button's callback: check, then store once; messages go to session_state."""
    st.session_state[SAVED] = None
    st.session_state[PROBLEM] = None
    checked = model.check_form(practices.read_form(PREFIX, FIELDS), regions)
    st.session_state[ERRORS] = checked.errors
    if checked.spam:  # the honeypot: look like a success, store nothing
        st.session_state[SAVED] = {"reference": None, "copy": None}
        clear_form()
        return
    if checked.submission is None:
        return
    submission = checked.submission
    fingerprint = practices.fingerprint(submission)
    key = st.session_state[SENT].get(fingerprint, st.session_state[KEY])
    limit: model.SessionLimit = st.session_state[LIMIT]
    if not limit.allows(key):
        st.session_state[PROBLEM] = model.SessionLimit.MESSAGE
        return
    try:
        stored = store.submit(practices.engine(), submission, key)
    except store.StoreError as error:
        st.session_state[PROBLEM] = error.message
        return
    limit.record(key)
    st.session_state[SENT][fingerprint] = key
    st.session_state[KEY] = store.new_form_key()
    st.session_state[SAVED] = {
        "reference": stored.reference,
        "new": stored.new,
        "copy": practices.submission_copy(submission, stored.reference, regions, stored.created_at),
    }
    clear_form()


st.title("Deel een praktijk")
st.markdown(
    "Loopt er in uw referentieregio een samenwerking waar andere regio's iets aan hebben? "
    "Beschrijf ze hier. Een beheerder leest elke inzending na; na aanvaarding staat ze op de "
    "pagina Doorbraken, naast de twaalf doorbraakprojecten, met de vermelding *ingezonden "
    "praktijk*."
)

saved = st.session_state.get(SAVED)
if saved:
    if saved["reference"] is None:
        st.success("Bedankt, uw inzending is ontvangen.", icon=":material/check_circle:")
    else:
        again = "" if saved.get("new", True) else " (dit formulier was al eerder bewaard)"
        st.success(
            md("Bedankt! Uw inzending is bewaard met referentie **{ref}**", ref=saved["reference"])
            + again
            + ". Een beheerder bekijkt ze binnenkort.",
            icon=":material/check_circle:",
        )
        st.download_button(
            "Download een kopie van uw inzending",
            data=saved["copy"],
            file_name=f"inzending-{saved['reference']}.txt",
            mime="text/plain",
            icon=":material/download:",
        )

problem = st.session_state.get(PROBLEM)
if problem:
    st.error(problem, icon=":material/cloud_off:")

errors = st.session_state.get(ERRORS) or {}
if errors:
    st.warning(
        "Niet alles is goed ingevuld; zie de meldingen bij de velden hieronder. Wat u invulde, "
        "blijft staan.",
        icon=":material/edit_note:",
    )

with st.form("deel", clear_on_submit=False, enter_to_submit=False):
    st.markdown("#### De praktijk")
    practices.practice_fields(PREFIX, regions, errors)
    st.markdown("#### Over u (niet openbaar)")
    for name in model.SUBMITTER_FIELDS:
        st.text_input(model.LABELS[name], key=PREFIX + name, help=practices.HINTS.get(name))
        practices.field_error(errors, name)
    with st.container(key="deel-honeypot"):
        st.text_input(
            "Laat dit veld leeg",
            key=PREFIX + model.HONEYPOT_FIELD,
            autocomplete="off",
            label_visibility="collapsed",
        )
    st.checkbox(model.CONSENT_TEXT, key=PREFIX + "consent")
    practices.field_error(errors, "consent")
    st.form_submit_button("Versturen", type="primary", icon=":material/send:", on_click=send)
