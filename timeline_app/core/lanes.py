"""Lanes: which horizontal band each event is drawn in.

By actor (an event shows once in each of its actors' lanes), by location (province), by
event type, or one lane for all. Lanes are ordered by how many events they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from timeline_app.core.columns import EventColumns
from timeline_app.core.palette import category_colors
from timeline_app.core.words import QT_TR_NOOP

NO_CATEGORY = {"actor": QT_TR_NOOP("(no actor)"), "location": QT_TR_NOOP("(no place)"),
               "type": QT_TR_NOOP("(no type)")}  # fmt: skip
ALL_EVENTS = QT_TR_NOOP("All events")
PLACEHOLDERS = frozenset({*NO_CATEGORY.values(), ALL_EVENTS})  # lane labels that are ours
MAX_SUBROWS = 3  # overlapping spans in one lane are stacked up to this depth


class LaneMode(StrEnum):
    ACTOR = "actor"
    LOCATION = "location"
    TYPE = "type"
    NONE = "none"


@dataclass
class LaneLayout:
    """Instances (an event in a lane), sorted by lane then start time."""

    labels: list[str]  # lane i's label, top lane first
    colors: list[str]  # lane i's colour: the colour of its category
    event: np.ndarray  # int: the instance's event row
    lane: np.ndarray  # int: the instance's lane
    sub: np.ndarray  # int: stacking row within the lane, for overlapping spans

    def __len__(self) -> int:
        return len(self.event)


def _categories(columns: EventColumns, mode: LaneMode) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(event rows, category codes, category names) for every event-category pair, rows in
    ascending order (so in time order). Worked out once per dataset and mode."""
    key = ("lane categories", mode)
    if key not in columns.memo:
        rows, codes, names = _pairs(columns, mode)
        if len(rows) > 1 and (rows[1:] < rows[:-1]).any():  # events without actors come last
            order = np.argsort(rows, kind="stable")
            rows, codes = rows[order], codes[order]
        # int32: a million events make two million pairs, kept for as long as the dataset
        columns.memo[key] = rows.astype(np.int32), codes.astype(np.int32), names
    return columns.memo[key]


def _pairs(columns: EventColumns, mode: LaneMode) -> tuple[np.ndarray, np.ndarray, list[str]]:
    ev = columns.events
    n = len(ev)
    if mode is LaneMode.ACTOR:
        names = [str(x) for x in columns.actors["name"]] + [NO_CATEGORY["actor"]]
        rows = columns.pairs["event"].to_numpy().astype(np.int64)
        codes = columns.pairs["actor"].to_numpy().astype(np.int64)
        has_actor = np.zeros(n, dtype=bool)
        has_actor[rows] = True
        lonely = np.flatnonzero(~has_actor)  # events without actors (a mask: setdiff1d sorts)
        rows = np.concatenate([rows, lonely])
        codes = np.concatenate([codes, np.full(len(lonely), len(names) - 1)])
        return rows, codes, names
    if mode is LaneMode.NONE:
        return np.arange(n), np.zeros(n, dtype=np.int64), [ALL_EVENTS]
    if mode is LaneMode.LOCATION:
        # the province; where it is missing, the country
        labels = (
            ev["admin1"]
            .astype(str)
            .where(ev["admin1"].astype(str) != "", ev["country"].astype(str))
        )
        cat = labels.astype("category")
        kind = "location"
    else:
        cat = ev["event_type"].astype(str).astype("category")
        kind = "type"
    names = [str(c) or NO_CATEGORY[kind] for c in cat.cat.categories]
    return np.arange(n), cat.cat.codes.to_numpy().astype(np.int64), names


def category_ranking(columns: EventColumns, mode: LaneMode | str) -> list[str]:
    """Every category of the dataset, most events first (ties by name): the colour order."""
    key = ("lane ranking", LaneMode(mode))
    if key not in columns.memo:
        _, codes, names = _categories(columns, LaneMode(mode))
        counts = np.bincount(codes, minlength=len(names))
        order = sorted(range(len(names)), key=lambda i: (-counts[i], names[i]))
        columns.memo[key] = [names[i] for i in order if counts[i] > 0]
    return columns.memo[key]


