"""Backups of the store, so that no work is lost: taken with SQLite's backup API before a
schema migration and before a large import, the last few kept in `backups/` beside the store;
an integrity check; restoring the newest good backup (the damaged store is moved aside,
never deleted)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

KEEP = 5  # backups kept per store
LARGE_IMPORT = 10_000  # events: an import this big is backed up first
LARGE_FILE = 4_000_000  # bytes: about as many ACLED rows


def backup_dir(store: Path) -> Path:
    return store.parent / "backups"


def backups(store: Path) -> list[Path]:
    """This store's backups, newest first."""
    folder = backup_dir(store)
    if not folder.is_dir():
        return []
    return sorted(
        folder.glob(f"{store.stem}-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True
    )


def make_backup(conn: sqlite3.Connection, store: Path, reason: str) -> Path:
    """Copy the open store to a new backup; keep the newest KEEP."""
    folder = backup_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{store.stem}-{stamp}-{reason}.sqlite"
    copy = sqlite3.connect(target)
    try:
        with copy:
            conn.backup(copy)
    finally:
        copy.close()
    for old in backups(store)[KEEP:]:
        old.unlink(missing_ok=True)
    return target


def integrity(path: Path) -> str:
    """ "ok", or what SQLite found wrong (or why the file cannot be read as a database)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(r[0] for r in rows)[:500]


def move_aside(store: Path) -> Path:
    """Rename a damaged store to `.damaged-<time>` beside it, never over an earlier one (two
    in the same second used to leave only the second)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside, n = store.with_name(f"{store.name}.damaged-{stamp}"), 1
    while aside.exists():
        n += 1
        aside = store.with_name(f"{store.name}.damaged-{stamp}-{n}")
    store.rename(aside)
    return aside


def restore_newest_good(store: Path) -> Path | None:
    """Put the newest backup that passes the check in place of the store; the old store is
    kept beside it as `.damaged-<time>`. Returns the backup used, or None if none is good."""
    for candidate in backups(store):
        if integrity(candidate) == "ok":
            if store.exists():
                move_aside(store)
            for suffix in ("-wal", "-shm"):
                Path(f"{store}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(candidate, store)
            return candidate
    return None
