"""Filters and lanes, checked against the events in the store."""

from datetime import date

import numpy as np
import pytest

from conftest import DATA
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.lanes import LaneMode, category_ranking, layout_lanes
from timeline_app.core.palette import PALETTE
from timeline_app.core.store import SAMPLE_DATASET


@pytest.fixture
def sample(store):
    events = {e.id: e for e in store.events(SAMPLE_DATASET)}
    cols = store.columns(SAMPLE_DATASET)
    return store, cols, EventFilter(cols), events


def uids(cols, mask):
    return set(cols.uids[mask].tolist())


def test_actor_filter_is_exactly_that_actors_events(sample):
    _, cols, flt, events = sample
    mask = flt.mask(FilterState(actors=frozenset({"M23/AFC"})))
    assert uids(cols, mask) == {
        i for i, e in events.items() if any(a.name == "M23/AFC" for a in e.actors)
    }
    either = flt.mask(FilterState(actors=frozenset({"Burundi", "Angola"})))  # OR within
    assert uids(cols, either) == {"congo2025-32", "congo2025-18"}


def test_place_tree_levels(sample):
    _, cols, flt, events = sample
    nk = flt.mask(FilterState(places=frozenset({("Democratic Republic of Congo", "North Kivu")})))
    assert uids(cols, nk) == {i for i, e in events.items() if e.location.admin1 == "North Kivu"}
    qatar = flt.mask(FilterState(places=frozenset({("Qatar",)})))
    assert uids(cols, qatar) == {"congo2025-19", "congo2025-25", "congo2025-28", "congo2025-29"}
    goma = ("Democratic Republic of Congo", "North Kivu", "Goma")
    assert uids(cols, flt.mask(FilterState(places=frozenset({goma})))) == {
        i for i, e in events.items() if e.location.place == "Goma"
    }


def test_categories_combine_with_and(sample):
    _, cols, flt, events = sample
    state = FilterState(
        actors=frozenset({"M23/AFC"}),
        places=frozenset({("Democratic Republic of Congo", "North Kivu")}),
        types=frozenset({"Capture"}),
    )
    assert uids(cols, flt.mask(state)) == {
        i
        for i, e in events.items()
        if any(a.name == "M23/AFC" for a in e.actors)
        and e.location.admin1 == "North Kivu"
        and e.event_type == "Capture"
    }


def test_date_range_keeps_overlapping_events(sample):
    _, cols, flt, _ = sample
    feb = FilterState(start=date(2025, 2, 15), end=date(2025, 2, 15))
    # Bukavu (14–16 Feb) overlaps the day; Kavumu (14 Feb) does not
    assert uids(cols, flt.mask(feb)) == {"congo2025-12"}
    jan = flt.mask(FilterState(end=date(2025, 1, 1)))
    assert uids(cols, jan) == {"congo2025-01", "congo2025-02"}  # the January-precision events


def test_text_and_key_filters(sample):
    store, cols, flt, _ = sample
    state = FilterState(text="Walikale", key_only=True)
    ids = store.search(SAMPLE_DATASET, state.text)
    assert uids(cols, flt.mask(state, ids)) == {"congo2025-20"}


def test_text_matches_in_another_dataset_stay_out(sample):
    store, cols, flt, events = sample
    store.import_file(DATA / "acled_current.csv", dataset="ACLED")  # Sake is there too
    ids = store.search(SAMPLE_DATASET, "Sake")
    own = {e.id for e in events.values() if "Sake" in e.title + e.description}
    assert own and len(ids) > len(own)  # matches from both datasets
    state = FilterState(text="Sake")
    assert uids(cols, flt.mask(state, ids)) == own
    counts = flt.counts(state, ids)  # the same, through the cached text mask
    assert sum(counts.types.values()) == len(own)


def test_facet_counts_ignore_their_own_category(sample):
    _, cols, flt, events = sample
    state = FilterState(actors=frozenset({"Burundi"}))
    counts = flt.counts(state)
    names = list(cols.actors["name"])
    m23 = sum(any(a.name == "M23/AFC" for a in e.actors) for e in events.values())
    assert counts.actors[names.index("M23/AFC")] == m23  # actor counts ignore the actor filter
    assert counts.types == {"Capture": 1, **{t: 0 for t in counts.types if t != "Capture"}}
    assert counts.places[("Democratic Republic of Congo",)] == 1
    assert counts.places[("Democratic Republic of Congo", "South Kivu", "Uvira")] == 1


