"""Writing events into one dataset in batches, inside the caller's transaction.

A batch comes either from Event objects (every reader) or from columns prepared in bulk
(`formats/acled_bulk.py`); the writer matches them to the stored events by id, so that a
re-import counts what is new, updated and unchanged, and marks what the source no longer has.
An event edited by hand is never overwritten: the source's new version goes into its history.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from timeline_app.core import history
from timeline_app.core.backend import StoreConnection, insert_rows, is_postgres
from timeline_app.core.column_cache import ImportColumns
from timeline_app.core.model import Actor, Event, Role
from timeline_app.core.store_rows import DERIVED, derived_columns, event_doc

ROLES = list(Role)
_INSERTED = ("id", "dataset_id", *DERIVED, "doc", "doc_hash", "origin", "changed_in")
_UID, _LO, _HI, _COUNTRY = (DERIVED.index(c) for c in ("uid", "start_ts", "end_ts", "country"))


@dataclass
class SearchText:
    """Each row's searchable text, column by column, as the view events_search (schema.py)
    gives it from the stored row: FTS5 must be handed the same text to take it out again."""

    title: np.ndarray
    description: np.ndarray
    actors: np.ndarray
    location: np.ndarray
    sources: np.ndarray
    tags: np.ndarray

    def columns(self) -> list[np.ndarray]:
        return [getattr(self, f.name) for f in dataclasses.fields(self)]  # (astuple copies)

    def rows(self, at: np.ndarray) -> list[list]:
        return [c[at].tolist() for c in self.columns()]


@dataclass
class Batch:
    """Events ready for the store, in file order."""

    docs: Sequence[str]  # canonical JSON (store_rows.event_doc)
    derived: Sequence[tuple]  # the queryable columns, in the order of DERIVED
    actor_links: Sequence[tuple[int, str, int]]  # (index in the batch, canonical name, role)
    actors: Sequence[Actor] = ()  # actors new or changed since the last batch
    # Made by the bulk reader, from the same pass (None from Event objects):
    columns: dict[str, np.ndarray] | None = None  # DERIVED as arrays: for the column cache
    search: SearchText | None = None  # for the search index, without reading the rows back
    cited: tuple[np.ndarray, np.ndarray] | None = None  # (index, "url|name") per source cited
    links: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
    # actor_links as arrays: (index, code, role) and the names the codes stand for
    digests: Sequence[str] | None = None  # digest(doc) of each, if taken already

    def in_id_order(self) -> Batch:
        """The batch of the bulk reader with its rows sorted by id (uid), each row's pieces
        kept together. Each row's entry in the store's index of ids (UNIQUE (dataset_id,
        uid)) then lands beside the previous one instead of on a random page: a third less
        time writing the rows. Their order in the store means nothing (readers sort by date,
        then id); the actors were made canonical before, in the file's order."""
        assert self.columns is not None and self.search is not None and self.links is not None
        order = np.argsort(self.columns["uid"], kind="stable")
        if (order[1:] > order[:-1]).all():
            return self
        place = np.empty_like(order)  # each row's new place
        place[order] = np.arange(len(order))
        keep = order.tolist()
        rows, codes, roles, names = self.links
        return dataclasses.replace(
            self,
            docs=[self.docs[i] for i in keep],
            derived=[self.derived[i] for i in keep],
            actor_links=[(int(place[i]), name, role) for i, name, role in self.actor_links],
            columns={name: values[order] for name, values in self.columns.items()},
            search=SearchText(*(values[order] for values in self.search.columns())),
            cited=None if self.cited is None else (place[self.cited[0]], self.cited[1]),
            links=(place[rows], codes, roles, names),
        )

    @classmethod
    def of_events(cls, events: Sequence[Event], actors: Sequence[Actor] = ()) -> Batch:
        """Events whose actor names are canonical already (ActorRegistry.canonical_event)."""
        return cls(
            [event_doc(e) for e in events],
            [derived_columns(e) for e in events],
            [(i, a.name, ROLES.index(a.role)) for i, e in enumerate(events) for a in e.actors],
            actors,
        )


def digest(doc: str) -> str:
    return hashlib.blake2b(doc.encode(), digest_size=16).hexdigest()


