"""The lane budget of a fixed picture (an exported page, a slide): how many lanes to keep
before folding the rest into "Others", trading lanes for rows.

A page that keeps as many lanes as fit gives each one row, and a busy lane then shows a
count ("+20") where its key events should be. Fewer lanes, each with more rows, may draw
more: each candidate budget is stacked here as the picture will stack it (core.stacking,
on labels measured by the caller's font); the one that draws the most key events and key
labels is kept, then fewer lanes only where each lane given up draws an event more. No Qt:
the window and every export may share it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from timeline_app.core.columns import EventColumns
from timeline_app.core.lanes import LaneLayout, fold_lanes
from timeline_app.core.stacking import MAX_LANE_ROWS, shapes, stack

MAX_TRADED = 3000  # instances in view beyond which lanes are density strips: no trade
DAY = 86_400.0


@dataclass(frozen=True)
class RowRoom:
    """What a picture holds, in its pixels: the time range across `width` px; the lanes'
    `height` in all, a lane at least `lane_px` tall (less if they must share the height),
    a stacking row `row_px` tall with `pad` above and below a lane's rows; the sizes of
    markers and labels (a label's width: `char_px` a character, up to `label_max`, 1.3
    times that for a key event's bold one)."""

    x_range: tuple[float, float]
    width: float
    height: float
    lane_px: float
    row_px: float
    pad: float
    char_px: float
    label_max: float
    marker_r: float
    key_r: float
    gap: float


def drawn_events(columns: EventColumns, layout: LaneLayout, room: RowRoom) -> tuple[int, int, int]:
    """(key events drawn, key events' labels drawn, events drawn) when `layout` is stacked in
    `room`: lanes get rows as the picture gives them (each its least, then a row at a time
    to the lane most short of rows, while the height lasts). An event drawn in two lanes
    counts once, a label in each lane. (-1, -1, -1) when too many events are in view to be
    stacked (they are drawn as density)."""
    ev = columns.events
    x0, x1 = room.x_range
    start = ev["start_ts"].to_numpy()[layout.event].astype(np.float64)
    end = ev["end_ts"].to_numpy()[layout.event].astype(np.float64)
    inside = (end > x0) & (start < x1)
    if np.count_nonzero(inside) > MAX_TRADED:
        return -1, -1, -1
    rows_of = layout.event[inside]
    lane = layout.lane[inside].astype(np.int64)
    key = ev["key"].to_numpy()[rows_of]
    precision = ev["precision"].to_numpy()[rows_of]
    s, e = start[inside], end[inside]
    per_px = room.width / max(x1 - x0, 1.0)
    px0, px1 = (s - x0) * per_px, (e - x0) * per_px
    span = (e - s > DAY) | (precision > 1)
    _, left, shape_right = shapes(px0, px1, span, key, room.marker_r, room.key_r)
    titles = columns.titles[rows_of]
    chars = np.array([len(str(t)) for t in titles], dtype=np.float64)
    wants = np.minimum(chars * room.char_px * np.where(key, 1.1, 1.0) + 4,
                       np.where(key, 1.3, 1.0) * room.label_max)  # fmt: skip
    wants = np.clip(wants, 0, np.maximum(room.width - shape_right - room.gap, 0))
    n_lanes = len(layout.labels)
    free = stack(lane, left, shape_right, wants, key.astype(np.int64), MAX_LANE_ROWS, room.gap)
    wanted = np.zeros(n_lanes, dtype=np.int64)
    np.maximum.at(wanted, lane, free.row + 1)
    rows = _rows(wanted, room)
    if rows is None:
        return -1, -1, -1
    placed = stack(lane, left, shape_right, wants, key.astype(np.int64), rows, room.gap)
    drawn = placed.row >= 0
    events = np.unique(rows_of[drawn])
    keys = np.unique(rows_of[drawn & key])
    return len(keys), int(np.count_nonzero(drawn & key & placed.label)), len(events)


def _rows(wanted: np.ndarray, room: RowRoom) -> np.ndarray | None:
    """Rows per lane, as the picture grows its lanes (ui.view_lanes, every lane in view):
    each lane at least `lane_px` (or its share of the height) and the rows that hold, then
    a row at a time to the lane most short of rows while the height lasts; None if the
    lanes do not fit."""
    n = len(wanted)
    lane_px = min(room.lane_px, room.height / max(n, 1))
    one = max(int((lane_px - 2 * room.pad) // room.row_px), 1)

    def cost(r: np.ndarray) -> np.ndarray:
        return np.maximum(r * room.row_px + 2 * room.pad, lane_px)

    rows = np.minimum(np.maximum(wanted, 1), one)
    heights = cost(rows)
    if heights.sum() > room.height + 1e-6:
        return None
    short = np.minimum(wanted, MAX_LANE_ROWS) - rows
    while short.max(initial=0) > 0:
        i = int(np.argmax(short))
        taller = float(cost(rows[i : i + 1] + 1)[0])
        if heights.sum() - heights[i] + taller > room.height + 1e-6:
            short[i] = 0  # no room for its next row; a lane less tall may have
            continue
        rows[i] += 1
        heights[i] = taller
        short[i] -= 1
    return rows


def trade_lanes(
    columns: EventColumns, layout: LaneLayout, most: int, room: RowRoom, least: int = 1
) -> LaneLayout:
    """`layout` folded to at most `most` lanes besides "Others", or to fewer (down to
    `least`) when fewer lanes with more rows each draw more key events or more key labels,
    or as many of those and at least one event more for each lane given up."""
    best = fold_lanes(columns, layout, most)
    if len(best.labels) <= 1:
        return best
    score = drawn_events(columns, best, room)
    if score[0] < 0:
        return best
    for n in range(min(most, len(best.labels)) - 1, max(least, 1) - 1, -1):
        trial = fold_lanes(columns, layout, n)
        if len(trial.labels) >= len(best.labels):
            continue
        found = drawn_events(columns, trial, room)
        # key events and their labels first; else each lane given up buys an event more
        gained = found[2] - score[2] >= len(best.labels) - len(trial.labels)
        if found[:2] > score[:2] or (found[:2] == score[:2] and gained):
            best, score = trial, found
    return best
