"""Stacking inside a lane, as vis-timeline does: each event shown in detail takes a row of
its lane where its marker and its label overlap nothing else; events that find no row are
counted, and the lane shows the count.

Worked out at draw time, in pixels (a label's width in time depends on the zoom), for the
events in view only: lanes with more events than their pixels can show are aggregated
before this (timeline_item), so the loop below sees at most a few thousand events.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

MIN_LABEL_PX = 60.0  # a label shortened to less than this is left out instead
MAX_LANE_ROWS = 6  # a lane grows up to this many rows; what finds none is counted


@dataclass
class Stacked:
    """Where each event went: row within its lane (-1: no room, counted), and the left and
    right ends of what it covers (its label's ends, or its shape's when it has no label)."""

    row: np.ndarray  # int
    right: np.ndarray  # float px
    label: np.ndarray  # bool: drawn with a label
    left: np.ndarray  # float px
    flip: np.ndarray  # bool: the label is left of the shape (no room right of it)


def shapes(
    px0: np.ndarray, px1: np.ndarray, span: np.ndarray, key: np.ndarray, marker_r: float,
    key_r: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """(marker centre, left, right) in px of each event's shape, from its start and end: a
    marker in the middle of its day; a bar from start to end; a key event of some days, its
    diamond on the middle of its bar (at the bar's start, the bar ran out of the diamond into
    the label and read as another marker: "◆▨M23 enters Bukavu")."""
    mx = np.where(span & ~key, px0, (px0 + px1) / 2)
    radius = np.where(key, key_r, marker_r)
    left = np.where(span & ~key, px0, np.minimum(mx - radius, np.where(span, px0, np.inf)))
    right = np.where(span & ~key, np.maximum(px1, px0 + 2), mx + radius)
    right = np.where(span & key, np.maximum(right, px1), right)
    return mx, left, right


def stack(
    lane: np.ndarray,
    left: np.ndarray,
    shape_right: np.ndarray,
    label_px: np.ndarray,
    priority: np.ndarray,
    rows: int | np.ndarray,
    gap: float,
    reserved: float = np.inf,
    flip: np.ndarray | None = None,
) -> Stacked:
    """Rows for events given their lane, the left and right of their shape and the width
    their whole label wants (px). Higher `priority` first (the selection, key events), then
    left to right. Each takes the first row where it fits with its whole label, else with a
    label cut to MIN_LABEL_PX, else with its shape alone; else it is not drawn. `rows` is
    how many rows a lane has: one number, or one per lane (indexed by lane). An event of
    priority that finds no row takes room from the labels of others of priority in its lane
    (their labels end before its shape): a key event is never lost to another's label. A
    label is right of its shape, or left of it where `flip` says (near the view's right
    edge). Row 0 is taken from `reserved` on (px): where the lane's count of events not
    drawn goes."""
    n = len(lane)
    flip = np.zeros(n, dtype=bool) if flip is None else flip
    row = np.full(n, -1, dtype=np.int64)
    right = shape_right.astype(float).copy()
    start = left.astype(float).copy()
    labelled = np.zeros(n, dtype=bool)
    # plain Python values: numpy scalars cost several times more in this loop
    lanes_, lefts, shape_ends = lane.tolist(), left.tolist(), shape_right.tolist()
    wants, flips, priorities = label_px.tolist(), flip.tolist(), priority.tolist()
    # per lane, per row: occupied [a, b) intervals: starts, ends (sorted) and who took each
    taken: dict[int, list[tuple[list[float], list[float], list[int]]]] = {}
    for ln in set(lanes_):
        cap = int(rows) if np.ndim(rows) == 0 else int(rows[ln])  # type: ignore[index]
        taken[ln] = [([], [], []) for _ in range(cap)]
        if cap:
            taken[ln][0][0].append(reserved)
            taken[ln][0][1].append(np.inf)
            taken[ln][0][2].append(-1)

    def free(spans: tuple[list[float], list[float], list[int]], a: float, b: float) -> bool:
        starts, ends, _ = spans
        i = bisect_left(starts, a)
        if i < len(starts) and starts[i] < b:
            return False
        return not (i > 0 and ends[i - 1] > a)

    def place(i: int) -> bool:
        a, shape_end = lefts[i], shape_ends[i]
        rows_of = taken[lanes_[i]]
        # every try covers [a, shape_end + gap): the rows where that alone is free are the
        # only ones to try (an event that finds none is one check a row, not three)
        fits = [(r, spans) for r, spans in enumerate(rows_of) if free(spans, a, shape_end + gap)]
        if not fits:
            return False
        want = wants[i]
        widths = [want] if want > 0 else []
        if want > MIN_LABEL_PX:
            widths.append(MIN_LABEL_PX)
        if flips[i]:
            tries = [(a - gap - w, shape_end) for w in widths] + [(a, shape_end)]
        else:
            tries = [(a, shape_end + gap + w) for w in widths] + [(a, shape_end)]
        for x0, x1 in tries:
            found = next((r for r, sp in fits if free(sp, x0, x1 + gap)), None)
            if found is not None:
                starts, ends, owners = rows_of[found]
                k = bisect_left(starts, x0)
                starts.insert(k, x0)
                ends.insert(k, x1 + gap)
                owners.insert(k, i)
                row[i], start[i], right[i] = found, x0, x1
                labelled[i] = x1 > shape_end or x0 < a
                return True
        return False  # (the last try is the shape alone, which fits)

    def cut_labels_for(i: int) -> None:
        """Room for event i's shape in the first row of its lane where only labels (right of
        the shapes of events of priority) are in the way: those labels end before it."""
        a, b = lefts[i], shape_ends[i] + gap
        for starts, ends, owners in taken[lanes_[i]]:
            hit = [k for k in range(len(starts)) if starts[k] < b and ends[k] > a]
            if not hit or not all(
                owners[k] >= 0 and priorities[owners[k]] > 0 and not flips[owners[k]]
                and shape_ends[owners[k]] + gap <= a
                for k in hit
            ):  # fmt: skip
                continue
            for k in hit:
                j = owners[k]
                end = a - gap  # the label ends a gap before the shape; else no label
                if end - (shape_ends[j] + gap) < MIN_LABEL_PX:
                    end = shape_ends[j]
                ends[k] = end + gap
                right[j], labelled[j] = end, end > shape_ends[j]
            return

    order = np.lexsort((left, -priority.astype(np.int64)))
    for i in order.tolist():
        if not place(i) and priorities[i] > 0:
            cut_labels_for(i)
            place(i)
    return Stacked(row=row, right=right, label=labelled, left=start, flip=flip & labelled)


def overlaps(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray) -> int:
    """How many pairs of the rectangles [x0, x1) × [y0, y1) overlap (for tests)."""
    n = len(x0)
    count = 0
    for i in range(n):
        hit = (x0[i + 1 :] < x1[i]) & (x0[i] < x1[i + 1 :])
        hit &= (y0[i + 1 :] < y1[i]) & (y0[i] < y1[i + 1 :])
        count += int(hit.sum())
    return count
