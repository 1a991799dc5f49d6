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


def load_columns(conn: StoreConnection, dataset_id: int) -> EventColumns:
    cur = conn.execute(
        f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events WHERE dataset_id = ? "
        "ORDER BY start_ts, uid",
        (dataset_id,),
    )
    parts: list[pd.DataFrame] = []
    uid_parts: list[np.ndarray] = []
    title_parts: list[np.ndarray] = []
    while True:
        rows = cur.fetchmany(FETCH)
        if not rows and parts:
            break
        part = pd.DataFrame.from_records(rows, columns=list(_EVENT_COLUMNS))
        uid_parts.append(text_array(part.pop("uid")))
        title_parts.append(text_array(part.pop("title")))
        parts.append(typed_part(part))
        if not rows:  # an empty dataset: one empty part, with the columns' types
            break
    pair_rows = conn.execute(
        "SELECT ea.event_id, ea.actor_id, ea.role FROM event_actors AS ea "
        "JOIN events AS e ON e.id = ea.event_id WHERE e.dataset_id = ?",
        (dataset_id,),
    ).fetchall()
    raw = np.array(pair_rows, dtype=np.int64).reshape(-1, 3)
    uids, titles = np.concatenate(uid_parts), np.concatenate(title_parts)
    return assemble(conn, dataset_id, parts, uids, titles, raw)


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
    event_ids = events["id"].to_numpy()
    by_id = np.argsort(event_ids)
    event_row = by_id[np.searchsorted(event_ids, raw[:, 0], sorter=by_id)]
    actor_order = np.argsort(actor_ids)
    actor_code = actor_order[np.searchsorted(actor_ids, raw[:, 1], sorter=actor_order)]
    pairs = pd.DataFrame(
        {
            "event": event_row.astype(np.int32),
            "actor": actor_code.astype(np.int32),
            "role": raw[:, 2].astype(np.int8),
        }
    ).sort_values(["event", "role", "actor"], ignore_index=True)
    last_file = conn.execute("SELECT file FROM imports WHERE id = ?", (last,)).fetchone()
    last_import = last_file[0] if last_file and imports >= 2 else ""
    return EventColumns(events, actors, pairs, uids, titles, last_import)
