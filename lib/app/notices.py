"""What is missing and why, in Dutch: bad data files, no map, no division tables.

Each notice says what kind of problem it is and how to fix it, with a retry button where a retry
can help; where the app looked (a path, an address) goes only to the server log. Data-driven
text goes through ``lib.app.text``; nothing here uses ``unsafe_allow_html``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from lib.app import division_data, store
from lib.app.text import escape as md  # cleans and escapes
from lib.boundaries.errors import BoundaryError, CacheNotWritable, JoinError
from lib.data.dataset import Dataset
from lib.data.validation import DataValidationError
from lib.map.leaflet_assets import LeafletAssetsMissing
from lib.map.static_files import MapFilesUnavailable, StaticFolderNotWritable
from lib.pinned.errors import (
    ChecksumError,
    DeadlineError,
    MissingSourceError,
    OfflineError,
)

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


UNAVAILABLE = (
    "**De andere indelingen zijn even niet beschikbaar**: de tabellen van Provincies in Cijfers "
    "konden niet worden opgehaald of gecontroleerd. De rest van Regiokaart werkt gewoon. Voor "
    "wie de app beheert: start haar één keer met internettoegang, of lees de tabellen uit een "
    "lokale kopie met `python -m lib.divisions report --from <map of adres>` of via de "
    "omgevingsvariabele `REGIOKAART_DIVISIONS_URL`."
)


def show_unavailable(data_dir: Path) -> None:
    """What is missing, in Dutch, and a retry button; the details went to the server log."""
    st.warning(UNAVAILABLE, icon=":material/cloud_off:")
    if st.button("Opnieuw proberen", icon=":material/refresh:", key="indelingen_opnieuw"):
        division_data.forget_failure(data_dir)
        st.rerun()
