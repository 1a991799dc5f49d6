"""Which sources each event cites, saved beside the store for large datasets, so that "N
sources cited" under an exported image costs a lookup, not a pass over every event's JSON
(nine seconds for a million events).

Like the column cache (core.column_cache): a plain .npz in `cache/`, valid only for the
dataset's current token, never trusted otherwise; a store on read-only media has none.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import numpy as np

from timeline_app.core import column_cache
from timeline_app.core.backend import StoreConnection, sources_of_events

log = logging.getLogger(__name__)
FORMAT = 1


def cache_path(store: Path, ds: int) -> Path:
    return store.parent / "cache" / f"{store.stem}-dataset{ds}-sources.npz"


def citations(conn: StoreConnection, store: Path, ds: int) -> tuple[np.ndarray, np.ndarray]:
    """(event ids, source codes): one pair per source an event cites, a source being its
    url and name; from the cache if it holds, else read (and cached)."""
    token = column_cache.current_token(conn, ds)
    path = cache_path(store, ds)
    if token is not None and path.exists():
        try:
            with np.load(path, allow_pickle=False) as f:
                if f["meta"].tobytes().decode() == f"{FORMAT}:{token}":
                    return f["event"], f["source"]
        except Exception:  # a damaged or foreign file: read from the store
            log.warning("source cache %s unreadable; reading from the store", path, exc_info=True)
    rows = conn.execute(
        f"SELECT e.id, e.source FROM {sources_of_events(conn)} WHERE e.dataset_id = ?", (ds,)
    ).fetchall()
    keys: dict[str, int] = {}
    event = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    source = np.fromiter((keys.setdefault(r[1], len(keys)) for r in rows), dtype=np.int32,
                         count=len(rows))  # fmt: skip
    if token is not None:
        save(store, ds, token, event, source)
    return event, source


def save(store: Path, ds: int, token: str, event: np.ndarray, source: np.ndarray) -> None:
    """Write the citations of dataset `ds` for `token`; read-only media simply have none."""
    path = cache_path(store, ds)
    tmp = path.with_suffix(".tmp.npz")
    meta = np.frombuffer(f"{FORMAT}:{token}".encode(), dtype=np.uint8)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(tmp, meta=meta, event=event, source=source)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("source cache %s not written (%s)", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()


def count(event: np.ndarray, source: np.ndarray, ids: np.ndarray | None) -> int:
    """Distinct sources cited by the events with store `ids` (all if None)."""
    if ids is not None:
        source = source[np.isin(event, ids)]
    return len(np.unique(source))
