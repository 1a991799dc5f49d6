"""The analyst's own changes to a dataset's events: create, update, delete and restore.

Each change is one transaction that also writes the event's history and replaces the
dataset's column-cache token (the window's arrays and the search index stay true). Every
write raises the event's `revision`; an update or a deletion names the revision it was made
from, and one made from a stale copy (another window saved first) is refused with
EditConflict instead of silently undoing the other's work.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from timeline_app.core import history as hist
from timeline_app.core.actors import ActorRegistry
from timeline_app.core.backups import make_backup
from timeline_app.core.column_cache import edited_token
from timeline_app.core.column_patch import patch_columns
from timeline_app.core.columns import EventColumns
from timeline_app.core.datasets import DatasetCopies
from timeline_app.core.errors import EditConflict, FieldError, StoreError
from timeline_app.core.event_writer import ROLES, digest
from timeline_app.core.history import Change
from timeline_app.core.importing import ensure_dataset, read_actors
from timeline_app.core.model import Actor, Event, Location, LocationPrecision
from timeline_app.core.serialize import event_from_dict
from timeline_app.core.store_rows import DERIVED, derived_columns, event_doc
from timeline_app.core.text import first_control


def new_event_id() -> str:
    """An id no source uses: a re-import never matches an event made here."""
    return f"local-{uuid.uuid4().hex[:12]}"


class StoreEdits(DatasetCopies):
    """Mixed into Store (which gives _conn, _transaction, _dataset_id, _index_if_few)."""

    user: str | None = None  # who makes the changes (a name set in preferences); None: the OS user

    _together: sqlite3.Connection | None = None

    @contextmanager
    def together(self) -> Iterator[None]:
        """The edits made inside are one transaction: all of them are written, or none
        (a bulk change of several events)."""
        with self._transaction() as conn:
            self._together = conn
            try:
                yield
            finally:
                self._together = None

    def _edit(self) -> AbstractContextManager[sqlite3.Connection]:
        """This edit's transaction, or the one of `together` it is part of."""
        return nullcontext(self._together) if self._together is not None else self._transaction()

    def who(self) -> str:
        return (self.user or "").strip() or hist.os_user()

    # -- reading --------------------------------------------------------------------------

    def revision(self, dataset: str, uid: str) -> int | None:
        """The event's revision (None: no such event). Pass it back to update or delete it."""
        row = self._conn.execute(
            "SELECT revision FROM events WHERE dataset_id = ? AND uid = ?",
            (self._dataset_id(dataset), uid),
        ).fetchone()
        return row[0] if row else None

    def history(self, dataset: str, uid: str | None = None) -> list[Change]:
        """The changes of one event, or of every event of the dataset, oldest first."""
        return hist.read(self._conn, self._dataset_id(dataset), uid)

    def edit_note(self, dataset: str, uid: str) -> tuple[int, Change | None]:
        """How many times the event was edited here, and its last change made here (its
        creation, if never edited since)."""
        changes = [c for c in self.history(dataset, uid) if c.action in (*hist.EDITS, hist.CREATED)]
        edits = sum(c.action in hist.EDITS for c in changes)
        return edits, (changes[-1] if changes else None)

    def deleted_events(self, dataset: str) -> list[Change]:
        """The last deletion of each event that is still deleted, newest first (to restore)."""
        return [c for c in reversed(hist.read(self._conn, self._dataset_id(dataset), deleted=True))]

    def places(self, dataset: str) -> list[Location]:
        """The dataset's distinct places with their coordinates, most used first."""
        rows = self._conn.execute(  # (MAX: PostgreSQL takes no bare column in a GROUP BY)
            "SELECT place, admin2, admin1, country, MAX(latitude), MAX(longitude), "
            "MAX(json_extract(doc, '$.location.precision')) FROM events "
            "WHERE dataset_id = ? AND place != '' "
            "GROUP BY place, admin2, admin1, country ORDER BY COUNT(*) DESC, place",
            (self._dataset_id(dataset),),
        )
        return [
            Location(p, a2, a1, c, lat, lon, LocationPrecision.parse(prec or ""))
            for p, a2, a1, c, lat, lon, prec in rows
        ]

    def patched_columns(
        self, dataset: str, cols: EventColumns, uids: Collection[str]
    ) -> EventColumns:
        """The dataset's columns after the events `uids` changed, from `cols` (read before)."""
        return patch_columns(self._conn, self._dataset_id(dataset), cols, uids)

    # -- datasets -------------------------------------------------------------------------

    def create_dataset(self, name: str, description: str = "") -> None:
        """A new, empty dataset."""
        name = " ".join(name.split())
        if not name or first_control(name) is not None:
            raise StoreError("a dataset needs a name, without control characters")
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM datasets WHERE name = ?", (name,)).fetchone():
                raise StoreError(f"there is a dataset '{name}' already")
            ensure_dataset(conn, name, description)

    def rename_dataset(self, name: str, new: str) -> None:
        new = " ".join(new.split())
        ds = self._dataset_id(name)
        if not new or first_control(new) is not None:
            raise StoreError("a dataset needs a name, without control characters")
        with self._transaction() as conn:
            row = conn.execute("SELECT id FROM datasets WHERE name = ?", (new,)).fetchone()
            if row is not None and row[0] != ds:
                raise StoreError(f"there is a dataset '{new}' already")
            conn.execute("UPDATE datasets SET name = ?, updated = ? WHERE id = ?",
                         (new, hist.now(), ds))  # fmt: skip

    def event_count(self, dataset: str) -> int:
        return self._conn.execute(
            "SELECT COUNT(*) FROM events WHERE dataset_id = ?", (self._dataset_id(dataset),)
        ).fetchone()[0]

    def backup(self, reason: str) -> Path:
        """A checked copy of the store in its backups folder (before a deletion, say)."""
        return make_backup(self._conn, self.path, reason)

    # -- writing --------------------------------------------------------------------------

    def create_event(
        self, dataset: str, event: Event, origin: str = hist.WINDOW, *,
        actors: Sequence[Actor] = (),
    ) -> int:  # fmt: skip
        """Add an event made by hand; returns its revision. Its id must be new to the dataset.
        `actors`: new ones, with their kinds and aliases (as an import stores them)."""
        ds = self._dataset_id(dataset)
        with self._edit() as conn:
            if _current(conn, ds, event.id) is not None:
                raise StoreError(f"'{dataset}' has an event with the id '{event.id}' already")
            doc = _write(conn, ds, event, None, source_hash="", actors=actors)
            hist.record(conn, ds, event.id, self.who(), origin, hist.CREATED, None, doc)
            self._index_if_few()
        return 1

    def update_event(
        self, dataset: str, event: Event, revision: int | None, origin: str = hist.WINDOW, *,
        actors: Sequence[Actor] = (),
    ) -> int:  # fmt: skip
        """Replace the event of the same id, if it is still at `revision`; returns its new
        revision. The change is recorded field by field; an event edited here keeps its
        edit through later re-imports of its source."""
        ds = self._dataset_id(dataset)
        with self._edit() as conn:
            eid, current, doc_hash, source_hash = self._check(conn, ds, dataset, event.id, revision)
            assert revision is not None  # _check found the event at it
            old = json.loads(current)
            new = event_doc(_canonical(conn, ds, event, actors))
            changes = hist.diff(old, json.loads(new))
            if not changes:
                return revision
            # the source's version (before any hand edit) is the one a re-import compares with
            keep = doc_hash if source_hash is None else source_hash
            _write(conn, ds, event, eid, source_hash=keep, actors=actors)
            hist.record(conn, ds, event.id, self.who(), origin, hist.CHANGED, changes)
            self._index_if_few()
        return revision + 1

    def delete_event(
        self, dataset: str, uid: str, revision: int | None, origin: str = hist.WINDOW
    ) -> None:
        """Delete the event if it is still at `revision`; its record stays in its history."""
        ds = self._dataset_id(dataset)
        with self._edit() as conn:
            eid, current, _, _ = self._check(conn, ds, dataset, uid, revision)
            conn.execute("DELETE FROM events WHERE id = ?", (eid,))
            hist.record(conn, ds, uid, self.who(), origin, hist.DELETED, None, current)
            _touched(conn, ds, uid)

    def restore_event(self, dataset: str, uid: str, origin: str = hist.WINDOW) -> int:
        """Bring a deleted event back as it was when deleted; returns its revision."""
        ds = self._dataset_id(dataset)
        deleted = [c for c in hist.read(self._conn, ds, uid) if c.action == hist.DELETED]
        if not deleted or deleted[-1].doc is None:
            raise StoreError(f"no deleted event '{uid}' in '{dataset}' to restore")
        event = event_from_dict(deleted[-1].doc)
        with self._edit() as conn:
            if _current(conn, ds, uid) is not None:
                raise EditConflict(
                    f"'{dataset}' has an event '{uid}' again (a re-import, or another window "
                    "restored it): nothing was restored"
                )
            doc = _write(conn, ds, event, None, source_hash="")
            hist.record(conn, ds, uid, self.who(), origin, hist.RESTORED, None, doc)
            self._index_if_few()
        return 1

    def _check(
        self, conn: sqlite3.Connection, ds: int, dataset: str, uid: str, revision: int | None
    ) -> tuple[int, str, str, str | None]:
        """The stored event (id, doc, hash, source hash), if it is at `revision`."""
        row = _current(conn, ds, uid)
        if row is None:
            raise EditConflict(
                f"the event '{uid}' is no longer in '{dataset}' (deleted elsewhere, by another "
                "window or program): nothing was saved"
            )
        if row[4] != revision:
            last = hist.read(conn, ds, uid)
            by = f" by {last[-1].who} ({last[-1].at}, {last[-1].origin})" if last else ""
            raise EditConflict(
                f"the event '{uid}' was changed elsewhere{by} since it was read here "
                f"(revision {row[4]}, not {revision}): nothing was saved, so that neither "
                "change is lost; look at it again and redo yours"
            )
        return row[:4]


