"""Writing a parsed file into the store: events matched by id, all in the caller's transaction.

A re-import reports what is new, updated and unchanged, and which events the source no longer
has. Those are kept and marked (`missing_since`), never deleted here: only among events the
same format brought, in the period and countries the new file covers (a Burundi export does
not make the Congo's events "missing").
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from queue import Empty, Full, Queue
from typing import TypeVar

from timeline_app.core import column_cache, source_cache
from timeline_app.core.actors import ActorRegistry
from timeline_app.core.backend import StoreConnection, is_postgres
from timeline_app.core.column_cache import current_token, new_token
from timeline_app.core.errors import FieldError, InputError, StoreError
from timeline_app.core.event_writer import Batch, EventWriter, digest
from timeline_app.core.formats import ParsedFile
from timeline_app.core.formats.acled_bulk import header_names, read_bulk
from timeline_app.core.formats.base import RefusedRow
from timeline_app.core.formats.tabular import PARSE_SHARE, Progress
from timeline_app.core.history import import_entries, import_origin
from timeline_app.core.model import Actor, Story, StoryStep
from timeline_app.core.read_process import can_start, read_in_child
from timeline_app.core.text import first_control

BATCH = 20_000  # events written at a time
REINDEX_FROM = 16 << 20  # bytes of an ACLED file (~50,000 rows) from which the index by time
# is built after its rows rather than as they come (schema.py: the same index)
TIME_INDEX = "CREATE INDEX IF NOT EXISTS events_by_time ON events (dataset_id, start_ts)"
# bytes of an ACLED file (~140,000 rows) from which it is read in a process of its own: below,
# starting one (~0.7 s) costs about what it saves
CHILD_FROM = 64 << 20
ACTOR_INDEX = "CREATE INDEX IF NOT EXISTS event_actors_by_actor ON event_actors (actor_id)"
FTS_HASH = "INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ?)"
T = TypeVar("T")


@dataclass(frozen=True)
class ImportSummary:
    path: Path
    dataset: str
    new: int
    updated: int
    unchanged: int
    missing: int = 0  # events of this source it no longer has (kept, marked)
    kept: int = 0  # events edited here whose source changed: the hand edit stays
    refused: int = 0  # rows refused with --skip-bad-rows
    label: str = ""  # what the file was read as
    warnings: tuple[str, ...] = field(default=())
    refused_rows: tuple[RefusedRow, ...] = field(default=(), repr=False)
    header: tuple[str, ...] = field(default=(), repr=False)  # of a table, for refused rows

    def __str__(self) -> str:
        text = (
            f"{self.path.name} -> '{self.dataset}': {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.missing} no longer in the source"
        )
        if self.kept:
            text += f", {self.kept} kept (edited here)"
        if self.refused:
            text += f", {self.refused} refused"
        return text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_actors(conn: StoreConnection, ds: int) -> dict[int, Actor]:
    rows = conn.execute(
        "SELECT id, name, aliases, kind FROM actors WHERE dataset_id = ? ORDER BY id", (ds,)
    )
    return {aid: Actor(name, tuple(json.loads(al)), kind) for aid, name, al, kind in rows}


def ensure_dataset(conn: StoreConnection, name: str, description: str) -> int:
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
    assert cur.lastrowid is not None  # (an INSERT's)
    return cur.lastrowid


def store_parsed(
    conn: StoreConnection,
    parsed: ParsedFile,
    dataset: str | None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write `parsed` into `dataset` (default: the file's own name for it, else its file name)."""
    name = (dataset or parsed.dataset_name or parsed.path.stem).strip()
    writer, registry = open_writer(conn, parsed.path, parsed.format, name,
                                   parsed.dataset_description)  # fmt: skip
    import_entries(conn, writer.ds, parsed.history)  # our JSON's (those not had already)
    try:
        for actor in parsed.actors:
            registry.merge(actor)
    except FieldError as exc:
        raise InputError(parsed.path, exc.message, field=exc.field) from None
    total = len(parsed.events)
    for first in range(0, total, BATCH):
        if progress is not None:
            progress(PARSE_SHARE + (1 - PARSE_SHARE) * 0.9 * first / total)
        events = []
        for i in range(first, min(first + BATCH, total)):
            try:
                events.append(registry.canonical_event(parsed.events[i]))
            except FieldError as exc:
                where = parsed.where(i)
                raise InputError(parsed.path, exc.message, field=exc.field, **where) from None
        writer.write(Batch.of_events(events, registry.take_changed()))
    writer.save_actors(registry.take_changed())  # the file's own, if it has no events
    if progress is not None:
        progress(0.95)
    for story in parsed.stories:  # a story of the same name is replaced
        save_story(conn, writer.ds, story)
    label = parsed.label or parsed.format
    summary = close_writer(writer, parsed.path, name, label, parsed.warnings, parsed.refused)
    return dataclasses.replace(summary, header=tuple(parsed.header))


