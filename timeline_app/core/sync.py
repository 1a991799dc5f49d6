"""Sync a laptop's store (SQLite) with a team store (PostgreSQL): push what changed here since
the last sync, pull what changed there, by dataset (its name), event uid and revision.

What changed, exactly, on each side: here, an event whose hash differs from the one both sides
had at the last sync (`sync_base`, kept here), or that appeared or went; there, an event whose
change number (`seq`, pg_schema.SYNC_SCRIPT) is above the one pulled up to, and whose hash
differs from that base too (our own pushes come back that way, and are nothing). Then, per
event: the same on both sides: nothing to do; changed on one side: copied to the other;
changed differently on both: a conflict, stored here (`conflicts`) and left as it is on both
sides until the analyst decides (sync_state.SyncConflicts).

Work goes in batches; a batch is one transaction on the server (under the writers' lock,
where it reads what the server holds now, so that nothing written there meanwhile is
overwritten) and then one here. Each decision is made from what both sides hold at that
moment, so a batch repeated after an interruption (a kill, a lost connection) finds its pushes
already there and only notes it: nothing is lost or applied twice, and the next sync completes.
The change number pulled up to is moved only once every batch of the dataset is done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import uuid4

from timeline_app.core.backend import is_server_url
from timeline_app.core.errors import StoreError
from timeline_app.core.history import now
from timeline_app.core.importing import ensure_dataset
from timeline_app.core.sync_apply import (
    KINDS,
    Named,
    Row,
    actors_by_name,
    add_history,
    chunks,
    last_author,
    named_hash,
    read_events,
    read_history,
    read_named,
    write_events,
    write_named,
)
from timeline_app.core.sync_state import (
    Conflict,
    agreed_bases,
    drop_conflicts,
    forget_pushing,
    note_pushing,
    read_bases,
    record_conflicts,
    resolved_names,
    set_bases,
)

if TYPE_CHECKING:
    from timeline_app.core.store import Store
    from timeline_app.core.store_pg import PgStore

BATCH = 1_000  # events per transaction pair
Progress = Callable[[int, int], None]  # (events done, events to look at)
SAME, PUSH, PULL, CONFLICT = "same", "push", "pull", "conflict"


@dataclass
class SyncReport:
    url: str
    datasets: list[str] = field(default_factory=list)
    pushed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    pulled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    deleted_there: int = 0  # events deleted on the server (part of pushed)
    deleted_here: int = 0  # events deleted here (part of pulled)
    history: int = 0  # history rows that went across, both ways
    conflicts: list[Conflict] = field(default_factory=list)  # open after this sync

    @property
    def changed(self) -> bool:
        return any(self.pushed.values()) or any(self.pulled.values()) or bool(self.history)

    def lines(self) -> list[str]:
        """What the sync did, in English (the window says it in its own words)."""
        names = ", ".join(f"'{n}'" for n in self.datasets) or "no dataset"
        if not self.changed and not self.conflicts:
            return [f"nothing to sync: {names} already the same here and on {self.url}"]
        out = [f"synced {names} with {self.url}"]
        for verb, counts, gone in (("pushed", self.pushed, self.deleted_there),
                                   ("pulled", self.pulled, self.deleted_here)):  # fmt: skip
            parts = [f"{counts['event']} events" + (f" ({gone} deleted)" if gone else "")]
            parts += [f"{counts['story']} stories"] if counts["story"] else []
            parts += [f"{counts['view']} saved views"] if counts["view"] else []
            out.append(f"{verb}: {', '.join(parts)}")
        if self.history:
            out.append(f"history: {self.history} changes with their authors went across")
        if self.conflicts:
            out.append(f"{len(self.conflicts)} conflicts (changed on both sides, left as they "
                       "are until decided in the window: File → Sync…):")  # fmt: skip
            out += [f"  {c.describe()}" for c in self.conflicts]
        return out


def decide(mine: str | None, theirs: str | None, base: str | None) -> str:
    """Three hashes (None: absent) to what to do."""
    if mine == theirs:
        return SAME
    if theirs == base:
        return PUSH
    if mine == base:
        return PULL
    return CONFLICT


def remote_identity(remote: PgStore) -> str:
    """The team store's own id (made on its first sync): a URL may change, the store not."""
    with remote._transaction() as rc:
        rc.execute("INSERT INTO meta (key, value) VALUES ('store-id', ?) "
                   "ON CONFLICT (key) DO NOTHING", (uuid4().hex,))  # fmt: skip
        return rc.execute("SELECT value FROM meta WHERE key = 'store-id'").value()


