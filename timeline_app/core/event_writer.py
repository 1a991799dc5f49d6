"""Writing events into one dataset in batches, inside the caller's transaction.

A batch comes either from Event objects (every reader) or from columns prepared in bulk
(`formats/acled_bulk.py`); the writer matches them to the stored events by id, so that a
re-import counts what is new, updated and unchanged, and marks what the source no longer has.
An event edited by hand is never overwritten: the source's new version goes into its history.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from timeline_app.core import history
from timeline_app.core.backend import StoreConnection, insert_rows
from timeline_app.core.model import Actor, Event, Role
from timeline_app.core.store_rows import DERIVED, derived_columns, event_doc

ROLES = list(Role)
_INSERTED = ("id", "dataset_id", *DERIVED, "doc", "doc_hash", "origin", "changed_in")
_UID, _LO, _HI, _COUNTRY = (DERIVED.index(c) for c in ("uid", "start_ts", "end_ts", "country"))


@dataclass
class Batch:
    """Events ready for the store, in file order."""

    docs: Sequence[str]  # canonical JSON (store_rows.event_doc)
    derived: Sequence[tuple]  # the queryable columns, in the order of DERIVED
    actor_links: Sequence[tuple[int, str, int]]  # (index in the batch, canonical name, role)
    actors: Sequence[Actor] = ()  # actors new or changed since the last batch

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

    def write(self, batch: Batch) -> None:
        inserts, updates, back, changed, kept = [], [], [], {}, []
        for i, (doc, row) in enumerate(zip(batch.docs, batch.derived, strict=True)):
            dig = digest(doc)
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
        if inserts:  # for the search index (updates: a trigger)
            conn.execute(
                "INSERT INTO search_pending SELECT id FROM events WHERE id BETWEEN ? AND ?",
                (inserts[0][0], inserts[-1][0]),
            )
        ids = [(u[-1],) for u in updates]  # their old links go (triggers see to the index)
        conn.executemany("DELETE FROM event_actors WHERE event_id = ?", ids)
        self.save_actors(batch.actors)
        insert_rows(
            conn, "event_actors", ("event_id", "actor_id", "role"),
            [(changed[i], self.actor_ids[name], role) for i, name, role in batch.actor_links
             if i in changed],
        )  # fmt: skip

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
