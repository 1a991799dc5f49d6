"""The store's schema, its version (PRAGMA user_version) and the steps between versions.

To change the schema: add a function that takes version N-1 to N, register it in MIGRATIONS
and raise SCHEMA_VERSION. Opening an older store backs it up, then applies the steps in order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from timeline_app.core.backups import make_backup
from timeline_app.core.errors import StoreError

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL
);
CREATE TABLE actors (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT '',
    aliases    TEXT NOT NULL DEFAULT '[]',   -- JSON list
    UNIQUE (dataset_id, name)
);
-- One row per event. `doc` is the event's full native JSON (the truth, lossless); the other
-- columns are derived from it for queries and for loading the views' arrays.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    uid        TEXT NOT NULL,
    start_ts   INTEGER NOT NULL,              -- [start_ts, end_ts): Unix seconds, UTC
    end_ts     INTEGER NOT NULL,
    precision  INTEGER NOT NULL,              -- dates.Precision
    date_label TEXT NOT NULL,                 -- When.describe(): "14–16 Feb 2025"
    title      TEXT NOT NULL,
    event_type TEXT NOT NULL,
    place      TEXT NOT NULL,
    admin2     TEXT NOT NULL,
    admin1     TEXT NOT NULL,
    country    TEXT NOT NULL,
    latitude   REAL,
    longitude  REAL,
    fatalities INTEGER,
    key        INTEGER NOT NULL,
    doc        TEXT NOT NULL,
    doc_hash   TEXT NOT NULL,
    UNIQUE (dataset_id, uid)
);
CREATE INDEX events_by_time ON events (dataset_id, start_ts);
CREATE TABLE event_actors (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    role     INTEGER NOT NULL,                -- index in model.Role
    PRIMARY KEY (event_id, actor_id)
) WITHOUT ROWID;
CREATE INDEX event_actors_by_actor ON event_actors (actor_id);
-- Full-text search; rowid = events.id.
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description, actors, location, sources, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE rowid = old.id;
END;
"""


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: unlike executescript, this stays inside the transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


def _to_v1(conn: sqlite3.Connection) -> None:
    execute_script(conn, _V1)


# Version 2: re-imports. Each event remembers the format that brought it (`origin`), the
# import that last added or changed it (`changed_in`), and from which import on its source no
# longer had it (`missing_since`); `imports` logs every import.
_V2 = """
ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN changed_in INTEGER;
ALTER TABLE events ADD COLUMN missing_since INTEGER;
CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    file       TEXT NOT NULL,
    format     TEXT NOT NULL,
    at         TEXT NOT NULL,
    new        INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    unchanged  INTEGER NOT NULL,
    missing    INTEGER NOT NULL,
    refused    INTEGER NOT NULL
);
"""


def _to_v2(conn: sqlite3.Connection) -> None:
    execute_script(conn, _V2)


# Version 3: stories, ordered walks through a dataset's events (by event id, so that a
# re-import keeps them).
_V3 = """
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    steps      TEXT NOT NULL,                 -- JSON: [{"event": uid, "note": text}]
    UNIQUE (dataset_id, name)
);
"""


def _to_v3(conn: sqlite3.Connection) -> None:
    execute_script(conn, _V3)