def _current(conn: sqlite3.Connection, ds: int, uid: str) -> tuple | None:
    return conn.execute(
        "SELECT id, doc, doc_hash, source_hash, revision FROM events "
        "WHERE dataset_id = ? AND uid = ?",
        (ds, uid),
    ).fetchone()


def _registry(conn: sqlite3.Connection, ds: int, actors: Sequence[Actor]) -> ActorRegistry:
    """The dataset's actors, and the new ones given (with their kinds and aliases)."""
    registry = ActorRegistry(read_actors(conn, ds).values())
    try:
        for actor in actors:
            registry.merge(actor)
    except FieldError as exc:  # an alias that names another actor: nothing is written
        raise StoreError(exc.message) from None
    return registry


def _canonical(
    conn: sqlite3.Connection, ds: int, event: Event, actors: Sequence[Actor] = ()
) -> Event:
    """The event with its actors' canonical names (an alias names its actor)."""
    return _registry(conn, ds, actors).canonical_event(event)


def _write(
    conn: sqlite3.Connection, ds: int, event: Event, eid: int | None, *, source_hash: str,
    actors: Sequence[Actor] = (),
) -> str:  # fmt: skip
    """Insert (eid None) or replace one event, with its actors; returns its stored doc."""
    registry = _registry(conn, ds, actors)
    event = registry.canonical_event(event)
    conn.executemany(
        "INSERT INTO actors (dataset_id, name, kind, aliases) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (dataset_id, name) DO UPDATE SET kind = excluded.kind, "
        "aliases = excluded.aliases",
        [(ds, a.name, a.kind, json.dumps(list(a.aliases), ensure_ascii=False))
         for a in registry.take_changed()],
    )  # fmt: skip
    doc, row = event_doc(event), derived_columns(event)
    names = ", ".join(DERIVED)
    if eid is None:
        eid = conn.execute(
            f"INSERT INTO events (dataset_id, {names}, doc, doc_hash, origin, source_hash) "
            f"VALUES (?, {', '.join('?' * len(DERIVED))}, ?, ?, ?, ?)",
            (ds, *row, doc, digest(doc), hist.WINDOW, source_hash),
        ).lastrowid
        conn.execute("INSERT INTO search_pending VALUES (?)", (eid,))  # (updates: a trigger)
    else:
        conn.execute(
            f"UPDATE events SET {', '.join(f'{c} = ?' for c in DERIVED)}, doc = ?, doc_hash = ?, "
            "source_hash = ?, revision = revision + 1 WHERE id = ?",
            (*row, doc, digest(doc), source_hash, eid),
        )
        conn.execute("DELETE FROM event_actors WHERE event_id = ?", (eid,))
    ids = dict(conn.execute("SELECT name, id FROM actors WHERE dataset_id = ?", (ds,)))
    conn.executemany(
        "INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)",
        [(eid, ids[a.name], ROLES.index(a.role)) for a in event.actors],
    )
    _touched(conn, ds, event.id)
    return doc


def _touched(conn: sqlite3.Connection, ds: int, uid: str) -> None:
    """The event `uid` changed: the dataset's cached columns no longer hold as they are (the
    log of edits lets the next start patch them instead of reading them all)."""
    conn.execute("UPDATE datasets SET updated = ? WHERE id = ?", (hist.now(), ds))
    edited_token(conn, ds, [uid])
