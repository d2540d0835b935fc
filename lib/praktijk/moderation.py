"""Moderation: the password, the login backoff, and what a moderator does to a submission.

The password hash lives in the secrets (``[praktijk] moderator_password_hash``), made with
``python -m lib.praktijk hash-password``. It is scrypt from the standard library (RFC 7914,
one of the slow hashes OWASP lists for passwords), with the parameters in the hash so they can be
raised later. Argon2id (``argon2-cffi``) is the first choice of that list, but it adds a compiled
dependency for one login form; scrypt at these settings costs an attacker the same order of
memory and time per guess.

Failed logins are stored in the database, so every app process sees them: after N failures in
the last quarter of an hour, the next try is refused for 2^(N-1) seconds (at most a minute),
without even checking the password.

Every change (edit, accept, reject, delete, purge) writes an audit row in the same transaction:
who, when, what (field names and reasons, never the submitter's personal data).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.engine import Connection

from lib.data.models import Breakthrough, invisible_character, is_valid_name
from lib.praktijk import store
from lib.praktijk.model import (
    PracticeCheck,
    check_practice,
    practice_from_json,
    practice_id,
    practice_json,
    reference,
)
from lib.praktijk.store import NotFound, StoreError, audit, login_failures, submissions

# --- the password -------------------------------------------------------------------------------

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 3
"""OWASP's scrypt setting of 32 MiB and three passes (about 0.1 s here)."""
_MAXMEM = 256 * 1024 * 1024


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """``scrypt$n=…,r=…,p=…$salt$hash`` (base64), for the secrets."""
    if not password:
        raise ValueError("an empty password")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM)
    b64 = base64.b64encode
    return f"scrypt$n={n},r={r},p={p}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (a :func:`hash_password` result); a malformed
    hash matches nothing."""
    try:
        scheme, params, salt_text, digest_text = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        values = dict(item.split("=") for item in params.split(","))
        n, r, p = int(values["n"]), int(values["r"]), int(values["p"])
        salt = base64.b64decode(salt_text, validate=True)
        expected = base64.b64decode(digest_text, validate=True)
        if not (2 <= n <= 2**20 and 1 <= r <= 32 and 1 <= p <= 16 and expected):
            return False
        digest = hashlib.scrypt(
            password.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=len(expected)
        )
    except (ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


# --- the login backoff --------------------------------------------------------------------------

FAILURE_WINDOW = timedelta(minutes=15)
MAX_WAIT_S = 60.0


@dataclass(frozen=True)
class Login:
    ok: bool
    wait_s: float = 0.0
    """When refused for too many failures: seconds before the next try is looked at."""

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        if self.wait_s > 0:
            return (
                f"Te veel mislukte pogingen. Probeer het opnieuw over {max(1, round(self.wait_s))} "
                "seconden."
            )
        return "Dat wachtwoord klopt niet."


def wait_after(failures: int) -> float:
    """Seconds to wait after ``failures`` recent failures: 0, 1, 2, 4, … up to a minute."""
    return 0.0 if failures <= 0 else min(2.0 ** (failures - 1), MAX_WAIT_S)


def log_in(engine: Engine, password: str, stored_hash: str, at: datetime | None = None) -> Login:
    """Check a moderator's password, slowed down after failures shared by all processes."""
    moment = at or store.now()

    def recent(connection: Connection) -> tuple[int, datetime | None]:
        count, last = connection.execute(
            select(func.count(), func.max(login_failures.c.at)).where(
                login_failures.c.at > moment - FAILURE_WINDOW
            )
        ).one()
        return int(count), store.as_utc(last)

    count, last = store.read(engine, recent)
    if last is not None:
        remaining = wait_after(count) - (moment - last).total_seconds()
        if remaining > 0:
            return Login(False, remaining)
    if verify_password(password, stored_hash):
        store.write(engine, lambda c: c.execute(delete(login_failures)))
        return Login(True)

    def fail(connection: Connection) -> None:
        connection.execute(
            delete(login_failures).where(login_failures.c.at <= moment - FAILURE_WINDOW)
        )
        connection.execute(login_failures.insert().values(at=moment))

    store.write(engine, fail)
    return Login(False)


# --- reading submissions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """One line of the moderation list."""

    number: int
    status: str
    title: str
    region_id: str
    created_at: datetime

    @property
    def reference(self) -> str:
        return reference(self.number)


