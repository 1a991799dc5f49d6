"""Each event's history in the store: who changed what, when, and from where.

A change is one row of `history` (schema.py, version 5): the fields it changed, old and new,
and for a creation, a deletion or a source's version the whole record (a deleted event can be
restored from it; a source's new value can be taken from it).
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from timeline_app.core.backend import StoreConnection
from timeline_app.core.errors import FieldError
from timeline_app.core.serialize import event_from_dict

WINDOW = "window"  # where a change was made: the window, the command line, an import of FILE
COMMAND_LINE = "command line"
MISSING = "removed as no longer in its source"
CREATED, CHANGED, DELETED, RESTORED, SOURCE = "created", "changed", "deleted", "restored", "source"
RESOLVED = "resolved"  # a sync's conflict decided: {"decision": [None, how], field: [theirs, kept]}
EDITS = (CHANGED, RESTORED)  # what the card counts as "edited N times"
# an undo or a redo in the window is a change like any other (the history keeps every one),
# from these origins: it is shown as "undone: …" and not counted as one more edit
UNDO, REDO = "undo in the window", "redo in the window"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def import_origin(file: str) -> str:
    return f"import of {file}"


def os_user() -> str:
    """The user's login name; a name is needed even where the system has none to give."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError, ImportError):  # no login name, no passwd entry
        return "unknown"


