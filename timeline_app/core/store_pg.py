"""A team's store on a PostgreSQL server: the same Store, on a PgConnection (pg_conn.py).

What differs from the SQLite file: how a write begins (a transaction-level advisory lock
makes writers take turns, as SQLite's write lock does: an import's new event ids are taken
after the largest one), imports go through COPY (core.backend.insert_rows), the server keeps
its own backups (pg_dump: the administrator's), there is no write-ahead log to settle, the
column caches are kept in the user's cache folder, and read-only is a role without the
editing grants (README: "A team store").
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from platformdirs import user_cache_path

from timeline_app.core import pg_schema, schema
from timeline_app.core.errors import StoreBusy, StoreError, StoreReadOnly
from timeline_app.core.pg_conn import LostConnection, PgConnection, display_url
from timeline_app.core.store import Store

WRITE_LOCK = 0x7117  # the advisory lock every writer of a store takes (pg_advisory_xact_lock)
BUSY_TIMEOUT = 5.0  # seconds a write waits for another, as on SQLite (store_file.BUSY_TIMEOUT)
POLL = 0.2  # seconds between two tries of the lock


class PgStore(Store):
    """A store in a PostgreSQL database. `path` is its URL (without a password, which
    check_url refuses): child processes (an import, a briefing) open it by that."""

    path: str
    _conn: PgConnection

    @classmethod
    def open_url(cls, url: str, *, sample: bool = True) -> PgStore:
        conn = PgConnection.connect(url)
        try:
            store = cls(url, conn)
            version = schema.schema_version(conn)
            if version == 0 and conn.execute("SELECT to_regclass('events')").value():
                raise StoreError(
                    f"{store.name} is not a Timeline App store: it has a table 'events' of "
                    "another program; it was left as it is"
                )
            store.read_only = version > 0 and not store._may_write()
            if store.read_only:
                store._can_be_read()
                return store
            pg_schema.migrate(conn, store.name, schema.SCHEMA_VERSION, schema.MIGRATIONS)
            store._first_start(sample)
            store._index_if_few()
        except BaseException:
            conn.close()
            raise
        return store

    def __init__(self, url: str, conn: PgConnection, read_only: bool = False) -> None:
        super().__init__(url, conn, read_only)
        self.name = display_url(url)
        key = hashlib.sha256(self.name.encode()).hexdigest()[:16]
        self._cache_base = user_cache_path("timeline-app") / "team" / f"{key}.store"

    def _may_write(self) -> bool:
        """Whether this role has the editing grants (INSERT into the events, at least)."""
        return bool(
            self._conn.execute(
                "SELECT has_table_privilege('events', 'INSERT') AND "
                "has_table_privilege('history', 'INSERT')"
            ).value()
        )

    def _can_be_read(self) -> None:
        version = schema.schema_version(self._conn)
        if version != schema.SCHEMA_VERSION:
            raise StoreReadOnly(
                f"{self.name} is read-only for your role and of schema {version} (this version "
                f"reads {schema.SCHEMA_VERSION}): open it once with the editing grants"
            )

    def reopen(self) -> None:
        self._conn.close()
        self._conn = PgConnection.connect(self.path)

    def data_version(self) -> int:
        """A number that changes when the datasets' marks do (polled by the window)."""
        marks = sorted(self.change_marks().items())
        return int.from_bytes(hashlib.blake2b(repr(marks).encode(), digest_size=7).digest())

    @contextmanager
    def _transaction(self) -> Iterator[PgConnection]:
        """One write, all or nothing, with the writers' lock (see the module's doc)."""
        if self.read_only:
            raise StoreReadOnly(f"{self.name} is read-only for your role: nothing can be "
                                "written to it")  # fmt: skip
        conn = self._conn
        conn.execute("BEGIN")
        try:
            self._lock()
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if not conn.closed and conn.in_transaction:
                with suppress(LostConnection):
                    conn.execute("ROLLBACK")
            raise

    def _lock(self) -> None:
        """Take the writers' lock, waiting for another writer up to write_wait (at least
        BUSY_TIMEOUT), saying once that it waits."""
        deadline = time.monotonic() + max(self.write_wait, BUSY_TIMEOUT)
        said = False
        while not self._conn.execute("SELECT pg_try_advisory_xact_lock(?)",
                                     (WRITE_LOCK,)).value():  # fmt: skip
            if not said and self.write_wait > 0 and self.on_wait is not None:
                self.on_wait()
            said = True
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"{self.name} is busy: another program (an import?) is writing to it; "
                    "nothing was written: try again once it has finished"
                )
            time.sleep(POLL)

    @contextmanager
    def _import_transaction(self, large: bool = False) -> Iterator[PgConnection]:
        """An import's transaction. The writer gives new events ids of its own (after the
        largest, under the lock): the id sequence is moved past them before the commit."""
        with self._transaction() as conn:
            yield conn
            conn.execute(
                "SELECT setval(pg_get_serial_sequence('events', 'id'), "
                "(SELECT COALESCE(MAX(id), 0) + 1 FROM events), false)"
            )
            self._index_if_few()

    def _backup_before_import(self) -> bool:
        return False  # the server's backups are its administrator's (pg_dump)

    def _settle(self, source: Path) -> str | None:
        return None

    def backup(self, reason: str) -> Path | None:
        return None
