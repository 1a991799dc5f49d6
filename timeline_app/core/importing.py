"""Writing a parsed file into the store: events matched by id, all in the caller's transaction.

A re-import reports what is new, updated and unchanged, and which events the source no longer
has. Those are kept and marked (`missing_since`), never deleted here: only among events the
same format brought, in the period and countries the new file covers (a Burundi export does
not make the Congo's events "missing").
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from timeline_app.core.actors import ActorRegistry
from timeline_app.core.errors import FieldError, InputError, StoreError
from timeline_app.core.formats import ParsedFile
from timeline_app.core.formats.tabular import PARSE_SHARE, STEP, Progress
from timeline_app.core.model import Actor, Role, Story, StoryStep
from timeline_app.core.store_rows import DERIVED, derived_columns, event_doc, search_text

_ROLES = list(Role)


@dataclass(frozen=True)
class ImportSummary:
    path: Path
    dataset: str
    new: int
    updated: int
    unchanged: int
    missing: int = 0  # events of this source it no longer has (kept, marked)
    refused: int = 0  # rows refused with --skip-bad-rows
    label: str = ""  # what the file was read as
    warnings: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        text = (
            f"{self.path.name} -> '{self.dataset}': {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.missing} no longer in the source"
        )
        if self.refused:
            text += f", {self.refused} refused"
        return text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_actors(conn: sqlite3.Connection, ds: int) -> dict[int, Actor]:
    rows = conn.execute(
        "SELECT id, name, aliases, kind FROM actors WHERE dataset_id = ? ORDER BY id", (ds,)
    )
    return {aid: Actor(name, tuple(json.loads(al)), kind) for aid, name, al, kind in rows}


def ensure_dataset(conn: sqlite3.Connection, name: str, description: str) -> int:
    if not name:
        raise StoreError("a dataset needs a name")
    row = conn.execute("SELECT id FROM datasets WHERE name = ?", (name,)).fetchone()
    if row:
        return row[0]
    stamp = now()
    cur = conn.execute(
        "INSERT INTO datasets (name, description, created, updated) VALUES (?, ?, ?, ?)",
        (name, description, stamp, stamp),
    )
    return cur.lastrowid


def store_parsed(
    conn: sqlite3.Connection,
    parsed: ParsedFile,
    dataset: str | None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write `parsed` into `dataset` (default: the file's own name for it, else its file name)."""
    name = (dataset or parsed.dataset_name or parsed.path.stem).strip()
    ds = ensure_dataset(conn, name, parsed.dataset_description)
    registry = ActorRegistry(read_actors(conn, ds).values())
    try:
        for actor in parsed.actors:
            registry.merge(actor)
    except FieldError as exc:
        raise InputError(parsed.path, exc.message, field=exc.field) from None
    import_id = conn.execute(
        "INSERT INTO imports (dataset_id, file, format, at, new, updated, unchanged, missing, "
        "refused) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0)",
        (ds, parsed.path.name, parsed.format, now()),
    ).lastrowid

    known = {
        uid: (eid, digest, missing)
        for uid, eid, digest, missing in conn.execute(
            "SELECT uid, id, doc_hash, missing_since FROM events WHERE dataset_id = ?", (ds,)
        )
    }
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetchone()[0]
    inserts, updates, changed, back = [], [], [], []
    for i, event in enumerate(parsed.events):
        if progress is not None and i % STEP == 0:
            progress(PARSE_SHARE + (1 - PARSE_SHARE) * 0.5 * i / len(parsed.events))
        try:
            event = registry.canonical_event(event)
        except FieldError as exc:
            raise InputError(parsed.path, exc.message, field=exc.field, **parsed.where(i)) from None
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
        elif old[2] is not None:
            back.append((old[0],))  # unchanged, and in the source again

    _save_actors(conn, ds, registry)
    actor_ids = {n: aid for aid, n in conn.execute(
        "SELECT id, name FROM actors WHERE dataset_id = ?", (ds,))}  # fmt: skip
    columns = ", ".join(DERIVED)
    conn.executemany(
        f"INSERT INTO events (id, dataset_id, {columns}, doc, doc_hash, origin, changed_in) "
        f"VALUES (?, ?, {', '.join('?' * len(DERIVED))}, ?, ?, ?, ?)",
        [(eid, ds, *derived_columns(e), d, h, parsed.format, import_id)
         for eid, e, d, h in inserts],
    )  # fmt: skip
    conn.executemany(
        f"UPDATE events SET {', '.join(f'{c} = ?' for c in DERIVED)}, doc = ?, doc_hash = ?, "
        "origin = ?, changed_in = ?, missing_since = NULL WHERE id = ?",
        [(*derived_columns(e), d, h, parsed.format, import_id, eid) for eid, e, d, h in updates],
    )
    conn.executemany("UPDATE events SET missing_since = NULL WHERE id = ?", back)
    ids = [(eid,) for eid, _ in changed]
    conn.executemany("DELETE FROM event_actors WHERE event_id = ?", ids)
    conn.executemany("DELETE FROM events_fts WHERE rowid = ?", ids)
    conn.executemany(
        "INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)",
        [(eid, actor_ids[a.name], _ROLES.index(a.role)) for eid, e in changed for a in e.actors],
    )
    conn.executemany(
        "INSERT INTO events_fts (rowid, title, description, actors, location, sources, tags)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(eid, *search_text(e)) for eid, e in changed],
    )
    if progress is not None:
        progress(0.95)
    missing = _mark_missing(conn, ds, parsed, import_id)
    for story in parsed.stories:  # a story of the same name is replaced
        save_story(conn, ds, story)
    if changed or missing:
        conn.execute("UPDATE datasets SET updated = ? WHERE id = ?", (now(), ds))
    summary = ImportSummary(
        parsed.path, name, len(inserts), len(updates),
        len(parsed.events) - len(inserts) - len(updates), missing, len(parsed.refused),
        parsed.label, tuple(parsed.warnings),
    )  # fmt: skip
    conn.execute(
        "UPDATE imports SET new = ?, updated = ?, unchanged = ?, missing = ?, refused = ? "
        "WHERE id = ?",
        (summary.new, summary.updated, summary.unchanged, missing, summary.refused, import_id),
    )
    return summary


