"""Reading a store: its datasets, events, columns, stories, search and figures. The same
for both back ends (core/backend.py): what differs is behind the connection and the few
methods the PostgreSQL store (store_pg.py) replaces."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from timeline_app.core import column_cache, history, search_index, source_cache
from timeline_app.core.backend import (
    StoreConnection,
    StoreLocation,
    insert_rows,
    sources_of_events,
)
from timeline_app.core.column_patch import from_stale_cache
from timeline_app.core.columns import EventColumns, load_columns
from timeline_app.core.errors import StoreError
from timeline_app.core.formats import ParsedFile
from timeline_app.core.history import Change
from timeline_app.core.importing import read_actors, read_stories
from timeline_app.core.model import Actor, DatasetInfo, Event, Story
from timeline_app.core.serialize import event_from_dict

SAMPLE_DATASET = "Congo 2025"


class StoreReading:
    """Mixed into Store (which gives _conn, path, read_only, _transaction, _cache_base)."""

    _conn: StoreConnection
    path: StoreLocation
    _cache_base: Path
    read_only: bool

    if TYPE_CHECKING:  # what Store and StoreEdits give, declared for the type checker

        def _transaction(self) -> AbstractContextManager[StoreConnection]: ...
        def history(self, dataset: str, uid: str | None = None) -> list[Change]: ...

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

    def stories(self, dataset: str) -> list[Story]:
        return read_stories(self._conn, self._dataset_id(dataset))

    def story(self, dataset: str, name: str) -> Story:
        for story in self.stories(dataset):
            if story.name.casefold() == name.casefold():
                return story
        known = ", ".join(f"'{s.name}'" for s in self.stories(dataset)) or "none"
        raise StoreError(f"no story '{name}' in '{dataset}' (stories: {known})")

    def missing(self, dataset: str) -> list[tuple[str, str, str, str]]:
        """Events their source no longer had at a re-import: (id, date, title, which import)."""
        return self._conn.execute(
            "SELECT e.uid, e.date_label, e.title, i.file || ' (' || i.at || ')' "
            "FROM events AS e JOIN imports AS i ON i.id = e.missing_since "
            "WHERE e.dataset_id = ? ORDER BY e.start_ts, e.uid",
            (self._dataset_id(dataset),),
        ).fetchall()

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
        parsed.history = [history.entry(c) for c in self.history(name)]  # for our JSON
        return parsed

    _deferred_cache: tuple[int, Path, str | None, EventColumns] | None = None

    def columns(self, dataset: str, *, defer_cache: bool = False) -> EventColumns:
        """The dataset as arrays for the views: from the column cache if it holds, else by a
        few wide queries (then cached, if the dataset is large: at once, or at
        write_deferred_cache if `defer_cache`)."""
        ds = self._dataset_id(dataset)
        path, token = (
            column_cache.cache_path(self._cache_base, ds),
            column_cache.current_token(self._conn, ds),
        )
        if token is not None and (cached := column_cache.load(path, token)) is not None:
            return cached
        if token is not None and (cached := from_stale_cache(self._conn, path, ds, token)):
            return cached  # a few hand edits behind: only the events they changed are read
        cols = load_columns(self._conn, ds)
        if len(cols) >= column_cache.SMALLEST and not self.read_only:
            self._deferred_cache = (ds, path, token, cols)
            if not defer_cache:
                self.write_deferred_cache()
        return cols

    def write_deferred_cache(self) -> None:
        """Write the column cache of the dataset columns() last read without one, if it
        deferred it: the window does once the dataset is drawn (~0.4 s for a million events,
        which the first paint need not wait for). Under the token it was read with: if the
        dataset changed since, the cache is not taken as current (or is patched from the
        edits' log)."""
        pending, self._deferred_cache = self._deferred_cache, None
        if pending is None:
            return
        ds, path, token, cols = pending
        try:
            if token is None:  # a store from before the cache
                with self._transaction() as conn:
                    column_cache.new_token(conn, ds)
                token = column_cache.current_token(self._conn, ds)
                assert token is not None  # (new_token wrote it)
            column_cache.save(path, token, cols)
        except (sqlite3.OperationalError, StoreError):
            pass  # busy, or a read-only store: no cache this time

    def prepare_columns(self, dataset: str) -> None:
        """After an import: write a large dataset's column cache now, so that the window opens
        it quickly (for a million events, seconds here instead of on the window's thread)."""
        ds = self._dataset_id(dataset)
        count = self._conn.execute(
            "SELECT COUNT(*) FROM events WHERE dataset_id = ?", (ds,)
        ).fetchone()[0]
        if count >= column_cache.SMALLEST:
            token = column_cache.current_token(self._conn, ds)
            if not column_cache.is_current(column_cache.cache_path(self._cache_base, ds), token):
                self.columns(dataset)  # (an import into a new dataset wrote it already)
            source_cache.citations(self._conn, self._cache_base, ds)

    def source_count(self, dataset: str, ids: np.ndarray | None = None) -> int:
        """How many distinct sources the events cite (those with store `ids`, or all)."""
        sql = (
            f"SELECT COUNT(DISTINCT e.source) FROM {sources_of_events(self._conn)} "
            "WHERE e.dataset_id = ?"
        )
        ds = self._dataset_id(dataset)
        total = self._conn.execute(
            "SELECT COUNT(*) FROM events WHERE dataset_id = ?", (ds,)
        ).fetchone()[0]
        if total >= column_cache.SMALLEST:  # a large dataset: its citations are cached
            return source_cache.count(
                *source_cache.citations(self._conn, self._cache_base, ds), ids
            )
        if ids is None:
            return self._conn.execute(sql, (ds,)).fetchone()[0]
        self._conn.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (id BIGINT PRIMARY KEY)")
        self._conn.execute("DELETE FROM chosen")
        insert_rows(self._conn, "chosen", ("id",), [(int(i),) for i in ids])
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
