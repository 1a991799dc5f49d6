"""Lanes: which horizontal band each event is drawn in.

By actor (an event shows once in each of its actors' lanes), by location (province), by
event type, or one lane for all. Lanes are ordered by how many events they hold, or as a
LaneControl says (by name, by first date, by hand; some hidden, some pinned on top), and a
lane budget keeps the busiest lanes and folds the rest into one "Others" lane: the window,
the image exports and the briefing slides all lay lanes out here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from timeline_app.core.columns import EventColumns
from timeline_app.core.lane_control import (
    DEFAULT_CONTROL,
    OTHERS_COLOR,
    OTHERS_NOUN,
    LaneControl,
    LaneOrder,
    others_count,
    others_label,
)
from timeline_app.core.pair_index import offsets, pairs_of
from timeline_app.core.palette import PALETTE, lane_colors
from timeline_app.core.span_rows import span_rows
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
    others: int = 0  # categories folded into the last lane, "Others" (0: there is none)
    pinned: int = 0  # the first `pinned` lanes are pinned ones
    hidden: list[str] = field(default_factory=list)  # lanes with events shown, hidden by hand

    def __len__(self) -> int:
        return len(self.event)

    def folded(self) -> bool:
        return self.others > 0


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
        admin1 = _text(ev["admin1"])
        cat = admin1.where(admin1 != "", _text(ev["country"])).astype("category")
        kind = "location"
    else:
        cat = _text(ev["event_type"]).astype("category")
        kind = "type"
    names = [str(c) or NO_CATEGORY[kind] for c in cat.cat.categories]
    return np.arange(n), cat.cat.codes.to_numpy().astype(np.int64), names


def _text(column: pd.Series) -> pd.Series:
    """The column as texts, a missing value as "" (no category): pandas 2 made it "nan", and
    pandas 3 keeps it missing (code -1, on which np.bincount fails)."""
    return column.astype(str).where(column.notna(), "")


def _row_offsets(columns: EventColumns, mode: LaneMode) -> np.ndarray:
    """Where each event's pairs start among _categories' (sorted by row): once per dataset."""
    key = ("lane offsets", mode)
    if key not in columns.memo:
        columns.memo[key] = offsets(_categories(columns, mode)[0], len(columns))
    return columns.memo[key]


def lane_labels_of(columns: EventColumns, mode: LaneMode | str, rows) -> list[str]:
    """The labels of the lanes the events `rows` are drawn in (before any folding), in the
    order of their first event given."""
    rows_all, codes, names = _categories(columns, LaneMode(mode))  # rows in ascending order
    found: dict[str, None] = {}
    for row in rows:
        lo, hi = np.searchsorted(rows_all, [row, row + 1])
        for code in codes[lo:hi].tolist():
            found.setdefault(names[code], None)
    return list(found)


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
    columns: EventColumns,
    mode: LaneMode | str,
    shown: np.ndarray | None = None,
    control: LaneControl | None = None,
) -> LaneLayout:
    """Lanes for the events where `shown` (a boolean mask) is true; all events if None; in
    the order, with the hidden and pinned lanes and the budget, that `control` says."""
    mode = LaneMode(mode)
    control = control or DEFAULT_CONTROL
    everything = shown is None or bool(shown.all())
    if control != DEFAULT_CONTROL:
        if not everything:
            return _controlled(columns, mode, shown, control)
        key = ("controlled layout", mode, control)  # "clear filters": worked out once
        if key not in columns.memo:
            columns.memo[key] = _controlled(columns, mode, None, control)
        return columns.memo[key]
    if everything and ("full layout", mode) in columns.memo:  # "clear filters" is common
        return columns.memo[("full layout", mode)]
    base = _unsorted(columns, mode, None if everything else shown)
    # rows are in time order already: a stable sort by lane gives (lane, start) order
    small = np.int16 if len(base.labels) < 2**15 else np.int32  # radix sort for small lanes
    order = np.argsort(base.lane.astype(small), kind="stable")
    rows, lanes, sub = base.event[order], base.lane[order], base.sub[order]
    layout = LaneLayout(labels=base.labels, colors=base.colors, event=rows, lane=lanes,
                        sub=_compact(lanes, sub))  # fmt: skip
    if everything:
        columns.memo[("full layout", mode)] = layout
    return layout


def _unsorted(columns: EventColumns, mode: LaneMode, shown: np.ndarray | None) -> LaneLayout:
    """The plain layout's lanes (busiest first) and instances, but the instances in row
    order and their stacking rows not compacted: what layout_lanes sorts, and what
    _controlled rearranges straight away (sorting twice cost as much again)."""
    rows, codes, names = _categories(columns, mode)
    sub = _full_stacking(columns, mode)
    if shown is not None:
        keep = pairs_of(shown, rows, _row_offsets(columns, mode))
        rows, codes, sub = rows[keep], codes[keep], sub[keep]
    counts = np.bincount(codes, minlength=len(names))
    present = [i for i in range(len(names)) if counts[i] > 0]
    present.sort(key=lambda i: (-counts[i], names[i]))
    lane_of_code = np.full(len(names), -1, dtype=np.int32)
    lane_of_code[present] = np.arange(len(present))
    labels = [names[i] for i in present]
    return LaneLayout(labels=labels, colors=lane_colors(_ranks(columns, mode, labels)),
                      event=rows, lane=lane_of_code[codes], sub=sub)  # fmt: skip


def _controlled(
    columns: EventColumns, mode: LaneMode, shown: np.ndarray | None, control: LaneControl
) -> LaneLayout:
    """The plain layout, its lanes then reordered, hidden, pinned and folded as asked."""
    base = _unsorted(columns, mode, shown)  # sorted by _arrange, once
    labels = base.labels
    index = {label: i for i, label in enumerate(labels)}
    hidden = [label for label in labels if label in control.hidden]
    counts = np.bincount(base.lane, minlength=len(labels))  # the lanes come busiest first
    if control.order is LaneOrder.NAME:
        order = sorted(range(len(labels)), key=lambda i: labels[i].casefold())
    elif control.order is LaneOrder.FIRST:
        # rows are in time order: a lane's first row is its earliest
        first = np.full(len(labels), len(columns), dtype=base.event.dtype)
        np.minimum.at(first, base.lane, base.event)
        starts = columns.events["start_ts"].to_numpy()[first]
        order = sorted(range(len(labels)), key=lambda i: (starts[i], i))
    elif control.order is LaneOrder.MANUAL:
        placed = list(dict.fromkeys(index[label] for label in control.manual if label in index))
        order = placed + sorted(set(range(len(labels))) - set(placed))
    else:
        order = list(range(len(labels)))
    pinned = [index[label] for label in dict.fromkeys(control.pinned) if label in index]
    pinned = [i for i in pinned if labels[i] not in control.hidden]
    rest = [i for i in order if i not in pinned and labels[i] not in control.hidden]
    budget = control.budget
    if budget is not None and len(pinned) + len(rest) > max(budget, len(pinned)) + 1:
        # the busiest of the unpinned lanes stay, in their order; the others are folded
        room = max(budget - len(pinned), 0)
        busiest = set(sorted(rest, key=lambda i: (-counts[i], i))[:room])
        folded = [i for i in rest if i not in busiest]
        rest = [i for i in rest if i in busiest]
    else:
        folded = []
    layout = _arrange(columns, mode, base, pinned + rest, folded)
    layout.pinned, layout.hidden = len(pinned), hidden
    return layout


def fold_lanes(columns: EventColumns, layout: LaneLayout, most: int) -> LaneLayout:
    """`layout` with at most `most` lanes besides "Others": the pinned ones and the busiest of
    the rest stay, in their order; the others (and any "Others" lane) go into one "Others"
    lane at the bottom. `layout` itself if it has room enough already."""
    n = len(layout.labels)
    if n <= max(most, layout.pinned) + 1:
        return layout
    counts = np.bincount(layout.lane, minlength=n)
    real = n - 1 if layout.others else n  # an "Others" lane is always folded again
    pinned = list(range(layout.pinned))
    rest = list(range(layout.pinned, real))
    room = max(most - len(pinned), 0)
    busiest = set(sorted(rest, key=lambda i: (-counts[i], i))[:room])
    folded = [i for i in rest if i not in busiest] + list(range(real, n))
    kept = pinned + [i for i in rest if i in busiest]
    mode = _mode_of(columns, layout)
    # the lanes drawn keep the colours they had where they were drawn (the window)
    arranged = _arrange(columns, mode, layout, kept, folded, keep_colors=True)
    arranged.pinned, arranged.hidden = layout.pinned, layout.hidden
    return arranged


def _mode_of(columns: EventColumns, layout: LaneLayout) -> LaneMode:
    """The lane mode a layout was made in (its "Others" lane names the kind it holds)."""
    for label in layout.labels:
        found = others_count(label)
        if found:
            return LaneMode(next(m for m, noun in OTHERS_NOUN.items() if noun == found[1]))
    for mode in LaneMode:  # the categories whose names hold every label of the layout
        key = ("lane categories", mode)
        if key in columns.memo and set(layout.labels) <= set(columns.memo[key][2]):
            return mode
    return LaneMode.ACTOR


def _arrange(
    columns: EventColumns,
    mode: LaneMode,
    base: LaneLayout,
    kept: list[int],
    folded: list[int],
    keep_colors: bool = False,
) -> LaneLayout:
    """`base`'s lanes `kept`, in that order, then one "Others" lane holding the instances of
    the `folded` lanes (each event once); every other lane's instances are dropped. The lanes
    kept keep their colours if `keep_colors` or if no two of `base`'s lanes shared one."""
    n = len(base.labels)
    new = np.full(n, -1, dtype=np.int64)
    new[kept] = np.arange(len(kept))
    others = 0
    if folded:
        new[folded] = len(kept)
        others = sum((base.others if base.others and i == n - 1 else 1) for i in folded)
    lanes = new[base.lane]
    keep = (lanes >= 0) & (lanes < len(kept))  # the folded ones are marked below, not sorted
    folded_rows = base.event[lanes == len(kept)] if folded else base.event[:0]
    rows, lanes, sub = base.event[keep], lanes[keep], base.sub[keep]
    small = np.int16 if len(kept) < 2**15 - 1 else np.int64  # radix sort for small lanes
    order = np.argsort(lanes.astype(small), kind="stable")  # each lane in time order still
    rows, lanes, sub = rows[order], lanes[order], sub[order]
    labels = [base.labels[i] for i in kept]
    # else (a base of more lanes than colours, by position) the colours of the categories
    keep = keep_colors or _distinct_colors(base)
    prefer = [base.colors[i] for i in kept] if keep else None
    colors = lane_colors(_ranks(columns, mode, labels), prefer)
    if folded:
        mark = np.zeros(len(columns), dtype=bool)
        mark[folded_rows] = True
        tail = np.flatnonzero(mark)  # an event of two folded actors: once (no sort)
        if base.others:  # an "Others" lane folded again: its events as they are
            ev = columns.events
            start, end = ev["start_ts"].to_numpy()[tail], ev["end_ts"].to_numpy()[tail]
            precision = ev["precision"].to_numpy()[tail]
            stacked = _stack(start, end, np.zeros(len(tail), dtype=np.int64), precision)
        else:  # stacked as among every event of these lanes, then compacted
            stacked = _others_stacking(columns, mode, [base.labels[i] for i in folded])[tail]
        rows = np.concatenate([rows, tail])
        lanes = np.concatenate([lanes, np.full(len(tail), len(kept), dtype=lanes.dtype)])
        sub = np.concatenate([sub, stacked.astype(sub.dtype)])
        labels.append(others_label(others, mode))
        colors.append(OTHERS_COLOR)
    return LaneLayout(labels=labels, colors=colors, event=rows, lane=lanes,
                      sub=_compact(lanes, sub), others=others)  # fmt: skip


