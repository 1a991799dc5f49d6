"""A dataset's columns saved beside the store, so that a million events open in a second.

Reading a million rows out of SQLite takes seconds; loading the same arrays from one file
takes a fraction of that. The file is a plain .npz (no pickle: a store found on a USB stick
must not be able to run code) in `cache/` beside the store, one per dataset. It records the
dataset's token, which every write to the dataset's events replaces with a new random one
(`new_token`); a file whose token is not the store's is never read, only replaced. A restored
backup brings back an old token, which the cache file no longer holds.

A hand edit (`edited_token`) also logs which events it changed: a step from the token before
to the new one, with the ids it changed. A cache file a few edits behind is then brought up to
date by reading only those events (column_patch.from_stale_cache) instead of the whole
dataset (0.9 s for 100,000 events at the next start after any edit). Any other change (an
import, a removal) drops the log; steps are followed back from the store's current token.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
from collections.abc import Collection
from pathlib import Path

import numpy as np
import pandas as pd

from timeline_app.core.backend import StoreConnection
from timeline_app.core.columns import (
    _EVENT_COLUMNS,
    TEXT,
    EventColumns,
    assemble,
    text_array,
    typed_part,
)
from timeline_app.memory import release_free_memory

log = logging.getLogger(__name__)
FORMAT = 2  # of the file; raised when its layout changes (2: ids and titles beside the frame)
SMALLEST = 20_000  # events: smaller datasets load from the store quickly enough
PIECE = 100_000  # strings turned into text (or back) at a time


def token_key(ds: int) -> str:
    return f"columns-token:{ds}"


def _step_key(ds: int, token: str) -> str:
    """The log's step that led to `token`: {"prev": token, "uids": [...], "depth", "count"}
    (a row each, so that an edit writes one small row, not the whole log again)."""
    return f"columns-log:{ds}:{token}"


LOG_STEPS = 200  # edits remembered; a cache further behind is read again whole
LOG_EVENTS = 5_000  # events changed; more, and reading them all is as quick


def new_token(conn: StoreConnection, ds: int) -> None:
    """Note that dataset `ds` changed: its cached columns no longer hold (in the caller's
    transaction)."""
    _put(conn, token_key(ds), secrets.token_hex(8))
    _drop_log(conn, ds)


def edited_token(conn: StoreConnection, ds: int, uids: Collection[str]) -> None:
    """Note that the events `uids` of dataset `ds` changed (and nothing else did): a new token,
    and a step in the log from the last one (in the caller's transaction)."""
    old, new = current_token(conn, ds), secrets.token_hex(8)
    _put(conn, token_key(ds), new)
    if old is None:
        return
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_step_key(ds, old),)).fetchone()
    last = json.loads(row[0]) if row else {"depth": 0, "count": 0}
    changed = sorted(set(uids))
    depth, count = last["depth"] + 1, last["count"] + len(changed)
    if depth > LOG_STEPS or count > LOG_EVENTS:  # start again from here
        _drop_log(conn, ds)
        depth, count = 1, len(changed)
        if count > LOG_EVENTS:
            return
    step = {"prev": old, "uids": changed, "depth": depth, "count": count}
    _put(conn, _step_key(ds, new), json.dumps(step))


def changed_since(conn: StoreConnection, ds: int, token: str) -> set[str] | None:
    """The ids of the events changed since the dataset was at `token`, if only hand edits
    changed it since (and the log reaches back that far); else None."""
    changed: set[str] = set()
    at = current_token(conn, ds)
    if at is None:  # a store from before the cache: no log
        return None
    for _ in range(LOG_STEPS + 1):
        if at == token:
            return changed
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (_step_key(ds, at),))
        found = row.fetchone()
        if found is None:
            return None
        step = json.loads(found[0])
        changed.update(step["uids"])
        at = step["prev"]
    return None


def _drop_log(conn: StoreConnection, ds: int) -> None:
    conn.execute("DELETE FROM meta WHERE key LIKE ?", (f"columns-log:{ds}:%",))


def _put(conn: StoreConnection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def current_token(conn: StoreConnection, ds: int) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (token_key(ds),)).fetchone()
    return row[0] if row else None


