"""The column cache stays true after hand edits: the next open patches it with the events
the edits changed, instead of reading the whole dataset again (1.1 s for 100,000 events)."""

import dataclasses

import pytest
from test_column_cache import assert_same, cache_file, from_store

from timeline_app.core import column_cache
from timeline_app.core.datasets import CopySummary
from timeline_app.core.model import Location
from timeline_app.core.store import SAMPLE_DATASET, Store

D = SAMPLE_DATASET


@pytest.fixture
def cached(store, monkeypatch):
    monkeypatch.setattr(column_cache, "SMALLEST", 1)  # cache even the sample
    store.columns(D)  # the cache, written
    return store


@pytest.fixture
def no_full_read(monkeypatch):
    import timeline_app.core.store_reading as store_module

    def refuse(*_args):
        raise AssertionError("the whole dataset was read again")

    monkeypatch.setattr(store_module, "load_columns", refuse)


def edits(store):
    """An update, a delete, a creation (undo's restore too), in two transactions."""
    first, second, third = store.events(D)[:3]
    moved = dataclasses.replace(first, title="Moved", location=Location("Goma", country="DR Congo"))
    store.update_event(D, moved, store.revision(D, first.id))
    with store.together():
        store.delete_event(D, second.id, store.revision(D, second.id))
        store.update_event(D, dataclasses.replace(third, key=not third.key),
                           store.revision(D, third.id))  # fmt: skip
    store.restore_event(D, second.id)


def test_the_next_open_after_edits_patches_the_cache(cached, store_path, monkeypatch):
    edits(cached)
    truth = from_store(cached)
    cached.close()
    import timeline_app.core.store_reading as store_module

    monkeypatch.setattr(store_module, "load_columns", lambda *_a: pytest.fail("full read"))
    with Store.open(store_path) as again:
        cols = again.columns(D)
        assert_same(cols, truth)
        token = column_cache.current_token(again._conn, again._dataset_id(D))
        assert column_cache.file_token(cache_file(again)) == token  # saved, up to date


def test_an_import_after_edits_drops_the_log(cached, no_full_read):
    edits(cached)
    from conftest import DATA

    cached.import_file(DATA / "small.csv", dataset=D)
    with pytest.raises(AssertionError, match="read again"):
        cached.columns(D)  # the import is not in the log: read whole, as it must


def test_a_cache_older_than_the_log_is_read_again(cached, monkeypatch):
    monkeypatch.setattr(column_cache, "LOG_STEPS", 2)
    edits(cached)  # three steps: the cache's token is no longer in the log
    assert_same(cached.columns(D), from_store(cached))


def test_copied_events_are_patched_in_too(cached, monkeypatch):
    cached.create_dataset("Brief")
    ids = [e.id for e in cached.events(D)[:4]]
    cached.copy_events(D, "Brief", ids[:2])
    cached.columns("Brief")  # cached with two events
    summary: CopySummary = cached.copy_events(D, "Brief", ids)
    assert summary.copied == 2 and summary.already == 2
    truth = from_store(cached, "Brief")
    import timeline_app.core.store_reading as store_module

    monkeypatch.setattr(store_module, "load_columns", lambda *_a: pytest.fail("full read"))
    assert_same(cached.columns("Brief"), truth)
