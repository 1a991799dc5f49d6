"""What a sync reads from and writes into one side's store (a laptop's file or the team's
server), in the caller's transaction: events by uid (their hash, doc and revision), a batch
of them written or deleted, their history rows, and a dataset's stories and saved views.

Written once for both back ends (core/backend.py). The events' own writes go through the same
columns as an edit (store_rows), so that search, the column cache and the history hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from timeline_app.core.backend import StoreConnection
from timeline_app.core.column_cache import edited_token
from timeline_app.core.event_writer import ROLES, digest
from timeline_app.core.history import now
from timeline_app.core.model import Actor
from timeline_app.core.serialize import event_from_dict
from timeline_app.core.store_rows import DERIVED, derived_columns

CHUNK = 500  # uids in one `IN (...)` (SQLite takes 32,766 parameters, PostgreSQL 65,535)
KINDS = ("event", "story", "view")


@dataclass(frozen=True)
class Row:
    """An event as one side stores it."""

    hash: str
    doc: str
    revision: int
    source_hash: str | None
    origin: str
    # its queryable columns (DERIVED) and actors (name, role index) as that side has them:
    # copied as they are (parsing 100,000 docs again took 24 s); None: made from `doc`
    derived: tuple | None = None
    links: tuple[tuple[str, int], ...] | None = None


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def read_events(conn: StoreConnection, ds: int, uids: Sequence[str]) -> dict[str, Row]:
    """The events `uids` of dataset `ds` that exist, by uid."""
    out = {}
    names = dict(conn.execute("SELECT id, name FROM actors WHERE dataset_id = ?", (ds,)))
    for part in chunks(uids):
        marks = ", ".join("?" * len(part))
        rows = conn.execute(
            "SELECT id, uid, doc_hash, doc, revision, source_hash, origin, "
            f"{', '.join(DERIVED)} FROM events WHERE dataset_id = ? AND uid IN ({marks})",
            (ds, *part),
        ).fetchall()
        links: dict[int, list[tuple[str, int]]] = {}
        for part_ids in chunks([r[0] for r in rows]):
            for eid, actor, role in conn.execute(  # (no join: a plan that stays quick however
                # stale the server's statistics are, after a sync that doubled the table)
                "SELECT event_id, actor_id, role FROM event_actors WHERE event_id IN "
                f"({', '.join('?' * len(part_ids))})",
                tuple(part_ids),
            ):
                links.setdefault(eid, []).append((names[actor], role))
        for eid, uid, dig, doc, rev, source, origin, *derived in rows:
            found = tuple(links.get(eid, ()))
            out[uid] = Row(dig, doc, rev, source, origin, tuple(derived), found)
    return out


def _complete(row: Row) -> Row:
    """The row with its derived columns and actors, made from its doc if it has none."""
    if row.derived is not None and row.links is not None:
        return row
    event = event_from_dict(json.loads(row.doc))
    links = tuple((a.name, ROLES.index(a.role)) for a in event.actors)
    return Row(row.hash, row.doc, row.revision, row.source_hash, row.origin,
               derived_columns(event), links)  # fmt: skip


def write_events(
    conn: StoreConnection, ds: int, rows: dict[str, Row | None], actors: dict[str, Actor]
) -> None:
    """Make the events `rows` as given (None: deleted), their actors (new ones from `actors`,
    by name), search index and the dataset's column-cache token with them."""
    if not rows:
        return
    uids = sorted(rows)
    have = {
        uid: (eid, rev)
        for part in chunks(uids)
        for uid, eid, rev in conn.execute(
            f"SELECT uid, id, revision FROM events WHERE dataset_id = ? AND uid IN "
            f"({', '.join('?' * len(part))})",
            (ds, *part),
        )
    }
    gone = [u for u in uids if rows[u] is None and u in have]
    for part in chunks(gone):
        conn.execute(
            f"DELETE FROM events WHERE dataset_id = ? AND uid IN ({', '.join('?' * len(part))})",
            (ds, *part),
        )
    events = {u: _complete(r) for u, r in rows.items() if r is not None}
    names = sorted({name for e in events.values() for name, _ in e.links or ()})
    conn.executemany(
        "INSERT INTO actors (dataset_id, name, kind, aliases) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (dataset_id, name) DO NOTHING",
        [(ds, n, actors[n].kind if n in actors else "",
          json.dumps(list(actors[n].aliases) if n in actors else [], ensure_ascii=False))
         for n in names],
    )  # fmt: skip
    columns = ", ".join(f"{c} = ?" for c in DERIVED)
    updates, inserts = [], []
    for uid, row in events.items():
        assert row.derived is not None
        values = (*row.derived, row.doc, digest(row.doc), row.source_hash)
        if uid in have:
            eid, rev = have[uid]
            updates.append((*values, max(rev + 1, row.revision), eid))
        else:
            inserts.append((ds, *values, row.origin, row.revision))
    conn.executemany(
        f"UPDATE events SET {columns}, doc = ?, doc_hash = ?, source_hash = ?, "
        "missing_since = NULL, revision = ? WHERE id = ?",
        updates,
    )  # (the search index: a trigger)
    conn.executemany(
        f"INSERT INTO events (dataset_id, {', '.join(DERIVED)}, doc, doc_hash, source_hash, "
        f"origin, revision) VALUES (?, {', '.join('?' * len(DERIVED))}, ?, ?, ?, ?, ?)",
        inserts,
    )
    new = [i[1] for i in inserts]
    ids = {u: have[u][0] for u in events if u in have}
    for part in chunks(new):
        made = conn.execute(
            f"SELECT uid, id FROM events WHERE dataset_id = ? AND uid IN "
            f"({', '.join('?' * len(part))})",
            (ds, *part),
        ).fetchall()
        ids.update(made)
        conn.executemany("INSERT INTO search_pending (event_id) VALUES (?)",
                         [(eid,) for _, eid in made])  # fmt: skip
    conn.executemany(
        "DELETE FROM event_actors WHERE event_id = ?", [(ids[u],) for u in events if u in have]
    )
    actor_ids = dict(conn.execute("SELECT name, id FROM actors WHERE dataset_id = ?", (ds,)))
    links = [(ids[u], actor_ids[n], role) for u, e in events.items() for n, role in e.links or ()]
    conn.executemany(
        "INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?) "
        "ON CONFLICT (event_id, actor_id) DO NOTHING",
        links,
    )
    conn.execute("UPDATE datasets SET updated = ? WHERE id = ?", (now(), ds))
    edited_token(conn, ds, uids)