def store_acled_bulk(
    conn: StoreConnection,
    path: Path,
    dataset: str | None,
    progress: Progress | None = None,
    store: Path | None = None,
) -> ImportSummary:
    """Write an ACLED export read by columns; raises NotBulk if the row reader must take it
    (the caller rolls back whatever was written). Into a new dataset, given `store` (where
    the store's caches go: Store._cache_base), its column and source caches are written
    from the same pass."""
    name = (dataset or path.stem).strip()
    writer, registry = open_writer(conn, path, "acled", name)
    # Rows come in file order, dates in any order: each would land on a random page of the
    # index by time, which at a million rows costs most of the import (pages read back from
    # the write-ahead log). A large file drops that index and builds it again after, sorted
    # once; if the import fails, the rollback brings the index back as it was. The links'
    # index by actor likewise (its actors come in any order: 30% of their writing).
    # The search index takes the text in the same pass; FTS5 writes what it holds in memory
    # as a new segment each 1 MB and merges segments as they pile up, which cost more than
    # the rest of the import at a million rows. A large file lets it hold 32 MB, then the
    # store's default comes back (both in this transaction).
    # SQLite only: on PostgreSQL, COPY fills the table, the search index is made from the
    # stored rows after (a tsvector, search_index), and dropping an index would lock the
    # events against every other reader of a team's store until the commit.
    size = path.stat().st_size
    # (into a dataset that has events already, most rows come again unchanged: its indexes
    # would be made again for nothing, ~4 s for a million rows)
    reindex = size >= REINDEX_FROM and not is_postgres(conn) and not writer.known
    if reindex:
        conn.execute("DROP INDEX IF EXISTS events_by_time")
        conn.execute("DROP INDEX IF EXISTS event_actors_by_actor")  # (the same, by actor)
        conn.execute(FTS_HASH, (32 << 20,))
    # reading the next chunk overlaps with writing this one: a large file is read in a
    # process of its own (read_process), on the other core
    batches = (
        read_in_child(read_bulk_for_store, (path, registry), progress)
        if size >= CHILD_FROM and can_start()
        else read_bulk_for_store(path, registry, progress)
    )
    for batch in read_ahead(batches):
        writer.write(batch)
    if reindex:
        conn.execute(TIME_INDEX)
        conn.execute(ACTOR_INDEX)
        conn.execute(FTS_HASH, (1 << 20,))  # (FTS5's default)
    generation = (
        "current export" if "disorder_type" in (header_names(path) or ()) else "older export"
    )
    summary = close_writer(writer, path, name, f"ACLED ({generation})", [], [])
    gathered = writer.gathered
    if gathered is not None and store is not None and gathered.count >= column_cache.SMALLEST:
        # a new dataset, large: its caches now, from what the pass gathered
        if (token := current_token(conn, writer.ds)) is not None:
            source_cache.save(store, writer.ds, token, *gathered.citations())
        gathered.save(conn, store, writer.ds)
    return summary


