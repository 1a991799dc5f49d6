"""The column cache beside the store: the same columns as the store gives, never stale."""

import pandas as pd
import pytest

from conftest import DATA
from timeline_app.core import column_cache
from timeline_app.core.columns import load_columns
from timeline_app.core.store import SAMPLE_DATASET

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL


@pytest.fixture
def cached(store, monkeypatch):
    monkeypatch.setattr(column_cache, "SMALLEST", 1)  # cache even the sample
    return store


def assert_same(a, b):
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.actors, b.actors)
    pd.testing.assert_frame_equal(a.pairs, b.pairs)
    assert a.last_import == b.last_import
    assert a.uids.tolist() == b.uids.tolist() and a.titles.tolist() == b.titles.tolist()


def from_store(store, name=SAMPLE_DATASET):
    return load_columns(store._conn, store._dataset_id(name))


def cache_file(store, name=SAMPLE_DATASET):
    return column_cache.cache_path(store._cache_base, store._dataset_id(name))


def test_the_cache_gives_what_the_store_gives(cached, monkeypatch):
    first = cached.columns(SAMPLE_DATASET)  # from the store, then saved
    assert cache_file(cached).exists()
    import timeline_app.core.store_reading as store_module

    def no_store_read(*args):
        raise AssertionError("read from the store")

    monkeypatch.setattr(store_module, "load_columns", no_store_read)
    again = cached.columns(SAMPLE_DATASET)
    assert_same(again, first)
    assert again.titles.dtype == first.titles.dtype and len(again) == 32


def test_a_reimport_makes_the_cache_stale(cached):
    cached.import_file(DATA / "acled_current.csv", dataset="ACLED")
    cached.columns("ACLED")
    cached.import_file(DATA / "acled_newer.csv", dataset="ACLED")  # one new, one changed
    after = cached.columns("ACLED")
    assert_same(after, from_store(cached, "ACLED"))
    assert after.last_import == "acled_newer.csv" and after.events["changed"].sum() == 2


def test_removing_missing_events_makes_the_cache_stale(cached):
    cached.import_file(DATA / "acled_current.csv", dataset="ACLED")
    cached.import_file(DATA / "acled_newer.csv", dataset="ACLED")
    assert cached.columns("ACLED").events["missing"].sum() == 1
    cached.remove_missing("ACLED")
    assert len(cached.columns("ACLED")) == len(from_store(cached, "ACLED")) == 5


def test_a_damaged_or_foreign_cache_file_is_not_used(cached):
    cached.columns(SAMPLE_DATASET)
    path = cache_file(cached)
    path.write_bytes(path.read_bytes()[:1000])  # cut short
    assert_same(cached.columns(SAMPLE_DATASET), from_store(cached))
    cached.import_file(DATA / "acled_current.csv", dataset="ACLED")
    cached.columns("ACLED")
    cache_file(cached, "ACLED").replace(path)  # another dataset's file in its place
    assert_same(cached.columns(SAMPLE_DATASET), from_store(cached))


def test_a_deleted_dataset_takes_its_cache_along(cached):
    cached.import_file(DATA / "acled_current.csv", dataset="ACLED")
    cached.columns("ACLED")
    path = cache_file(cached, "ACLED")
    cached.delete_dataset("ACLED")
    assert not path.exists()
    cached.import_file(DATA / "small.csv", dataset="Mine")  # may reuse the id
    assert_same(cached.columns("Mine"), from_store(cached, "Mine"))


def test_an_import_leaves_a_large_dataset_ready_to_open(store_location, monkeypatch, capsys):
    from timeline_app.cli import main
    from timeline_app.core.store import Store

    monkeypatch.setattr(column_cache, "SMALLEST", 5)  # the ACLED file has 5 events
    assert main(["--store", str(store_location), "import", str(DATA / "acled_current.csv"),
                 "--dataset", "ACLED"]) == 0  # fmt: skip
    with Store.open(store_location) as store:
        path = cache_file(store, "ACLED")
        token = column_cache.current_token(store._conn, store._dataset_id("ACLED"))
        assert column_cache.load(path, token) is not None  # written, and current
        assert not cache_file(store).exists()  # the 32-event sample: too small to cache
        cited = store.source_count("ACLED")  # from the citations cached at the import
        monkeypatch.setattr(column_cache, "SMALLEST", 10**9)
        assert cited == store.source_count("ACLED") > 0  # as read from the events


def test_the_cli_writes_the_cache_after_removing_missing_events(store_location, monkeypatch):
    from timeline_app.cli import main
    from timeline_app.core.store import Store

    monkeypatch.setattr(column_cache, "SMALLEST", 1)
    args = ["--store", str(store_location), "--dataset", "ACLED"]
    for name in ("acled_current.csv", "acled_newer.csv"):
        assert main(["import", str(DATA / name), *args]) == 0
    assert main(["missing", "--remove", *args]) == 0
    with Store.open(store_location) as store:
        token = column_cache.current_token(store._conn, store._dataset_id("ACLED"))
        cols = column_cache.load(cache_file(store, "ACLED"), token)  # fresh: no reload
        assert cols is not None and len(cols) == 5


def test_the_window_writes_the_cache_once_the_dataset_is_drawn(qtbot, cached):
    """The first open of a large dataset without its cache: the first paint does not wait
    for the cache to be written (~0.4 s of a million events' ~5 s)."""
    from timeline_app.ui.main_window import MainWindow

    cache_file(cached).unlink(missing_ok=True)
    window = MainWindow(cached, SAMPLE_DATASET)
    qtbot.addWidget(window)
    assert window.session.total == 32 and not cache_file(cached).exists()
    qtbot.waitUntil(cache_file(cached).exists, timeout=5000)
    token = column_cache.current_token(cached._conn, cached._dataset_id(SAMPLE_DATASET))
    assert_same(column_cache.load(cache_file(cached), token), from_store(cached))
    cached.write_deferred_cache()  # nothing is left to write
    assert cached._deferred_cache is None
