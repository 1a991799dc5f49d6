"""What differs between the store's two back ends, for code that writes SQL.

The core writes its SQL once, for both: `conn.execute(sql, params)` with `?` placeholders,
standard SQL, `INSERT ... ON CONFLICT (...) DO UPDATE/NOTHING` for upserts, `COALESCE`,
`json_extract(column, '$.a.b')` for one value of a JSON column, `cursor.lastrowid` after an
INSERT into a table with an `id` column. On SQLite `conn` is an sqlite3.Connection; on
PostgreSQL a core.pg_conn.PgConnection, which translates those (placeholders, json_extract,
lastrowid). What cannot be written once (FTS, PRAGMAs, bulk loads, json_each) asks
`is_postgres(conn)` or goes through the helpers here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(conn: Any) -> bool:
    """Whether `conn` is a connection to a PostgreSQL store (else an sqlite3.Connection)."""
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def is_server_url(location: object) -> bool:
    """Whether a store location names a PostgreSQL server rather than a file."""
    return isinstance(location, str) and location.lower().startswith(POSTGRES_SCHEMES)


def insert_rows(
    conn: sqlite3.Connection | Any, table: str, columns: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Insert many rows: executemany on SQLite (as fast as it gets there), COPY on
    PostgreSQL (several times faster than INSERTs)."""
    if not rows:
        return
    if is_postgres(conn):
        conn.copy_rows(table, columns, rows)
        return
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def sources_of_events(conn: sqlite3.Connection | Any) -> str:
    """FROM ... of each event's cited sources as `e` (events) and the text `source`
    ("url|name"), for a query that adds `WHERE e.dataset_id = ?`."""
    if is_postgres(conn):
        return (
            "(SELECT e.id AS id, e.dataset_id AS dataset_id, COALESCE(s ->> 'url', '') || '|' "
            "|| COALESCE(s ->> 'name', '') AS source FROM events AS e, "
            "jsonb_array_elements(COALESCE(e.doc::jsonb -> 'sources', '[]')) AS s) AS e"
        )
    return (
        "(SELECT e.id AS id, e.dataset_id AS dataset_id, "
        "COALESCE(json_extract(s.value, '$.url'), '') || '|' || "
        "COALESCE(json_extract(s.value, '$.name'), '') AS source "
        "FROM events AS e, json_each(e.doc, '$.sources') AS s) AS e"
    )
