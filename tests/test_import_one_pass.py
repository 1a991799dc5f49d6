"""An ACLED export read by columns is written with its search text and, into a new dataset,
its column and source caches from the same pass: each exactly what reading the stored rows
back gives."""

import sqlite3

import numpy as np
import pytest
from test_acled_bulk import ODD, VARIED, write_export
from test_column_cache import assert_same

from timeline_app.core import column_cache, source_cache
from timeline_app.core.columns import load_columns
from timeline_app.core.errors import InputError

pytestmark = pytest.mark.both_backends  # on PostgreSQL: the same caches, its own search index


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    write_export(path, (VARIED + ODD) * 3)
    return path


@pytest.fixture
def small_cache(monkeypatch):
    monkeypatch.setattr(column_cache, "SMALLEST", 1)


def search_rows(conn, view):
    """Each event's searchable text, as FTS5 reads it ('' and NULL alike: no words)."""
    rows = conn.execute(f"SELECT * FROM {view} ORDER BY 1").fetchall()
    return [tuple("" if v is None else v for v in r) for r in rows]


@pytest.mark.sqlite_only  # (FTS5's own tables)
def test_the_search_text_written_is_what_the_stored_rows_give(empty_store, export):
    summary = empty_store.import_file(export, dataset="ACLED")
    conn = empty_store._conn
    assert summary.new == len((VARIED + ODD) * 3) and empty_store.search_pending() == 0
    # the text handed to FTS5, as it gave it back, against the view over the stored rows
    conn.execute("CREATE VIRTUAL TABLE given USING fts5vocab(events_fts, 'instance')")
    indexed = conn.execute("SELECT doc, col, term FROM given ORDER BY 1, 2, offset").fetchall()
    conn.execute(
        "CREATE VIRTUAL TABLE again USING fts5(title, description, actors, location, "
        "sources, tags, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO again (rowid, title, description, actors, location, sources, tags) "
                 "SELECT * FROM events_search")  # fmt: skip
    conn.execute("CREATE VIRTUAL TABLE expected USING fts5vocab(again, 'instance')")
    assert (
        indexed
        == conn.execute("SELECT doc, col, term FROM expected ORDER BY 1, 2, offset").fetchall()
    )
    conn.execute("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 0)")
    assert len(empty_store.search("ACLED", "Bukavu")) == 3
    assert len(empty_store.search("ACLED", "民兵")) == 3


def test_a_reimport_changes_the_indexed_text_soundly(empty_store, export, tmp_path, backend):
    empty_store.import_file(export, dataset="ACLED")
    assert len(empty_store.search("ACLED", "Bukavu")) == 3  # (PostgreSQL: its tsvector)
    changed = tmp_path / "export.csv"
    write_export(changed, [dict(r, notes="rewritten Kalehe") for r in (VARIED + ODD) * 3])
    summary = empty_store.import_file(changed, dataset="ACLED")
    assert summary.updated == len((VARIED + ODD) * 3)
    empty_store.build_search_index()
    if backend == "sqlite":
        empty_store._conn.execute(
            "INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 0)"
        )
    assert len(empty_store.search("ACLED", "Kalehe")) == summary.updated
    assert len(empty_store.search("ACLED", "Bukavu")) == 0


def test_a_new_dataset_gets_its_caches_from_the_import(empty_store, export, small_cache,
                                                       monkeypatch):  # fmt: skip
    import timeline_app.core.store_reading as store_reading

    read_back = []
    monkeypatch.setattr(store_reading, "load_columns", lambda *a: read_back.append(a))
    empty_store.import_file(export, dataset="ACLED")
    empty_store.prepare_columns("ACLED")
    assert not read_back  # the window opens it from the cache written by the import
    ds = empty_store._dataset_id("ACLED")
    conn = empty_store._conn
    cached = empty_store.columns("ACLED")
    assert_same(cached, load_columns(conn, ds))
    assert cached.events["start_ts"].is_monotonic_increasing and len(cached) == len(
        (VARIED + ODD) * 3
    )

    base = empty_store._cache_base  # (PostgreSQL: the user's cache folder)
    assert column_cache.is_current(
        column_cache.cache_path(base, ds), column_cache.current_token(conn, ds)
    )
    event, source = source_cache.citations(conn, base, ds)  # the cached ones
    source_cache.cache_path(base, ds).unlink()
    event_again, source_again = source_cache.citations(conn, base, ds)
    assert by_source(event, source) == by_source(event_again, source_again)
    ids = np.array(event[:20])
    assert empty_store.source_count("ACLED", ids) == source_cache.count(
        event_again, source_again, ids
    )


def test_hand_edits_after_the_import_patch_the_cache_it_wrote(empty_store, export, small_cache,
                                                               monkeypatch):  # fmt: skip
    import dataclasses

    import timeline_app.core.store_reading as store_reading

    empty_store.import_file(export, dataset="ACLED")  # the cache, from the import's pass
    first = empty_store.events("ACLED")[0]
    moved = dataclasses.replace(first, title="Checked by hand")
    empty_store.update_event("ACLED", moved, empty_store.revision("ACLED", first.id))
    ds = empty_store._dataset_id("ACLED")
    truth = load_columns(empty_store._conn, ds)
    monkeypatch.setattr(store_reading, "load_columns", lambda *_a: pytest.fail("full read"))
    cols = empty_store.columns("ACLED")  # the import's cache, a step of the edit log behind
    assert_same(cols, truth)
    assert "Checked by hand" in cols.titles.tolist()


def by_source(event, source):
    """The events citing each source (the sources' codes are arbitrary)."""
    groups = {}
    for e, s in zip(event.tolist(), source.tolist(), strict=True):
        groups.setdefault(s, set()).add(e)
    return sorted(sorted(g) for g in groups.values())


