"""The local store: one SQLite file holding any number of datasets.

Every write is one transaction: an import that fails part-way leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from timeline_app.core.actors import ActorRegistry
from timeline_app.core.columns import EventColumns, load_columns
from timeline_app.core.errors import FieldError, InputError, StoreError
from timeline_app.core.formats import ParsedFile, read_file
from timeline_app.core.model import Actor, DatasetInfo, Event, Role
from timeline_app.core.paths import resources_dir
from timeline_app.core.schema import migrate
from timeline_app.core.serialize import event_from_dict
from timeline_app.core.store_rows import (
    DERIVED,
    derived_columns,
    event_doc,
    fts_query,
    search_text,
)

SAMPLE_DATASET = "Congo 2025"
SAMPLE_FILE = "congo-2025.json"
_ROLES = list(Role)


@dataclass(frozen=True)
class ImportSummary:
    path: Path
    dataset: str
    new: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return (
            f"{self.path.name} -> '{self.dataset}': "
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        )


def sample_path() -> Path:
    return resources_dir() / SAMPLE_FILE


class Store:
    """A handle on one store file. Use `Store.open(path)`; close it (or use `with`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: Path | str, *, sample: bool = True) -> Store:
        """Open the store at `path`, creating it if needed.

        A new store starts with the bundled Congo 2025 dataset unless `sample` is false.
        """
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open or create the store {path} ({exc})") from None
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path} is not a Timeline App store ({exc})") from None
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        try:
            migrate(conn, path)
            store = cls(path, conn)
            store._first_start(sample)
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _first_start(self, sample: bool) -> None:
        """On the first open, put the sample in; a store that crashed before gets it next time."""
        if self._conn.execute("SELECT 1 FROM meta WHERE key = 'created'").fetchone():
            return
        with self._transaction():
            if sample:
                self._import(read_file(sample_path()), None)
            self._conn.execute("INSERT INTO meta (key, value) VALUES ('created', ?)", (_now(),))

    # -- datasets ------------------------------------------------------------------------

    def datasets(self) -> list[DatasetInfo]:
        rows = self._conn.execute("SELECT name, description FROM datasets ORDER BY name")
        return [DatasetInfo(name, description) for name, description in rows]

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
        with self._transaction() as conn:
            conn.execute("DELETE FROM datasets WHERE id = ?", (self._dataset_id(name),))

    # -- import --------------------------------------------------------------------------

    def import_file(
        self, path: Path | str, *, fmt: str = "auto", dataset: str | None = None
    ) -> ImportSummary:
        """Read and store one file, all or nothing."""
        parsed = read_file(path, fmt)
        with self._transaction():
            return self._import(parsed, dataset)

    def import_parsed(self, parsed: ParsedFile, dataset: str | None = None) -> ImportSummary:
        with self._transaction():
            return self._import(parsed, dataset)

    def _import(self, parsed: ParsedFile, dataset: str | None) -> ImportSummary:
        """Store parsed events in the open transaction; events are matched by id."""
        conn = self._conn
        name = (dataset or parsed.dataset_name or parsed.path.stem).strip()
        ds = self._ensure_dataset(name, parsed.dataset_description)
        registry = ActorRegistry(self.actors_by_id(ds).values())
        try:
            for actor in parsed.actors:
                registry.merge(actor)
        except FieldError as exc:
            raise InputError(parsed.path, exc.message, field=exc.field) from None

        known = {
            uid: (eid, digest)
            for uid, eid, digest in conn.execute(
                "SELECT uid, id, doc_hash FROM events WHERE dataset_id = ?", (ds,)
            )
        }
        next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetchone()[0]
        inserts, updates, changed = [], [], []
        for i, event in enumerate(parsed.events):
            try:
                event = registry.canonical_event(event)
            except FieldError as exc:
                raise InputError(
                    parsed.path, exc.message, field=exc.field, **parsed.where(i)
                ) from None
            doc = event_doc(event)
            digest = hashlib.blake2b(doc.encode(), digest_size=16).hexdigest()
            old = known.get(event.id)
            if old is None:
                inserts.append((next_id, event, doc, digest))
                changed.append((next_id, event))
                next_id += 1
            elif old[1] != digest:
                updates.append((old[0], event, doc, digest))
                changed.append((old[0], event))

        self._save_actors(ds, registry)
        actor_ids = {name: aid for aid, name in self._actor_rows(ds)}
        conn.executemany(
            f"INSERT INTO events (id, dataset_id, {', '.join(DERIVED)}, doc, doc_hash) "
            f"VALUES (?, ?, {', '.join('?' * len(DERIVED))}, ?, ?)",
            [(eid, ds, *derived_columns(e), doc, h) for eid, e, doc, h in inserts],
        )
        conn.executemany(
            f"UPDATE events SET {', '.join(f'{c} = ?' for c in DERIVED)}, doc = ?, doc_hash = ? "
            "WHERE id = ?",
            [(*derived_columns(e), doc, h, eid) for eid, e, doc, h in updates],
        )
        ids = [(eid,) for eid, _ in changed]
        conn.executemany("DELETE FROM event_actors WHERE event_id = ?", ids)
        conn.executemany("DELETE FROM events_fts WHERE rowid = ?", ids)
        conn.executemany(
            "INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)",
            [
                (eid, actor_ids[a.name], _ROLES.index(a.role))
                for eid, e in changed
                for a in e.actors
            ],
        )
        conn.executemany(
            "INSERT INTO events_fts (rowid, title, description, actors, location, sources, tags)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(eid, *search_text(e)) for eid, e in changed],
        )
        if changed:
            conn.execute("UPDATE datasets SET updated = ? WHERE id = ?", (_now(), ds))
        unchanged = len(parsed.events) - len(inserts) - len(updates)
        return ImportSummary(parsed.path, name, len(inserts), len(updates), unchanged)

    def _ensure_dataset(self, name: str, description: str) -> int:
        if not name:
            raise StoreError("a dataset needs a name")
        row = self._conn.execute("SELECT id FROM datasets WHERE name = ?", (name,)).fetchone()
        if row:
            return row[0]
        now = _now()
        cur = self._conn.execute(
            "INSERT INTO datasets (name, description, created, updated) VALUES (?, ?, ?, ?)",
            (name, description, now, now),
        )
        return cur.lastrowid

    def _actor_rows(self, ds: int) -> list[tuple[int, str]]:
        return self._conn.execute(
            "SELECT id, name FROM actors WHERE dataset_id = ?", (ds,)
        ).fetchall()

    def actors_by_id(self, ds: int) -> dict[int, Actor]:
        rows = self._conn.execute(
            "SELECT id, name, aliases, kind FROM actors WHERE dataset_id = ? ORDER BY id", (ds,)
        )
        return {
            aid: Actor(name, tuple(json.loads(aliases)), kind) for aid, name, aliases, kind in rows
        }

    def _save_actors(self, ds: int, registry: ActorRegistry) -> None:
        self._conn.executemany(
            "INSERT INTO actors (dataset_id, name, kind, aliases) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (dataset_id, name) DO UPDATE SET kind = excluded.kind, "
            "aliases = excluded.aliases",
            [
                (ds, a.name, a.kind, json.dumps(list(a.aliases), ensure_ascii=False))
                for a in registry.actors
                if a.name in registry.changed
            ],
        )

    # -- reading -------------------------------------------------------------------------

    def actors(self, dataset: str) -> list[Actor]:
        return list(self.actors_by_id(self._dataset_id(dataset)).values())

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
        return ParsedFile(Path(name), "store", events, [], self.actors(name), name, description)

    def columns(self, dataset: str) -> EventColumns:
        """The dataset as arrays for the views: a few wide queries, no object per event."""
        return load_columns(self._conn, self._dataset_id(dataset))

    def search(self, dataset: str, text: str) -> np.ndarray:
        """Ids (events.id) of the events that match `text` in any searchable field."""
        query = fts_query(text)
        if query is None:
            return np.empty(0, dtype=np.int64)
        rows = self._conn.execute(
            "SELECT f.rowid FROM events_fts AS f JOIN events AS e ON e.id = f.rowid "
            "WHERE events_fts MATCH ? AND e.dataset_id = ?",
            (query, self._dataset_id(dataset)),
        ).fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
