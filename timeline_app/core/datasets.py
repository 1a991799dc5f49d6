"""Events from one dataset into another: copy some, or merge a whole dataset (its events,
actors with their kinds and aliases, and stories).

All of it is one transaction, in plain SQL that SQLite and PostgreSQL both read. Ids stay
unique in the target: an event already there, the same, is left as it is; one of the same id
but different content comes in under a new id ("acled-123-2"). Each copied event brings its
history along and gets one more entry, "copied from X" or "merged from X".
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from timeline_app.core import history as hist
from timeline_app.core.actors import ActorRegistry
from timeline_app.core.column_cache import edited_token
from timeline_app.core.errors import FieldError, StoreError
from timeline_app.core.event_writer import ROLES, digest
from timeline_app.core.importing import read_actors, read_stories, save_story
from timeline_app.core.model import Actor, Story, StoryStep
from timeline_app.core.serialize import event_from_dict
from timeline_app.core.store_rows import DERIVED, derived_columns, event_doc


def copied_from(name: str) -> str:
    return f"copied from {name}"


def merged_from(name: str) -> str:
    return f"merged from {name}"


@dataclass(frozen=True)
class CopySummary:
    source: str
    target: str
    copied: int = 0
    already: int = 0  # the same event (id and content) was in the target already
    renamed: dict[str, str] = field(default_factory=dict)  # id in the source -> id given
    stories: int = 0
    missing: tuple[str, ...] = ()  # ids asked for that the source does not have

    def describe(self) -> str:
        text = f"'{self.source}' -> '{self.target}': {self.copied} events copied"
        if self.already:
            text += f", {self.already} already there (the same)"
        if self.renamed:
            pairs = ", ".join(f"{a} as {b}" for a, b in list(self.renamed.items())[:3])
            more = f" and {len(self.renamed) - 3} more" if len(self.renamed) > 3 else ""
            text += f", {len(self.renamed)} under a new id (the target has another event of "
            text += f"that id): {pairs}{more}"
        if self.stories:
            text += f", {self.stories} stories"
        if self.missing:
            text += f"; not in '{self.source}': {', '.join(self.missing[:5])}"
        return text


class DatasetCopies:
    """Mixed into Store through StoreEdits (which gives _transaction, _dataset_id, who)."""

    if TYPE_CHECKING:  # what Store and StoreEdits give, declared for the type checker
        path: Path
        _conn: sqlite3.Connection

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...
        def _dataset_id(self, name: str) -> int: ...
        def _index_if_few(self) -> None: ...
        def who(self) -> str: ...

    def copy_events(
        self, source: str, target: str, uids: Collection[str], origin: str = ""
    ) -> CopySummary:
        """Copy the events `uids` of `source` into `target`, with their actors."""
        return self._copy(source, target, set(uids), origin or copied_from(source), False)

    def merge_datasets(self, source: str, target: str, origin: str = "") -> CopySummary:
        """Copy every event, actor and story of `source` into `target` (`source` stays)."""
        return self._copy(source, target, None, origin or merged_from(source), True)

    def _copy(
        self, source: str, target: str, uids: set[str] | None, origin: str, merge: bool
    ) -> CopySummary:
        src, dst = self._dataset_id(source), self._dataset_id(target)
        if src == dst:
            raise StoreError(f"'{source}' and '{target}' are the same dataset")
        who = self.who()
        with self._transaction() as conn:
            inserted, ids, renamed, already, missing = _copy_events(
                conn, src, dst, uids, origin, who, merge
            )
            stories = _copy_stories(conn, src, dst, source, ids) if merge else 0
            if inserted or stories:
                conn.execute("UPDATE datasets SET updated = ? WHERE id = ?", (hist.now(), dst))
            if inserted:  # the cached columns are patched with these at the next start
                edited_token(conn, dst, inserted)
            self._index_if_few()
        return CopySummary(source, target, len(inserted), already, renamed, stories, missing)


def _copy_events(
    conn: sqlite3.Connection,
    src: int,
    dst: int,
    uids: set[str] | None,
    origin: str,
    who: str,
    all_actors: bool,
) -> tuple[list[str], dict[str, str], dict[str, str], int, tuple[str, ...]]:
    """(ids copied, id in the source -> id in the target, renamed, already there, missing).

    A row whose id is free in the target and whose actors keep their names there is copied as
    stored; only the others are read as events (a new id, a name the target knows as an
    alias): reading every event took 8 of 10 s for 100,000."""
    names = ", ".join(DERIVED)
    rows = conn.execute(
        f"SELECT id, {names}, doc, doc_hash, origin, source_hash FROM events "
        "WHERE dataset_id = ? ORDER BY start_ts, uid",
        (src,),
    ).fetchall()
    if uids is not None:
        rows = [r for r in rows if r[1] in uids]
        missing = tuple(sorted(uids - {r[1] for r in rows}))
    else:
        missing = ()
    actors_of: dict[int, list[tuple[str, int]]] = {}
    for eid, name, role in conn.execute(
        "SELECT ea.event_id, a.name, ea.role FROM event_actors AS ea "
        "JOIN actors AS a ON a.id = ea.actor_id WHERE a.dataset_id = ? ORDER BY ea.role",
        (src,),
    ):
        actors_of.setdefault(eid, []).append((name, role))
    there = dict(conn.execute("SELECT uid, doc_hash FROM events WHERE dataset_id = ?", (dst,)))
    registry = ActorRegistry(read_actors(conn, dst).values())
    wanted = {name for r in rows for name, _ in actors_of.get(r[0], ())}
    for actor in read_actors(conn, src).values():  # their kinds and aliases come along
        if all_actors or actor.name in wanted:
            _merge_actor(registry, actor)

    inserts: list[tuple[str, tuple, str, str, str, str | None, list[tuple[str, int]]]] = []
    ids: dict[str, str] = {}
    renamed: dict[str, str] = {}
    already, taken = 0, set(there)
    for eid, *derived, doc, doc_hash, row_origin, source_hash in rows:
        uid, pairs = derived[0], actors_of.get(eid, [])
        if all(registry.find(name) == name for name, _ in pairs):  # its names hold there
            if there.get(uid) == doc_hash:
                already += 1
                ids[uid] = uid
                continue
            if uid not in taken:  # as stored
                taken.add(uid)
                ids[uid] = uid
                inserts.append((uid, tuple(derived), doc, doc_hash, row_origin, source_hash,
                                pairs))  # fmt: skip
                continue
        event = registry.canonical_event(event_from_dict(json.loads(doc)))
        # the same event under its id (or the id an earlier copy gave it): already there
        new_uid, n, doc = uid, 1, event_doc(event)
        while new_uid in taken and there.get(new_uid) != digest(doc):
            n += 1
            new_uid = f"{uid}-{n}"
            doc = event_doc(dataclasses.replace(event, id=new_uid))
        ids[uid] = new_uid
        if new_uid in there:
            already += 1
            continue
        taken.add(new_uid)
        if new_uid != uid:
            renamed[uid] = new_uid
            event = dataclasses.replace(event, id=new_uid)
        pairs = [(a.name, ROLES.index(a.role)) for a in event.actors]
        inserts.append((new_uid, derived_columns(event), doc, digest(doc), row_origin,
                        source_hash, pairs))  # fmt: skip
    conn.executemany(
        "INSERT INTO actors (dataset_id, name, kind, aliases) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (dataset_id, name) DO UPDATE SET kind = excluded.kind, "
        "aliases = excluded.aliases",
        [(dst, a.name, a.kind, json.dumps(list(a.aliases), ensure_ascii=False))
         for a in registry.take_changed()],
    )  # fmt: skip
    conn.executemany(
        f"INSERT INTO events (dataset_id, {names}, doc, doc_hash, origin, source_hash) "
        f"VALUES (?, {', '.join('?' * len(DERIVED))}, ?, ?, ?, ?)",
        [(dst, *derived, doc, h, o, sh) for _, derived, doc, h, o, sh, _ in inserts],
    )
    event_ids = dict(conn.execute("SELECT uid, id FROM events WHERE dataset_id = ?", (dst,)))
    actor_ids = dict(conn.execute("SELECT name, id FROM actors WHERE dataset_id = ?", (dst,)))
    conn.executemany("INSERT INTO search_pending (event_id) VALUES (?)",
                     [(event_ids[i[0]],) for i in inserts])  # fmt: skip
    conn.executemany(
        "INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)",
        [(event_ids[i[0]], actor_ids[name], role) for i in inserts for name, role in i[6]],
    )
    inserted = {i[0] for i in inserts}
    _copy_history(conn, src, dst, {old: new for old, new in ids.items() if new in inserted})
    conn.executemany(
        "INSERT INTO history (dataset_id, event_uid, at, who, origin, action, changes, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, '{}', ?)",
        [(dst, i[0], hist.now(), who, origin, hist.CREATED, i[2]) for i in inserts],
    )
    return [i[0] for i in inserts], ids, renamed, already, missing


def _merge_actor(registry: ActorRegistry, actor: Actor) -> None:
    """Add an actor of the source, with its kind and aliases; an alias that names another
    actor in the target stays that one's."""
    try:
        registry.merge(actor)
    except FieldError:
        free = tuple(a for a in actor.aliases if registry.find(a) in (None, actor.name))
        registry.merge(Actor(actor.name, free, actor.kind))


def _copy_history(conn: sqlite3.Connection, src: int, dst: int, new_uid: dict[str, str]) -> None:
    """Each copied event's past changes, under its id in the target."""
    rows = conn.execute(
        "SELECT event_uid, at, who, origin, action, changes, doc FROM history "
        "WHERE dataset_id = ? ORDER BY id",
        (src,),
    ).fetchall()
    conn.executemany(
        "INSERT INTO history (dataset_id, event_uid, at, who, origin, action, changes, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(dst, new_uid[r[0]], *r[1:]) for r in rows if r[0] in new_uid],
    )


def _copy_stories(
    conn: sqlite3.Connection, src: int, dst: int, source: str, ids: dict[str, str]
) -> int:
    """The source's stories, their steps on the events' ids in the target; a story whose
    name the target has already comes in as "NAME (from SOURCE)"."""
    names = {s.name.casefold() for s in read_stories(conn, dst)}
    count = 0
    for story in read_stories(conn, src):
        name = story.name
        if name.casefold() in names:
            name = f"{story.name} (from {source})"
        steps = tuple(StoryStep(ids.get(st.event_id, st.event_id), st.note) for st in story.steps)
        save_story(conn, dst, Story(name, steps))
        names.add(name.casefold())
        count += 1
    return count