class Sync:
    """One sync of `local` with `remote` (open stores; see the module's doc)."""

    def __init__(self, local: Store, remote: PgStore, progress: Progress | None = None,
                 batch: int | None = None) -> None:  # fmt: skip
        if local.read_only:
            raise StoreError(f"{local.path} is read-only: it cannot be synced")
        if remote.read_only:
            raise StoreError(f"{remote.name} is read-only for your role: a sync writes to it")
        self.local, self.remote, self.progress = local, remote, progress
        self.batch = batch or BATCH
        self.url = remote.name
        self.report = SyncReport(self.url)
        self.batches = 0

    def run(self, datasets: Sequence[str] | None = None) -> SyncReport:
        self.remote_id = remote_identity(self.remote)
        names = self._datasets(datasets)
        self.report.datasets = names
        plans = [(name, *self._plan(name)) for name in names]
        total = sum(len(p[3]) for p in plans)
        done = 0
        for _name, lds, rds, todo, high in plans:
            self.local_actors = actors_by_name(self.local._conn, lds)
            self.remote_actors = actors_by_name(self.remote._conn, rds)
            for part in chunks(todo, self.batch):
                self._events(lds, rds, list(part))
                done += len(part)
                if self.progress:
                    self.progress(done, total)
            for kind in ("story", "view"):
                self._named(lds, rds, kind)
            with self.local._transaction() as lc:  # every batch done: the mark moves
                lc.execute(
                    "INSERT INTO sync_state (remote, dataset_id, url, last_seq, synced) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (remote, dataset_id) DO UPDATE SET "
                    "url = excluded.url, last_seq = excluded.last_seq, synced = excluded.synced",
                    (self.remote_id, lds, self.url, high, now()),
                )
        self.report.conflicts = [
            c for c in self.local.conflicts() if c.remote == self.remote_id and c.dataset in names
        ]
        return self.report

    def _datasets(self, wanted: Sequence[str] | None) -> list[str]:
        here = {d.name.casefold(): d for d in self.local.datasets()}
        there = {d.name.casefold(): d for d in self.remote.datasets()}
        if wanted:
            unknown = [w for w in wanted if w.casefold() not in here | there]
            if unknown:
                known = ", ".join(sorted({d.name for d in [*here.values(), *there.values()]}))
                raise StoreError(f"no dataset '{unknown[0]}' here nor on {self.url} "
                                 f"(datasets: {known or 'none'})")  # fmt: skip
            keys = [w.casefold() for w in wanted]
        else:
            keys = sorted(here | there)
        names = []
        for key in dict.fromkeys(keys):
            info = here.get(key) or there[key]
            if key not in here:
                with self.local._transaction() as lc:
                    ensure_dataset(lc, info.name, info.description)
            if key not in there:
                with self.remote._transaction() as rc:
                    ensure_dataset(rc, info.name, info.description)
            names.append(info.name)
        return names

    def _plan(self, name: str) -> tuple[int, int, list[str], int]:
        """The dataset's ids here and there, the events to look at, and the server's change
        number they were read at."""
        lds, rds = self.local._dataset_id(name), self.remote._dataset_id(name)
        lc = self.local._conn
        row = lc.execute("SELECT last_seq FROM sync_state WHERE remote = ? AND dataset_id = ?",
                         (self.remote_id, lds)).fetchone()  # fmt: skip
        last = row[0] if row else 0
        with self.remote._transaction() as rc:  # under the lock: every lower number committed
            high = rc.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                              "FROM tl_change_seq").value()  # fmt: skip
            theirs: dict[str, str | None] = dict(rc.execute(
                "SELECT uid, doc_hash FROM events WHERE dataset_id = ? AND seq > ?", (rds, last)
            ).fetchall())  # fmt: skip
            gone = rc.execute(
                "SELECT uid FROM deleted_events AS d WHERE dataset_id = ? AND seq > ? AND NOT "
                "EXISTS (SELECT 1 FROM events AS e WHERE e.dataset_id = d.dataset_id AND "
                "e.uid = d.uid)",
                (rds, last),
            ).fetchall()
        theirs.update({uid: None for (uid,) in gone})
        bases = read_bases(lc, self.remote_id, lds, "event")
        mine = dict(lc.execute("SELECT uid, doc_hash FROM events WHERE dataset_id = ?", (lds,)))
        todo = {u for u in mine.keys() | bases.keys() if mine.get(u) != bases.get(u)}
        todo |= {u for u, h in theirs.items() if h != bases.get(u)}
        todo |= resolved_names(lc, self.remote_id, lds, "event")
        return lds, rds, sorted(todo), high

    def _events(self, lds: int, rds: int, uids: list[str]) -> None:
        """One batch: a transaction there (pushes), then one here (pulls, bases, conflicts)."""
        lc, report = self.local._conn, self.report
        mine = read_events(lc, lds, uids)
        mine_history = read_history(lc, lds, uids)
        with self.remote._transaction() as rc:
            theirs = read_events(rc, rds, uids)
            their_hashes = {u: _hash(theirs.get(u)) for u in uids}
            bases = agreed_bases(lc, self.remote_id, lds, "event", their_hashes)
            plan = {u: decide(_hash(mine.get(u)), _hash(theirs.get(u)), bases.get(u)) for u in uids}
            pushes = {u: mine.get(u) for u, what in plan.items() if what == PUSH}
            write_events(rc, rds, pushes, self.local_actors)
            settled = {u for u, what in plan.items() if what != CONFLICT}
            their_history = read_history(rc, rds, uids)
            report.history += add_history(rc, rds, [r for r in mine_history if r[0] in settled],
                                          their_history)  # fmt: skip
            if pushes:  # noted here before the server commits: see note_pushing
                with self.local._transaction() as lc:
                    sent = {u: _hash(r) for u, r in pushes.items()}
                    note_pushing(lc, self.remote_id, lds, "event", sent)
        report.pushed["event"] += len(pushes)
        report.deleted_there += sum(r is None for r in pushes.values())
        self.batches += 1
        if pushes and self.batches & (self.batches - 1) == 0:  # 1, 2, 4, 8… batches in
            analyze(self.remote)
        with self.local._transaction() as lc:
            now_mine = read_events(lc, lds, uids)
            pulls, new_bases, conflicts, same = {}, [], [], []
            for u, what in plan.items():
                m, t = now_mine.get(u), theirs.get(u)
                if what == PUSH:  # (an edit made here meanwhile goes with the next sync)
                    new_bases.append((u, _hash(pushes[u]), _rev(pushes[u])))
                    same.append(u)
                    continue
                if what == PULL and _hash(m) != _hash(mine.get(u)):  # edited here meanwhile
                    what = decide(_hash(m), _hash(t), bases.get(u))
                if what == PULL:
                    pulls[u] = t
                    new_bases.append((u, _hash(t), _rev(t)))
                    same.append(u)
                elif what == SAME or _hash(m) == _hash(t):  # (agreed on theirs: an edit made
                    new_bases.append((u, _hash(t), _rev(t)))  # here meanwhile goes next time)
                    same.append(u)
                else:
                    conflicts.append((u, _doc(m), _doc(t), _hash(t) or "",
                                      last_author(their_history, u)))  # fmt: skip
            write_events(lc, lds, pulls, self.remote_actors)
            set_bases(lc, self.remote_id, lds, "event", new_bases)
            forget_pushing(lc, self.remote_id, lds, "event", uids)
            record_conflicts(lc, self.remote_id, lds, "event", conflicts)
            drop_conflicts(lc, self.remote_id, lds, "event", same)
            done = set(same)
            have = read_history(lc, lds, same)
            report.history += add_history(lc, lds, [r for r in their_history if r[0] in done],
                                          have)  # fmt: skip
        report.pulled["event"] += len(pulls)
        report.deleted_here += sum(r is None for r in pulls.values())

    def _named(self, lds: int, rds: int, kind: str) -> None:
        """A dataset's stories or saved views (few: all looked at, in one batch)."""
        lc = self.local._conn
        mine = read_named(lc, lds, kind)
        with self.remote._transaction() as rc:
            theirs = read_named(rc, rds, kind)
            names = sorted(
                mine.keys() | theirs.keys() | read_bases(lc, self.remote_id, lds, kind).keys()
            )
            bases = agreed_bases(lc, self.remote_id, lds, kind,
                                 {n: named_hash(theirs.get(n)) for n in names})  # fmt: skip
            plan = {
                n: decide(named_hash(mine.get(n)), named_hash(theirs.get(n)), bases.get(n))
                for n in names
            }
            pushes = [n for n, what in plan.items() if what == PUSH]
            for n in pushes:
                write_named(rc, rds, kind, n, mine.get(n))
            if pushes:  # noted here before the server commits (see note_pushing)
                with self.local._transaction() as lc:
                    sent = {n: named_hash(mine.get(n)) for n in pushes}
                    note_pushing(lc, self.remote_id, lds, kind, sent)
        self.report.pushed[kind] += len(pushes)
        with self.local._transaction() as lc:
            now_mine = read_named(lc, lds, kind)
            new_bases: list[tuple[str, str | None, int]] = []
            conflicts, settled = [], []
            for n, what in plan.items():
                m: Named | None = now_mine.get(n)
                t: Named | None = theirs.get(n)
                if what == PULL and named_hash(m) != named_hash(mine.get(n)):
                    what = decide(named_hash(m), named_hash(t), bases.get(n))
                if what == PUSH:
                    new_bases.append((n, named_hash(mine.get(n)), 0))
                elif what == PULL:
                    write_named(lc, lds, kind, n, t)
                    self.report.pulled[kind] += 1
                    new_bases.append((n, named_hash(t), 0))
                elif what == SAME or named_hash(m) == named_hash(t):  # (an edit made here
                    new_bases.append((n, named_hash(t), 0))  # meanwhile goes next time)
                else:
                    conflicts.append((n, m and m[0], t and t[0], named_hash(t) or "", ""))
                    continue
                settled.append(n)
            set_bases(lc, self.remote_id, lds, kind, new_bases)
            record_conflicts(lc, self.remote_id, lds, kind, conflicts)
            drop_conflicts(lc, self.remote_id, lds, kind, settled)
            forget_pushing(lc, self.remote_id, lds, kind, names)