# Version 4: the search index is built after an import instead of during it (a million rows
# took 10 s of the import). It keeps no copy of the text: `events_search` derives each event's
# searchable text from its row, and FTS5 reads it from there. Events not yet indexed are listed
# in `search_pending` (by the importer, which writes every event; a trigger per row cost 6 s
# a million), and search scans those. The view reads nothing but the event's own row, so
# that removing an event from the index (which must give the text that was indexed) still works
# while a dataset's actors are deleted along with it.
_V4 = """
DROP TRIGGER events_fts_delete;
DROP TABLE events_fts;
CREATE VIEW events_search AS SELECT
    id,
    title,
    COALESCE(json_extract(doc, '$.description'), '') || ' ' ||
        COALESCE(json_extract(doc, '$.date_note'), '') AS description,
    (SELECT group_concat(json_extract(value, '$.name'), ' ')
        FROM json_each(doc, '$.actors')) AS actors,
    place || ' ' || admin2 || ' ' || admin1 || ' ' || country AS location,
    (SELECT group_concat(COALESCE(json_extract(value, '$.name'), '') || ' ' ||
        COALESCE(json_extract(value, '$.url'), ''), ' ')
        FROM json_each(doc, '$.sources')) AS sources,
    (SELECT group_concat(value, ' ') FROM json_each(doc, '$.tags')) AS tags
FROM events;
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description, actors, location, sources, tags,
    content = 'events_search', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_pending (event_id INTEGER PRIMARY KEY);
INSERT INTO search_pending SELECT id FROM events;
CREATE TRIGGER events_search_unindex
BEFORE UPDATE OF doc, title, place, admin2, admin1, country ON events
WHEN old.id NOT IN (SELECT event_id FROM search_pending) BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, actors, location, sources,
        tags) SELECT 'delete', * FROM events_search WHERE id = old.id;
END;
CREATE TRIGGER events_search_update
AFTER UPDATE OF doc, title, place, admin2, admin1, country ON events BEGIN
    INSERT OR IGNORE INTO search_pending VALUES (new.id);
END;
CREATE TRIGGER events_search_delete BEFORE DELETE ON events
WHEN old.id NOT IN (SELECT event_id FROM search_pending) BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, actors, location, sources,
        tags) SELECT 'delete', * FROM events_search WHERE id = old.id;
END;
CREATE TRIGGER events_search_forget AFTER DELETE ON events BEGIN
    DELETE FROM search_pending WHERE event_id = old.id;
END;
"""


def _to_v4(conn: sqlite3.Connection) -> None:
    execute_script(conn, _V4)


# Version 5: the analyst's own edits. Every event has a `revision`, raised by each write to it,
# so that a save made from a stale copy (another window) is refused instead of lost. An event
# edited by hand keeps `source_hash`: the hash of its source's version when it was edited ('' for
# an event made by hand), so that a re-import keeps the hand edit and says so. `history` records
# every change: who, when, from where, and what (the deleted event's whole record, to restore it).
_V5 = """
ALTER TABLE events ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN source_hash TEXT;
ALTER TABLE imports ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;
CREATE TABLE history (
    id         INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    event_uid  TEXT NOT NULL,
    at         TEXT NOT NULL,                 -- ISO, UTC
    who        TEXT NOT NULL,
    origin     TEXT NOT NULL,                 -- "window", "import of FILE", "command line"
    action     TEXT NOT NULL,                 -- created, changed, deleted, restored, source
    changes    TEXT NOT NULL DEFAULT '{}',    -- JSON: {field: [old, new]}
    doc        TEXT                           -- a whole record: deleted, created, the source's
);
CREATE INDEX history_by_event ON history (dataset_id, event_uid);
"""


def _to_v5(conn: sqlite3.Connection) -> None:
    execute_script(conn, _V5)


# Version 6: saved views, a dataset's named filters, lanes and time range (core/saved_views.py;
# `state` is core.view_state.ViewSettings' versioned JSON).
_V6 = """
CREATE TABLE saved_views (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    state      TEXT NOT NULL,                 -- JSON
    saved      TEXT NOT NULL,                 -- ISO, UTC
    PRIMARY KEY (dataset_id, name)            -- (no rowid alias: the same DDL suits PostgreSQL)
);
"""


def _to_v6(conn: sqlite3.Connection) -> None:
    execute_script(conn, _V6)


SCHEMA_VERSION = 6
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _to_v1, 2: _to_v2, 3: _to_v3, 4: _to_v4, 5: _to_v5, 6: _to_v6,
}  # fmt: skip


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the store to SCHEMA_VERSION, one transaction per step."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer Timeline App (schema {version}); "
            f"this version reads up to schema {SCHEMA_VERSION}"
        )
    if 0 < version < SCHEMA_VERSION:
        make_backup(conn, path, f"schema-v{version}")
    for step in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[step](conn)
            conn.execute(f"PRAGMA user_version = {step}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # (SQLite has rolled back already on a full disk)
                conn.execute("ROLLBACK")
            raise
