"""Queries run ahead on a second connection while the caller works on the results it has.

Reading a large dataset's columns is a few long queries (column_text), each followed by
a fraction of a second of parsing in Python. sqlite3 and psycopg let go of the GIL while a
query runs, so a worker thread with a connection of its own runs the next queries meanwhile,
and the caller runs the quick ones (the actors' pairs) itself whenever it would otherwise
wait. On two cores the queries and the parsing overlap: a million events' columns, ~5.6 s of
CPU, took ~2.8 s of it on each thread. (The caller taking long queries as well did worse: it
then had the most of both.)

Each query is run once, by whichever side takes it first; results come back in order. A query
that fails on the second connection (a store it cannot read: a read-only folder, say) is run
again on the caller's own. Where no second connection can be opened (an in-memory store), the
caller runs them all in turn. The worker keeps at most AHEAD results not yet taken (each can be
tens of MB of text).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Generator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from timeline_app.core.backend import StoreConnection, is_postgres

log = logging.getLogger(__name__)
AHEAD = 2  # results the worker may hold that the caller has not taken yet
Query = tuple[str, Sequence[Any]]


def results(
    conn: StoreConnection, queries: Sequence[Query], ahead: bool = True, small: int = 0
) -> Generator[tuple]:
    """The first row of each query, in order (see the module's doc); all on `conn` unless
    `ahead` (worth a second connection: for PostgreSQL a new session, ~20 ms). Inside a
    transaction too: a second connection would not see what it wrote. The last `small`
    queries are quick ones, which the caller runs while it waits for the worker: a long one
    would keep it from its parsing (the worker is ahead anyway)."""
    use = ahead and len(queries) > 1 and not conn.in_transaction
    other = _second_connection(conn) if use else None
    if other is None:
        for sql, params in queries:
            yield conn.execute(sql, params).fetchone()
        return
    shared = _Ahead(other, queries, len(queries) - small)
    worker = threading.Thread(target=shared.work, name="query-ahead", daemon=True)
    worker.start()
    try:
        for i, (sql, params) in enumerate(queries):
            if shared.claim(i):
                row = conn.execute(sql, params).fetchone()
            else:
                # the worker has it: run a later one meanwhile, rather than wait
                while (j := shared.unclaimed(i)) is not None:
                    shared.put(j, conn.execute(*queries[j]).fetchone())
                row = shared.wait(i)
                if isinstance(row, BaseException):
                    log.debug("query ahead failed (%s); run on the store's connection", row)
                    row = conn.execute(sql, params).fetchone()
            shared.taken(i)
            yield row
    finally:
        shared.stop()
        worker.join()
        with contextlib.suppress(Exception):
            other.close()


class _Ahead:
    """The queries' shared state: who took which, the worker's results."""

    def __init__(self, conn: StoreConnection, queries: Sequence[Query], first_small: int) -> None:
        self.conn, self.queries, self.first_small = conn, queries, first_small
        self.claimed: set[int] = set()
        self.done: dict[int, tuple | BaseException] = {}
        self.next_taken = 0  # the first query whose result the caller has not had
        self.stopped = False
        self.cond = threading.Condition()

    def claim(self, i: int) -> bool:
        """Take query `i` if nobody has (True: run it yourself)."""
        with self.cond:
            if i in self.claimed:
                return False
            self.claimed.add(i)
            return True

    def unclaimed(self, i: int) -> int | None:
        """While query `i` runs in the worker: a small query nobody has taken (now the
        caller's); None if there is none or `i` is done."""
        with self.cond:
            if i in self.done:
                return None
            for j in range(max(i + 1, self.first_small), len(self.queries)):
                if j not in self.claimed:
                    self.claimed.add(j)
                    return j
            return None

    def put(self, i: int, row: tuple) -> None:
        with self.cond:
            self.done[i] = row
            self.cond.notify_all()

    def wait(self, i: int) -> tuple | BaseException:
        with self.cond:
            self.cond.wait_for(lambda: i in self.done)
            return self.done.pop(i)

    def taken(self, i: int) -> None:
        with self.cond:
            self.next_taken = i + 1
            self.cond.notify_all()

    def stop(self) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify_all()

    def _may_run(self, i: int) -> bool:
        return self.stopped or i < self.next_taken + AHEAD

    def work(self) -> None:
        for i, (sql, params) in enumerate(self.queries):
            with self.cond:
                self.cond.wait_for(partial(self._may_run, i))
                if self.stopped:
                    return
                if i in self.claimed:
                    continue
                self.claimed.add(i)
            try:
                row: tuple | BaseException = self.conn.execute(sql, params).fetchone()
            except Exception as exc:  # (the caller runs it again on its own connection)
                row = exc
            with self.cond:
                self.done[i] = row
                self.cond.notify_all()


def _second_connection(conn: StoreConnection) -> StoreConnection | None:
    """Another connection to the same store, for the worker thread (None: none to be had)."""
    try:
        if is_postgres(conn):
            from timeline_app.core.pg_conn import PgConnection

            return PgConnection.connect(conn.url)
        file = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
        if not file:  # an in-memory store
            return None
        uri = Path(file).absolute().as_uri()
        other = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                                check_same_thread=False)  # fmt: skip
        other.execute("PRAGMA busy_timeout = 5000")
        return other
    except Exception as exc:  # (whatever: the caller's connection does it all)
        log.debug("no second connection to read ahead (%s)", exc)
        return None
