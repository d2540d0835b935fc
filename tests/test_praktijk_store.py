"""The store of submitted practices, the same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import multiprocessing
import secrets
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text

from lib.praktijk import export, model, moderation, store
from tests.support.postgres import PostgresServer, find_bin_dir, missing, postgres_server
from tests.support.praktijk import REGIONS, send_many, valid_form


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for this module's worker; each test gets a schema of its own."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        missing()
    with postgres_server(bin_dir) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres: PostgresServer) -> str:
    return postgres.url


@pytest.fixture
def postgresql_target(postgres_url: str) -> Iterator[tuple[str, dict]]:
    """(url, connect_args) of a fresh, empty schema on the test server."""
    schema = "t_" + secrets.token_hex(6)
    admin = store.make_engine(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    yield postgres_url, {"options": f"-csearch_path={schema}"}
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def sqlite_target(tmp_path: Path) -> tuple[str, dict]:
    return store.sqlite_url(tmp_path / "nieuw" / "praktijk.sqlite3"), {}


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request) -> tuple[str, dict]:
    return request.getfixturevalue(f"{request.param}_target")


@pytest.fixture
def engine(target: tuple[str, dict]) -> Iterator[Engine]:
    url, connect_args = target
    made = store.make_engine(url, connect_args=connect_args)
    yield made
    made.dispose()


def _submission(**changes) -> model.Submission:
    checked = model.check_form(valid_form(**changes), REGIONS)
    assert checked.submission is not None, checked.errors
    return checked.submission


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM submissions")).scalar_one()


# --- schema -------------------------------------------------------------------------------------


def test_the_store_is_created_on_first_use(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        assert not Path(engine.url.database).exists()
    else:
        assert store.current_version(engine) == 0
    stored = store.submit(engine, _submission(), store.new_form_key())
    assert stored.number == 1 and stored.new and stored.reference == "PR-00001"
    assert store.current_version(engine) == store.LATEST
    if engine.dialect.name == "sqlite":
        assert Path(engine.url.database).is_file()
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_upgrading_an_old_schema_keeps_its_rows(engine: Engine) -> None:
    assert store.upgrade(engine, to=1) == (0, 1)
    assert not inspect(engine).has_table("login_failures")
    now = store.now()
    with engine.begin() as connection:
        connection.execute(
            store.submissions.insert().values(
                form_key="k" * 20,
                status="new",
                practice=_submission().practice_json(),
                links="[]",
                submitter_name="Jan",
                created_at=now,
                updated_at=now,
            )
        )
    assert store.upgrade(engine) == (1, store.LATEST)
    assert inspect(engine).has_table("login_failures")
    assert store.upgrade(engine) == (store.LATEST, store.LATEST)  # a second run: nothing to do
    assert [item.title for item in moderation.list_submissions(engine)] == [
        "Samen aankopen over de gemeentegrens"
    ]
    assert moderation.get(engine, 1).submitter_name == "Jan"


def test_a_failing_migration_changes_nothing(engine: Engine, monkeypatch) -> None:
    store.upgrade(engine, to=1)

    def broken(connection) -> None:
        store.MIGRATIONS[1](connection)
        raise RuntimeError("step failed halfway")

    monkeypatch.setattr(store, "MIGRATIONS", (store.MIGRATIONS[0], broken))
    with pytest.raises(RuntimeError):
        store.upgrade(engine)
    assert store.current_version(engine) == 1
    assert not inspect(engine).has_table("login_failures")


# --- submitting ---------------------------------------------------------------------------------


def test_a_resent_form_is_stored_once(engine: Engine) -> None:
    key = store.new_form_key()
    first = store.submit(engine, _submission(), key)
    again = store.submit(engine, _submission(title="Intussen gewijzigd"), key)
    other = store.submit(engine, _submission(), store.new_form_key())
    assert (again.number, again.new, again.created_at) == (first.number, False, first.created_at)
    assert other.number != first.number and other.new  # PostgreSQL may skip numbers: fine
    assert _count(engine) == 2
    assert [entry.action for entry in moderation.history(engine, first.number)] == ["ingezonden"]


def test_a_submission_keeps_text_as_text(engine: Engine) -> None:
    hostile = "<img src=x onerror=alert(1)> {{7*7}} '; DROP TABLE submissions; --"
    stored = store.submit(engine, _submission(title=hostile[:100]), store.new_form_key())
    record = moderation.get(engine, stored.number)
    assert record.practice.title == hostile[:100]
    assert record.submitter_email == "jan@gemeente-b.be"
    assert record.status == "new"


def test_a_database_that_is_down_gives_a_dutch_message(tmp_path: Path) -> None:
    down = store.make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(store.StoreUnavailable) as caught:
        store.submit(down, _submission(), store.new_form_key())
    assert "niet bereikbaar" in caught.value.message
    assert "nog in het formulier" in caught.value.message
    # a SQLite file that cannot be written (its folder is a file)
    blocker = tmp_path / "bestand"
    blocker.write_text("")
    unwritable = store.make_engine(store.sqlite_url(blocker / "praktijk.sqlite3"))
    with pytest.raises(store.StoreUnavailable):
        store.submit(unwritable, _submission(), store.new_form_key())


def test_the_database_stopped_mid_way_then_restarted(
    postgres: PostgresServer, postgresql_target: tuple[str, dict]
) -> None:
    url, connect_args = postgresql_target
    engine = store.make_engine(url, connect_args=connect_args)
    first = store.submit(engine, _submission(), store.new_form_key())
    assert first.new  # the pool now holds a connection to the running server
    key = store.new_form_key()
    postgres.stop()
    try:
        with pytest.raises(store.StoreUnavailable) as caught:
            store.submit(engine, _submission(), key)
        assert "niet bereikbaar" in caught.value.message
    finally:
        postgres.start()
    retried = store.submit(engine, _submission(), key)  # the same form, sent again
    assert retried.new and retried.number != first.number
    assert store.submit(engine, _submission(), key).number == retried.number
    assert _count(engine) == 2
    engine.dispose()


def test_a_full_database_says_so(engine: Engine) -> None:
    store.prepare(engine)
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        store.event.listen(
            engine,
            "connect",
            lambda dbapi, _record: dbapi.execute(f"PRAGMA max_page_count = {pages}"),
        )
        engine.dispose()
        big = _submission(summary="x" * 3000, lessons="\n".join(["y" * 2900] * 6))
        with pytest.raises(store.StoreUnavailable) as caught:
            for _ in range(20):
                store.submit(engine, big, store.new_form_key())
        assert "vol" in caught.value.message
    else:
        with engine.begin() as connection:  # PostgreSQL's "disk full" (SQLSTATE 53100)
            connection.execute(
                text(
                    "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "RAISE EXCEPTION 'could not extend file: No space left on device' "
                    "USING ERRCODE = '53100'; END $$"
                )
            )
            connection.execute(
                text(
                    "CREATE TRIGGER disk_full BEFORE INSERT ON submissions "
                    "FOR EACH ROW EXECUTE FUNCTION full_disk()"
                )
            )
        with pytest.raises(store.StoreUnavailable) as caught:
            store.submit(engine, _submission(), store.new_form_key())
        assert "vol" in caught.value.message
    assert _count(engine) >= 0  # the store still answers afterwards


# --- moderation ---------------------------------------------------------------------------------


def test_moderation_lists_reads_edits_decides_and_records_everything(engine: Engine) -> None:
    first = store.submit(engine, _submission(), store.new_form_key()).number
    second = store.submit(engine, _submission(title="Tweede"), store.new_form_key()).number
    assert [item.number for item in moderation.list_submissions(engine, "new")] == [second, first]

    form = moderation.practice_form(moderation.get(engine, first))
    form["title"] = "Samen aankopen (bewerkt)"
    bad = moderation.edit(engine, first, {**form, "year": "1999"}, REGIONS, "Mia Moderator")
    assert bad.errors.keys() == {"year"}
    assert moderation.get(engine, first).practice.title == "Samen aankopen over de gemeentegrens"
    assert moderation.edit(engine, first, form, REGIONS, "Mia Moderator").ok
    moderation.accept(engine, first, "Mia Moderator")
    for reason, actor in (("  ", "Mia Moderator"), ("Bel\x07", "Mia Moderator"), ("Goed", "")):
        with pytest.raises(store.StoreError):
            moderation.reject(engine, second, actor, reason)
    assert moderation.get(engine, second).status == "new"  # nothing changed by a refusal
    moderation.reject(engine, second, "Mia Moderator", "Geen regionale samenwerking.")

    assert [item.number for item in moderation.list_submissions(engine, "accepted")] == [first]
    assert [item.number for item in moderation.list_submissions(engine, "rejected")] == [second]
    record = moderation.get(engine, first)
    assert record.practice.title == "Samen aankopen (bewerkt)"
    assert record.status == "accepted" and record.decided_by == "Mia Moderator"
    assert moderation.get(engine, second).reason == "Geen regionale samenwerking."
    trail = moderation.history(engine, first)
    assert [(entry.actor, entry.action) for entry in trail] == [
        ("inzender", "ingezonden"),
        ("Mia Moderator", "bewerkt"),
        ("Mia Moderator", "aanvaard"),
    ]
    assert trail[1].detail == {"velden": ["title"]}
    assert trail[2].detail == {"van": "new", "naar": "accepted"}
    assert all(entry.at <= store.now() for entry in trail)

    accepted = export.accepted_practices(engine)
    assert [(item.id, item.practice.title) for item in accepted] == [
        (f"praktijk-{first}", "Samen aankopen (bewerkt)")
    ]


def test_delete_on_request_removes_the_personal_data_and_keeps_an_audit_row(
    engine: Engine,
) -> None:
    number = store.submit(engine, _submission(), store.new_form_key()).number
    moderation.delete_submission(engine, number, "Mia Moderator", "op vraag van de inzender")
    with pytest.raises(store.NotFound):
        moderation.get(engine, number)
    with engine.connect() as connection:
        dumped = " ".join(str(row) for row in connection.execute(select(store.audit)))
    assert "jan@gemeente-b.be" not in dumped and "Jan Janssens" not in dumped
    assert [entry.action for entry in moderation.history(engine, number)] == [
        "ingezonden",
        "verwijderd",
    ]


def test_purge_applies_the_retention_rule(engine: Engine) -> None:
    kept, anonymised, deleted, undecided = (
        store.submit(engine, _submission(), store.new_form_key()).number for _ in range(4)
    )
    moderation.accept(engine, kept, "Mia")
    moderation.accept(engine, anonymised, "Mia")
    moderation.reject(engine, deleted, "Mia", "Buiten Vlaanderen.")
    long_ago = store.now() - moderation.RETENTION - timedelta(days=1)
    with engine.begin() as connection:
        connection.execute(
            store.submissions.update()
            .where(store.submissions.c.id.in_([anonymised, deleted, undecided]))
            .values(decided_at=long_ago, created_at=long_ago)
        )
        # an undecided one is kept, whatever its age
        connection.execute(
            store.submissions.update()
            .where(store.submissions.c.id == undecided)
            .values(decided_at=None)
        )
    preview = moderation.purge(engine, dry_run=True)
    assert preview == moderation.Purged((anonymised,), (deleted,))
    assert moderation.get(engine, anonymised).submitter_email is not None
    assert moderation.purge(engine) == preview
    gone = moderation.get(engine, anonymised)
    assert (gone.submitter_name, gone.submitter_organisation, gone.submitter_email) == (
        None,
        None,
        None,
    )
    assert gone.practice.title  # the accepted practice itself stays
    assert moderation.get(engine, kept).submitter_email == "jan@gemeente-b.be"
    assert moderation.get(engine, undecided).submitter_email == "jan@gemeente-b.be"
    with pytest.raises(store.NotFound):
        moderation.get(engine, deleted)
    assert moderation.purge(engine) == moderation.Purged((), ())


def test_failed_logins_are_slowed_down_for_every_process(
    engine: Engine, target: tuple[str, dict]
) -> None:
    hashed = moderation.hash_password("juist wachtwoord", n=2**10)
    start = store.now()
    assert moderation.log_in(engine, "juist wachtwoord", hashed, at=start).ok
    assert moderation.log_in(engine, "fout", hashed, at=start).message == (
        "Dat wachtwoord klopt niet."
    )
    # one failure: the next try within a second is refused unchecked, even the right password
    refused = moderation.log_in(engine, "juist wachtwoord", hashed, at=start)
    assert not refused.ok and 0 < refused.wait_s <= 1
    assert "Te veel mislukte pogingen" in refused.message
    second = start + timedelta(seconds=1.5)
    assert not moderation.log_in(engine, "nog fout", hashed, at=second).ok
    # two failures now: 2 s from the last one; another engine (process) sees the same
    url, connect_args = target
    other = store.make_engine(url, connect_args=connect_args)
    waiting = moderation.log_in(other, "juist wachtwoord", hashed, at=second + timedelta(seconds=1))
    other.dispose()
    assert not waiting.ok and waiting.wait_s == pytest.approx(1.0)
    assert moderation.log_in(
        engine, "juist wachtwoord", hashed, at=second + timedelta(seconds=2)
    ).ok
    # a success clears the failures
    assert moderation.log_in(engine, "fout", hashed, at=second + timedelta(seconds=3)).wait_s == 0


# --- two processes at once ----------------------------------------------------------------------


def test_two_processes_200_submissions_half_of_them_twice(target: tuple[str, dict]) -> None:
    url, connect_args = target
    engine = store.make_engine(url, connect_args=connect_args)
    store.prepare(engine)  # as the app does on start
    keys = [f"form-key-{index:04d}-abcdefgh" for index in range(200)]
    first, second = keys[:150], keys[50:]  # keys 50..149 are sent by both, at the same time
    engine.dispose()  # no open connection is inherited by the senders
    # fork: the senders start at once, without importing everything again
    context = multiprocessing.get_context("fork")
    barrier, results_queue = context.Barrier(2), context.Queue()
    senders = [
        context.Process(
            target=_sender, args=(results_queue, url, connect_args, part, barrier), daemon=True
        )
        for part in (first, second)
    ]
    for sender in senders:
        sender.start()
    results = [results_queue.get(timeout=120) for _ in senders]
    for sender in senders:
        sender.join(timeout=30)
    failures = [result for result in results if isinstance(result, str)]
    assert not failures, failures[0]
    sent = [item for part in results for item in part]
    assert len(sent) == 300
    numbers: dict[str, set[int]] = {}
    new: dict[str, int] = {}
    for key, number, was_new in sent:
        numbers.setdefault(key, set()).add(number)
        new[key] = new.get(key, 0) + was_new
    assert all(len(found) == 1 for found in numbers.values())  # both senders got the same row
    assert set(new.values()) == {1}  # stored exactly once per form
    assert _count(engine) == 200
    with engine.connect() as connection:
        stored_keys = connection.execute(select(store.submissions.c.form_key)).scalars().all()
    assert sorted(stored_keys) == sorted(keys)
    engine.dispose()


def _sender(results, url: str, connect_args: dict, keys: list[str], barrier) -> None:
    """One sender process: its results, or the text of the error that stopped it."""
    try:
        results.put(send_many(url, connect_args, keys, barrier, threads=6))
    except BaseException as error:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(f"{type(error).__name__}: {error}")