def test_a_reimport_of_the_same_file_changes_nothing(empty_store, export, small_cache):
    empty_store.import_file(export, dataset="ACLED")
    token = column_cache.current_token(empty_store._conn, empty_store._dataset_id("ACLED"))
    again = empty_store.import_file(export, dataset="ACLED")
    assert (again.new, again.updated, again.unchanged) == (0, 0, len((VARIED + ODD) * 3))
    assert column_cache.current_token(empty_store._conn, empty_store._dataset_id("ACLED")) == token


def test_an_import_that_fails_leaves_no_cache_that_would_be_read(
    empty_store, export, small_cache, monkeypatch
):
    import timeline_app.core.importing as importing

    def fail(*args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(importing, "close_writer", fail)
    with pytest.raises(Exception):  # noqa: B017 (whatever the store makes of it)
        empty_store.import_file(export, dataset="ACLED")
    assert empty_store.datasets() == []


@pytest.mark.sqlite_only  # (PostgreSQL keeps its index: see the next test)
@pytest.mark.parametrize("bad", [False, True])
def test_a_large_file_builds_the_index_by_time_after_its_rows(empty_store, tmp_path, bad,
                                                               monkeypatch):  # fmt: skip
    import timeline_app.core.importing as importing

    monkeypatch.setattr(importing, "REINDEX_FROM", 0)  # every file counts as large
    monkeypatch.setattr(importing, "CHILD_FROM", 0)  # read in a child process
    path = tmp_path / "large.csv"
    write_export(path, (VARIED + ODD) * 3 + ([{"fatalities": "a dozen"}] if bad else []))
    if bad:  # the row reader takes it after the bulk one gave up, and refuses it
        with pytest.raises(InputError, match="a dozen"):
            empty_store.import_file(path, dataset="ACLED")
    else:
        empty_store.import_file(path, dataset="ACLED")
    conn = empty_store._conn
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM events WHERE dataset_id = 1 AND start_ts > 0"
    ).fetchall()
    assert "events_by_time" in str(plan)
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT event_id FROM event_actors WHERE actor_id = 1"
    ).fetchall()
    assert "event_actors_by_actor" in str(plan)  # (dropped and made again likewise)
    hashsize = conn.execute("SELECT v FROM events_fts_config WHERE k = 'hashsize'").fetchone()
    assert hashsize is None or hashsize[0] == 1 << 20  # FTS5's default again
    assert len(empty_store.datasets()) == (0 if bad else 1)


def test_a_large_file_on_postgresql_keeps_its_index_and_is_searchable(
    empty_store, tmp_path, backend, monkeypatch
):
    import timeline_app.core.importing as importing

    if backend != "postgresql":
        pytest.skip("the SQLite side is the test above")
    monkeypatch.setattr(importing, "REINDEX_FROM", 0)  # every file counts as large
    monkeypatch.setattr(importing, "CHILD_FROM", 0)  # read in a child process
    path = tmp_path / "large.csv"
    write_export(path, (VARIED + ODD) * 3)
    empty_store.import_file(path, dataset="ACLED")
    conn = empty_store._conn
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'events_by_time'"
        ).fetchone()[0]
        == 1
    )
    empty_store.build_search_index()
    assert empty_store.search_pending() == 0
    assert len(empty_store.search("ACLED", "Bukavu")) == 3
    assert len(empty_store.search("ACLED", "民兵")) == 3


@pytest.mark.sqlite_only
def test_a_large_file_again_keeps_the_indexes_it_would_make_again_for_nothing(
    empty_store, tmp_path, monkeypatch
):
    import timeline_app.core.importing as importing

    monkeypatch.setattr(importing, "REINDEX_FROM", 0)  # every file counts as large
    path = tmp_path / "large.csv"
    write_export(path, (VARIED + ODD) * 3)
    statements = []
    empty_store._file_conn.set_trace_callback(statements.append)
    empty_store.import_file(path, dataset="ACLED")  # new: its indexes are made after its rows
    assert any(s.startswith("DROP INDEX") for s in statements)
    statements.clear()
    summary = empty_store.import_file(path, dataset="ACLED")  # the same again: nothing changes
    empty_store._file_conn.set_trace_callback(None)
    assert summary.unchanged == len(VARIED + ODD) * 3 and summary.new == summary.updated == 0
    assert not any(s.startswith(("DROP INDEX", "CREATE INDEX")) for s in statements)


def test_a_new_dataset_read_by_columns_stores_what_the_row_reader_stores(empty_store, export):
    from timeline_app.core.formats import read_file

    empty_store.import_file(export, dataset="Bulk")  # into a new dataset: rows made by zip
    empty_store.import_parsed(read_file(export), dataset="Rows")  # one event at a time

    def stored(name):
        ds = empty_store._dataset_id(name)
        conn = empty_store._conn
        events = conn.execute(
            "SELECT uid, start_ts, end_ts, precision, date_label, title, event_type, place, "
            "admin2, admin1, country, latitude, longitude, fatalities, key, doc, doc_hash "
            "FROM events WHERE dataset_id = ? ORDER BY uid",
            (ds,),
        ).fetchall()
        links = conn.execute(
            "SELECT e.uid, a.name, ea.role FROM event_actors AS ea "
            "JOIN events AS e ON e.id = ea.event_id JOIN actors AS a ON a.id = ea.actor_id "
            "WHERE e.dataset_id = ? ORDER BY 1, 2",
            (ds,),
        ).fetchall()
        return [tuple(r) for r in events], [tuple(r) for r in links]

    bulk, rows = stored("Bulk"), stored("Rows")
    assert bulk[0] and bulk == rows
