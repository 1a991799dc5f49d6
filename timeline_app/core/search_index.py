"""The full-text search index, built after an import rather than during it.

Indexing a million events' text took half of their import. So an import only lists its
events in `search_pending` (the event writer does, per batch; an update or a deletion is seen
to by triggers, schema.py) and the index is built after it, in chunks that each commit: by the
window in the background, by the CLI before it exits. Small imports are indexed at once,
inside their own transaction.

Until an event is indexed, search still finds it, by scanning the pending events' stored
record for each word: slower (~0.8 s for a million), case-insensitive for ASCII only, and
broader, since a word may match inside another word or in fields the index leaves out. Once
indexed, words match at their start, with accents folded.

On PostgreSQL the index is a tsvector per event (pg_schema.py), built the same way.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import numpy as np

from timeline_app.core.backend import is_postgres
from timeline_app.core.store_rows import fts_query

CHUNK = 50_000  # events indexed per transaction: the store stays free for other writers
AT_ONCE = 50_000  # an import with at most this many pending events is indexed in it

_COLUMNS = "title, description, actors, location, sources, tags"


def pending(conn: sqlite3.Connection) -> int:
    """How many stored events (of any dataset) the index does not cover yet."""
    return conn.execute("SELECT COUNT(*) FROM search_pending").fetchone()[0]


def index_some(conn: sqlite3.Connection, limit: int = CHUNK) -> int:
    """Index up to `limit` pending events, in the caller's transaction; returns how many."""
    row = conn.execute(
        "SELECT event_id FROM search_pending ORDER BY event_id LIMIT 1 OFFSET ?", (limit - 1,)
    ).fetchone()
    last = row[0] if row else conn.execute("SELECT MAX(event_id) FROM search_pending").fetchone()[0]
    if last is None:
        return 0
    if is_postgres(conn):
        from timeline_app.core.pg_schema import index_sql

        conn.execute(index_sql(), (last,))
    else:
        conn.execute(
            f"INSERT INTO events_fts (rowid, {_COLUMNS}) SELECT * FROM events_search "
            "WHERE id IN (SELECT event_id FROM search_pending WHERE event_id <= ?)",
            (last,),
        )
    return conn.execute("DELETE FROM search_pending WHERE event_id <= ?", (last,)).rowcount


def build(
    conn: sqlite3.Connection,
    progress: Callable[[int, int], None] | None = None,
    chunk: int | None = None,
) -> int:
    """Index every pending event, one transaction per chunk; returns how many were indexed.

    `progress(done, total)` is called after each chunk; an exception it raises stops the
    build, and what is indexed so far stays indexed."""
    total, done, chunk = pending(conn), 0, chunk or CHUNK
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            count = index_some(conn, chunk)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if not count:
            return done
        done += count
        if progress is not None:
            progress(done, max(total, done))


def like_patterns(text: str) -> list[str]:
    """LIKE patterns, one per word of `text` (as fts_query reads it), for unindexed events."""
    if fts_query(text) is None:
        return []
    words = re.findall(r"\w+", text)
    return ["%" + re.sub(r"([\\%_])", r"\\\1", w) + "%" for w in words]


def search(conn: sqlite3.Connection, text: str) -> np.ndarray:
    """Ids (events.id, any dataset) of the events whose text matches every word of `text`."""
    query = fts_query(text)
    if query is None:
        return np.empty(0, dtype=np.int64)
    if is_postgres(conn):
        return _search_postgres(conn, text)
    own = not conn.in_transaction
    if own:  # one snapshot: an event moves from pending to indexed at a commit
        conn.execute("BEGIN")
    try:
        cursor = conn.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ?", (query,))
        ids = np.fromiter((r[0] for r in cursor), dtype=np.int64)  # no list: "Reuters" is 1M
        if conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone():
            patterns = like_patterns(text)
            where = " AND ".join("e.doc LIKE ? ESCAPE '\\'" for _ in patterns)
            cursor = conn.execute(
                "SELECT e.id FROM search_pending AS p JOIN events AS e ON e.id = p.event_id "
                f"WHERE {where}",
                patterns,
            )
            ids = np.union1d(ids, np.fromiter((r[0] for r in cursor), dtype=np.int64))
    finally:
        if own:
            conn.execute("COMMIT")
    return ids


def _search_postgres(conn, text: str) -> np.ndarray:
    """search() on PostgreSQL: one statement, so one snapshot of index and pending events."""
    from timeline_app.core.pg_schema import ts_query

    query, patterns = ts_query(text), like_patterns(text)
    if query is None:
        return np.empty(0, dtype=np.int64)
    where = " AND ".join("e.doc ILIKE ? ESCAPE '\\'" for _ in patterns)
    cursor = conn.execute(
        "SELECT event_id FROM events_fts WHERE tsv @@ to_tsquery('simple', ?) UNION ALL "
        "SELECT e.id FROM search_pending AS p JOIN events AS e ON e.id = p.event_id "
        f"WHERE {where}",
        (query, *patterns),
    )
    return np.unique(np.fromiter((r[0] for r in cursor), dtype=np.int64))