def _mark_missing(conn: sqlite3.Connection, ds: int, parsed: ParsedFile, import_id: int) -> int:
    """Mark the events this file's source no longer has, within what the file covers."""
    if not parsed.events:
        return 0
    bounds = [e.when.bounds() for e in parsed.events]
    lo, hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
    countries = sorted({e.location.country for e in parsed.events})
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (uid TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM incoming")
    conn.executemany("INSERT OR IGNORE INTO incoming VALUES (?)", [(e.id,) for e in parsed.events])
    sql = (
        "UPDATE events SET missing_since = ? WHERE dataset_id = ? AND origin = ? "
        "AND missing_since IS NULL AND start_ts < ? AND end_ts > ? "
        "AND uid NOT IN (SELECT uid FROM incoming)"
    )
    args: list = [import_id, ds, parsed.format, hi, lo]
    if "" not in countries:
        sql += f" AND country IN ({', '.join('?' * len(countries))})"
        args += countries
    count = conn.execute(sql, args).rowcount
    conn.execute("DELETE FROM incoming")
    return count


def _save_actors(conn: sqlite3.Connection, ds: int, registry: ActorRegistry) -> None:
    conn.executemany(
        "INSERT INTO actors (dataset_id, name, kind, aliases) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (dataset_id, name) DO UPDATE SET kind = excluded.kind, "
        "aliases = excluded.aliases",
        [
            (ds, a.name, a.kind, json.dumps(list(a.aliases), ensure_ascii=False))
            for a in registry.actors
            if a.name in registry.changed
        ],
    )


def save_story(conn: sqlite3.Connection, ds: int, story: Story) -> None:
    steps = [{"event": st.event_id, "note": st.note} for st in story.steps]
    conn.execute(
        "INSERT INTO stories (dataset_id, name, steps) VALUES (?, ?, ?) "
        "ON CONFLICT (dataset_id, name) DO UPDATE SET steps = excluded.steps",
        (ds, story.name, json.dumps(steps, ensure_ascii=False)),
    )


def read_stories(conn: sqlite3.Connection, ds: int) -> list[Story]:
    rows = conn.execute("SELECT name, steps FROM stories WHERE dataset_id = ? ORDER BY id", (ds,))
    return [
        Story(name, tuple(StoryStep(st["event"], st.get("note", "")) for st in json.loads(steps)))
        for name, steps in rows
    ]
