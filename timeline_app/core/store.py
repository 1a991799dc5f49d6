"""The store: one SQLite file (the default) or one PostgreSQL database (a team's store,
store_pg.py) holding any number of datasets.

Every write is one transaction: an import that fails part-way leaves nothing behind. What
the two back ends share is here, in store_reading.py and in editing.py; the SQLite file's own
matters (its locks, its write-ahead log, its backups) are in store_file.py and backups.py.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

from timeline_app.core import column_cache, history, schema, search_index
from timeline_app.core.backend import StoreConnection, StoreLocation, is_server_url
from timeline_app.core.backups import LARGE_FILE, LARGE_IMPORT, make_backup
from timeline_app.core.editing import StoreEdits
from timeline_app.core.errors import (
    NEEDS_PSYCOPG,
    DiskFull,
    InputError,
    StoreError,
    StoreReadOnly,
)
from timeline_app.core.formats import ColumnMap, ParsedFile, read_file
from timeline_app.core.formats.acled_bulk import NotBulk, header_names
from timeline_app.core.formats.tabular import Progress
from timeline_app.core.importing import (
    REINDEX_FROM,
    ImportSummary,
    now,
    save_story,
    store_acled_bulk,
    store_parsed,
)
from timeline_app.core.model import Story
from timeline_app.core.paths import resources_dir
from timeline_app.core.saved_views import SavedViews
from timeline_app.core.store_file import (
    bulk_journal,
    check_contents,
    connect,
    disk_full_message,
    file_size,
    said,
    settle,
    transaction,
)
from timeline_app.core.store_reading import SAMPLE_DATASET, StoreReading
from timeline_app.core.sync_state import SyncConflicts

__all__ = ["SAMPLE_DATASET", "Store"]

SAMPLE_FILE = "congo-2025.json"


def sample_path() -> Path:
    return resources_dir() / SAMPLE_FILE


STORE_GROWTH = 7  # bytes of disk an import needs at its peak, per byte of its file (measured
# 3.5 for a CSV: its pages in the -wal, then again in the store when the -wal is copied in)


STORE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def is_store_file(path: Path | str, store_path: StoreLocation) -> bool:
    """Whether `path` is the store or one of SQLite's files beside it, by any name (a link,
    another spelling). Reading one of them in a process that has the store open drops that
    process's locks on it (POSIX locks belong to the process; any close() releases them)."""
    if not isinstance(store_path, Path):  # a server's store: no file of it here
        return False
    path = Path(path)
    for suffix in STORE_COMPANIONS:
        own = store_path.with_name(store_path.name + suffix)
        try:
            if os.path.samefile(path, own):
                return True
        except OSError:  # one of them does not exist
            if path.absolute() == own.absolute():
                return True
    return False