def analyze(remote: PgStore) -> None:
    """Bring the server's statistics up to date: a first sync may make a table many times
    larger, and the planner would go on reading it as the small table it was (its own
    autovacuum comes a minute or more later). Only the tables' owner may: others are skipped
    with a warning from the server, not an error."""
    for table in ("events", "event_actors", "actors", "history"):
        remote._conn.execute(f"ANALYZE {table}")


def _hash(row: Row | None) -> str | None:
    return None if row is None else row.hash


def _rev(row: Row | None) -> int:
    return 0 if row is None else row.revision


def _doc(row: Row | None) -> str | None:
    return None if row is None else row.doc


def sync(
    local: Store,
    url: str,
    datasets: Sequence[str] | None = None,
    progress: Progress | None = None,
    *,
    index: bool = True,
) -> SyncReport:
    """Open the team store at `url` and sync `local` with it (see the module's doc). With
    `index`, the team store's search index takes the events pushed before it returns (as an
    import's does: the others' searches need not scan them)."""
    from timeline_app.core.store import Store

    if not is_server_url(url):
        raise StoreError(f"'{url}' is not a team store: give its postgresql://USER@HOST/DB URL")
    if is_server_url(str(local.path)):
        raise StoreError("sync is from a store file (a laptop's) to a team store, not between "
                         "two team stores")  # fmt: skip
    remote = Store.open(url, sample=False)
    remote.write_wait, remote.on_wait = local.write_wait, local.on_wait  # (an import there)
    try:
        report = Sync(local, remote, progress).run(datasets)  # type: ignore[arg-type]
        if index and report.pushed["event"] and remote.search_pending():
            remote.build_search_index()
        return report
    finally:
        remote.close()
