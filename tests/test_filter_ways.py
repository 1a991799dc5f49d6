"""Issue 18: a filter change on a million events works things out in new ways (the pairs of
the events shown taken by their ranges, counts from the events each facet keeps or leaves
out, a lane control's layout sorted once, stacking in plain values). These check that the
new ways give what the plain formulas gave, on random data."""

from bisect import bisect_left

import numpy as np
import pandas as pd
import pytest

from timeline_app.core import pair_index
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.lane_control import LaneControl, LaneOrder
from timeline_app.core.lanes import LaneMode, layout_lanes
from timeline_app.core.stacking import MIN_LABEL_PX, stack
from timeline_app.core.synthetic import synthetic_columns


def columns(seed: int, shuffle_pairs: bool = False, untyped: bool = False):
    cols = synthetic_columns(4000, actors=40, places=300, seed=seed)
    ev = cols.events
    if untyped:  # some events without a type (a missing value: lanes by type fail on it)
        codes = ev["event_type"].cat.codes.to_numpy().copy()
        codes[::17] = -1
        ev["event_type"] = pd.Categorical.from_codes(codes, ev["event_type"].cat.categories)
    if shuffle_pairs:  # pairs out of event order: the filter sorts its own copy
        cols.pairs = cols.pairs.sample(frac=1, random_state=seed).reset_index(drop=True)
    return cols


def random_state(rng, cols, flt) -> FilterState:
    names = list(cols.actors["name"])
    types = list(cols.events["event_type"].cat.categories)
    nodes = sorted({loc[:d] for loc in flt.locations for d in (1, 2, 3)})
    pick = rng.random(5) < 0.5
    start = rng.integers(0, 3000) if pick[3] else None
    return FilterState(
        actors=frozenset(rng.choice(names, rng.integers(1, 6))) if pick[0] else frozenset(),
        places=frozenset(nodes[i] for i in rng.integers(0, len(nodes), rng.integers(1, 4)))
        if pick[1]
        else frozenset(),
        types=frozenset(rng.choice(types, rng.integers(1, 3))) if pick[2] else frozenset(),
        start=pd.Timestamp("2016-01-01").date() + pd.Timedelta(days=int(start))
        if pick[3]
        else None,
        key_only=bool(pick[4] and rng.random() < 0.2),
    )


def plain_counts(cols, flt, state, text_ids):
    """The counts as they were worked out: masks over every event and every pair."""
    pe, pa = cols.pairs["event"].to_numpy(), cols.pairs["actor"].to_numpy()
    by_actor = flt.mask(state, text_ids, skip="actors")
    actors = np.bincount(pa[by_actor[pe]], minlength=len(cols.actors))
    codes = cols.events["event_type"].cat.codes.to_numpy()
    names = list(cols.events["event_type"].cat.categories)
    by_type = flt.mask(state, text_ids, skip="types")
    types = np.bincount(codes[by_type & (codes >= 0)], minlength=len(names))
    by_place = flt.mask(state, text_ids, skip="places")
    places: dict = {}
    for r in np.flatnonzero(by_place):
        loc = tuple(str(cols.events[c].iat[r]) for c in ("country", "admin1", "place"))
        for depth in (1, 2, 3):
            places[loc[:depth]] = places.get(loc[:depth], 0) + 1
    return actors, dict(zip(names, types.tolist(), strict=True)), places


@pytest.mark.parametrize("shuffle_pairs", [False, True])
def test_masks_and_faceted_counts_are_those_of_the_plain_formulas(shuffle_pairs):
    rng = np.random.default_rng(7)
    cols = columns(1, shuffle_pairs, untyped=True)
    flt = EventFilter(cols)
    pe, pa = cols.pairs["event"].to_numpy(), cols.pairs["actor"].to_numpy()
    code = {name: i for i, name in enumerate(cols.actors["name"])}
    ids = cols.events["id"].to_numpy()
    for trial in range(60):
        state = random_state(rng, cols, flt)
        text_ids = None
        if trial % 5 == 0:
            state = state.with_(text="x")
            text_ids = ids[rng.random(len(ids)) < rng.random()]
        if state.actors:
            chosen = np.isin(pa, [code[a] for a in state.actors])
            expected = np.zeros(len(cols), dtype=bool)
            expected[pe[chosen]] = True
            assert np.array_equal(flt._parts(state, text_ids)["actors"], expected)
        counts = flt.counts(state, text_ids)
        actors, types, places = plain_counts(cols, flt, state, text_ids)
        assert np.array_equal(counts.actors, actors), state
        assert counts.types == types
        assert {k: v for k, v in counts.places.items() if v} == places
        assert set(counts.places) == {loc[:d] for loc in flt.locations for d in (1, 2, 3)}