def cache_path(store: Path, ds: int) -> Path:
    return store.parent / "cache" / f"{store.stem}-dataset{ds}.npz"


def file_token(path: Path) -> str | None:
    """The token the cache file was written for (None: no such file, or not readable)."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as f:
            meta = _text({k: f[k] for k in ("meta.utf8", "meta.ends")}, "meta")
        return meta[1] if meta[0] == str(FORMAT) else None
    except Exception:  # damaged or foreign: as if there were none
        return None


def is_current(path: Path, token: str | None) -> bool:
    """Whether the file is there and of this token (without reading its columns)."""
    return token is not None and file_token(path) == token


class ImportColumns:
    """A new dataset's columns gathered batch by batch as an import writes its rows (the
    bulk reader's arrays), so that its column cache needs no second pass over the store:
    reading a million rows back took ~8 s, and the sources they cite ~9 s more."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.uids: list[np.ndarray] = []
        self.titles: list[np.ndarray] = []
        self.pairs: list[np.ndarray] = []
        self.cited: list[tuple[np.ndarray, np.ndarray]] = []  # (event id, source code)
        self.sources: dict[str, int] = {}  # a code for each source ("url|name")
        self.count = 0

    def add(
        self,
        ids: np.ndarray,
        columns: dict[str, np.ndarray],
        pairs: np.ndarray,
        cited: tuple[np.ndarray, np.ndarray] | None,
        import_id: int,
    ) -> None:
        """One batch, every row of it new: its store `ids`, its DERIVED `columns` (as arrays),
        its (event id, actor id, role) `pairs`, and its (row, source key) `cited`."""
        n = len(ids)
        part = {name: columns.get(name) for name in _EVENT_COLUMNS}
        part["id"] = ids
        part["changed_in"] = np.full(n, import_id, np.int64)
        part["missing_since"] = np.full(n, None, dtype=object)
        self.uids.append(text_array(part.pop("uid")))
        self.titles.append(text_array(part.pop("title")))
        self.parts.append(typed_part(pd.DataFrame(part)))
        self.pairs.append(pairs.astype(np.int32))  # (ids of events and actors: < 2**31)
        if cited is not None:
            codes, keys = pd.factorize(cited[1])
            known = np.array([self.sources.setdefault(k, len(self.sources)) for k in keys],
                             dtype=np.int32)  # fmt: skip
            self.cited.append((ids[cited[0]], known[codes]))
        self.count += n

    def save(self, conn: StoreConnection, store: Path, ds: int) -> None:
        """Write the dataset's column cache under its current token (in the import's
        transaction: if it does not commit, the token stays the old one and the file is
        never read)."""
        token = current_token(conn, ds)
        if token is None or self.count < SMALLEST or not self.parts:
            return
        release_free_memory()  # what reading the file left: this is the import's peak
        uids = np.concatenate(self.uids)
        self.uids = []
        start = np.concatenate([p["start_ts"].to_numpy() for p in self.parts])
        by_uid = np.argsort(uids, kind="stable")  # ORDER BY start_ts, uid (code points)
        order = by_uid[np.argsort(start[by_uid], kind="stable")]
        del start, by_uid
        uids = uids[order]
        titles = np.concatenate(self.titles)[order]
        self.titles = []
        parts, pairs = self.parts, np.concatenate(self.pairs)
        self.parts, self.pairs = [], []  # assemble frees each part once it is used
        cols = assemble(conn, ds, parts, uids, titles, pairs, order)
        del parts, pairs, uids, titles
        save(cache_path(store, ds), token, cols)

    def citations(self) -> tuple[np.ndarray, np.ndarray]:
        """(event ids, source codes), as source_cache.citations gives them; once."""
        cited, self.cited = self.cited, []
        if not cited:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        return np.concatenate([c[0] for c in cited]), np.concatenate([c[1] for c in cited])