def actors_by_name(conn: StoreConnection, ds: int) -> dict[str, Actor]:
    rows = conn.execute("SELECT name, aliases, kind FROM actors WHERE dataset_id = ?", (ds,))
    return {name: Actor(name, tuple(json.loads(al)), kind) for name, al, kind in rows}


# -- history -----------------------------------------------------------------------------

HistoryRow = tuple[str, str, str, str, str, str, str | None]  # uid, at, who, origin, action,
# changes (JSON), doc


def read_history(conn: StoreConnection, ds: int, uids: Sequence[str]) -> list[HistoryRow]:
    out: list[HistoryRow] = []
    for part in chunks(uids):
        out += conn.execute(
            "SELECT event_uid, at, who, origin, action, changes, doc FROM history "
            f"WHERE dataset_id = ? AND event_uid IN ({', '.join('?' * len(part))}) ORDER BY id",
            (ds, *part),
        ).fetchall()
    return [tuple(r) for r in out]  # type: ignore[misc]


def add_history(
    conn: StoreConnection, ds: int, rows: Iterable[HistoryRow], have: Iterable[HistoryRow]
) -> int:
    """Add the rows not in `have` (the same change: the same event, time, author, origin,
    action and fields); returns how many."""
    known = {r[:6] for r in have}
    new = []
    for r in rows:
        if r[:6] not in known:
            known.add(r[:6])
            new.append((ds, *r))
    conn.executemany(
        "INSERT INTO history (dataset_id, event_uid, at, who, origin, action, changes, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        new,
    )
    return len(new)


def last_author(rows: Sequence[HistoryRow], uid: str) -> str:
    for r in reversed(rows):
        if r[0] == uid:
            return r[2]
    return ""


# -- stories and saved views -------------------------------------------------------------

Named = tuple[str, str]  # the text compared (a story's steps, a view's state), and the rest


def read_named(conn: StoreConnection, ds: int, kind: str) -> dict[str, Named]:
    if kind == "story":
        rows = conn.execute("SELECT name, steps, '' FROM stories WHERE dataset_id = ?", (ds,))
    else:
        rows = conn.execute("SELECT name, state, saved FROM saved_views WHERE dataset_id = ?",
                            (ds,))  # fmt: skip
    return {name: (text, extra) for name, text, extra in rows}


def write_named(conn: StoreConnection, ds: int, kind: str, name: str, value: Named | None) -> None:
    table = "stories" if kind == "story" else "saved_views"
    if value is None:
        conn.execute(f"DELETE FROM {table} WHERE dataset_id = ? AND name = ?", (ds, name))
    elif kind == "story":
        conn.execute(
            "INSERT INTO stories (dataset_id, name, steps) VALUES (?, ?, ?) "
            "ON CONFLICT (dataset_id, name) DO UPDATE SET steps = excluded.steps",
            (ds, name, value[0]),
        )
    else:
        conn.execute(
            "INSERT INTO saved_views (dataset_id, name, state, saved) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (dataset_id, name) DO UPDATE SET state = excluded.state, "
            "saved = excluded.saved",
            (ds, name, value[0], value[1] or now()),
        )


def named_hash(value: Named | None) -> str | None:
    return None if value is None else digest(value[0])