def test_pairs_of_events_by_ranges_are_those_of_a_mask():
    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(0, 60))
        events = np.sort(rng.integers(0, max(n, 1), int(rng.integers(0, 150)))) if n else []
        events = np.asarray(events, dtype=np.int32)
        offsets = pair_index.offsets(events, n)
        shown = rng.random(n) < rng.random()
        expected = np.flatnonzero(shown[events])
        assert np.array_equal(pair_index.pairs_of(shown, events, offsets), expected)
        assert np.array_equal(pair_index.ranges(offsets, np.flatnonzero(shown)), expected)


CONTROLS = [
    LaneControl(budget=5),
    LaneControl(budget=8, order=LaneOrder.NAME),
    LaneControl(order=LaneOrder.FIRST, hidden=frozenset({"Actor 001"}), pinned=("Actor 030",)),
    LaneControl(order=LaneOrder.MANUAL, manual=("Actor 020", "Actor 002"), budget=3),
]


@pytest.mark.parametrize("mode", list(LaneMode))
def test_a_layout_is_the_same_whether_the_pairs_shown_come_by_ranges_or_by_mask(mode, monkeypatch):
    cols_a, cols_b = columns(2), columns(2)
    rng = np.random.default_rng(5)
    masks = [rng.random(len(cols_a)) < f for f in (0.01, 0.1, 0.4, 0.9)]
    for mask in masks:
        for control in [None, *CONTROLS]:
            monkeypatch.setattr(pair_index, "SPARSE", 2.0)  # always by ranges
            a = layout_lanes(cols_a, mode, mask, control)
            monkeypatch.setattr(pair_index, "SPARSE", 0.0)  # always by a mask over the pairs
            b = layout_lanes(cols_b, mode, mask, control)
            assert (a.labels, a.colors, a.others, a.pinned, a.hidden) == (
                b.labels, b.colors, b.others, b.pinned, b.hidden)  # fmt: skip
            for field in ("event", "lane", "sub"):
                assert np.array_equal(getattr(a, field), getattr(b, field))


def test_a_budget_keeps_the_plain_layouts_busiest_lanes_and_folds_the_rest_once_each():
    cols = columns(4)
    mask = np.random.default_rng(1).random(len(cols)) < 0.3
    plain = layout_lanes(cols, LaneMode.ACTOR, mask)
    folded = layout_lanes(cols, LaneMode.ACTOR, mask, LaneControl(budget=6))
    assert folded.labels[:6] == plain.labels[:6]  # the plain layout runs busiest first
    for lane in range(6):
        assert np.array_equal(folded.event[folded.lane == lane], plain.event[plain.lane == lane])
        assert np.array_equal(folded.sub[folded.lane == lane], plain.sub[plain.lane == lane])
    others = np.unique(plain.event[plain.lane >= 6])
    assert np.array_equal(folded.event[folded.lane == 6], others)
    first = layout_lanes(cols, LaneMode.ACTOR, mask, LaneControl(order=LaneOrder.FIRST))
    starts = cols.events["start_ts"].to_numpy()
    firsts = [starts[first.event[first.lane == lane]].min() for lane in range(len(first.labels))]
    assert firsts == sorted(firsts)


