"""A team's store on PostgreSQL: what the SQLite file does not have (the URL and its
password, the command line and $TIMELINE_APP_STORE, read-only roles, a server that goes away).
The store's features themselves are tested on both back ends (the both_backends modules)."""

import dataclasses

import pandas as pd
import psycopg
import pytest

from conftest import DATA, EDITOR_GRANTS, READER_GRANTS, snapshot
from timeline_app.cli import main
from timeline_app.core.errors import StoreError, StoreReadOnly
from timeline_app.core.event_writer import EventWriter
from timeline_app.core.pg_conn import LostConnection, translate
from timeline_app.core.store import SAMPLE_DATASET, Store


def test_the_sql_is_translated_once_for_postgresql():
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE '%?%'") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE '%%?%%'",
        None,
    )
    assert translate("INSERT INTO datasets (name) VALUES (?)") == (
        "INSERT INTO datasets (name) VALUES (%s)",
        "datasets",  # (whose id is returned if it has one: PgConnection.execute)
    )
    assert translate("SELECT json_extract(doc, '$.location.precision') FROM events")[0] == (
        "SELECT (doc::jsonb #>> '{location,precision}') FROM events"
    )


def test_a_password_in_the_url_is_refused(pg_server, capsys):
    url = f"postgresql://tl_admin:secret@127.0.0.1:{pg_server.port}/postgres"
    with pytest.raises(StoreError, match="password in the store's URL is refused") as caught:
        Store.open(url)
    assert "secret" not in str(caught.value)
    assert main(["stats", "--store", url]) == 1
    err = capsys.readouterr().err
    assert "~/.pgpass" in err and "secret" not in err


def test_the_command_line_and_the_environment_pick_a_team_store(pg_url, monkeypatch, capsys):
    assert main(["import", str(DATA / "small.csv"), "--dataset", "D", "--store", pg_url]) == 0
    monkeypatch.setenv("TIMELINE_APP_STORE", pg_url)
    assert main(["stats", "--json", "--dataset", "D"]) == 0
    out = capsys.readouterr().out
    assert '"events": 4' in out and pg_url.split("/")[-1] in out
    with Store.open(pg_url) as store:
        assert {d.name for d in store.datasets()} == {SAMPLE_DATASET, "D"}


def test_a_server_that_goes_away_mid_import_rolls_back_and_says_so(
    pg_server, pg_url, capsys, monkeypatch
):
    store = Store.open(pg_url)
    before = snapshot(pg_url)
    pid = store._conn.raw.info.backend_pid

    def server_goes_away(_share):
        pg_server.admin(f"SELECT pg_terminate_backend({pid})")

    with pytest.raises(LostConnection, match=r"connection to .* was lost.*nothing of it is stored"):
        store.import_file(DATA / "acled_current.csv", dataset="ACLED", progress=server_goes_away)
    store.close()
    assert snapshot(pg_url) == before

    # and on the command line: the message, no traceback
    db = pg_url.rsplit("/", 1)[1]
    real_write = EventWriter.write

    def write_then_lose_the_server(self, batch):
        real_write(self, batch)
        pg_server.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{db}' AND pid != pg_backend_pid()"
        )

    monkeypatch.setattr(EventWriter, "write", write_then_lose_the_server)
    assert main(["import", str(DATA / "acled_current.csv"), "--store", pg_url]) == 1
    err = capsys.readouterr().err
    assert "connection to" in err and "was lost" in err and "Traceback" not in err
    assert snapshot(pg_url) == before


def test_a_read_only_role_reads_and_every_write_is_refused(pg_server, pg_url):
    db = pg_url.rsplit("/", 1)[1]
    with Store.open(pg_url) as store:  # made by an editing member
        store.import_file(DATA / "small.csv", dataset="D")
    role = f"reader_{db}"
    pg_server.admin(READER_GRANTS.format(role=role, db=db), db=db)
    before = snapshot(pg_url)
    with Store.open(pg_server.url(db, user=role)) as store:
        assert store.read_only
        assert store.event_count("D") == 4 and len(store.columns("D")) == 4
        assert store.search("D", "goma").size
        with pytest.raises(StoreReadOnly, match="read-only"):
            store.import_file(DATA / "acled_current.csv")
        uid = store.columns("D").uids[0]
        with pytest.raises(StoreReadOnly):
            store.delete_event("D", str(uid), store.revision("D", str(uid)))
    assert snapshot(pg_url) == before