class Store(StoreReading, StoreEdits, SavedViews, SyncConflicts):
    """A handle on one store. Use `Store.open(path or postgresql:// URL)`; close it (or use
    `with`)."""

    def __init__(self, path: StoreLocation, conn: StoreConnection, read_only: bool = False) -> None:
        self.path = path  # the file; a PostgreSQL store's URL (PgStore)
        self._conn = conn
        self.read_only = read_only  # a read-only folder, mount or file: every write refused
        # How long a write waits for another process's (an import's) before giving up, and
        # what to call once when it starts waiting. The window's own thread does not wait
        # (0: SQLite's busy timeout only); the CLI and the window's import process do.
        self.write_wait = 0.0
        self.on_wait: Callable[[], None] | None = None
        if isinstance(path, Path):  # (PgStore's are in the user's cache folder)
            self._cache_base = path  # the column caches go beside it (column_cache.cache_path)

    @classmethod
    def open(cls, path: Path | str, *, sample: bool = True) -> Store:
        """Open the store at `path` (or a postgresql:// URL), creating it if needed.

        A new store starts with the bundled Congo 2025 dataset unless `sample` is false.
        """
        if is_server_url(path):
            try:
                from timeline_app.core.store_pg import PgStore
            except ImportError:
                raise StoreError(NEEDS_PSYCOPG) from None
            return PgStore.open_url(str(path), sample=sample)
        path = Path(path)
        conn, read_only = connect(path)
        try:
            check_contents(conn, path, schema.SCHEMA_VERSION)
            store = cls(path, conn, read_only)
            if read_only:
                store._can_be_read()
                return store
            schema.migrate(conn, path)
            store._first_start(sample)
            store._index_if_few()
        except sqlite3.Error as exc:
            conn.close()
            raise said(exc, path) or StoreError(f"{path} cannot be opened ({exc})") from exc
        except BaseException:
            conn.close()
            raise
        return store

    @property
    def file(self) -> Path:
        """The store's SQLite file, for what only a file has (locks, write-ahead log, backups,
        disk space): PgStore, whose `path` is a URL, replaces every method that asks."""
        assert isinstance(self.path, Path), f"{self.path} is not a file"
        return self.path

    @property
    def _file_conn(self) -> sqlite3.Connection:
        """The connection to the SQLite file, for the same methods as `file`."""
        assert isinstance(self._conn, sqlite3.Connection), f"{self.path} is not a file"
        return self._conn

    def _can_be_read(self) -> None:
        """A read-only store must be whole and of this version: it cannot be upgraded."""
        version = schema.schema_version(self._conn)
        if version == schema.SCHEMA_VERSION:
            return
        what = "empty" if version == 0 else f"from an older Timeline App (schema {version})"
        raise StoreReadOnly(
            f"{self.path} is read-only and {what}: open it once where it can be written"
        )

    def close(self) -> None:
        self._conn.close()

    def reopen(self) -> None:
        """Close the connection and open a new one. A safeguard after another process wrote:
        if anything in this process had dropped SQLite's locks (a close() of one of the
        store's files does, see ui/file_dialogs.py), a new connection takes them again and
        reads the store as it is, not a stale snapshot of its shared memory."""
        self._conn.close()
        self._conn, self.read_only = connect(self.file)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[StoreConnection]:
        """One write, all or nothing (see store_file.transaction)."""
        if self.read_only:
            raise StoreReadOnly(f"{self.path} is read-only: nothing can be written to it")
        with transaction(self._file_conn, self.file, self.write_wait, self.on_wait) as conn:
            yield conn

    @contextmanager
    def _import_transaction(self, large: bool = False) -> Iterator[StoreConnection]:
        """An import's transaction. Its events are indexed for search in it if they are few;
        many are left to build_search_index, after the import.

        The importer writes only ids it made or read in this transaction, so foreign keys are
        not checked (2 s a million rows); and the write-ahead log is not copied into the store
        by SQLite's automatic checkpoint inside the commit, but by import_file right after it
        (store_file.settle), where a full disk can be said. A `large` import writes without
        the log when nobody else has the store open (store_file.bulk_journal)."""
        self._conn.execute("PRAGMA foreign_keys = OFF")  # (no effect inside a transaction)
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            with (
                bulk_journal(self._file_conn) if large else nullcontext(),
                self._transaction() as conn,
            ):
                yield conn
                self._index_if_few()
        finally:
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA wal_autocheckpoint = 1000")

    def _backup_before_import(self) -> bool:
        """A copy of the store before a large import (much to undo by hand otherwise)."""
        make_backup(self._file_conn, self.file, "before-import")
        return True

    def backup(self, reason: str) -> Path | None:
        """A checked copy of the store in its backups folder (before a deletion, say); None
        where there is no file to copy (PgStore: the server's backups are its
        administrator's)."""
        return make_backup(self._file_conn, self.file, reason)

    def _settle(self, source: Path) -> str | None:
        """After an import's commit: a warning if its data is not safely in the store yet."""
        return settle(self._file_conn, self.file, source)

    def _index_if_few(self) -> None:
        if 0 < search_index.pending(self._conn) <= search_index.AT_ONCE:
            if self._conn.in_transaction:
                search_index.index_some(self._conn, search_index.AT_ONCE)
            else:
                with suppress(sqlite3.OperationalError):  # busy: the window builds it later
                    search_index.build(self._conn)

    def _first_start(self, sample: bool) -> None:
        """On the first open, put the sample in; a store that crashed before gets it next time."""
        if self._conn.execute("SELECT 1 FROM meta WHERE key = 'created'").fetchone():
            return
        with self._import_transaction():
            if sample:
                store_parsed(self._conn, read_file(sample_path()), None)
            self._conn.execute("INSERT INTO meta (key, value) VALUES ('created', ?)", (now(),))

    # -- datasets ------------------------------------------------------------------------

    def delete_dataset(self, name: str) -> None:
        ds = self._dataset_id(name)
        with self._transaction() as conn:
            conn.execute("DELETE FROM datasets WHERE id = ?", (ds,))
            column_cache.new_token(conn, ds)  # a later dataset may get the same id
        column_cache.cache_path(self._cache_base, ds).unlink(missing_ok=True)

    # -- import --------------------------------------------------------------------------

    def import_file(
        self,
        path: Path | str,
        *,
        fmt: str = "auto",
        dataset: str | None = None,
        skip_bad_rows: bool = False,
        date_order: str | None = None,
        progress: Progress | None = None,
        mapping: ColumnMap | None = None,
    ) -> ImportSummary:
        """Read and store one file, all or nothing (see formats.read_file for the options).
        A `progress` callback that raises ImportCancelled stops it, and nothing is stored."""
        path = Path(path)
        if is_store_file(path, self.path):  # before anything opens it: see is_store_file
            raise InputError(path, "this is the store itself (or one of its files), not a "
                             "file of events")  # fmt: skip
        if self.read_only:
            raise StoreReadOnly(f"{self.path} is read-only: nothing of {path.name} was stored")
        try:
            summary = self._import_file(path, fmt, dataset, skip_bad_rows, date_order,
                                        progress, mapping)  # fmt: skip
        except DiskFull as exc:
            # (raised by the SQLite file's own code only)
            backup = file_size(self.file) if file_size(path) >= LARGE_FILE else 0
            needed = max(2 * exc.written, STORE_GROWTH * file_size(path)) + backup
            raise DiskFull(disk_full_message(path, self.file, needed), exc.written) from None
        if warning := self._settle(path):
            summary = dataclasses.replace(summary, warnings=(*summary.warnings, warning))
        return summary

    def _import_file(
        self,
        path: Path,
        fmt: str,
        dataset: str | None,
        skip_bad_rows: bool,
        date_order: str | None,
        progress: Progress | None,
        mapping: ColumnMap | None,
    ) -> ImportSummary:
        backed_up = False
        if mapping is None and fmt in ("auto", "acled") and header_names(path) is not None:
            size = path.stat().st_size
            if size >= LARGE_FILE:
                backed_up = self._backup_before_import()
            try:
                with self._import_transaction(large=size >= REINDEX_FROM) as conn:
                    return store_acled_bulk(conn, path, dataset, progress, self._cache_base)
            except NotBulk:
                pass  # the row reader names the line, the field and the value
        parsed = read_file(
            path, fmt, skip_bad_rows=skip_bad_rows, date_order=date_order, progress=progress,
            mapping=mapping,
        )  # fmt: skip
        return self.import_parsed(parsed, dataset, progress, backup=not backed_up)

    def import_parsed(
        self,
        parsed: ParsedFile,
        dataset: str | None = None,
        progress: Progress | None = None,
        *,
        backup: bool = True,
    ) -> ImportSummary:
        if backup and len(parsed.events) >= LARGE_IMPORT:  # much to undo by hand: keep a copy first
            self._backup_before_import()
        with self._import_transaction():
            return store_parsed(self._conn, parsed, dataset, progress)

    # -- stories ---------------------------------------------------------------------------

    def save_story(self, dataset: str, story: Story, replacing: str | None = None) -> None:
        """Store a story (replacing one of the same name, and the story `replacing` when it
        is renamed, in one transaction); its events must be in the dataset."""
        ds = self._dataset_id(dataset)
        uids = {
            u for (u,) in self._conn.execute("SELECT uid FROM events WHERE dataset_id = ?", (ds,))
        }
        unknown = [st.event_id for st in story.steps if st.event_id not in uids]
        if unknown:
            raise StoreError(f"story '{story.name}': no event '{unknown[0]}' in '{dataset}'")
        with self._transaction() as conn:
            save_story(conn, ds, story)
            if replacing and replacing != story.name:
                conn.execute(
                    "DELETE FROM stories WHERE dataset_id = ? AND name = ?", (ds, replacing)
                )

    def delete_story(self, dataset: str, name: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "DELETE FROM stories WHERE dataset_id = ? AND name = ?",
                (self._dataset_id(dataset), name),
            )

    # -- what a source no longer has ------------------------------------------------------

    def remove_missing(self, dataset: str) -> int:
        """Delete the events marked as no longer in their source; returns how many."""
        ds = self._dataset_id(dataset)
        with self._transaction() as conn:
            gone = conn.execute(
                "SELECT uid, doc FROM events WHERE dataset_id = ? AND missing_since IS NOT NULL",
                (ds,),
            ).fetchall()
            for uid, doc in gone:  # each can be restored from its history
                history.record(conn, ds, uid, self.who(), history.MISSING, history.DELETED,
                               None, doc)  # fmt: skip
            removed = conn.execute(
                "DELETE FROM events WHERE dataset_id = ? AND missing_since IS NOT NULL", (ds,)
            ).rowcount
            if removed:
                column_cache.new_token(conn, ds)
            return removed
