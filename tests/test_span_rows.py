"""Stacking rows found by following chains give what the loop over every span gave."""

import numpy as np
import pytest

from timeline_app.core.span_rows import _greedy_loop, span_rows

DAY = 86_400


def loop_rows(start, end, lane, precision, depth):
    """The loop as lanes._stack ran it over every event (markers on row 0)."""
    sub = np.zeros(len(start), dtype=np.int64)
    spans = np.flatnonzero((end - start > DAY) | (precision > 1))
    sub[spans] = _greedy_loop(start[spans], end[spans], lane[spans], depth)
    return sub


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("depth", [1, 3, 6])
def test_chains_give_the_loops_rows(seed, depth):
    rng = np.random.default_rng(seed)
    n = 3_000
    lane = np.sort(rng.integers(0, 1 + seed * 7, n))  # one lane, then many
    start = rng.integers(0, 400, n) * DAY // (1 + seed % 3)  # ties, and dense overlaps
    length = rng.choice([0, DAY, 2 * DAY, 30 * DAY, 365 * DAY], n)
    precision = rng.integers(1, 4, n)
    order = np.lexsort((start, lane))  # in (lane, start) order, as lanes.py gives them
    start, lane, precision = start[order], lane[order], precision[order]
    end = start + length
    expected = loop_rows(start, end, lane, precision, depth)
    assert span_rows(start, end, lane, precision, depth).tolist() == expected.tolist()
    shuffled = rng.permutation(n)  # another order: the loop itself
    args = (start[shuffled], end[shuffled], lane[shuffled], precision[shuffled])
    assert span_rows(*args, depth).tolist() == loop_rows(*args, depth).tolist()


def test_no_events():
    empty = np.zeros(0, dtype=np.int64)
    assert span_rows(empty, empty, empty, empty, 3).tolist() == []
