"""The store's file: opening it (read-only where it cannot be written), the checks made before
it is used, and SQLite's errors said as what they mean to the user.

Checks at open: a 0-byte file, a file that is not SQLite, another program's database, a
damaged page (PRAGMA quick_check, on stores small enough to read in a moment) are refused
with a StoreError, never adopted or silently replaced by a new store.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from timeline_app.core.backups import OUR_TABLES
from timeline_app.core.errors import DiskFull, StoreBusy, StoreError, StoreReadOnly

QUICK_CHECK_MAX = 100_000_000  # bytes: a store this big or smaller is checked at each open
MB = 1_000_000
BUSY_TIMEOUT = 5.0  # seconds SQLite waits for a lock before it says "database is locked"
FIRST_TRY = 0.2  # seconds, before a long wait for another writer is said
RESTORE_HINT = "`timeline-app check --restore` puts back the newest good backup"


def sqlite_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code of an error (0 if it has none)."""
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_busy(exc: sqlite3.Error) -> bool:
    return sqlite_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def said(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """The StoreError an SQLite error means for the store at `path`, if it is one of the
    conditions a user can act on; None for anything else."""
    code = sqlite_code(exc)
    if code == sqlite3.SQLITE_FULL:
        return DiskFull(f"the disk is full: {path} could not be written")
    if code == sqlite3.SQLITE_READONLY:
        return StoreReadOnly(f"{path} is read-only: nothing can be written to it ({exc})")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(f"{path} is damaged ({exc}); {RESTORE_HINT}")
    if is_busy(exc):
        return StoreBusy(f"{path} is busy: another program is writing to it ({exc})")
    return None


def can_write(path: Path) -> bool:
    """Whether the store (and the folder SQLite keeps its -wal and -shm in) can be written.
    os.access answers as the user would be answered, and sees a read-only mount even as root."""
    folder = path.parent
    if path.exists():
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # (made by connect)
    return os.access(folder, os.W_OK)


def check_header(path: Path) -> None:
    """Refuse a 0-byte file: it is not made into a new store (it may be a copy that failed,
    or the wrong file). Only stat: opening and closing the store's file from Python drops the
    process's SQLite locks on it (see store.is_store_file); SQLite reads the header itself,
    and says "file is not a database" for a file of another kind."""
    try:
        size = path.stat().st_size
    except (FileNotFoundError, NotADirectoryError):
        return  # a new store (or one that cannot be made: connect says why)
    except OSError as exc:
        raise StoreError(f"cannot read the store {path} ({exc.strerror or exc})") from None
    if not size and not file_size(Path(f"{path}-wal")):
        raise StoreError(
            f"{path} is an empty file (0 bytes), not a Timeline App store; it was left as it "
            f"is (a copy that failed?). {RESTORE_HINT}"
        )


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection to the store and whether it is read-only."""
    check_header(path)
    if path.exists() and not can_write(path):
        return _connect_read_only(path), True
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open or create the store {path} ({exc})") from None
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if sqlite_code(exc) == sqlite3.SQLITE_READONLY:  # missed by can_write (an ACL, say)
            return _connect_read_only(path), True
        if is_busy(exc):  # a large import has it to itself (bulk_journal)
            raise StoreBusy(
                f"{path} is busy: a large import is writing to it, and nothing else can open "
                "it until that import ends; nothing was changed: try again once it has finished"
            ) from None
        raise StoreError(f"{path} is not a Timeline App store ({exc})") from None
    _settings(conn)
    return conn, False


@contextmanager
def bulk_journal(conn: sqlite3.Connection) -> Iterator[bool]:
    """For a large import into a store nobody else has open: a rollback journal instead of
    the write-ahead log, until the import ends. Yields whether it switched.

    In the log, every page of the import is written twice: into the log, then into the
    store by the checkpoint after the commit (about 1.8 GB each way for a million ACLED
    rows: 7 of 46 s). With a rollback journal the new pages go straight into the store and
    the journal keeps only the few pages that were there before; a crash still rolls the
    import back (the journal is replayed at the next open). The switch needs the store to
    itself: with another connection open (the window, another import) it stays in the log,
    and a program that opens the store during the import is told it is busy (connect)."""
    switched = False
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        switched = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    try:
        yield switched
    finally:
        if switched:
            with suppress(sqlite3.OperationalError):  # busy: the next open sets it
                conn.execute("PRAGMA journal_mode = WAL")


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Read-only; where SQLite cannot make the -shm it needs to read a WAL store (a read-only
    folder), as an immutable file: nobody can write it there anyway."""
    uri = path.absolute().as_uri()
    for mode in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {path} ({exc})") from None
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if sqlite_code(exc) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                error = said(exc, path)
                assert error is not None  # (said has words for both)
                raise error from None
            continue
        _settings(conn)
        return conn
    raise StoreError(f"the read-only store {path} cannot be read")


def _settings(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")


def check_contents(conn: sqlite3.Connection, path: Path, newest: int) -> None:
    """Refuse another program's database and a damaged store (quick_check if it is small).
    `newest` is the schema version this program knows."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise said(exc, path) or StoreError(f"{path} cannot be read ({exc})") from None
    ours = tables >= OUR_TABLES
    if (version == 0 and tables) or (version > 0 and not ours):
        raise StoreError(
            f"{path} is not a Timeline App store: it is an SQLite database of another program "
            f"(tables: {', '.join(sorted(tables)[:6]) or 'none'}); it was left as it is"
        )
    if version > newest:
        raise StoreError(
            f"{path} was written by a newer Timeline App (schema {version}); "
            f"this version reads up to schema {newest}"
        )
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    if version and size <= QUICK_CHECK_MAX:
        try:
            found = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            found = [str(exc)]
        if found != ["ok"]:
            problem = "; ".join(found)[:300]
            raise StoreError(f"{path} is damaged ({problem}); {RESTORE_HINT}")


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def transaction(
    conn: sqlite3.Connection,
    path: Path,
    wait: float = 0.0,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[sqlite3.Connection]:
    """One write, all or nothing. SQLite's errors that a user can act on (a full disk, a
    read-only or busy store) come out as StoreErrors that say so. On a full disk SQLite has
    rolled back already: our ROLLBACK then failed ("no transaction is active") over the real
    error."""
    begin(conn, path, wait, on_wait)
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        written = file_size(Path(f"{path}-wal"))  # before the rollback: for an estimate
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        mapped = said(exc, path) if isinstance(exc, sqlite3.Error) else None
        if isinstance(mapped, DiskFull):
            with suppress(sqlite3.Error):  # give back the space the rolled-back pages took
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mapped.written = written
        if mapped is not None:
            raise mapped from exc
        raise


def begin(
    conn: sqlite3.Connection, path: Path, wait: float, on_wait: Callable[[], None] | None
) -> None:
    """BEGIN IMMEDIATE; while another process writes, wait for it up to `wait` seconds,
    calling `on_wait` once when the wait begins (a second import failed after SQLite's five
    seconds with a bare "database is locked")."""
    deadline = None
    # waiting long: a first short try, so that the wait is said at once
    timeout = FIRST_TRY if wait > 0 else BUSY_TIMEOUT
    try:
        while True:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise said(exc, path) or exc from None
            if deadline is None:
                deadline = time.monotonic() + wait
                if wait > 0 and on_wait is not None:
                    on_wait()
            left = deadline - time.monotonic()
            if left <= 0:
                waited = f" (waited {wait / 60:.0f} min)" if wait >= 60 else ""
                raise StoreBusy(
                    f"{path} is busy: another program (an import?) is writing to it{waited}; "
                    "nothing was written: try again once it has finished"
                ) from None
            timeout = min(BUSY_TIMEOUT, max(left, 0.001))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")


def settle(conn: sqlite3.Connection, path: Path, source: Path) -> str | None:
    """After an import's commit: copy the write-ahead log into the store, and check that it
    could. None if it could (readers may hold part of it: they let go soon); else a warning.
    A full disk used to leave the import in the -wal with success reported, and the next
    import failing."""
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.OperationalError as exc:
        if isinstance(said(exc, path), DiskFull):
            wal = file_size(Path(f"{path}-wal"))
            return (
                f"the disk is full: {source.name} is stored, but its events are kept in "
                f"{path.name}-wal until the store can grow by about {wal // MB + 1} MB: free "
                "some space, and do not delete that file"
            )
        if not is_busy(exc):
            raise said(exc, path) or exc from None
    return None


def disk_full_message(source: Path, store: Path, needed: int) -> str:
    """ "the disk is full: nothing of FILE was stored (needs about N MB)"."""
    try:
        free = os.statvfs(store.parent).f_bavail * os.statvfs(store.parent).f_frsize
    except OSError:
        free = 0
    more = max(needed - free, MB)
    return (
        f"the disk is full: nothing of {source.name} was stored (needs about "
        f"{(more + MB - 1) // MB} MB more free space on the disk of {store})"
    )