def _others_stacking(columns: EventColumns, mode: LaneMode, labels: list[str]) -> np.ndarray:
    """By event row, the stacking row of every event of the lanes `labels` in one lane, all
    events shown; worked out once per set of lanes, since filters keep folding about the same
    ones. A subset's spans overlap only where these do (see _full_stacking)."""
    memo = columns.memo.setdefault("others stacking", {})
    key = (mode, frozenset(labels))
    if key not in memo:
        full = layout_lanes(columns, mode)
        index = {label: i for i, label in enumerate(full.labels)}
        chosen = np.zeros(len(full.labels), dtype=bool)
        chosen[[index[label] for label in labels if label in index]] = True
        # each event once, in row order, by marking (np.unique of 2M instances took 1.5 s)
        mark = np.zeros(len(columns), dtype=bool)
        mark[full.event[chosen[full.lane]]] = True
        every = np.flatnonzero(mark)
        ev = columns.events
        start, end = ev["start_ts"].to_numpy()[every], ev["end_ts"].to_numpy()[every]
        precision = ev["precision"].to_numpy()[every]
        by_row = np.zeros(len(columns), dtype=np.int8)  # (MAX_SUBROWS rows at most)
        by_row[every] = _stack(start, end, np.zeros(len(every), dtype=np.int64), precision)
        if len(memo) >= 8:  # a long session of filters: the oldest goes
            del memo[next(iter(memo))]
        memo[key] = by_row
    return memo[key]