def load(path: Path, token: str) -> EventColumns | None:
    """The cached columns if the file is there, readable, and of this token; else None."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as f:
            data = dict(f.items())
        if _text(data, "meta") != [str(FORMAT), token]:
            return None
        return _columns(data)
    except Exception:  # whatever a damaged or foreign file raises: read from the store
        log.warning("column cache %s unreadable; reading from the store", path, exc_info=True)
        return None


def save(path: Path, token: str, cols: EventColumns) -> None:
    """Write the columns (atomically); a store on read-only media simply has no cache."""
    arrays: dict[str, np.ndarray] = {}
    _put_text(arrays, "meta", [str(FORMAT), token])
    _put_text(arrays, "last_import", [cols.last_import])
    _put_text(arrays, "uids", cols.uids)
    _put_text(arrays, "titles", cols.titles)
    for frame_name, frame in (("events", cols.events), ("actors", cols.actors),
                              ("pairs", cols.pairs)):  # fmt: skip
        _put_text(arrays, f"{frame_name}.columns", list(frame.columns))
        for name in frame.columns:
            key, values = f"{frame_name}.{name}", frame[name]
            if isinstance(values.dtype, pd.CategoricalDtype):
                arrays[key + ".codes"] = values.cat.codes.to_numpy()
                _put_text(arrays, key + ".categories", list(values.cat.categories))
            elif values.dtype == object:
                _put_text(arrays, key + ".text", values.tolist())
            else:
                arrays[key] = values.to_numpy()
    tmp = path.with_suffix(".tmp.npz")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(tmp, **arrays)  # type: ignore[arg-type]  # (numpy's stub: as if allow_pickle)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("column cache %s not written (%s); the dataset opens from the store", path,
                    exc)  # fmt: skip
        with contextlib.suppress(OSError):
            tmp.unlink()


def _columns(data: dict[str, np.ndarray]) -> EventColumns:
    frames = {}
    for frame_name in ("events", "actors", "pairs"):
        columns: dict[str, pd.Categorical[str] | pd.Series | np.ndarray] = {}
        for name in _text(data, f"{frame_name}.columns"):
            key = f"{frame_name}.{name}"
            if key + ".codes" in data:
                categories = _text(data, key + ".categories")
                codes = data[key + ".codes"]
                columns[name] = pd.Categorical.from_codes(codes, pd.Index(categories))
            elif key + ".text.utf8" in data:
                columns[name] = pd.Series(_text(data, key + ".text"), dtype=object)
            else:
                columns[name] = data[key]
        frames[frame_name] = pd.DataFrame(columns)
    (last_import,) = _text(data, "last_import")
    uids, titles = _text_array(data, "uids"), _text_array(data, "titles")
    return EventColumns(
        frames["events"], frames["actors"], frames["pairs"], uids, titles, last_import
    )


def _put_text(arrays: dict[str, np.ndarray], key: str, texts: list[str] | np.ndarray) -> None:
    """Strings as one UTF-8 blob and their ends (in characters): no pickle, no fixed width.
    A million of them are taken a slice at a time (their Python strings took ~300 MB)."""
    blobs, ends, total = [], [], 0
    for first in range(0, max(len(texts), 1), PIECE):
        part = texts[first : first + PIECE]
        part = part.tolist() if isinstance(part, np.ndarray) else list(part)
        blobs.append("".join(part).encode())
        lengths = np.fromiter(map(len, part), dtype=np.int64, count=len(part))
        ends.append(total + np.cumsum(lengths))
        total += int(lengths.sum())
    arrays[key + ".utf8"] = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    arrays[key + ".ends"] = np.concatenate(ends)


def _text_array(data: dict[str, np.ndarray], key: str) -> np.ndarray:
    """_text as a numpy string array, made a slice at a time (few Python strings at once)."""
    joined = data[key + ".utf8"].tobytes().decode()
    ends = data[key + ".ends"]
    starts = np.concatenate(([0], ends[:-1]))
    out = np.empty(len(ends), dtype=TEXT)
    for first in range(0, len(ends), PIECE):
        a, b = starts[first : first + PIECE].tolist(), ends[first : first + PIECE].tolist()
        out[first : first + PIECE] = [joined[i:j] for i, j in zip(a, b, strict=True)]
    return out


def _text(data: dict[str, np.ndarray], key: str) -> list[str]:
    joined = data[key + ".utf8"].tobytes().decode()
    ends = data[key + ".ends"].tolist()
    return [joined[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