@dataclass(frozen=True)
class Record:
    """One submission as the moderator sees it (with the submitter, unless removed)."""

    number: int
    status: str
    practice: Breakthrough
    links: tuple[str, ...]
    submitter_name: str | None
    submitter_organisation: str | None
    submitter_email: str | None
    created_at: datetime
    updated_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None

    @property
    def reference(self) -> str:
        return reference(self.number)


@dataclass(frozen=True)
class AuditEntry:
    submission_id: int
    at: datetime
    actor: str
    action: str
    detail: dict


def list_submissions(engine: Engine, status: str | None = None) -> list[Listed]:
    """Submissions, newest first; only those with ``status`` when given."""
    if status is not None and status not in store.STATUSES:
        raise ValueError(f"unknown status {status!r}")
    query = select(
        submissions.c.id,
        submissions.c.status,
        submissions.c.practice,
        submissions.c.created_at,
    ).order_by(submissions.c.id.desc())
    if status is not None:
        query = query.where(submissions.c.status == status)

    def work(connection: Connection) -> list[Listed]:
        listed = []
        for number, state, practice, created in connection.execute(query):
            data = json.loads(practice)
            listed.append(
                Listed(number, state, data["title"], data["region_id"], store.as_utc(created))
            )
        return listed

    return store.read(engine, work)


def _record(row) -> Record:
    return Record(
        number=row.id,
        status=row.status,
        practice=practice_from_json(row.practice, practice_id(row.id)),
        links=tuple(json.loads(row.links)),
        submitter_name=row.submitter_name,
        submitter_organisation=row.submitter_organisation,
        submitter_email=row.submitter_email,
        created_at=store.as_utc(row.created_at),
        updated_at=store.as_utc(row.updated_at),
        decided_at=store.as_utc(row.decided_at),
        decided_by=row.decided_by,
        reason=row.reason,
    )


def _fetch(connection: Connection, number: int) -> Record:
    row = connection.execute(select(submissions).where(submissions.c.id == number)).first()
    if row is None:
        raise NotFound(f"Inzending {reference(number)} bestaat niet (meer).")
    return _record(row)


def get(engine: Engine, number: int) -> Record:
    return store.read(engine, lambda connection: _fetch(connection, number))


def history(engine: Engine, number: int) -> list[AuditEntry]:
    """Every recorded change of submission ``number``, oldest first (kept after deletion)."""
    query = select(audit).where(audit.c.submission_id == number).order_by(audit.c.id)

    def work(connection: Connection) -> list[AuditEntry]:
        return [
            AuditEntry(
                row.submission_id,
                store.as_utc(row.at),
                row.actor,
                row.action,
                json.loads(row.detail),
            )
            for row in connection.execute(query)
        ]

    return store.read(engine, work)


# --- changing submissions -----------------------------------------------------------------------


def _actor(actor: str) -> str:
    if not is_valid_name(actor):
        raise StoreError("Geef uw naam als beheerder (één regel, hoogstens 100 tekens).")
    return actor.strip()


def practice_form(record: Record) -> dict[str, object]:
    """The practice of ``record`` as form values, to edit it with the form's own fields."""
    practice = record.practice
    contact = practice.contacts[0] if practice.contacts else None
    return {
        "title": practice.title,
        "region_id": practice.region_id,
        "subregion": practice.subregion or "",
        "year": practice.year,
        "themes": list(practice.themes),
        "partners": "\n".join(practice.partners),
        "summary": practice.summary,
        "results": "\n".join(practice.results),
        "lessons": "\n".join(practice.lessons),
        "contact_name": contact.name if contact else "",
        "contact_role": contact.role if contact else "",
        "contact_organisation": contact.organisation if contact else "",
        "links": "\n".join(record.links),
    }


def edit(
    engine: Engine, number: int, form: Mapping[str, object], regions: Mapping[str, str], actor: str
) -> PracticeCheck:
    """Replace the practice of submission ``number`` by ``form`` (the practice's fields of the
    form), checked as on the form: the errors come back by field and nothing is stored."""
    who = _actor(actor)
    checked = check_practice(form, regions)
    if not checked.ok:
        return checked
    assert checked.practice is not None

    def work(connection: Connection) -> None:
        before = _fetch(connection, number)
        new_practice = checked.practice.model_copy(update={"id": before.practice.id})
        changed = sorted(
            name
            for name in Breakthrough.model_fields
            if getattr(before.practice, name) != getattr(new_practice, name)
        )
        if before.links != checked.links:
            changed.append("links")
        connection.execute(
            update(submissions)
            .where(submissions.c.id == number)
            .values(
                practice=practice_json(new_practice),
                links=json.dumps(list(checked.links), ensure_ascii=False),
                updated_at=store.now(),
            )
        )
        store.record(connection, number, who, "bewerkt", {"velden": changed})

    store.write(engine, work)
    return checked


