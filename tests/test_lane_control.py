"""Lane control, one model for the window and the exports: order, hidden and pinned lanes, and
the budget that folds the least busy lanes into one "Others" lane."""

import numpy as np
import pytest

from timeline_app.core.lanes import (
    LaneControl,
    LaneMode,
    LaneOrder,
    fold_lanes,
    layout_lanes,
    others_count,
)
from timeline_app.core.synthetic import synthetic_columns


@pytest.fixture(scope="module")
def cols():
    return synthetic_columns(5000)  # 200 actors, a few busy, most rare


def instances(cols, layout, lane):
    return set(layout.event[layout.lane == lane].tolist())


def test_the_budget_keeps_the_busiest_lanes_and_folds_the_rest_into_others(cols):
    full = layout_lanes(cols, LaneMode.ACTOR)
    assert len(full.labels) == 200 and full.others == 0
    layout = layout_lanes(cols, LaneMode.ACTOR, control=LaneControl(budget=12))
    assert len(layout.labels) == 13
    assert layout.labels[:12] == full.labels[:12]  # the busiest, busiest first
    assert others_count(layout.labels[-1]) == (188, "actors") and layout.others == 188
    # "Others" holds each event of the folded lanes once, in time order
    folded = set(full.event[full.lane >= 12].tolist())
    rows = layout.event[layout.lane == 12]
    assert set(rows.tolist()) == folded and len(rows) == len(folded)
    starts = cols.events["start_ts"].to_numpy()[rows]
    assert (np.diff(starts) >= 0).all()
    for lane in range(12):
        assert instances(cols, layout, lane) == instances(cols, full, lane)
    # stacking rows stay within the cap and dense from 0
    assert layout.sub.max() < 3 and layout.sub.min() == 0


def test_no_others_lane_for_a_single_lane_left_over(cols):
    layout = layout_lanes(cols, LaneMode.ACTOR, control=LaneControl(budget=199))
    assert len(layout.labels) == 200 and layout.others == 0


def test_the_budget_counts_the_events_shown(cols):
    shown = np.zeros(len(cols), dtype=bool)
    shown[: len(cols) // 10] = True  # the first year: other lanes may be the busiest there
    few = layout_lanes(cols, LaneMode.ACTOR, shown)
    layout = layout_lanes(cols, LaneMode.ACTOR, shown, LaneControl(budget=5))
    assert layout.labels[:5] == few.labels[:5]
    assert set(cols.events.index[layout.event]) <= set(np.flatnonzero(shown))


def test_order_hide_and_pin(cols):
    full = layout_lanes(cols, LaneMode.ACTOR)
    by_name = layout_lanes(cols, LaneMode.ACTOR, control=LaneControl(order=LaneOrder.NAME))
    assert by_name.labels == sorted(full.labels, key=str.casefold)
    first = layout_lanes(cols, LaneMode.ACTOR, control=LaneControl(order=LaneOrder.FIRST))
    starts = cols.events["start_ts"].to_numpy()
    earliest = [starts[first.event[first.lane == i]].min() for i in range(len(first.labels))]
    assert earliest == sorted(earliest)
    rare = full.labels[-1]
    by_hand = LaneControl(order=LaneOrder.MANUAL, manual=(rare, full.labels[3]))
    hand = layout_lanes(cols, LaneMode.ACTOR, control=by_hand)
    assert hand.labels[:2] == [rare, full.labels[3]] and len(hand.labels) == 200
    hidden = layout_lanes(cols, LaneMode.ACTOR, control=LaneControl(hidden=frozenset({rare})))
    assert rare not in hidden.labels and hidden.hidden == [rare]
    assert len(hidden.labels) == 199
    # a pinned rare lane stays, on top, whatever the budget
    pinned = layout_lanes(cols, LaneMode.ACTOR, control=LaneControl(pinned=(rare,), budget=4))
    assert pinned.labels[0] == rare and pinned.pinned == 1
    assert pinned.labels[1:4] == full.labels[:3] and pinned.others == 196


def test_folding_a_layout_again(cols):
    layout = layout_lanes(cols, LaneMode.ACTOR, control=LaneControl(budget=20))
    fewer = fold_lanes(cols, layout, 6)
    assert len(fewer.labels) == 7 and fewer.others == 194
    assert others_count(fewer.labels[-1]) == (194, "actors")
    assert fold_lanes(cols, fewer, 10) is fewer


def test_the_others_lane_is_said_in_the_interfaces_language(qapp):
    from timeline_app.ui.i18n import lane_text

    assert lane_text("Others (188 actors)") == "Others (188 actors)"  # English: as it is
    assert lane_text("Others (12 places)") == "Others (12 places)"
    assert lane_text("Armed Group 1") == "Armed Group 1"


def test_the_control_survives_the_settings():
    control = LaneControl(order=LaneOrder.MANUAL, manual=("b", "a"), hidden=frozenset({"c"}),
                          pinned=("a",))  # fmt: skip
    assert LaneControl.from_json(control.to_json()) == control
    for broken in ("", "[", '{"order": "sideways"}', "[1, 2]", None):
        assert LaneControl.from_json(broken) == LaneControl()


def test_a_filtered_others_lane_stacks_its_spans_without_overlap(cols):
    """Its stacking is worked out once among every event of the folded lanes, then a filter
    only takes rows out and closes the gaps: spans on one row of a lane never overlap."""
    control = LaneControl(budget=12)
    ev = cols.events
    start, end = ev["start_ts"].to_numpy(), ev["end_ts"].to_numpy()
    rng = np.random.default_rng(3)
    for shown in (None, rng.random(len(cols)) < 0.3, start < np.median(start)):
        layout = layout_lanes(cols, LaneMode.ACTOR, shown, control)
        again = layout_lanes(cols, LaneMode.ACTOR, shown, control)  # (from the memo)
        assert np.array_equal(layout.sub, again.sub) and layout.labels == again.labels
        others = len(layout.labels) - 1
        rows = layout.event[layout.lane == others]
        expected = layout_lanes(cols, LaneMode.ACTOR, shown).event  # every event shown …
        full = layout_lanes(cols, LaneMode.ACTOR, shown)
        folded = set(expected[full.lane >= 12].tolist())  # … of the folded lanes, once
        assert set(rows.tolist()) == folded and len(rows) == len(folded)
        sub = layout.sub[layout.lane == others]
        assert sub.min() == 0 and len(np.unique(sub)) == sub.max() + 1  # no empty rows
        for row in np.unique(sub):
            on = rows[sub == row]
            spans = on[(end[on] - start[on] > 86_400) | (ev["precision"].to_numpy()[on] > 1)]
            order = np.argsort(start[spans], kind="stable")
            a, b = start[spans][order], end[spans][order]
            if row < sub.max():  # (the last row takes whatever does not fit: a cap)
                assert (a[1:] >= b[:-1]).all()