def _ranks(columns: EventColumns, mode: LaneMode, labels: list[str]) -> list[int | None]:
    """Each lane's category rank in the whole dataset (the colour order)."""
    key = ("lane rank", mode)
    if key not in columns.memo:
        columns.memo[key] = {name: i for i, name in enumerate(category_ranking(columns, mode))}
    rank = columns.memo[key]
    return [None if others_count(label) else rank.get(label, len(rank)) for label in labels]


def _distinct_colors(layout: LaneLayout) -> bool:
    """Whether no two lanes of `layout` share a colour ("Others" aside)."""
    real = [c for c, label in zip(layout.colors, layout.labels, strict=True)
            if not others_count(label)]  # fmt: skip
    return len(set(real)) == len(real) and set(real) <= set(PALETTE)


def is_full_layout(columns: EventColumns, layout: LaneLayout) -> bool:
    """Whether `layout` is an unfiltered one that layout_lanes keeps for the dataset (plain,
    or under a lane control: the window's always has a budget)."""
    return any(
        layout is value
        for key, value in columns.memo.items()
        if isinstance(key, tuple) and key[0] in ("full layout", "controlled layout")
    )


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
    flat = lanes * MAX_SUBROWS + sub
    used = np.bincount(flat, minlength=n_lanes * MAX_SUBROWS) > 0
    rank = np.cumsum(used.reshape(n_lanes, MAX_SUBROWS), axis=1) - 1
    return rank.astype(sub.dtype).ravel()[flat]


def _stack(
    start: np.ndarray, end: np.ndarray, lane: np.ndarray, precision: np.ndarray
) -> np.ndarray:
    """Stacking rows so that spans in a lane do not hide each other (greedy, capped)."""
    return span_rows(start, end, lane, precision, MAX_SUBROWS)


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
    labels = [layout.labels[i] for i in keep]
    # the lanes' own colours, but never one twice (a layout of more lanes than colours)
    ranks = [None if others_count(label) else len(PALETTE) for label in labels]
    return LaneLayout(
        labels=labels,
        colors=lane_colors(ranks, [layout.colors[i] for i in keep]),
        event=layout.event[chosen][order],
        lane=lanes[order],
        sub=layout.sub[chosen][order],
        # the event's own lanes are pinned: a page short of room folds the others, never these
        pinned=len([i for i in own if i in keep]),
    )