def _decide(engine: Engine, number: int, actor: str, status: str, reason: str | None) -> None:
    who = _actor(actor)

    def work(connection: Connection) -> None:
        before = _fetch(connection, number)
        moment = store.now()
        connection.execute(
            update(submissions)
            .where(submissions.c.id == number)
            .values(
                status=status, decided_at=moment, decided_by=who, reason=reason, updated_at=moment
            )
        )
        detail = {"van": before.status, "naar": status}
        if reason:
            detail["reden"] = reason
        action = "aanvaard" if status == "accepted" else "afgewezen"
        store.record(connection, number, who, action, detail)

    store.write(engine, work)


def accept(engine: Engine, number: int, actor: str) -> None:
    """Accept submission ``number``: it shows on /doorbraken and goes into the export."""
    _decide(engine, number, actor, "accepted", None)


MAX_REASON_LENGTH = 1000


def reject(engine: Engine, number: int, actor: str, reason: str) -> None:
    """Reject submission ``number`` with a reason (required: one to a few sentences)."""
    reason = (reason or "").strip()
    if not reason:
        raise StoreError("Geef een reden voor de afwijzing.")
    if len(reason) > MAX_REASON_LENGTH:
        raise StoreError(f"De reden is te lang: hoogstens {MAX_REASON_LENGTH} tekens.")
    if invisible_character(reason, allow="\n") is not None:
        raise StoreError("De reden bevat een onzichtbaar teken: haal het weg.")
    _decide(engine, number, actor, "rejected", reason)


def delete_submission(engine: Engine, number: int, actor: str, note: str = "") -> None:
    """Delete submission ``number`` with its personal data (on request): the row is gone; an
    audit row says who deleted which number when, without any of its content."""
    who = _actor(actor)

    def work(connection: Connection) -> None:
        _fetch(connection, number)
        connection.execute(delete(submissions).where(submissions.c.id == number))
        detail = {"opmerking": note.strip()[:MAX_REASON_LENGTH]} if note.strip() else {}
        store.record(connection, number, who, "verwijderd", detail)

    store.write(engine, work)


# --- retention ----------------------------------------------------------------------------------

RETENTION = timedelta(days=183)
"""Six months after the decision: the submitter's personal data goes (accepted ones keep the
practice); a rejected submission goes altogether. Undecided ones are kept until decided."""


@dataclass(frozen=True)
class Purged:
    anonymised: tuple[int, ...]
    deleted: tuple[int, ...]


def purge(engine: Engine, at: datetime | None = None, dry_run: bool = False) -> Purged:
    """Apply the retention rule (``python -m lib.praktijk purge``); every removal is audited."""
    cutoff = (at or store.now()) - RETENTION

    def work(connection: Connection) -> Purged:
        old = submissions.c.decided_at < cutoff
        anonymise = tuple(
            connection.execute(
                select(submissions.c.id).where(
                    old,
                    submissions.c.status == "accepted",
                    submissions.c.personal_data_removed_at.is_(None),
                )
            ).scalars()
        )
        remove = tuple(
            connection.execute(
                select(submissions.c.id).where(old, submissions.c.status == "rejected")
            ).scalars()
        )
        if dry_run:
            return Purged(anonymise, remove)
        moment = store.now()
        if anonymise:
            connection.execute(
                update(submissions)
                .where(submissions.c.id.in_(anonymise))
                .values(
                    submitter_name=None,
                    submitter_organisation=None,
                    submitter_email=None,
                    personal_data_removed_at=moment,
                )
            )
        if remove:
            connection.execute(delete(submissions).where(submissions.c.id.in_(remove)))
        for number in anonymise:
            store.record(connection, number, "bewaartermijn", "persoonsgegevens gewist", {})
        for number in remove:
            store.record(connection, number, "bewaartermijn", "verwijderd", {})
        return Purged(anonymise, remove)

    return store.write(engine, work)