def read_bulk_for_store(
    path: Path, registry: ActorRegistry, progress: Progress | None
) -> Iterator[Batch]:
    """read_bulk's batches made ready for the writer: rows sorted by id (Batch.in_id_order)
    and their documents' digests taken (work done here, where it can be done on the other
    core: read_process)."""
    for batch in read_bulk(path, registry, progress):
        batch = batch.in_id_order()
        batch.digests = [digest(doc) for doc in batch.docs]
        yield batch


def read_ahead(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """The items of `items`, produced on a thread of their own up to `depth` ahead.
    An exception there is raised here; stopping early here stops the thread."""
    queue: Queue = Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        queue.put((item, None), timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put((done, None))
        except BaseException as exc:
            queue.put((done, exc))
        finally:
            close = getattr(items, "close", None)  # a generator's cleanup (read_in_child's)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, exc = queue.get()
            if exc is not None:
                raise exc
            if item is done:
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # let it see `stop` even if it waits to put
            with contextlib.suppress(Empty):
                queue.get(timeout=0.1)
        thread.join()


def open_writer(
    conn: StoreConnection, path: Path, fmt: str, dataset: str, description: str = ""
) -> tuple[EventWriter, ActorRegistry]:
    """A writer into `dataset` (made if new) for an import of `path`, logged in `imports`,
    and the dataset's actors."""
    if (control := first_control(dataset)) is not None:  # unselectable, and unsafe to print
        raise InputError(
            path, f"the dataset name {dataset!r} holds a control character "
            f"(U+{ord(control):04X}), which a name cannot: name the dataset otherwise "
            "(import --dataset NAME)",
            field="dataset",
        )  # fmt: skip
    ds = ensure_dataset(conn, dataset, description)
    import_id = conn.execute(
        "INSERT INTO imports (dataset_id, file, format, at, new, updated, unchanged, missing, "
        "refused) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0)",
        (ds, path.name, fmt, now()),
    ).lastrowid
    assert import_id is not None  # (an INSERT's)
    registry = ActorRegistry(read_actors(conn, ds).values())
    return EventWriter(conn, ds, fmt, import_id, import_origin(path.name)), registry


def close_writer(
    writer: EventWriter,
    path: Path,
    dataset: str,
    label: str,
    warnings: list[str],
    refused: list[RefusedRow],
) -> ImportSummary:
    """Finish an import: mark what the source no longer has, log and report the counts."""
    missing = writer.finish()
    conn = writer.conn
    if writer.new or writer.updated or missing or writer.kept or writer.actors_changed:
        conn.execute("UPDATE datasets SET updated = ? WHERE id = ?", (now(), writer.ds))
        new_token(conn, writer.ds)
    summary = ImportSummary(
        path, dataset, writer.new, writer.updated, writer.unchanged, missing, writer.kept,
        len(refused), label, tuple(warnings), tuple(refused),
    )  # fmt: skip
    conn.execute(
        "UPDATE imports SET new = ?, updated = ?, unchanged = ?, missing = ?, refused = ?, "
        "kept = ? WHERE id = ?",
        (summary.new, summary.updated, summary.unchanged, missing, len(refused), writer.kept,
         writer.import_id),
    )  # fmt: skip
    return summary


def save_story(conn: StoreConnection, ds: int, story: Story) -> None:
    steps = [{"event": st.event_id, "note": st.note} for st in story.steps]
    conn.execute(
        "INSERT INTO stories (dataset_id, name, steps) VALUES (?, ?, ?) "
        "ON CONFLICT (dataset_id, name) DO UPDATE SET steps = excluded.steps",
        (ds, story.name, json.dumps(steps, ensure_ascii=False)),
    )


def read_stories(conn: StoreConnection, ds: int) -> list[Story]:
    rows = conn.execute("SELECT name, steps FROM stories WHERE dataset_id = ? ORDER BY id", (ds,))
    return [
        Story(name, tuple(StoryStep(st["event"], st.get("note", "")) for st in json.loads(steps)))
        for name, steps in rows
    ]
