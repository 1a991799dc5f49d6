import dataclasses
import sqlite3

import numpy as np
import pytest

from conftest import DATA, snapshot, undo_version_4
from timeline_app.core import schema
from timeline_app.core.backups import backups
from timeline_app.core.errors import InputError, StoreError
from timeline_app.core.formats import read_file
from timeline_app.core.paths import STORE_FILE, default_store_path, resolve_store_path
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.core.store_rows import fts_query

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL


def test_new_store_starts_with_the_sample(store):
    assert [d.name for d in store.datasets()] == [SAMPLE_DATASET]
    assert len(store.events(SAMPLE_DATASET)) >= 30
    assert store.default_dataset() == SAMPLE_DATASET


def test_no_sample_creates_an_empty_store(empty_store):
    assert empty_store.datasets() == []
    assert empty_store.default_dataset() is None


def test_sample_is_offered_once(store_path):
    with Store.open(store_path) as s:
        s.delete_dataset(SAMPLE_DATASET)
    with Store.open(store_path) as s:
        assert s.datasets() == []


@pytest.mark.sqlite_only
def test_store_file_settings(store):
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    conn.close()


def test_store_location(monkeypatch, tmp_path, isolated_home):
    assert default_store_path().name == STORE_FILE
    assert str(default_store_path()).startswith(str(isolated_home))
    monkeypatch.setenv("TIMELINE_APP_STORE", str(tmp_path / "env.sqlite"))
    assert resolve_store_path() == tmp_path / "env.sqlite"
    assert resolve_store_path(tmp_path / "arg.sqlite") == tmp_path / "arg.sqlite"


def test_reimport_counts_new_updated_unchanged(empty_store, tmp_path):
    parsed = read_file(DATA / "small.csv")
    empty_store.import_parsed(parsed, "D")
    changed = dataclasses.replace(parsed.events[0], title="M23 claims Goma (updated)")
    added = dataclasses.replace(parsed.events[1], id="new-one")
    parsed.events = [changed, *parsed.events[1:], added]
    summary = empty_store.import_parsed(parsed, "D")
    assert (summary.new, summary.updated, summary.unchanged) == (1, 1, 3)
    assert empty_store.event("D", "a1").title == "M23 claims Goma (updated)"
    assert empty_store.search("D", "updated").size == 1


def test_datasets_are_separate(store):
    store.import_file(DATA / "small.csv", dataset="Other")
    assert len(store.events("Other")) == 4
    assert len(store.events(SAMPLE_DATASET)) == 32
    assert store.event(SAMPLE_DATASET, "a1") is None
    with pytest.raises(StoreError, match="no dataset 'Missing'"):
        store.events("Missing")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Walikale", {"congo2025-15", "congo2025-16", "congo2025-20", "congo2025-21",
                      "congo2025-22", "congo2025-23"}),
        ("felix", {"congo2025-19", "congo2025-31"}),  # accents are folded
        ("wali", None),  # a prefix
        ("VDP/Wazalendo Masisi", {"congo2025-01", "congo2025-13"}),  # all words, across fields
        ('"unconditional ceasefire"', {"congo2025-10", "congo2025-19"}),
        ("ktpress", {"congo2025-19"}),  # sources
        ('(*"', set()),
    ],
)  # fmt: skip
def test_full_text_search(store, query, expected):
    cols = store.columns(SAMPLE_DATASET)
    rows = cols.rows_of_ids(store.search(SAMPLE_DATASET, query))
    found = set(cols.uids[rows].tolist())
    if expected is None:
        assert {"congo2025-20", "congo2025-16"} <= found
    else:
        assert found == expected


def test_fts_query_is_safe():
    assert fts_query('goma "peace agreement" AND OR') == '"goma"* "peace agreement" "AND"* "OR"*'
    assert fts_query("  ") is None


