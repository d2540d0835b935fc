"""Where the store is, from the same secrets the app reads (``.streamlit/secrets.toml``).

The app passes ``st.secrets`` sections; the CLI reads the file itself with :func:`read_secrets`.
``[connections.praktijk]`` holds the database (``url = "postgresql+psycopg://…"``, or Streamlit's
``dialect``/``host``/``username``/… keys); without it the store is the SQLite file in the data
folder. ``[praktijk] moderator_password_hash`` holds the moderators' password hash.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from lib.data import paths
from lib.praktijk.store import default_sqlite_path, sqlite_url

SECRETS_PATH = paths.REPO_ROOT / ".streamlit" / "secrets.toml"
URL_ENV = "REGIOKAART_PRAKTIJK_URL"
CONNECTION_NAME = "praktijk"
"""``st.connection(CONNECTION_NAME, type="sql")`` and ``[connections.praktijk]``."""


def read_secrets(path: Path = SECRETS_PATH) -> dict[str, Any]:
    """The secrets file as a dict; empty when there is none."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def connection_section(secrets: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """``[connections.praktijk]`` of the secrets, or None."""
    connections = secrets.get("connections")
    if not isinstance(connections, Mapping):
        return None
    section = connections.get(CONNECTION_NAME)
    return section if isinstance(section, Mapping) and section else None


def moderator_hash(secrets: Mapping[str, Any]) -> str | None:
    """The moderators' password hash; None when moderation is off (no hash configured)."""
    section = secrets.get("praktijk")
    value = section.get("moderator_password_hash") if isinstance(section, Mapping) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def store_url(secrets: Mapping[str, Any], data_dir: Path | None = None) -> str:
    """The store's URL as the CLI uses it: ``$REGIOKAART_PRAKTIJK_URL``, else the secrets'
    ``[connections.praktijk]``, else the SQLite file in the data folder."""
    override = os.environ.get(URL_ENV, "").strip()
    if override:
        return override
    section = connection_section(secrets)
    if section is None:
        return sqlite_url(default_sqlite_path(data_dir))
    if "url" in section:
        return str(section["url"])
    driver = f"+{section['driver']}" if section.get("driver") else ""
    return URL.create(
        drivername=f"{section['dialect']}{driver}",
        username=section.get("username"),
        password=section.get("password"),
        host=section.get("host"),
        port=int(section["port"]) if section.get("port") else None,
        database=section.get("database"),
        query=section.get("query", {}),
    ).render_as_string(hide_password=False)