def plain_stack(lane, left, shape_right, label_px, priority, rows, gap, reserved=np.inf,
                flip=None):  # fmt: skip
    """stacking.stack as it was: every try of every event over every row of its lane."""
    n = len(lane)
    flip = np.zeros(n, dtype=bool) if flip is None else flip
    row, labelled = np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=bool)
    right, start = shape_right.astype(float).copy(), left.astype(float).copy()
    taken: dict = {}

    def cap(ln):
        return int(rows) if np.ndim(rows) == 0 else int(rows[ln])

    def free(key, a, b):
        starts, ends, _ = taken.get(key, ((), (), ()))
        i = bisect_left(starts, a)
        return not (i < len(starts) and starts[i] < b) and not (i > 0 and ends[i - 1] > a)

    def take(key, a, b, who):
        starts, ends, owners = taken.setdefault(key, ([], [], []))
        i = bisect_left(starts, a)
        starts.insert(i, a), ends.insert(i, b), owners.insert(i, who)

    def place(i):
        ln, a, end = int(lane[i]), float(left[i]), float(shape_right[i])
        want = float(label_px[i])
        widths = ([want] if want > 0 else []) + ([MIN_LABEL_PX] if want > MIN_LABEL_PX else [])
        if flip[i]:
            tries = [(a - gap - w, end) for w in widths] + [(a, end)]
        else:
            tries = [(a, end + gap + w) for w in widths] + [(a, end)]
        for x0, x1 in tries:
            r = next((r for r in range(cap(ln)) if free((ln, r), x0, x1 + gap)), None)
            if r is not None:
                take((ln, r), x0, x1 + gap, i)
                row[i], start[i], right[i] = r, x0, x1
                labelled[i] = x1 > end or x0 < a
                return True
        return False

    def cut_labels_for(i):
        ln, a, b = int(lane[i]), float(left[i]), float(shape_right[i]) + gap
        for r in range(cap(ln)):
            starts, ends, owners = taken.get((ln, r), ([], [], []))
            hit = [k for k in range(len(starts)) if starts[k] < b and ends[k] > a]
            if not hit or not all(owners[k] >= 0 and priority[owners[k]] > 0
                                  and not flip[owners[k]] and shape_right[owners[k]] + gap <= a
                                  for k in hit):  # fmt: skip
                continue
            for k in hit:
                j = owners[k]
                end = a - gap
                if end - (shape_right[j] + gap) < MIN_LABEL_PX:
                    end = float(shape_right[j])
                ends[k] = end + gap
                right[j], labelled[j] = end, end > shape_right[j]
            return

    for ln in np.unique(lane):
        take((int(ln), 0), reserved, np.inf, -1)
    for i in np.lexsort((left, -priority.astype(np.int64))):
        if not place(int(i)) and priority[i] > 0:
            cut_labels_for(int(i))
            place(int(i))
    return row, right, labelled, start, flip & labelled


def test_stacking_gives_the_rows_and_labels_of_the_plain_loop():
    rng = np.random.default_rng(11)
    for trial in range(400):
        n, lanes = int(rng.integers(0, 200)), int(rng.integers(1, 6))
        lane = rng.integers(0, lanes, n)
        left = rng.uniform(-50, 1200, n) if trial % 3 else rng.integers(0, 300, n).astype(float)
        shape_right = left + rng.choice([2.0, 10.0, 16.0, 40.0], n)
        label_px = np.where(rng.random(n) < 0.2, 0.0, rng.uniform(0, 300, n))
        priority = rng.choice([0, 0, 0, 1, 2, 3], n)
        rows = int(rng.integers(1, 7)) if trial % 2 else rng.integers(0, 5, lanes)
        reserved = np.inf if trial % 4 else float(rng.uniform(600, 1200))
        flip = rng.random(n) < 0.15 if trial % 5 == 0 else None
        got = stack(lane, left, shape_right, label_px, priority, rows, 6.0, reserved, flip)
        expected = plain_stack(lane, left, shape_right, label_px, priority, rows, 6.0,
                               reserved, flip)  # fmt: skip
        for value, want in zip((got.row, got.right, got.label, got.left, got.flip), expected,
                               strict=True):  # fmt: skip
            assert np.array_equal(value, want), trial