def test_columns_are_arrays_not_objects(store):
    cols = store.columns(SAMPLE_DATASET)
    ev = cols.events
    assert len(cols) == 32
    assert ev["start_ts"].dtype == np.int64 and ev["end_ts"].dtype == np.int64
    assert (np.diff(ev["start_ts"].to_numpy()) >= 0).all()
    assert (ev["end_ts"] > ev["start_ts"]).all()
    assert str(ev["admin1"].dtype) == "category" and str(ev["event_type"].dtype) == "category"
    assert ev["key"].sum() == 4
    # every event's actors, read from the pairs table, match the stored event
    events = {e.id: e for e in store.events(SAMPLE_DATASET)}
    names = cols.actors["name"].to_numpy()
    for row, uid in enumerate(cols.uids.tolist()):
        pairs = cols.pairs[cols.pairs["event"] == row]
        assert set(names[pairs["actor"]]) == {a.name for a in events[uid].actors}
    m23 = cols.rows_of_actor("M23/AFC")
    assert set(cols.uids[m23].tolist()) == {
        uid for uid, e in events.items() if any(a.name == "M23/AFC" for a in e.actors)
    }


def test_store_from_a_newer_version_is_refused(store_path):
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer Timeline App"):
        Store.open(store_path)


def test_migration_backs_up_then_upgrades(store_path, monkeypatch):
    Store.open(store_path).close()
    current = schema.SCHEMA_VERSION

    def add_licence(conn):
        conn.execute("ALTER TABLE datasets ADD COLUMN licence TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current + 1, add_licence)
    with Store.open(store_path) as s:
        assert len(s.events(SAMPLE_DATASET)) == 32
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
    assert conn.execute("SELECT licence FROM datasets").fetchall() == [("",)]
    conn.close()
    (path,) = backups(store_path)
    assert f"schema-v{current}" in path.name
    backup = sqlite3.connect(path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == current
    assert backup.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 32
    backup.close()


def test_a_step_after_version_5_runs_on_both_stores(store_location, monkeypatch):
    """A new table, written once (as the saved views were), on SQLite and PostgreSQL."""
    Store.open(store_location).close()
    current = schema.SCHEMA_VERSION

    def add_views(conn):
        schema.execute_script(conn, """
CREATE TABLE later_notes (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    zoom       REAL,
    UNIQUE (dataset_id, name)
);
""")  # fmt: skip

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current + 1, add_views)
    with Store.open(store_location) as s:
        assert schema.schema_version(s._conn) == current + 1
        with s._transaction() as conn:
            ds = s._dataset_id(SAMPLE_DATASET)
            new = conn.execute(
                "INSERT INTO later_notes (dataset_id, name, zoom) VALUES (?, ?, ?)",
                (ds, "Goma", 0.25),
            ).lastrowid
        assert s._conn.execute("SELECT id, zoom FROM later_notes").fetchall() == [(new, 0.25)]
        s.delete_dataset(SAMPLE_DATASET)  # its views go with it
        assert s._conn.execute("SELECT COUNT(*) FROM later_notes").fetchone()[0] == 0


def test_a_version_1_store_is_upgraded_with_its_events(store_path):
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path)  # take it back to the shape the first release wrote
    undo_version_4(conn)
    for column in ("origin", "changed_in", "missing_since"):
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.execute("DROP TABLE imports")
    conn.execute("DROP TABLE stories")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(store_path) as s:
        assert len(s.events(SAMPLE_DATASET)) == 32
        summary = s.import_file(DATA / "small.csv", dataset=SAMPLE_DATASET)
        assert (summary.new, summary.missing) == (4, 0)
    assert any("schema-v1" in p.name for p in backups(store_path))


def test_failed_migration_leaves_the_old_version(store_path, monkeypatch):
    Store.open(store_path).close()
    current = schema.SCHEMA_VERSION

    def broken(conn):
        conn.execute("ALTER TABLE datasets ADD COLUMN x TEXT")
        raise RuntimeError("step failed")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current + 1, broken)
    with pytest.raises(RuntimeError):
        Store.open(store_path)
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    cols = [r[1] for r in conn.execute("PRAGMA table_info(datasets)")]
    assert "x" not in cols
    conn.close()


def test_a_file_that_is_not_a_store(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a Timeline App store"):
        Store.open(junk)


def test_alias_clash_is_refused(store, tmp_path):
    clash = tmp_path / "clash.json"
    clash.write_text(
        '{"format": "timeline-app", "version": 1, "dataset": {"name": "Congo 2025"},'
        ' "actors": [{"name": "FARDC", "aliases": ["M23"]}], "events": []}'
    )
    before = snapshot(store.path)
    with pytest.raises(InputError, match=r"'M23' .*already names 'M23/AFC'"):
        store.import_file(clash)
    assert snapshot(store.path) == before


def test_a_store_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot open or create"):
        Store.open(blocker / "sub" / "store.sqlite")