def test_state_round_trips_through_dict():
    state = FilterState(
        actors=frozenset({"M23/AFC"}),
        places=frozenset({("Democratic Republic of Congo", "North Kivu")}),
        start=date(2025, 1, 1),
        text="goma",
        key_only=True,
    )
    assert FilterState.from_dict(state.to_dict()) == state
    assert (
        FilterState.from_dict({"actors": "oops", "start": "never", "places": [[1]]})
        == FilterState()
    )
    assert state.describe() == (
        "Actors: M23/AFC · Places: North Kivu · 1 Jan 2025 – … · Text: “goma” · Key events only"
    )


def test_actor_lanes_hold_each_event_once_per_actor(sample):
    _, cols, _, events = sample
    layout = layout_lanes(cols, LaneMode.ACTOR)
    assert layout.labels[0] == "M23/AFC"  # the busiest lane on top
    assert len(layout) == sum(len(e.actors) for e in events.values())
    for lane, label in enumerate(layout.labels):
        got = set(cols.uids[layout.event[layout.lane == lane]].tolist())
        assert got == {i for i, e in events.items() if any(a.name == label for a in e.actors)}
    # within a lane, instances run in time order
    for lane in range(len(layout.labels)):
        starts = cols.events["start_ts"].to_numpy()[layout.event[layout.lane == lane]]
        assert (np.diff(starts) >= 0).all()


def test_lanes_follow_the_filter_and_keep_their_colours(sample):
    _, cols, flt, _ = sample
    full = layout_lanes(cols, LaneMode.ACTOR)
    shown = flt.mask(FilterState(actors=frozenset({"Burundi"})))
    few = layout_lanes(cols, LaneMode.ACTOR, shown)
    assert sorted(few.labels) == ["Burundi", "FARDC", "M23/AFC"]
    colour = dict(zip(full.labels, full.colors, strict=True))
    assert all(colour[label] == c for label, c in zip(few.labels, few.colors, strict=True))
    assert set(full.colors) <= set(PALETTE)


@pytest.mark.parametrize(
    ("mode", "first", "count"),
    [
        (LaneMode.LOCATION, "North Kivu", None),
        (LaneMode.TYPE, "Capture", None),
        (LaneMode.NONE, "All events", 1),
    ],
)
def test_other_lane_modes(sample, mode, first, count):
    _, cols, _, _ = sample
    layout = layout_lanes(cols, mode)
    assert layout.labels[0] == first
    assert len(layout) == len(cols)  # one lane per event
    if count:
        assert len(layout.labels) == count
    assert category_ranking(cols, mode)[0] == first


def test_overlapping_spans_are_stacked(sample):
    _, cols, _, _ = sample
    layout = layout_lanes(cols, LaneMode.NONE)
    uid = cols.uids[layout.event]
    sub = dict(zip(uid, layout.sub, strict=True))
    # January 2025 (month) spans: Masisi and Minova overlap, and so do the Sake–Goma week
    assert {sub["congo2025-01"], sub["congo2025-02"]} == {0, 1}
    assert sub["congo2025-06"] == 0  # a one-day marker


def test_actor_names_sort_as_people_read_numbers():
    from timeline_app.ui.filter_panel import natural_key

    names = ["Armed group 10", "armed group 2", "Burundi", "Armed group 1", "Armed group 100"]
    assert sorted(names, key=natural_key) == [
        "Armed group 1", "armed group 2", "Armed group 10", "Armed group 100", "Burundi",
    ]  # fmt: skip


@pytest.mark.parametrize(("mode", "column"), [(LaneMode.TYPE, "event_type"),
                                              (LaneMode.LOCATION, "admin1")])  # fmt: skip
def test_a_missing_category_goes_to_the_no_category_lane(sample, mode, column):
    """pandas 3 keeps a missing value through astype(str): its code was -1, and np.bincount
    failed on it (lanes by type or by place); pandas 2 made it a lane named "nan"."""
    import copy

    import pandas as pd

    _, cols, _, _ = sample
    cols = copy.copy(cols)
    cols.memo = {}
    events = cols.events.copy()
    values = events[column].astype(object)
    values.iloc[0] = np.nan
    if column == "admin1":
        events["country"] = events["country"].astype(object).where(values.notna(), np.nan)
    events[column] = pd.Categorical(values)
    cols.events = events
    layout = layout_lanes(cols, mode)
    assert len(layout) == len(cols)
    lane = layout.labels[layout.lane[layout.event == 0][0]]
    assert lane == {"type": "(no type)", "location": "(no place)"}[mode.value]
