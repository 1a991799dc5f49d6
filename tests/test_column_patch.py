"""Columns patched after an edit equal the columns read from the store."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from conftest import DATA
from timeline_app.core.column_patch import patch_columns
from timeline_app.core.columns import load_columns
from timeline_app.core.dates import When
from timeline_app.core.editing import new_event_id
from timeline_app.core.model import ActorRef, Event, Location
from timeline_app.core.store import SAMPLE_DATASET

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL

D = SAMPLE_DATASET


def same(store, dataset, cols, uids):
    ds = store._dataset_id(dataset)
    patched = patch_columns(store._conn, ds, cols, uids)
    full = load_columns(store._conn, ds)
    pd.testing.assert_frame_equal(patched.events, full.events)
    pd.testing.assert_frame_equal(patched.actors, full.actors)
    pd.testing.assert_frame_equal(patched.pairs, full.pairs)
    assert np.array_equal(patched.uids, full.uids) and np.array_equal(patched.titles, full.titles)
    assert patched.last_import == full.last_import
    return patched


def test_patch_after_create_update_delete(store):
    cols = store.columns(D)
    new = Event(new_event_id(), When.parse("2025-02-14"), "A new one, at a new place",
                actors=(ActorRef("A brand new militia"), ActorRef("FARDC", "opposing")),
                location=Location("Nowhere", country="Atlantis"), event_type="Novel")  # fmt: skip
    store.create_event(D, new)
    cols = same(store, D, cols, [new.id])
    moved = store.event(D, "congo2025-20")
    moved = dataclasses.replace(moved, when=When.parse("2025-01-01"), actors=moved.actors[:1])
    store.update_event(D, moved, store.revision(D, moved.id))
    cols = same(store, D, cols, [moved.id])
    first = store.events(D)[0]
    store.delete_event(D, first.id, store.revision(D, first.id))
    cols = same(store, D, cols, [first.id])
    store.delete_event(D, new.id, store.revision(D, new.id))  # its place and type go too
    cols = same(store, D, cols, [new.id])
    store.restore_event(D, first.id)
    same(store, D, cols, [first.id])


def test_patch_after_a_reimport_marks_the_same_changes(empty_store):
    s = empty_store
    s.import_file(DATA / "acled_current.csv", dataset="ACLED")
    s.import_file(DATA / "acled_newer.csv", dataset="ACLED")
    cols = s.columns("ACLED")
    event = s.events("ACLED")[1]
    s.update_event(
        "ACLED", dataclasses.replace(event, title="Edited"), s.revision("ACLED", event.id)
    )
    same(s, "ACLED", cols, [event.id])


def test_patch_of_an_empty_dataset(store):
    store.create_dataset("Notes")
    cols = store.columns("Notes")
    event = Event(new_event_id(), When.parse("2025-05"), "First note")
    store.create_event("Notes", event)
    cols = same(store, "Notes", cols, [event.id])
    store.delete_event("Notes", event.id, 1)
    same(store, "Notes", cols, [event.id])