class EventWriter:
    """Writes batches into dataset `ds` for the import `import_id` of format `fmt`, from
    `origin` ("import of FILE", for the history)."""

    def __init__(
        self, conn: StoreConnection, ds: int, fmt: str, import_id: int, origin: str = ""
    ) -> None:
        self.conn, self.ds = conn, ds
        self.fmt, self.import_id = fmt, import_id
        self.origin = origin or history.import_origin(fmt)
        # source_hash: set on events edited by hand (the hash of the source's version then)
        self.known = {
            uid: (eid, dig, missing, source)
            for uid, eid, dig, missing, source in conn.execute(
                "SELECT uid, id, doc_hash, missing_since, source_hash FROM events "
                "WHERE dataset_id = ?",
                (ds,),
            )
        }
        self.next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetchone()[0]
        self.new = self.updated = self.unchanged = self.kept = 0
        self.lo: int | None = None
        self.hi: int | None = None
        self.countries: set[str] = set()
        self.actor_ids: dict[str, int] = {}
        self.incoming: set[str] = set()  # the file's ids, if any event could be missing
        self.actors_changed = False
        # a dataset new or empty: its columns are gathered as its rows are written, so that
        # the column cache needs no second pass over them (None: read them back after)
        self.gathered: ImportColumns | None = None if self.known else ImportColumns()

    def write(self, batch: Batch) -> None:
        digests = batch.digests if batch.digests is not None else map(digest, batch.docs)
        if not self.known and batch.columns is not None:
            inserts, changed = self._all_new(batch, digests)
            updates: list[tuple] = []
            back: list[tuple] = []
            kept: list[tuple] = []
        else:
            inserts, updates, back, changed, kept = self._match(batch, digests)
        self.new += len(inserts)
        self.updated += len(updates)
        self.kept += len(kept)
        self.unchanged += len(batch.docs) - len(inserts) - len(updates) - len(kept)
        self._note_coverage(batch.derived)

        conn = self.conn
        insert_rows(conn, "events", _INSERTED, inserts)  # (COPY on PostgreSQL)
        conn.executemany(
            f"UPDATE events SET {', '.join(f'{c} = ?' for c in DERIVED)}, doc = ?, "
            "doc_hash = ?, origin = ?, changed_in = ?, missing_since = NULL, "
            "revision = revision + 1 WHERE id = ?",
            updates,
        )
        self._keep_edits(kept)
        conn.executemany("UPDATE events SET missing_since = NULL WHERE id = ?", back)
        self._index(batch, inserts, changed)
        ids = [(u[-1],) for u in updates]  # their old links go (triggers see to the index)
        conn.executemany("DELETE FROM event_actors WHERE event_id = ?", ids)
        self.save_actors(batch.actors)
        if batch.links is None:
            links = [(changed[i], self.actor_ids[name], role)
                     for i, name, role in batch.actor_links if i in changed]  # fmt: skip
        else:
            rows, codes, roles, names = batch.links
            event_ids = np.full(len(batch.docs), -1, np.int64)
            event_ids[list(changed)] = list(changed.values())
            actor_ids = np.array([self.actor_ids[x] for x in names.tolist()], np.int64)
            pairs = np.column_stack((event_ids[rows], actor_ids[codes], roles))
            pairs = pairs[pairs[:, 0] >= 0]
            if self.gathered is not None and batch.columns is not None:
                self.gathered.add(event_ids, batch.columns, pairs, batch.cited, self.import_id)
            links = pairs.tolist()
        insert_rows(conn, "event_actors", ("event_id", "actor_id", "role"), links)
        if batch.columns is None:
            self.gathered = None  # (not from the bulk reader: read back)

    def _match(self, batch: Batch, digests: Iterable[str]) -> tuple[list, list, list, dict, list]:
        """Each row matched with the stored event of its id: (rows to insert, to update, to
        mark present again, {index in the batch: event id} of those written, and edits
        kept)."""
        inserts, updates, back, changed, kept = [], [], [], {}, []
        for i, (doc, row, dig) in enumerate(zip(batch.docs, batch.derived, digests, strict=True)):
            old = self.known.get(row[_UID])
            if old is not None and old[3] is not None:  # edited by hand: the edit stays
                if dig != old[3]:
                    kept.append((old[0], row[_UID], doc, dig))
                    self.known[row[_UID]] = (*old[:3], dig)  # (the same id twice in a file)
                elif old[2] is not None:
                    back.append((old[0],))
            elif old is None:
                inserts.append((self.next_id, self.ds, *row, doc, dig, self.fmt, self.import_id))
                changed[i] = self.next_id
                self.next_id += 1
            elif old[1] != dig:
                updates.append((*row, doc, dig, self.fmt, self.import_id, old[0]))
                changed[i] = old[0]
            elif old[2] is not None:
                back.append((old[0],))  # unchanged, and in the source again
        return inserts, updates, back, changed, kept

    def _all_new(self, batch: Batch, digests: Iterable[str]) -> tuple[list[tuple], dict]:
        """The rows of a bulk reader's batch into a dataset that had no events: nothing to
        match them with, so they are put together by zip from its columns rather than one by
        one (~1.5 s less for a million rows)."""
        assert batch.columns is not None
        n = len(batch.docs)
        ids = range(self.next_id, self.next_id + n)
        inserts = list(zip(
            ids, repeat(self.ds), *(batch.columns[c].tolist() for c in DERIVED), batch.docs,
            digests, repeat(self.fmt), repeat(self.import_id),
        ))  # fmt: skip
        self.next_id += n
        return inserts, dict(zip(range(n), ids, strict=True))

    def _index(self, batch: Batch, inserts: list[tuple], changed: dict[int, int]) -> None:
        """New events into the search index: their text straight from the batch if it has it
        (SQLite's FTS5), else listed as pending, for search_index to take from the stored rows
        (always on PostgreSQL, whose index is a tsvector the server makes from the stored
        record: pg_schema.index_sql)."""
        if not inserts:
            return  # (updates: a trigger lists them)
        if batch.search is None or is_postgres(self.conn):
            self.conn.execute(
                "INSERT INTO search_pending SELECT id FROM events WHERE id BETWEEN ? AND ?",
                (inserts[0][0], inserts[-1][0]),
            )
            return
        first = inserts[0][0]
        at = np.array([i for i, eid in changed.items() if eid >= first], np.int64)
        ids = [eid for eid in changed.values() if eid >= first]
        self.conn.executemany(
            "INSERT INTO events_fts (rowid, title, description, actors, location, sources, tags) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            zip(ids, *batch.search.rows(at), strict=True),
        )

    def _keep_edits(self, kept: list[tuple[int, str, str, str]]) -> None:
        """Events edited here that the source changed: the edit stays, and the source's
        version goes into the event's history (from which the user can take it)."""
        for eid, uid, doc, dig in kept:
            (current,) = self.conn.execute("SELECT doc FROM events WHERE id = ?", (eid,)).fetchone()
            changes = history.diff(json.loads(current), json.loads(doc))
            history.record(self.conn, self.ds, uid, history.os_user(), self.origin,
                           history.SOURCE, changes, doc)  # fmt: skip
            self.conn.execute(
                "UPDATE events SET source_hash = ?, missing_since = NULL WHERE id = ?", (dig, eid)
            )

    def _note_coverage(self, rows: Sequence[tuple]) -> None:
        """The period and countries this file covers, and its ids, to judge what is missing."""
        if not rows:
            return
        lo, hi = min(r[_LO] for r in rows), max(r[_HI] for r in rows)
        self.lo = lo if self.lo is None else min(self.lo, lo)
        self.hi = hi if self.hi is None else max(self.hi, hi)
        self.countries.update(r[_COUNTRY] for r in rows)
        if self.known:
            self.incoming.update(r[_UID] for r in rows)

    def save_actors(self, actors: Sequence[Actor]) -> None:
        self.actors_changed |= bool(actors)
        self.conn.executemany(
            "INSERT INTO actors (dataset_id, name, kind, aliases) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (dataset_id, name) DO UPDATE SET kind = excluded.kind, "
            "aliases = excluded.aliases",
            [
                (self.ds, a.name, a.kind, json.dumps(list(a.aliases), ensure_ascii=False))
                for a in actors
            ],
        )
        if actors or not self.actor_ids:
            self.actor_ids = dict(
                self.conn.execute("SELECT name, id FROM actors WHERE dataset_id = ?", (self.ds,))
            )

    def finish(self) -> int:
        """Mark what the source no longer has; returns how many that is."""
        gone = [
            (eid,)
            for uid, (eid, _, missing, _) in self.known.items()
            if missing is None and uid not in self.incoming
        ]
        if self.lo is None or not gone:
            return 0
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS gone (id INTEGER PRIMARY KEY)")
        conn.execute("DELETE FROM gone")
        conn.executemany("INSERT INTO gone VALUES (?)", gone)
        # only events this format brought, within the period and countries the file covers
        sql = (
            "UPDATE events SET missing_since = ? WHERE id IN (SELECT id FROM gone) "
            "AND origin = ? AND start_ts < ? AND end_ts > ?"
        )
        args: list = [self.import_id, self.fmt, self.hi, self.lo]
        if "" not in self.countries:
            countries = sorted(self.countries)
            sql += f" AND country IN ({', '.join('?' * len(countries))})"
            args += countries
        count = conn.execute(sql, args).rowcount
        conn.execute("DELETE FROM gone")
        return count