def test_an_editing_member_imports_edits_and_deletes(pg_server, pg_url):
    db = pg_url.rsplit("/", 1)[1]
    Store.open(pg_url).close()  # made by its owner
    role = f"editor_{db}"
    pg_server.admin(EDITOR_GRANTS.format(role=role, db=db), db=db)
    with Store.open(pg_server.url(db, user=role)) as store:
        assert not store.read_only
        store.import_file(DATA / "acled_current.csv", dataset="ACLED")
        event = store.events("ACLED")[0]
        revision = store.update_event("ACLED", dataclasses.replace(event, title="Checked"), 1)
        store.delete_event("ACLED", event.id, revision)
        store.restore_event("ACLED", event.id)
        assert store.remove_missing("ACLED") == 0
        assert store.search("ACLED", "checked").size == 1
        store.delete_dataset("ACLED")
        assert [d.name for d in store.datasets()] == [SAMPLE_DATASET]


def test_another_connections_write_changes_the_data_version(pg_url):
    with Store.open(pg_url) as window, Store.open(pg_url) as other:
        version = window.data_version()
        assert window.data_version() == version
        other.import_file(DATA / "small.csv", dataset="D")
        assert window.data_version() != version


def test_two_first_opens_make_the_store_once(pg_url):
    with Store.open(pg_url) as first, Store.open(pg_url) as second:
        assert [d.name for d in first.datasets()] == [SAMPLE_DATASET]
        assert [d.name for d in second.datasets()] == [SAMPLE_DATASET]


def test_a_database_of_another_program_is_left_alone(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE events (id int, what text)")
    with pytest.raises(StoreError, match="not a Timeline App store"):
        Store.open(pg_url)


QUERIES = (
    "felix", "Félix", "FÉLIX", "goma", "Goma M23", '"North Kivu"', "kiv", "reuters", "l'est",
    "M23/AFC", "bukavu nothing", "2025", "Nord-Kivu", "tshisekedi doha",
)  # fmt: skip


def test_both_stores_give_the_same_columns_and_search(store_path, pg_url):
    """The same imports give the same columns, and every search the same events."""
    with Store.open(store_path) as file_store, Store.open(pg_url) as team:
        for s in (file_store, team):
            s.import_file(DATA / "acled_current.csv", dataset="ACLED")
        for name in (SAMPLE_DATASET, "ACLED"):
            a, b = file_store.columns(name), team.columns(name)
            pd.testing.assert_frame_equal(a.events, b.events)
            pd.testing.assert_frame_equal(a.actors, b.actors)
            pd.testing.assert_frame_equal(a.pairs, b.pairs)
            assert a.uids.tolist() == b.uids.tolist()
            for query in QUERIES:
                found = [set(c.uids[c.rows_of_ids(s.search(name, query))].tolist())
                         for c, s in ((a, file_store), (b, team))]  # fmt: skip
                assert found[0] == found[1], query
            assert file_store.stats() == team.stats()
            assert file_store.source_count(name) == team.source_count(name)
            assert file_store.places(name) == team.places(name)


def test_writers_take_turns_and_a_busy_store_is_said(pg_url, monkeypatch):
    from timeline_app.core import store_pg
    from timeline_app.core.errors import StoreBusy

    monkeypatch.setattr(store_pg, "BUSY_TIMEOUT", 0.3)
    with Store.open(pg_url) as first, Store.open(pg_url) as second:
        waits = []
        second.on_wait, second.write_wait = lambda: waits.append(1), 0.5
        busy = pytest.raises(StoreBusy, match="busy: another program")
        with first._transaction(), busy:  # another program writes (an import, say)
            second.create_dataset("Notes")
        assert waits == [1]  # said once
        second.create_dataset("Notes")  # free again
        assert "Notes" in [d.name for d in first.datasets()]
