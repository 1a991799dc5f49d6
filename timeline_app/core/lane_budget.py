"""The lane budget of a fixed picture (an exported page, a slide): how many lanes to keep
before folding the rest into "Others", trading lanes for rows.

A page that keeps as many lanes as fit gives each one row, and a busy lane then shows a
count ("+20") where its key events should be. Fewer lanes, each with more rows, may draw
more: each candidate budget is stacked here as the picture will stack it (core.stacking,
on labels measured by the caller's font) and the one that draws the most events, and never
fewer key events, is kept; more lanes on a tie. No Qt: the window and every export share it.
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
    """What a picture holds, in its pixels: the time range across `width` px; `rows`, the
    stacking rows its lanes' height holds in all; `one`, the rows of a lane of the least
    height; the sizes of markers and labels (a label's width: `char_px` a character, up to
    `label_max`, 1.3 times that for a key event's bold one)."""

    x_range: tuple[float, float]
    width: float
    rows: float
    one: int
    char_px: float
    label_max: float
    marker_r: float
    key_r: float
    gap: float


def drawn_events(columns: EventColumns, layout: LaneLayout, room: RowRoom) -> tuple[int, int]:
    """(key events drawn, events drawn) when `layout` is stacked in `room`: lanes get rows as
    the picture gives them (each its least, then a row at a time to the lane most short of
    rows, while the height lasts). An event drawn in two lanes counts once. (-1, -1) when
    too many events are in view to be stacked (they are drawn as density)."""
    ev = columns.events
    x0, x1 = room.x_range
    start = ev["start_ts"].to_numpy()[layout.event].astype(np.float64)
    end = ev["end_ts"].to_numpy()[layout.event].astype(np.float64)
    inside = (end > x0) & (start < x1)
    if np.count_nonzero(inside) > MAX_TRADED:
        return -1, -1
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
        return -1, -1
    placed = stack(lane, left, shape_right, wants, key.astype(np.int64), rows, room.gap)
    drawn = placed.row >= 0
    events = np.unique(rows_of[drawn])
    keys = np.unique(rows_of[drawn & key])
    return len(keys), len(events)


def _rows(wanted: np.ndarray, room: RowRoom) -> np.ndarray | None:
    """Rows per lane, as the picture grows its lanes (ui.view_lanes: each lane its least,
    then a row at a time to the lane most short of rows); None if the lanes do not fit."""
    one = max(room.one, 1)
    rows = np.minimum(np.maximum(wanted, 1), one)
    used = float(len(rows) * one)
    if used > room.rows + 1e-9:
        return None
    short = np.minimum(wanted, MAX_LANE_ROWS) - rows
    while short.max(initial=0) > 0:
        i = int(np.argmax(short))
        if used + 1 > room.rows + 1e-9:
            break
        rows[i] += 1
        used += 1
        short[i] -= 1
    return rows


def trade_lanes(
    columns: EventColumns, layout: LaneLayout, most: int, room: RowRoom, least: int = 1
) -> LaneLayout:
    """`layout` folded to at most `most` lanes besides "Others", or to fewer (down to
    `least`) when fewer lanes with more rows each draw more events and no fewer key events."""
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
        if found[0] >= score[0] and found[1] > score[1]:
            best, score = trial, found
    return best
