"""A dataset in memory as columns: what the timeline, the list and the filters read.

Events are rows of a DataFrame in time order (row position = the event's index everywhere);
text fields that repeat are categoricals; actors are codes, joined to events by a pairs table.
Each event's id and title, which do not repeat, are numpy string arrays beside the frame: a
million Python strings would take ~180 MB, these ~90 MB (pandas would make them objects).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType
from pandas.api.types import union_categoricals

from timeline_app.core import column_text
from timeline_app.core.backend import StoreConnection

_EVENT_COLUMNS = (
    "id", "uid", "start_ts", "end_ts", "precision", "date_label", "title", "event_type",
    "place", "admin2", "admin1", "country", "latitude", "longitude", "fatalities", "key",
    "changed_in", "missing_since",
)  # fmt: skip
_CATEGORIES = ("date_label", "event_type", "place", "admin2", "admin1", "country")
TEXT = StringDType()  # numpy's variable-width strings (short ones stored inline)


def text_array(values) -> np.ndarray:
    return np.array(list(values), dtype=TEXT)


@dataclass
class EventColumns:
    """events: one row per event, sorted by start; actors: one row per actor code;
    pairs: (event row, actor code, role) for every actor of every event."""

    events: pd.DataFrame
    actors: pd.DataFrame
    pairs: pd.DataFrame
    uids: np.ndarray  # TEXT: each event's id (the source's), by row
    titles: np.ndarray  # TEXT: each event's title, by row
    last_import: str = ""  # the file of the last re-import, whose changes are marked
    # what views work out once from these columns (lane categories, stacking); never saved
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.events)

    def rows_of_actor(self, name: str) -> np.ndarray:
        """Event rows in which the actor named `name` takes part, in time order."""
        codes = np.flatnonzero(self.actors["name"].to_numpy() == name)
        mask = np.isin(self.pairs["actor"].to_numpy(), codes)
        return np.unique(self.pairs["event"].to_numpy()[mask])

    def row_of(self, uid: str) -> int | None:
        """The row of the event with this id (a scan: ~5 ms for a million, and no index
        that would take as much memory again)."""
        found = np.flatnonzero(self.uids == uid)
        return int(found[0]) if len(found) else None

    def rows_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """Event rows for store ids (as given by Store.search), in time order."""
        return np.flatnonzero(np.isin(self.events["id"].to_numpy(), ids))


FETCH = 100_000  # rows turned into arrays at a time: a million rows as Python tuples are ~1 GB
_TYPES = {
    "id": np.int64, "start_ts": np.int64, "end_ts": np.int64, "precision": np.int8,
    "latitude": np.float64, "longitude": np.float64,
    "fatalities": np.float64,  # NaN where unknown
    "key": bool,
}  # fmt: skip


def load_columns(conn: StoreConnection, dataset_id: int, join_places: bool = True) -> EventColumns:
    """The dataset's columns read from the store: each column straight into an array.

    A million events took ~20 s when read in time order through the index (each row on a
    random page of a table whose rows carry their JSON document) and made into frames row by
    row; read in the table's own order over the dataset's id range (its ids are close: an
    import writes them in one go) and sorted with numpy, a few seconds. Each column comes
    as one text per chunk of ids (column_text), not as a Python object per cell; the rows
    are read only where a text holds a separator. The event type and the place's four names
    come joined in one text (`join_places`): a few thousand distinct ones, split once each,
    instead of five Python strings a row.
    """
    low, high = conn.execute(
        "SELECT MIN(id), MAX(id) FROM events WHERE dataset_id = ?", (dataset_id,)
    ).fetchone()
    joined = _JOINED if join_places else ()
    names = [n for n in _EVENT_COLUMNS if n != "missing_since" and n not in joined]
    read, raw = None, _NO_PAIRS
    if low is not None:
        read, raw = column_text.read(conn, dataset_id, low, high, joined)
    if read is not None:
        chunks, where = read
    else:
        chunks, where = _read_rows(conn, dataset_id, low, high, names, joined)
    del read
    if where and not _split_places(where, chunks):  # a name holding the separator
        return load_columns(conn, dataset_id, join_places=False)
    for name, parts in chunks.items():
        if not parts:  # an empty dataset: its columns, empty, of their types
            parts.append(_column_array(name, ()))
    uids, titles = np.concatenate(chunks.pop("uid")), np.concatenate(chunks.pop("title"))
    start = np.concatenate(chunks["start_ts"])
    by_uid = np.argsort(uids, kind="stable")  # ORDER BY start_ts, uid (code points)
    order = by_uid[np.argsort(start[by_uid], kind="stable")]
    del start, by_uid
    columns = [n for n in _EVENT_COLUMNS if n not in ("uid", "title", "missing_since")]
    frames = [pd.DataFrame({n: chunks[n][i] for n in [*columns, "missing"]}, copy=False)
              for i in range(len(chunks["id"]))]  # fmt: skip
    chunks.clear()
    if low is not None and len(uids) < high - low + 1:  # other datasets' events in the range
        ids = np.sort(np.concatenate([f["id"].to_numpy() for f in frames]))
        at = np.searchsorted(ids, raw[:, 0]).clip(max=len(ids) - 1)
        raw = raw[ids[at] == raw[:, 0]]
    return assemble(conn, dataset_id, frames, uids[order], titles[order], raw, order)


_NO_PAIRS = np.zeros((0, 3), dtype=np.int64)


def _read_rows(
    conn: StoreConnection,
    dataset_id: int,
    low: int | None,
    high: int | None,
    names: list[str],
    joined: tuple[str, ...],
) -> tuple[dict[str, list], list[tuple[np.ndarray, np.ndarray]]]:
    """The columns as column_text.read_events gives them, read row by row (a Python object a
    cell: ~3 times slower) for a store whose texts hold a separator."""
    chunks: dict[str, list] = {n: [] for n in [*names, *joined, "missing"]}  # arrays, categoricals
    where: list[tuple[np.ndarray, np.ndarray]] = []  # each batch's codes and joined texts
    if low is None:
        return chunks, where
    # "+dataset_id": no index for it (SQLite would read the rows in time order through
    # events_by_time); the id range is the primary key's
    glue = " || ? || ".join(joined)
    cur = conn.execute(
        f"SELECT {', '.join([*names, glue] if joined else names)}, "
        "missing_since IS NOT NULL FROM events WHERE id BETWEEN ? AND ? AND +dataset_id = ?",
        (*[_SEP] * (len(joined) - 1), low, high, dataset_id),
    )
    fetched = [*names, "where", "missing"] if joined else [*names, "missing"]
    while rows := cur.fetchmany(FETCH):
        for name, values in zip(fetched, zip(*rows, strict=True), strict=True):
            if name == "where":
                codes, texts = pd.factorize(np.array(values, dtype=object))
                where.append((codes, texts))
            else:
                chunks[name].append(_column_array(name, values))
        del rows
    return chunks, where


_JOINED = ("event_type", "place", "admin2", "admin1", "country")
_SEP = "\x1f"  # (ASCII's unit separator)


def _split_places(where: list[tuple[np.ndarray, np.ndarray]], chunks: dict[str, list]) -> bool:
    """Each batch's joined texts split into its _JOINED categoricals (put in `chunks`); False
    if a text does not split into as many names."""
    codes, texts = pd.factorize(np.concatenate([t for _, t in where]))  # the distinct texts
    names = [t.split(_SEP) for t in texts.tolist()]
    if any(len(n) != len(_JOINED) for n in names):
        return False
    firsts = np.cumsum([0, *[len(t) for _, t in where]])
    for i, name in enumerate(_JOINED):
        field = pd.Categorical(np.array([n[i] for n in names], dtype=object))
        for (batch, _), first in zip(where, firsts, strict=False):
            rows = field.codes[codes[first + batch]]
            chunks[name].append(pd.Categorical.from_codes(rows, field.categories))
    return True


def _column_array(name: str, values: tuple) -> np.ndarray | pd.Categorical:
    """One column of a batch of rows as typed_part types it (a batch's categories are
    its own: `assemble` makes one sorted set of them)."""
    if name in ("uid", "title"):
        return np.array(values, dtype=TEXT)
    if name in _CATEGORIES:
        return pd.Categorical(np.array(values, dtype=object))
    if name == "changed_in":  # (compared with the last import's id only; None: never)
        return np.array(values, dtype=np.float64)
    if name == "missing":
        return np.array(values, dtype=bool)
    return np.array(values, dtype=_TYPES[name])


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each of `wanted` is in `ids` (all of them are there). The store's ids of a
    dataset are close together: a table indexed by id, one pass (a binary search of each of
    2.6 million pairs' ids took ~0.3 s); else that search."""
    if len(ids) and int(ids.max()) - int(ids.min()) < 4 * len(ids) + 1000:
        low = int(ids.min())
        at = np.zeros(int(ids.max()) - low + 1, dtype=np.int64)
        at[ids - low] = np.arange(len(ids))
        return at[wanted - low]
    order = np.argsort(ids)
    return order[np.searchsorted(ids, wanted, sorter=order)]


