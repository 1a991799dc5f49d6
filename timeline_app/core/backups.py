"""Backups of the store, so that no work is lost: taken with SQLite's backup API before a
schema migration and before a large import, the last few kept in `backups/` beside the store;
an integrity check; restoring the newest good backup (the store it replaces is moved aside,
never deleted).

A backup is written under a temporary name, checked, and only then renamed to a name that
`backups()` lists: one that failed half-way (a full disk left 0-byte files that `check` called
ok and `--restore` put over a healthy store) is deleted, and never seen by a `check` that runs
while it is being written.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from timeline_app.core.errors import DiskFull, StoreError

KEEP = 5  # backups kept per store
LARGE_IMPORT = 10_000  # events: an import this big is backed up first
LARGE_FILE = 4_000_000  # bytes: about as many ACLED rows
PARTIAL = ".partial"  # a backup or a restored copy being written
OUR_TABLES = frozenset({"meta", "datasets", "actors", "events", "event_actors"})
COMPANIONS = ("-wal", "-shm", "-journal")


def backup_dir(store: Path) -> Path:
    return store.parent / "backups"


def backups(store: Path) -> list[Path]:
    """This store's backups, newest first (never one still being written)."""
    folder = backup_dir(store)
    if not folder.is_dir():
        return []
    return sorted(
        folder.glob(f"{store.stem}-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True
    )


def make_backup(conn: sqlite3.Connection, store: Path, reason: str) -> Path:
    """Copy the open store to a new, checked backup; keep the newest KEEP. Raises StoreError
    (and leaves no file) if the copy cannot be made whole: a full disk, say."""
    folder = backup_dir(store)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{store.stem}-{stamp}-{reason}.sqlite"
    partial = target.with_name(target.name + PARTIAL)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(partial)
        try:
            with copy:
                conn.backup(copy)
            # a copy in WAL mode could not be read where its -shm cannot be made (a full disk)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        # a page by page copy: its pages and trees are what can be wrong, which quick_check
        # reads (2.6 s for a 1.8 GB store, against 6 s for integrity_check)
        problem = verify(partial, "quick_check")
        if problem != "ok":
            raise StoreError(f"the backup {target.name} did not pass its check ({problem})")
        os.replace(partial, target)
    except (OSError, sqlite3.Error, StoreError) as exc:
        _give_up(partial, exc, f"the disk is full: no backup of {store} could be made",
                 f"no backup of {store} could be made in {folder} ({exc})")  # fmt: skip
    for old in backups(store)[KEEP:]:
        old.unlink(missing_ok=True)
    return target


def _is_full(exc: Exception) -> bool:
    if isinstance(exc, sqlite3.Error):
        return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _remove(path: Path) -> None:
    for suffix in ("", *COMPANIONS):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def integrity(path: Path, check: str = "integrity_check") -> str:
    """ "ok", or what SQLite found wrong (or why the file cannot be read as a database)."""
    try:
        rows = _read(path, f"PRAGMA {check}")
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(r[0] for r in rows)[:500]


def _read(path: Path, sql: str) -> list[tuple]:
    """Rows of `sql` on the file, read-only. In a read-only folder SQLite cannot make the
    -shm a WAL file needs: it is then read as immutable (nobody can write it there)."""
    uri = path.absolute().as_uri()
    for mode in ("mode=ro", "immutable=1"):
        conn = sqlite3.connect(f"{uri}?{mode}", uri=True)
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError as exc:
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if mode != "mode=ro" or code not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN):
                raise
        finally:
            conn.close()
    return []


def verify(path: Path, check: str = "integrity_check") -> str:
    """ "ok" if `path` is a whole Timeline App store: not empty, an SQLite file that passes
    its integrity `check`, with our tables. Otherwise what is wrong with it. (Only SQLite opens
    the file: see store.is_store_file.)"""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not size:
        return "an empty file (0 bytes)"
    found = integrity(path, check)
    if found != "ok":
        return found
    try:
        tables = {n for (n,) in _read(path, "SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if not tables >= OUR_TABLES:
        return "not a Timeline App store (an SQLite database of another program, or empty)"
    return "ok"


def move_aside(store: Path, why: str = "damaged") -> Path:
    """Rename a store to `.<why>-<time>` beside it, never over an earlier one (two in the same
    second used to leave only the second); its -wal goes with it (it may hold its last
    transactions)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside, n = store.with_name(f"{store.name}.{why}-{stamp}"), 1
    while aside.exists():
        n += 1
        aside = store.with_name(f"{store.name}.{why}-{stamp}-{n}")
    store.rename(aside)
    for suffix in ("-wal", "-journal"):
        companion = Path(f"{store}{suffix}")
        if companion.is_file() and companion.stat().st_size:
            companion.rename(Path(f"{aside}{suffix}"))
        else:
            companion.unlink(missing_ok=True)
    Path(f"{store}-shm").unlink(missing_ok=True)  # (rebuilt from the -wal by whoever opens it)
    return aside


def newest_good(store: Path) -> Path | None:
    """The newest backup that passes `verify`, or None."""
    return next((b for b in backups(store) if verify(b) == "ok"), None)


def restore(store: Path, backup: Path) -> Path | None:
    """Put `backup` in place of the store, through a checked copy. The store it replaces is
    kept beside it (returned), as `.damaged-<time>` if it fails its check, else
    `.replaced-<time>`. Raises StoreError if another process is writing to the store (an
    import: its file must not be pulled from under it) or if the copy cannot be made."""
    _refuse_if_written(store)
    partial = store.with_name(store.name + PARTIAL)
    try:
        shutil.copyfile(backup, partial)
        # a page by page copy: its pages and trees are what can be wrong, which quick_check
        # reads (2.6 s for a 1.8 GB store, against 6 s for integrity_check)
        problem = verify(partial, "quick_check")
        if problem != "ok":
            raise StoreError(f"the copy of {backup.name} did not pass its check ({problem})")
    except (OSError, StoreError) as exc:
        _give_up(partial, exc, f"the disk is full: {backup.name} could not be copied",
                 f"{backup.name} could not be copied beside {store} ({exc})")  # fmt: skip
    aside = None
    if store.exists():
        aside = move_aside(store, "damaged" if verify(store) != "ok" else "replaced")
    os.replace(partial, store)
    return aside


def _refuse_if_written(store: Path) -> None:
    """A StoreError if a process holds the store's write lock (an import under way)."""
    if not store.exists():
        return
    try:
        conn = sqlite3.connect(f"{store.absolute().as_uri()}?mode=rw", uri=True, timeout=0.5)
    except sqlite3.Error:
        return  # cannot be opened at all: nobody writes to it
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise StoreError(
                f"{store} is being written to (an import under way?); nothing was restored: "
                "try again once it has finished"
            ) from None
    except sqlite3.DatabaseError:
        pass  # damaged beyond a lock: nobody writes to it
    finally:
        conn.close()


def _give_up(partial: Path, exc: Exception, full: str, other: str) -> NoReturn:
    """A copy that failed half-way: its partial file is removed, and the error said (a full
    disk as DiskFull, with `full`; anything else as a StoreError, with `other`)."""
    _remove(partial)
    if isinstance(exc, StoreError):
        raise exc
    if _is_full(exc):
        raise DiskFull(full) from exc
    raise StoreError(other) from exc