def layout_lanes(
    columns: EventColumns, mode: LaneMode | str, shown: np.ndarray | None = None
) -> LaneLayout:
    """Lanes for the events where `shown` (a boolean mask) is true; all events if None."""
    mode = LaneMode(mode)
    everything = shown is None or bool(shown.all())
    if everything and ("full layout", mode) in columns.memo:  # "clear filters" is common
        return columns.memo[("full layout", mode)]
    rows, codes, names = _categories(columns, mode)
    colors = category_colors(category_ranking(columns, mode))
    sub = _full_stacking(columns, mode)
    if not everything:
        keep = shown[rows]
        rows, codes, sub = rows[keep], codes[keep], sub[keep]
    counts = np.bincount(codes, minlength=len(names))
    present = [i for i in range(len(names)) if counts[i] > 0]
    present.sort(key=lambda i: (-counts[i], names[i]))
    lane_of_code = np.full(len(names), -1, dtype=np.int32)
    lane_of_code[present] = np.arange(len(present))
    lanes = lane_of_code[codes]
    # rows are in time order already: a stable sort by lane gives (lane, start) order
    small = np.int16 if len(present) < 2**15 else np.int32  # radix sort for small lanes
    order = np.argsort(lanes.astype(small), kind="stable")
    rows, lanes, sub = rows[order], lanes[order], sub[order]
    labels = [names[i] for i in present]
    layout = LaneLayout(
        labels=labels,
        colors=[colors.get(label, "#555555") for label in labels],
        event=rows,
        lane=lanes,
        sub=_compact(lanes, sub),
    )
    if everything:
        columns.memo[("full layout", mode)] = layout
    return layout


def is_full_layout(columns: EventColumns, layout: LaneLayout) -> bool:
    """Whether `layout` is the unfiltered one that layout_lanes keeps for the dataset."""
    return any(layout is columns.memo.get(("full layout", mode)) for mode in LaneMode)


def _full_stacking(columns: EventColumns, mode: LaneMode) -> np.ndarray:
    """Stacking rows of every pair, all events shown (worked out once). Spans that do not
    overlap with every event shown do not overlap in any subset either, so a filter only
    takes rows out (then `_compact` closes the gaps)."""
    key = ("lane stacking", mode)
    if key not in columns.memo:
        rows, codes, _ = _categories(columns, mode)
        ev = columns.events
        order = np.argsort(codes, kind="stable")  # by category, then time
        start, end = ev["start_ts"].to_numpy()[rows], ev["end_ts"].to_numpy()[rows]
        precision = ev["precision"].to_numpy()[rows]
        sub = np.empty(len(rows), dtype=np.int8)
        sub[order] = _stack(start[order], end[order], codes[order], precision[order])
        columns.memo[key] = sub
    return columns.memo[key]


def _compact(lanes: np.ndarray, sub: np.ndarray) -> np.ndarray:
    """Stacking rows renumbered 0, 1, … within each lane, in their order: no empty rows."""
    if not len(sub) or not sub.any():
        return sub
    n_lanes = int(lanes.max()) + 1
    used = np.bincount(lanes * MAX_SUBROWS + sub, minlength=n_lanes * MAX_SUBROWS) > 0
    rank = np.cumsum(used.reshape(n_lanes, MAX_SUBROWS), axis=1) - 1
    return rank[lanes, sub]


def _stack(
    start: np.ndarray, end: np.ndarray, lane: np.ndarray, precision: np.ndarray
) -> np.ndarray:
    """Stacking rows so that spans in a lane do not hide each other (greedy, capped).

    Markers (one day, day precision) stay on row 0: their labels are laid out at draw time.
    """
    sub = np.zeros(len(start), dtype=np.int64)
    is_span = (end - start > 86_400) | (precision > 1)
    free_at: dict[tuple[int, int], int] = {}
    for i in np.flatnonzero(is_span):  # spans are the minority: a loop over them is fine
        ln = int(lane[i])
        for row in range(MAX_SUBROWS):
            if free_at.get((ln, row), -(2**62)) <= start[i]:
                sub[i] = row
                free_at[(ln, row)] = int(end[i])
                break
        else:
            sub[i] = MAX_SUBROWS - 1
    return sub


def focus_lanes(
    layout: LaneLayout, starts: np.ndarray, ends: np.ndarray, window: tuple[float, float],
    row: int, most: int = 6,
) -> LaneLayout:  # fmt: skip
    """The lanes to show around one event: its own lanes first, then the busiest others in
    the time window, `most` in all (for a slide about that event)."""
    a, b = window
    in_window = (ends[layout.event] > a) & (starts[layout.event] < b)
    counts = np.bincount(layout.lane[in_window], minlength=len(layout.labels))
    own = list(dict.fromkeys(int(x) for x in layout.lane[layout.event == row]))
    others = [int(i) for i in np.argsort(-counts, kind="stable") if counts[i] and i not in own]
    keep = (own + others)[:most]
    new_index = np.full(len(layout.labels), -1)
    new_index[keep] = np.arange(len(keep))
    chosen = new_index[layout.lane] >= 0
    lanes = new_index[layout.lane[chosen]]
    order = np.lexsort((starts[layout.event[chosen]], lanes))
    return LaneLayout(
        labels=[layout.labels[i] for i in keep],
        colors=[layout.colors[i] for i in keep],
        event=layout.event[chosen][order],
        lane=lanes[order],
        sub=layout.sub[chosen][order],
    )
