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


@dataclass
class Stacked:
    """Where each event went: row within its lane (-1: no room, counted), and the left and
    right ends of what it covers (its label's ends, or its shape's when it has no label)."""

    row: np.ndarray  # int
    right: np.ndarray  # float px
    label: np.ndarray  # bool: drawn with a label
    left: np.ndarray  # float px
    flip: np.ndarray  # bool: the label is left of the shape (no room right of it)


def stack(
    lane: np.ndarray,
    left: np.ndarray,
    shape_right: np.ndarray,
    label_px: np.ndarray,
    priority: np.ndarray,
    rows: int,
    gap: float,
    reserved: float = np.inf,
    flip: np.ndarray | None = None,
) -> Stacked:
    """Rows for events given their lane, the left and right of their shape and the width
    their whole label wants (px). Higher `priority` first (the selection, key events), then
    left to right. Each takes the first row where it fits with its whole label, else with a
    label cut to MIN_LABEL_PX, else with its shape alone; else it is not drawn. A label is
    right of its shape, or left of it where `flip` says (near the view's right edge). Row 0
    is taken from `reserved` on (px): where the lane's count of events not drawn goes."""
    n = len(lane)
    flip = np.zeros(n, dtype=bool) if flip is None else flip
    row = np.full(n, -1, dtype=np.int64)
    right = shape_right.astype(float).copy()
    start = left.astype(float).copy()
    labelled = np.zeros(n, dtype=bool)
    # per (lane, row): occupied [a, b) intervals, starts and ends in two sorted lists
    taken: dict[tuple[int, int], tuple[list[float], list[float]]] = {}

    def free(key: tuple[int, int], a: float, b: float) -> bool:
        starts, ends = taken.get(key, ((), ()))
        i = bisect_left(starts, a)
        if i < len(starts) and starts[i] < b:
            return False
        return not (i > 0 and ends[i - 1] > a)

    def take(key: tuple[int, int], a: float, b: float) -> None:
        starts, ends = taken.setdefault(key, ([], []))
        i = bisect_left(starts, a)
        starts.insert(i, a)
        ends.insert(i, b)

    for ln in np.unique(lane):
        take((int(ln), 0), reserved, np.inf)
    order = np.lexsort((left, -priority.astype(np.int64)))
    for i in order:
        ln, a = int(lane[i]), float(left[i])
        shape_end = float(shape_right[i])
        want = float(label_px[i])
        widths = [want] if want > 0 else []
        if want > MIN_LABEL_PX:
            widths.append(MIN_LABEL_PX)
        if flip[i]:
            tries = [(a - gap - w, shape_end) for w in widths] + [(a, shape_end)]
        else:
            tries = [(a, shape_end + gap + w) for w in widths] + [(a, shape_end)]
        for x0, x1 in tries:
            r = next((r for r in range(rows) if free((ln, r), x0, x1 + gap)), None)
            if r is not None:
                take((ln, r), x0, x1 + gap)
                row[i], start[i], right[i] = r, x0, x1
                labelled[i] = x1 > shape_end or x0 < a
                break
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
