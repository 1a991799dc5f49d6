"""What differs between the store's two back ends, for code that writes SQL.

The core writes its SQL once, for both: `conn.execute(sql, params)` with `?` placeholders,
standard SQL, `INSERT ... ON CONFLICT (...) DO UPDATE/NOTHING` for upserts, `COALESCE`,
`json_extract(column, '$.a.b')` for one value of a JSON column, `cursor.lastrowid` after an
INSERT into a table with an `id` column. On SQLite `conn` is an sqlite3.Connection; on
PostgreSQL a core.pg_conn.PgConnection, which translates those (placeholders, json_extract,
lastrowid). What cannot be written once (FTS, PRAGMAs, bulk loads, json_each) asks
`is_postgres(conn)` or goes through the helpers here.

The shared code is typed with StoreConnection, what both connections give; a store's place
is a StoreLocation: its file, or its server's URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

if TYPE_CHECKING:
    from timeline_app.core.pg_conn import PgConnection

POSTGRES_SCHEMES = ("postgresql://", "postgres://")

StoreLocation = Path | str  # an SQLite store's file, or a PostgreSQL store's URL (is_server_url)


class StoreCursor(Protocol):
    """What the shared code reads of a cursor (sqlite3.Cursor, pg_conn.Cursor)."""

    @property
    def lastrowid(self) -> int | None: ...
    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchmany(self, size: int, /) -> list[Any]: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class StoreConnection(Protocol):
    """What the shared code uses of a connection (sqlite3.Connection, pg_conn.PgConnection):
    statements, and whether a transaction is open (the store says BEGIN and COMMIT itself)."""

    @property
    def in_transaction(self) -> bool: ...
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> StoreCursor: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> StoreCursor: ...
    def close(self) -> None: ...


def is_postgres(conn: StoreConnection) -> TypeGuard[PgConnection]:
    """Whether `conn` is a connection to a PostgreSQL store (else an sqlite3.Connection)."""
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def is_server_url(location: object) -> bool:
    """Whether a store location names a PostgreSQL server rather than a file."""
    return isinstance(location, str) and location.lower().startswith(POSTGRES_SCHEMES)


def insert_rows(
    conn: StoreConnection, table: str, columns: Sequence[str], rows: Sequence[tuple]
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


def sources_of_events(conn: StoreConnection) -> str:
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
