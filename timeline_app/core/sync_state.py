"""A laptop's memory of its syncs with team stores (schema 7): what both sides agreed on at
the last sync (`sync_base`), the server's change number pulled up to (`sync_state`), and the
conflicts waiting for the analyst (`conflicts`), with their resolution.

A conflict is decided here: keep mine, take theirs, or a merge field by field. The decision is
written as this store's version of the event (the base becomes theirs, so the next sync pushes
mine or the merge, and nothing if theirs was taken) and recorded in the history with its
author; that history row goes to the team store with the next sync.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from timeline_app.core import history as hist
from timeline_app.core.backend import StoreConnection
from timeline_app.core.errors import StoreError
from timeline_app.core.serialize import event_from_dict
from timeline_app.core.store_rows import event_doc
from timeline_app.core.sync_apply import (
    Row,
    actors_by_name,
    read_events,
    read_named,
    write_events,
    write_named,
)

MINE, THEIRS, MERGED = "kept mine", "took theirs", "merged"


@dataclass(frozen=True)
class Conflict:
    """One event (or story, or saved view) both sides changed differently since the last
    sync. `mine` and `theirs` are the versions' texts (an event's JSON), None for deleted."""

    remote: str
    url: str
    dataset: str
    kind: str  # event, story, view
    name: str  # the event's uid, the story's or view's name
    mine: str | None
    theirs: str | None
    theirs_who: str
    found: str

    def fields(self) -> dict[str, list]:
        """{field: [mine, theirs]} where they differ (an event's fields, location's flat)."""
        if self.kind != "event":
            return {"text": [self.mine, self.theirs]}
        mine = json.loads(self.mine) if self.mine else {}
        theirs = json.loads(self.theirs) if self.theirs else {}
        return hist.diff(mine, theirs)

    def describe(self) -> str:
        what = {"event": "event", "story": "story", "view": "saved view"}[self.kind]
        if self.mine is None or self.theirs is None:
            side = "here" if self.mine is None else f"on the team store (by {self.theirs_who})"
            return f"{self.dataset}: {what} '{self.name}' deleted {side}, changed on the other side"
        fields = ", ".join(self.fields()) if self.kind == "event" else "its content"
        who = f" by {self.theirs_who}" if self.theirs_who else ""
        return f"{self.dataset}: {what} '{self.name}' changed on both sides ({fields}; theirs{who})"


def merged_doc(conflict: Conflict, choices: dict[str, str]) -> str:
    """The event made of mine and theirs, field by field: `choices` {field: "mine"|"theirs"}
    for the fields that differ (mine for those not given)."""
    if conflict.mine is None or conflict.theirs is None:
        raise StoreError("a deleted event cannot be merged field by field: keep one side")
    out = hist.flat(json.loads(conflict.mine))
    for field, (_, theirs) in conflict.fields().items():
        if choices.get(field) == "theirs":
            if theirs is None:
                out.pop(field, None)
            else:
                out[field] = theirs
    doc: dict[str, Any] = {k: v for k, v in out.items() if not k.startswith("location.")}
    location = {k.split(".", 1)[1]: v for k, v in out.items() if k.startswith("location.")}
    if location:
        doc["location"] = location
    return event_doc(event_from_dict(doc))  # (refused here if the merge is not an event)


class SyncConflicts:
    """Mixed into Store (which gives _conn, _transaction, _dataset_id and who)."""

    _conn: StoreConnection

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[StoreConnection]: ...
        def _dataset_id(self, name: str) -> int: ...
        def who(self) -> str: ...

    def conflicts(self, dataset: str | None = None) -> list[Conflict]:
        """The conflicts not decided yet (of one dataset, or all)."""
        sql = (
            # mine as it is now (edited since the sync, it is that version that is kept)
            "SELECT c.remote, s.url, d.name, c.kind, c.name, "
            "CASE WHEN c.kind = 'event' THEN e.doc ELSE c.mine END, c.theirs, c.theirs_who, "
            "c.found FROM conflicts AS c JOIN datasets AS d ON d.id = c.dataset_id "
            "LEFT JOIN sync_state AS s ON s.remote = c.remote AND s.dataset_id = c.dataset_id "
            "LEFT JOIN events AS e ON e.dataset_id = c.dataset_id AND e.uid = c.name "
            "WHERE c.resolved IS NULL"
        )
        params: tuple = ()
        if dataset is not None:
            sql += " AND c.dataset_id = ?"
            params = (self._dataset_id(dataset),)
        rows = self._conn.execute(sql + " ORDER BY d.name, c.kind, c.name", params).fetchall()
        return [Conflict(r[0], r[1] or "", *r[2:]) for r in rows]

    def resolve_conflict(self, conflict: Conflict, how: str, doc: str | None = None) -> None:
        """Decide a conflict: MINE, THEIRS, or MERGED with the merged event's `doc`
        (merged_doc). Recorded in the history; the next sync takes it to the team store."""
        ds = self._dataset_id(conflict.dataset)
        key = (conflict.remote, ds, conflict.kind, conflict.name)
        with self._transaction() as conn:
            row = conn.execute(
                "SELECT theirs, theirs_hash FROM conflicts WHERE remote = ? AND dataset_id = ? "
                "AND kind = ? AND name = ? AND resolved IS NULL",
                key,
            ).fetchone()
            if row is None:
                raise StoreError(f"the conflict on '{conflict.name}' was decided already")
            theirs, theirs_hash = row
            if conflict.kind == "event":
                current = read_events(conn, ds, [conflict.name]).get(conflict.name)
                mine = current.doc if current else None
            else:
                value = read_named(conn, ds, conflict.kind).get(conflict.name)
                mine = value[0] if value else None
            target = {MINE: mine, THEIRS: theirs, MERGED: doc}[how]
            if target != mine:
                _write(conn, ds, conflict.kind, conflict.name, target, current_row(conn, ds,
                       conflict))  # fmt: skip
            if conflict.kind == "event":
                changes = hist.diff(json.loads(theirs or "{}"), json.loads(target or "{}"))
                changes = {"decision": [None, how], **changes}
                origin = f"sync with {conflict.url}"
                hist.record(conn, ds, conflict.name, self.who(), origin, hist.RESOLVED, changes,
                            target)  # fmt: skip
            bases = [(conflict.name, theirs_hash or None, 0)]
            set_bases(conn, conflict.remote, ds, conflict.kind, bases)
            conn.execute(
                "UPDATE conflicts SET resolved = ? WHERE remote = ? AND dataset_id = ? "
                "AND kind = ? AND name = ?",
                (how, *key),
            )


def current_row(conn: StoreConnection, ds: int, conflict: Conflict) -> Row | None:
    if conflict.kind != "event":
        return None
    return read_events(conn, ds, [conflict.name]).get(conflict.name)


def _write(
    conn: StoreConnection, ds: int, kind: str, name: str, text: str | None, row: Row | None
) -> None:
    if kind != "event":
        write_named(conn, ds, kind, name, None if text is None else (text, ""))
        return
    new = None
    if text is not None:
        rev = row.revision + 1 if row else 1
        new = Row("", text, rev, row.source_hash if row else "", row.origin if row else "sync")
    write_events(conn, ds, {name: new}, actors_by_name(conn, ds))


def set_bases(
    conn: StoreConnection,
    remote: str,
    ds: int,
    kind: str,
    bases: Iterable[tuple[str, str | None, int]],
) -> None:
    """Note what both sides hold now: (name, hash or None for absent on both, revision)."""
    rows = list(bases)
    conn.executemany(
        "DELETE FROM sync_base WHERE remote = ? AND dataset_id = ? AND kind = ? AND name = ?",
        [(remote, ds, kind, n) for n, h, _ in rows if h is None],
    )
    conn.executemany(
        "INSERT INTO sync_base (remote, dataset_id, kind, name, hash, revision) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (remote, dataset_id, kind, name) "
        "DO UPDATE SET hash = excluded.hash, revision = excluded.revision",
        [(remote, ds, kind, n, h, r) for n, h, r in rows if h is not None],
    )


def read_bases(
    conn: StoreConnection, remote: str, ds: int, kind: str, names: Iterable[str] | None = None
) -> dict[str, str]:
    rows = conn.execute(
        "SELECT name, hash FROM sync_base WHERE remote = ? AND dataset_id = ? AND kind = ?",
        (remote, ds, kind),
    )
    found = dict(rows.fetchall())
    return found if names is None else {n: found[n] for n in names if n in found}


def note_pushing(
    conn: StoreConnection, remote: str, ds: int, kind: str, sent: dict[str, str | None]
) -> None:
    """Note the hashes a batch is sending (None: a deletion), in a transaction committed
    before the server's: if the sync is cut short between the server's commit and ours, the
    next one finds the server holding what was sent and takes it as agreed, instead of a
    conflict with a later edit made here."""
    forget_pushing(conn, remote, ds, kind, sent)
    conn.executemany(
        "INSERT INTO sync_pushing (remote, dataset_id, kind, name, hash) VALUES (?, ?, ?, ?, ?)",
        [(remote, ds, kind, n, h or "") for n, h in sent.items()],
    )


def forget_pushing(
    conn: StoreConnection, remote: str, ds: int, kind: str, names: Iterable[str]
) -> None:
    conn.executemany(
        "DELETE FROM sync_pushing WHERE remote = ? AND dataset_id = ? AND kind = ? AND name = ?",
        [(remote, ds, kind, n) for n in names],
    )


def agreed_bases(
    conn: StoreConnection, remote: str, ds: int, kind: str, theirs: dict[str, str | None]
) -> dict[str, str]:
    """The bases of `theirs` ({name: their hash, None: absent there}): what both sides agreed
    on at the last sync, or what an earlier batch sent if the server holds it (that batch was
    cut short after the server's commit: see note_pushing)."""
    bases = read_bases(conn, remote, ds, kind, theirs)
    for name, sent in conn.execute(
        "SELECT name, hash FROM sync_pushing WHERE remote = ? AND dataset_id = ? AND kind = ?",
        (remote, ds, kind),
    ).fetchall():
        if name in theirs and theirs[name] == (sent or None):
            if sent:
                bases[name] = sent
            else:
                bases.pop(name, None)
    return bases


def record_conflicts(
    conn: StoreConnection,
    remote: str,
    ds: int,
    kind: str,
    found: Iterable[tuple[str, str | None, str | None, str, str]],
) -> None:
    """(name, mine, theirs, theirs' hash, theirs' author): new, or brought up to date."""
    conn.executemany(
        "INSERT INTO conflicts (remote, dataset_id, kind, name, mine, theirs, theirs_hash, "
        "theirs_who, found) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (remote, dataset_id, kind, name) DO UPDATE SET mine = excluded.mine, "
        "theirs = excluded.theirs, theirs_hash = excluded.theirs_hash, "
        "theirs_who = excluded.theirs_who, resolved = NULL",
        [(remote, ds, kind, n, m, t, th, who, hist.now()) for n, m, t, th, who in found],
    )


def drop_conflicts(conn: StoreConnection, remote: str, ds: int, kind: str,
                   names: Iterable[str]) -> None:  # fmt: skip
    conn.executemany(
        "DELETE FROM conflicts WHERE remote = ? AND dataset_id = ? AND kind = ? AND name = ?",
        [(remote, ds, kind, n) for n in names],
    )


def resolved_names(conn: StoreConnection, remote: str, ds: int, kind: str) -> set[str]:
    return {
        n for (n,) in conn.execute(
            "SELECT name FROM conflicts WHERE remote = ? AND dataset_id = ? AND kind = ? "
            "AND resolved IS NOT NULL",
            (remote, ds, kind),
        )
    }  # fmt: skip
