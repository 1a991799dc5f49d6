"""The local store: one SQLite file holding any number of datasets.

Every write is one transaction: an import that fails part-way leaves nothing behind.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np

from timeline_app.core import column_cache, history, schema, search_index, source_cache
from timeline_app.core.backups import LARGE_FILE, LARGE_IMPORT, make_backup
from timeline_app.core.columns import EventColumns, load_columns
from timeline_app.core.editing import StoreEdits
from timeline_app.core.errors import (
    DiskFull,
    InputError,
    StoreError,
    StoreReadOnly,
)
from timeline_app.core.formats import ColumnMap, ParsedFile, read_file
from timeline_app.core.formats.acled_bulk import NotBulk, header_names
from timeline_app.core.formats.tabular import Progress
from timeline_app.core.importing import (
    ImportSummary,
    now,
    read_actors,
    read_stories,
    save_story,
    store_acled_bulk,
    store_parsed,
)
from timeline_app.core.model import Actor, DatasetInfo, Event, Story
from timeline_app.core.paths import resources_dir
from timeline_app.core.serialize import event_from_dict
from timeline_app.core.store_file import (
    check_contents,
    connect,
    disk_full_message,
    file_size,
    said,
    settle,
    transaction,
)

SAMPLE_DATASET = "Congo 2025"
SAMPLE_FILE = "congo-2025.json"


def sample_path() -> Path:
    return resources_dir() / SAMPLE_FILE


STORE_GROWTH = 7  # bytes of disk an import needs at its peak, per byte of its file (measured
# 3.5 for a CSV: its pages in the -wal, then again in the store when the -wal is copied in)


STORE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def is_store_file(path: Path | str, store_path: Path) -> bool:
    """Whether `path` is the store or one of SQLite's files beside it, by any name (a link,
    another spelling). Reading one of them in a process that has the store open drops that
    process's locks on it (POSIX locks belong to the process; any close() releases them)."""
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


