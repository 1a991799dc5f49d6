"""The one view state (issue 14, item 8): filters, lanes and time range in, mask and lane
layout out, with no Qt; its JSON for saved views; saved views in the store (issue 15, item 7)."""

import json
import sqlite3
import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from conftest import undo_version_6
from timeline_app.core import schema
from timeline_app.core.backups import backups
from timeline_app.core.errors import StoreError
from timeline_app.core.filters import FilterState
from timeline_app.core.lane_control import LaneControl, LaneOrder, others_count
from timeline_app.core.lanes import LaneMode, lane_labels_of, layout_lanes
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.core.synthetic import synthetic_columns
from timeline_app.core.view_state import ALL, AUTO, Change, ViewSettings, ViewState


@pytest.fixture(scope="module")
def cols():
    return synthetic_columns(3000)  # 200 actors, a few busy, most rare


def test_the_view_state_needs_no_qt():
    code = (
        "import sys; import timeline_app.core.view_state, timeline_app.core.saved_views; "
        "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_mask_and_layout_follow_the_choices_and_listeners_are_told(cols):
    view, told = ViewState(), []
    view.subscribe(told.append)
    view.open("Synthetic", cols)
    assert told == [Change.DATASET, Change.FILTERS, Change.SELECTION]
    assert view.mask.all() and len(view.layout().labels) == 200
    busiest = view.layout().labels[0]
    told.clear()
    view.set_filters(FilterState(actors=frozenset({busiest})))
    assert told == [Change.FILTERS]
    assert view.mask.sum() == len(cols.rows_of_actor(busiest))
    view.set_lanes(control=LaneControl(order=LaneOrder.NAME), budget=5)
    assert told[-1] is Change.LANES
    layout = view.layout()
    assert len(layout.labels) == 6 and others_count(layout.labels[-1])
    # the same as core.lanes gives for the same choices
    same = layout_lanes(cols, LaneMode.ACTOR, view.mask, LaneControl(LaneOrder.NAME, budget=5))
    assert same.labels == layout.labels


def test_an_automatic_budget_follows_the_room_and_a_page_decides_without_one(cols):
    view = ViewState()
    view.open("Synthetic", cols)
    assert view.budget == AUTO and view.lane_budget() is None  # no room known: a page decides
    view.set_room(8)
    assert view.lane_budget() == 7 and len(view.layout().labels) == 8
    view.set_lanes(budget=ALL)
    assert view.lane_budget() is None and len(view.layout().labels) == 200


def test_pinning_the_rows_of_a_slide_keeps_their_lanes_out_of_others(cols):
    view = ViewState()
    view.open("Synthetic", cols)
    view.set_lanes(budget=3)
    rare = view.layout(everything=True).labels  # busiest first
    full = layout_lanes(cols, LaneMode.ACTOR)
    quiet = full.labels[-1]
    row = int(full.event[full.lane == len(full.labels) - 1][0])
    assert quiet not in rare
    pinned = view.layout(pin_rows=[row])
    assert pinned.labels[0] == quiet and pinned.pinned >= 1
    # an event whose lanes are all drawn anyway: the order stays
    drawn = set(view.layout().labels)
    busy = next(int(r) for r in full.event[full.lane == 0]
                if set(lane_labels_of(cols, LaneMode.ACTOR, [r])) <= drawn)  # fmt: skip
    assert view.layout(pin_rows=[busy]) is view.layout()


def test_the_time_range_is_the_one_set_or_the_events_shown(cols):
    view = ViewState()
    view.open("Synthetic", cols)
    x0, x1 = view.x_range()
    starts = cols.events["start_ts"].to_numpy()
    assert x0 < starts.min() and x1 > starts.max()
    view.set_filters(FilterState(start=date(2024, 3, 1), end=date(2024, 3, 31)))
    assert view.x_range() == (1709251200.0, 1711929600.0)  # the filter's days, both whole
    view.set_time_range((1.0e9, 1.1e9))
    assert view.x_range() == (1.0e9, 1.1e9)


def test_settings_round_trip_through_json_and_tolerate_the_unknown():
    settings = ViewSettings(
        FilterState(actors=frozenset({"M23/AFC"}), places=frozenset({("DRC", "North Kivu")}),
                    start=date(2025, 1, 1), text="Goma", key_only=True),
        LaneMode.LOCATION,
        LaneControl(LaneOrder.MANUAL, ("b", "a"), frozenset({"c"}), ("a",)),
        12,
        (1.7e9, 1.8e9),
    )  # fmt: skip
    assert ViewSettings.from_json(settings.to_json()) == settings
    data = json.loads(settings.to_json())
    assert data["version"] == 1
    data.update(version=99, colour="red", budget="lots", lane_mode="moons", time_range=[5, 1])
    assert (
        ViewSettings.from_json(json.dumps(data | {"time_range": [0, float("inf")]})).time_range
        is None
    )
    later = ViewSettings.from_dict(data)  # a newer version's view: what is understood applies
    assert later.filters == settings.filters and later.control == settings.control
    assert (later.budget, later.lane_mode, later.time_range) == (AUTO, LaneMode.ACTOR, None)
    with pytest.raises(ValueError):
        ViewSettings.from_json("[1, 2]")


def test_a_view_naming_a_gone_actor_applies_the_rest(store):
    view = ViewState(store.search)
    view.open(SAMPLE_DATASET, store.columns(SAMPLE_DATASET))
    settings = ViewSettings(
        FilterState(actors=frozenset({"M23/AFC", "Nobody Any More"}),
                    places=frozenset({("Atlantis",)}), text="Goma"),
        LaneMode.TYPE, budget=4, time_range=(1.736e9, 1.75e9),
    )  # fmt: skip
    gone = view.apply(settings)
    assert gone == ["Nobody Any More", "Atlantis"]
    assert view.filters.actors == {"M23/AFC"} and not view.filters.places
    assert view.filters.text == "Goma" and 0 < view.mask.sum() < len(view.mask)
    assert view.lane_mode is LaneMode.TYPE and view.budget == 4
    assert view.x_range() == (1.736e9, 1.75e9)


def test_saved_views_round_trip_through_the_store(store):
    d = SAMPLE_DATASET
    settings = ViewSettings(FilterState(text="Goma"), LaneMode.LOCATION, budget=ALL)
    assert store.saved_views(d) == []
    assert store.save_view(d, "  Goma   week ", settings) == "Goma week"
    store.save_view(d, "All", ViewSettings())
    assert [v.name for v in store.saved_views(d)] == ["All", "Goma week"]
    assert store.saved_view(d, "goma WEEK").settings == settings
    store.save_view(d, "GOMA week", ViewSettings())  # the same view, whatever the case
    assert [v.name for v in store.saved_views(d)] == ["All", "GOMA week"]
    with pytest.raises(StoreError, match="has a saved view called 'All' already"):
        store.rename_view(d, "GOMA week", "all")
    store.rename_view(d, "GOMA week", "Goma")
    store.delete_view(d, "All")
    with pytest.raises(StoreError) as err:
        store.saved_view(d, "All")
    assert str(err.value) == f"no saved view 'All' in '{d}' (saved views: 'Goma')"
    with pytest.raises(StoreError, match="needs a name"):
        store.save_view(d, "   ", settings)
    store.delete_dataset(d)  # its views go with it
    assert store._conn.execute("SELECT count(*) FROM saved_views").fetchone() == (0,)


def test_a_damaged_saved_view_is_listed_and_applies_as_the_default(store):
    store.save_view(SAMPLE_DATASET, "Broken", ViewSettings())
    store._conn.execute("UPDATE saved_views SET state = 'not json'")
    (view,) = store.saved_views(SAMPLE_DATASET)
    assert view.name == "Broken" and view.settings == ViewSettings()


def test_a_schema_5_store_with_data_gains_saved_views_after_a_backup(store_path):
    with Store.open(store_path) as s:
        events = len(s.events(SAMPLE_DATASET))
        stories = s.stories(SAMPLE_DATASET)
    conn = sqlite3.connect(store_path)
    undo_version_6(conn)
    conn.commit()
    conn.close()
    with Store.open(store_path) as s:
        assert schema.schema_version(s._conn) == schema.SCHEMA_VERSION >= 6
        assert len(s.events(SAMPLE_DATASET)) == events and s.stories(SAMPLE_DATASET) == stories
        s.save_view(SAMPLE_DATASET, "Kept", ViewSettings(FilterState(key_only=True)))
    with Store.open(store_path) as s:
        assert s.saved_view(SAMPLE_DATASET, "Kept").settings.filters.key_only
    (backup,) = [p for p in backups(store_path) if "schema-v5" in p.name]
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone() == (5,)
    assert old.execute("SELECT count(*) FROM events").fetchone() == (events,)
    old.close()


def test_layouts_are_kept_per_choice_and_dropped_with_the_filters(cols):
    view = ViewState()
    view.open("Synthetic", cols)
    first = view.layout()
    assert view.layout() is first
    view.set_filters(FilterState(key_only=True))
    assert view.layout() is not first
    assert np.array_equal(np.unique(view.layout().event), np.flatnonzero(view.mask))