def _pair_order(event: np.ndarray, role: np.ndarray, actor: np.ndarray) -> np.ndarray:
    """The pairs' order by event, role and actor: one argsort of a key made of the three
    (unique: an actor is in an event once), ~3 times quicker than pandas' sort by three
    columns for 2.6 million pairs."""
    if not len(event):
        return np.zeros(0, dtype=np.intp)
    roles, actors = int(role.max()) + 1, int(actor.max()) + 1
    if role.min() < 0 or (int(event.max()) + 1) * roles * actors >= 2**63:
        return np.lexsort((actor, role, event))
    key = (event.astype(np.int64) * roles + role) * actors + actor
    return np.argsort(key)


def typed_part(part: pd.DataFrame) -> pd.DataFrame:
    """Rows of the events table (its _EVENT_COLUMNS but uid and title) as the frame keeps
    them: numbers typed, repeated texts categorical, missing_since as a flag."""
    part = part.astype(_TYPES)
    for name in _CATEGORIES:
        part[name] = part[name].astype("category")
    part["missing"] = part.pop("missing_since").notna().to_numpy()
    return part


def assemble(
    conn: StoreConnection,
    dataset_id: int,
    parts: list[pd.DataFrame],
    uids: np.ndarray,
    titles: np.ndarray,
    raw_pairs: np.ndarray,
    order: np.ndarray | None = None,
) -> EventColumns:
    """The columns from typed parts of the events (in time order, or put in it by `order`),
    their ids and titles (in time order), and their (event id, actor id, role) pairs."""
    columns: dict[str, np.ndarray | pd.Categorical] = {}
    for name in parts[0].columns:  # column by column: one copy of the events at a time
        if name in _CATEGORIES:  # each part had the categories it met; one sorted set for all
            column: np.ndarray | pd.Categorical = union_categoricals(
                [p[name] for p in parts], sort_categories=True
            )
        else:
            column = np.concatenate([p[name].to_numpy() for p in parts])
        columns[name] = column if order is None else column[order]
    parts.clear()  # (the caller's list too: a million rows' parts are ~100 MB)
    events = pd.DataFrame(columns, copy=False)
    del columns
    # "changed": new or changed by the dataset's last import, once there has been a re-import
    last, imports = conn.execute(
        "SELECT MAX(id), COUNT(*) FROM imports WHERE dataset_id = ?", (dataset_id,)
    ).fetchone()
    changed_in = events.pop("changed_in").to_numpy()
    changed = (changed_in == last) if imports >= 2 else np.zeros(len(events), bool)
    events.insert(len(events.columns) - 1, "changed", changed.astype(bool))

    actor_rows = conn.execute(
        "SELECT id, name, kind FROM actors WHERE dataset_id = ? ORDER BY name", (dataset_id,)
    ).fetchall()
    actors = pd.DataFrame(
        {"name": [r[1] for r in actor_rows], "kind": [r[2] for r in actor_rows]},
        dtype=object,
    )
    actor_ids = np.array([r[0] for r in actor_rows], dtype=np.int64)

    raw = raw_pairs
    event_row = _positions(events["id"].to_numpy(), raw[:, 0])
    actor_code = _positions(actor_ids, raw[:, 1])
    pairs = pd.DataFrame(
        {
            "event": event_row.astype(np.int32),
            "actor": actor_code.astype(np.int32),
            "role": raw[:, 2].astype(np.int8),
        }
    ).take(_pair_order(event_row, raw[:, 2], actor_code))
    pairs.index = pd.RangeIndex(len(pairs))
    last_file = conn.execute("SELECT file FROM imports WHERE id = ?", (last,)).fetchone()
    last_import = last_file[0] if last_file and imports >= 2 else ""
    return EventColumns(events, actors, pairs, uids, titles, last_import)