class Store(StoreEdits):
    """A handle on one store file. Use `Store.open(path)`; close it (or use `with`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False) -> None:
        self.path = path
        self._conn = conn
        self.read_only = read_only  # a read-only folder, mount or file: every write refused
        # How long a write waits for another process's (an import's) before giving up, and
        # what to call once when it starts waiting. The window's own thread does not wait
        # (0: SQLite's busy timeout only); the CLI and the window's import process do.
        self.write_wait = 0.0
        self.on_wait: Callable[[], None] | None = None

    @classmethod
    def open(cls, path: Path | str, *, sample: bool = True) -> Store:
        """Open the store at `path`, creating it if needed.

        A new store starts with the bundled Congo 2025 dataset unless `sample` is false.
        """
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
        self._conn, self.read_only = connect(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing (see store_file.transaction)."""
        if self.read_only:
            raise StoreReadOnly(f"{self.path} is read-only: nothing can be written to it")
        with transaction(self._conn, self.path, self.write_wait, self.on_wait) as conn:
            yield conn

    @contextmanager
    def _import_transaction(self) -> Iterator[sqlite3.Connection]:
        """An import's transaction. Its events are indexed for search in it if they are few;
        many are left to build_search_index, after the import.

        The importer writes only ids it made or read in this transaction, so foreign keys are
        not checked (2 s a million rows); and the write-ahead log is not copied into the store
        by SQLite's automatic checkpoint inside the commit, but by import_file right after it
        (store_file.settle), where a full disk can be said."""
        self._conn.execute("PRAGMA foreign_keys = OFF")  # (no effect inside a transaction)
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        try:
            with self._transaction() as conn:
                yield conn
                self._index_if_few()
        finally:
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA wal_autocheckpoint = 1000")

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

    def datasets(self) -> list[DatasetInfo]:
        rows = self._conn.execute("SELECT name, description FROM datasets ORDER BY name")
        return [DatasetInfo(name, description) for name, description in rows]

    def data_version(self) -> int:
        """SQLite's count of commits by other connections seen by this one (it changes only
        when another process or connection wrote): cheap to poll."""
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def change_marks(self) -> dict[str, tuple]:
        """Each dataset's mark of change: its events' token (replaced by every write to its
        events) and its last import. Equal marks: the window shows the dataset as it is."""
        rows = self._conn.execute(
            "SELECT d.name, m.value, (SELECT max(id) FROM imports AS i WHERE i.dataset_id = d.id) "
            "FROM datasets AS d LEFT JOIN meta AS m ON m.key = 'columns-token:' || d.id"
        )
        return {name: (token, last) for name, token, last in rows}

    def _dataset_id(self, name: str) -> int:
        row = self._conn.execute("SELECT id FROM datasets WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = ", ".join(f"'{d.name}'" for d in self.datasets()) or "none"
            raise StoreError(f"no dataset '{name}' in {self.path} (datasets: {known})")
        return row[0]

    def default_dataset(self) -> str | None:
        """The dataset to show when none is named: the sample if present, else the first."""
        names = [d.name for d in self.datasets()]
        if SAMPLE_DATASET in names:
            return SAMPLE_DATASET
        return names[0] if names else None

    def delete_dataset(self, name: str) -> None:
        ds = self._dataset_id(name)
        with self._transaction() as conn:
            conn.execute("DELETE FROM datasets WHERE id = ?", (ds,))
            column_cache.new_token(conn, ds)  # a later dataset may get the same id
        column_cache.cache_path(self.path, ds).unlink(missing_ok=True)

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
            backup = file_size(self.path) if file_size(path) >= LARGE_FILE else 0
            needed = max(2 * exc.written, STORE_GROWTH * file_size(path)) + backup
            raise DiskFull(disk_full_message(path, self.path, needed), exc.written) from None
        if warning := settle(self._conn, self.path, path):
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
            if path.stat().st_size >= LARGE_FILE:
                make_backup(self._conn, self.path, "before-import")
                backed_up = True
            try:
                with self._import_transaction() as conn:
                    return store_acled_bulk(conn, path, dataset, progress, self.path)
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
            make_backup(self._conn, self.path, "before-import")
        with self._import_transaction():
            return store_parsed(self._conn, parsed, dataset, progress)

    # -- stories ---------------------------------------------------------------------------

    def stories(self, dataset: str) -> list[Story]:
        return read_stories(self._conn, self._dataset_id(dataset))

    def story(self, dataset: str, name: str) -> Story:
        for story in self.stories(dataset):
            if story.name.casefold() == name.casefold():
                return story
        known = ", ".join(f"'{s.name}'" for s in self.stories(dataset)) or "none"
        raise StoreError(f"no story '{name}' in '{dataset}' (stories: {known})")

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

    def missing(self, dataset: str) -> list[tuple[str, str, str, str]]:
        """Events their source no longer had at a re-import: (id, date, title, which import)."""
        return self._conn.execute(
            "SELECT e.uid, e.date_label, e.title, i.file || ' (' || i.at || ')' "
            "FROM events AS e JOIN imports AS i ON i.id = e.missing_since "
            "WHERE e.dataset_id = ? ORDER BY e.start_ts, e.uid",
            (self._dataset_id(dataset),),
        ).fetchall()

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

    # -- reading -------------------------------------------------------------------------

    def actors(self, dataset: str) -> list[Actor]:
        return list(read_actors(self._conn, self._dataset_id(dataset)).values())

    def events(self, dataset: str) -> list[Event]:
        """Every event of a dataset as model objects, in time order (for export and edits)."""
        rows = self._conn.execute(
            "SELECT doc FROM events WHERE dataset_id = ? ORDER BY start_ts, uid",
            (self._dataset_id(dataset),),
        )
        return [event_from_dict(json.loads(doc)) for (doc,) in rows]

    def event(self, dataset: str, uid: str) -> Event | None:
        row = self._conn.execute(
            "SELECT doc FROM events WHERE dataset_id = ? AND uid = ?",
            (self._dataset_id(dataset), uid),
        ).fetchone()
        return event_from_dict(json.loads(row[0])) if row else None

    def parsed(self, dataset: str) -> ParsedFile:
        """A dataset as a ParsedFile, ready for a writer."""
        ds = self._dataset_id(dataset)
        name, description = self._conn.execute(
            "SELECT name, description FROM datasets WHERE id = ?", (ds,)
        ).fetchone()
        events = self.events(name)
        parsed = ParsedFile(Path(name), "store", events, [], self.actors(name), name, description)
        parsed.stories = self.stories(name)
        return parsed

    def columns(self, dataset: str) -> EventColumns:
        """The dataset as arrays for the views: from the column cache if it holds, else by a
        few wide queries (then cached, if the dataset is large)."""
        ds = self._dataset_id(dataset)
        path, token = (
            column_cache.cache_path(self.path, ds),
            column_cache.current_token(self._conn, ds),
        )
        if token is not None and (cached := column_cache.load(path, token)) is not None:
            return cached
        cols = load_columns(self._conn, ds)
        if len(cols) >= column_cache.SMALLEST and not self.read_only:
            try:
                if token is None:  # a store from before the cache
                    with self._transaction() as conn:
                        column_cache.new_token(conn, ds)
                    token = column_cache.current_token(self._conn, ds)
                column_cache.save(path, token, cols)
            except (sqlite3.OperationalError, StoreError):
                pass  # busy, or a read-only store: no cache this time
        return cols

    def prepare_columns(self, dataset: str) -> None:
        """After an import: write a large dataset's column cache now, so that the window opens
        it quickly (for a million events, seconds here instead of on the window's thread)."""
        ds = self._dataset_id(dataset)
        count = self._conn.execute(
            "SELECT COUNT(*) FROM events WHERE dataset_id = ?", (ds,)
        ).fetchone()[0]
        if count >= column_cache.SMALLEST:
            token = column_cache.current_token(self._conn, ds)
            if not column_cache.is_current(column_cache.cache_path(self.path, ds), token):
                self.columns(dataset)  # (an import into a new dataset wrote it already)
            source_cache.citations(self._conn, self.path, ds)

    def source_count(self, dataset: str, ids: np.ndarray | None = None) -> int:
        """How many distinct sources the events cite (those with store `ids`, or all)."""
        sql = (
            "SELECT COUNT(DISTINCT COALESCE(json_extract(s.value, '$.url'), '') || '|' || "
            "COALESCE(json_extract(s.value, '$.name'), '')) "
            "FROM events AS e, json_each(e.doc, '$.sources') AS s WHERE e.dataset_id = ?"
        )
        ds = self._dataset_id(dataset)
        total = self._conn.execute(
            "SELECT COUNT(*) FROM events WHERE dataset_id = ?", (ds,)
        ).fetchone()[0]
        if total >= column_cache.SMALLEST:  # a large dataset: its citations are cached
            return source_cache.count(*source_cache.citations(self._conn, self.path, ds), ids)
        if ids is None:
            return self._conn.execute(sql, (ds,)).fetchone()[0]
        self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (id INTEGER PRIMARY KEY)")
        self._conn.execute("DELETE FROM chosen")
        self._conn.executemany("INSERT INTO chosen VALUES (?)", [(int(i),) for i in ids])
        sql += " AND e.id IN (SELECT id FROM chosen)"
        return self._conn.execute(sql, (ds,)).fetchone()[0]

    def search(self, dataset: str, text: str) -> np.ndarray:
        """Ids (events.id) of the events that match `text` in any searchable field. Events
        of other datasets may be among them: the caller's columns keep only their own (a join
        to leave them out here costs seconds when a word is in a million events)."""
        self._dataset_id(dataset)  # a dataset that is not there is still an error
        return search_index.search(self._conn, text)

    def search_pending(self) -> int:
        """How many events (of any dataset) are not in the search index yet."""
        return search_index.pending(self._conn)

    def build_search_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index the events imported in bulk (see search_index); returns how many."""
        return search_index.build(self._conn, progress)

    def stats(self) -> list[dict]:
        """Per dataset: events, actors, places, first and last date, key events."""
        out = []
        for info in self.datasets():
            ds = self._dataset_id(info.name)
            count, keys, places = self._conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(key), 0), "
                "COUNT(DISTINCT place || '|' || admin1 || '|' || country) "
                "FROM events WHERE dataset_id = ?",
                (ds,),
            ).fetchone()
            actors = self._conn.execute(
                "SELECT COUNT(DISTINCT ea.actor_id) FROM event_actors AS ea "
                "JOIN events AS e ON e.id = ea.event_id WHERE e.dataset_id = ?",
                (ds,),
            ).fetchone()[0]
            first = self._edge_date(ds, "start_ts ASC")
            last = self._edge_date(ds, "end_ts DESC")
            out.append(
                {
                    "dataset": info.name,
                    "events": count,
                    "actors": actors,
                    "locations": places,
                    "key_events": keys,
                    "first": first,
                    "last": last,
                }
            )
        return out

    def _edge_date(self, ds: int, order: str) -> str | None:
        """The date text of the first or last event, as precise as that event is."""
        row = self._conn.execute(
            f"SELECT doc FROM events WHERE dataset_id = ? ORDER BY {order} LIMIT 1", (ds,)
        ).fetchone()
        if row is None:
            return None
        doc = json.loads(row[0])
        return doc["start"] if order.startswith("start") else doc.get("end", doc["start"])
