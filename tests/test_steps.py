"""The default steps of a briefing or a presentation (core/steps.py): the key events shown,
else a few chosen over the period, never one per event of a 1,000-event ACLED view."""

import numpy as np

from timeline_app.core.steps import MAX_STEPS, StepRule, default_steps
from timeline_app.core.synthetic import synthetic_columns


def without_key_events(n):
    cols = synthetic_columns(n, seed=3)
    cols.events["key"] = False  # as ACLED and UCDP data are
    return cols


def test_no_key_events_gives_a_few_spread_over_the_period_most_fatal_first():
    cols = without_key_events(1000)
    worst = 123
    cols.events.loc[worst, "fatalities"] = 500  # the deadliest event is always among them
    fatalities = cols.events["fatalities"].to_numpy()
    mask = np.ones(len(cols), bool)
    steps = default_steps(cols, mask)
    assert steps.rule is StepRule.CHOSEN and steps.shown == 1000
    assert len(steps.rows) == MAX_STEPS and steps.rows == sorted(steps.rows)
    assert worst in steps.rows
    # one in each twelfth of the period (the synthetic events cover it evenly)...
    start = cols.events["start_ts"].to_numpy()
    lo, hi = start.min(), start.max()
    stretch = np.minimum(((start[steps.rows] - lo) / (hi - lo) * MAX_STEPS).astype(int), 11)
    assert sorted(stretch) == list(range(MAX_STEPS))
    # ...and each the deadliest of its twelfth
    all_stretches = np.minimum(((start - lo) / (hi - lo) * MAX_STEPS).astype(int), 11)
    for row, k in zip(steps.rows, stretch, strict=True):
        assert fatalities[row] == fatalities[all_stretches == k].max()
    said = steps.describe()
    assert said.startswith("No key events among the 1,000 events shown: 12 steps instead")
    assert "Mark key events, or make a story" in said


def test_a_stretch_without_events_leaves_its_step_to_the_next_most_significant():
    cols = without_key_events(400)
    start = cols.events["start_ts"].to_numpy()
    mask = start < start.min() + 86400 * 30  # a month's events...
    mask |= start > start.max() - 86400 * 30  # ...and another, years later: a gap between
    steps = default_steps(cols, mask)
    assert len(steps.rows) == min(MAX_STEPS, int(mask.sum())) and mask[steps.rows].all()


def test_key_events_are_the_steps_when_there_are_any():
    cols = without_key_events(1000)
    cols.events.loc[[5, 50, 500], "key"] = True
    steps = default_steps(cols, np.ones(len(cols), bool))
    assert steps.rows == [5, 50, 500] and steps.rule is StepRule.KEY
    assert steps.describe() == ""  # what was asked for: nothing to explain


def test_few_events_and_no_key_events_gives_each_of_them():
    cols = without_key_events(1000)
    mask = np.zeros(len(cols), bool)
    mask[[7, 70, 700]] = True
    steps = default_steps(cols, mask)
    assert steps.rows == [7, 70, 700] and steps.rule is StepRule.ALL
    assert steps.describe() == "No key events among the 3 events shown: a step for each."
    assert default_steps(cols, np.zeros(len(cols), bool)).rows == []