def flat(doc: dict[str, Any]) -> dict[str, Any]:
    """An event's dict with its location's fields one level up ("location.place"), so that
    a change of place is one field, not the whole location."""
    out = {k: v for k, v in doc.items() if k != "location"}
    for k, v in (doc.get("location") or {}).items():
        out[f"location.{k}"] = v
    return out


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for every field that differs (None where one side has none)."""
    a, b = flat(old), flat(new)
    return {k: [a.get(k), b.get(k)] for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


@dataclass(frozen=True)
class Change:
    id: int
    uid: str
    at: str
    who: str
    origin: str
    action: str
    changes: dict[str, list]
    doc: dict[str, Any] | None

    def describe(self) -> str:
        """One line in English (the window writes its own, translated)."""
        if self.action == RESOLVED:
            how = (self.changes.get("decision") or [None, ""])[1]
            return f"sync conflict decided: {how}"
        if self.action == CHANGED or self.action == SOURCE:
            what = "; ".join(
                f"{k}: {_short(o)} → {_short(n)}" for k, (o, n) in self.changes.items()
            )
            head = "changed" if self.action == CHANGED else "the source now says (kept the edit)"
            return f"{head}: {what}"
        return self.action


def edit_count(changes: list[Change]) -> int:
    """How many edits the event holds, as its user counts them: an edit undone is one
    fewer, redone one more again; an undo that brings back a deletion is none."""
    count = 0
    for c in changes:
        if c.action == CHANGED:
            count += -1 if c.origin == UNDO else 1
        elif c.action == RESTORED and c.origin != UNDO:
            count += 1  # restored from the deleted events (or that, redone)
        elif c.action == DELETED and c.origin == UNDO:
            count -= 1  # a restore (or an addition: see RESTORED by REDO) undone
    return max(count, 0)


def _short(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


def record(
    conn: StoreConnection,
    ds: int,
    uid: str,
    who: str,
    origin: str,
    action: str,
    changes: dict[str, list] | None = None,
    doc: str | None = None,
) -> None:
    """Add one change to the history (in the caller's transaction)."""
    conn.execute(
        "INSERT INTO history (dataset_id, event_uid, at, who, origin, action, changes, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (ds, uid, now(), who, origin, action, json.dumps(changes or {}, ensure_ascii=False), doc),
    )


ACTIONS = (CREATED, CHANGED, DELETED, RESTORED, SOURCE, RESOLVED)


def to_dict(change: Change) -> dict[str, Any]:
    """A change as our JSON files carry it (export-data)."""
    out: dict[str, Any] = {"event": change.uid, "at": change.at, "who": change.who,
                           "origin": change.origin, "action": change.action}  # fmt: skip
    if change.changes:
        out["changes"] = change.changes
    if change.doc is not None:
        out["doc"] = change.doc
    return out


def entry(change: Change) -> tuple:
    """A change as from_dict gives it (what ParsedFile.history holds)."""
    return (change.uid, change.at, change.who, change.origin, change.action, change.changes,
            change.doc)  # fmt: skip


def from_dict(raw: Any) -> tuple[str, str, str, str, str, dict[str, list], dict | None]:
    """(event, at, who, origin, action, changes, doc) of a change read from a file; raises
    FieldError naming the field that is wrong."""
    if not isinstance(raw, dict):
        raise FieldError("history", "expected an object")
    texts = []
    for key in ("event", "at", "who", "origin", "action"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise FieldError(f"history.{key}", "expected a text")
        texts.append(value)
    if texts[4] not in ACTIONS:
        raise FieldError("history.action", f"'{texts[4]}' is not one of {', '.join(ACTIONS)}")
    try:
        datetime.fromisoformat(texts[1])
    except ValueError:
        raise FieldError("history.at", f"cannot read '{texts[1][:40]}' as a time") from None
    changes = raw.get("changes") or {}
    if not isinstance(changes, dict) or not all(
        isinstance(v, list) and len(v) == 2 for v in changes.values()
    ):
        raise FieldError("history.changes", "expected {field: [old, new]}")
    doc = raw.get("doc")
    if doc is not None:
        if not isinstance(doc, dict):
            raise FieldError("history.doc", "expected an event")
        event_from_dict(doc)  # a record that could not be restored is refused now
    return (*texts, changes, doc)  # type: ignore[return-value]


def import_entries(conn: StoreConnection, ds: int, entries: list[tuple]) -> int:
    """Add the changes a file carries (from_dict's tuples) that the dataset has not got
    already (a file exported and imported back); returns how many were added."""
    have = {
        (uid, at, who, origin, action, changes)
        for uid, at, who, origin, action, changes in conn.execute(
            "SELECT event_uid, at, who, origin, action, changes FROM history WHERE dataset_id = ?",
            (ds,),
        )
    }
    rows = []
    for uid, at, who, origin, action, changes, doc in entries:
        text = json.dumps(changes, ensure_ascii=False)
        if (uid, at, who, origin, action, text) in have:
            continue
        have.add((uid, at, who, origin, action, text))
        rows.append((ds, uid, at, who, origin, action, text,
                     None if doc is None else json.dumps(doc, ensure_ascii=False)))  # fmt: skip
    conn.executemany(
        "INSERT INTO history (dataset_id, event_uid, at, who, origin, action, changes, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def read(
    conn: StoreConnection, ds: int, uid: str | None = None, *, deleted: bool = False
) -> list[Change]:
    """The changes of one event (or of the whole dataset), oldest first; `deleted`: only
    the last deletion of each event that is still deleted."""
    sql = "SELECT id, event_uid, at, who, origin, action, changes, doc FROM history AS h "
    sql += "WHERE dataset_id = ?" + (" AND event_uid = ?" if uid is not None else "")
    if deleted:
        sql += (
            f" AND action = '{DELETED}' AND id = (SELECT MAX(id) FROM history WHERE "
            f"dataset_id = h.dataset_id AND event_uid = h.event_uid AND action = '{DELETED}') "
            "AND NOT EXISTS (SELECT 1 FROM events AS e WHERE e.dataset_id = h.dataset_id AND "
            "e.uid = h.event_uid)"
        )
    rows = conn.execute(sql + " ORDER BY id", (ds,) if uid is None else (ds, uid))
    return [
        Change(i, u, at, who, origin, action, json.loads(changes), json.loads(doc) if doc else None)
        for i, u, at, who, origin, action, changes, doc in rows
    ]
