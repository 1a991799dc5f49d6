"""The search index built after a large import: pending events are still found, and every
change to the events (re-import, removal, deletion) keeps the index true to them."""

import dataclasses
import sqlite3

import pytest

from conftest import DATA, undo_version_4
from timeline_app.core import search_index
from timeline_app.core.backend import is_postgres
from timeline_app.core.formats import read_file
from timeline_app.core.store import SAMPLE_DATASET, Store

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL


def found(store, dataset, text):
    cols = store.columns(dataset)
    return set(cols.uids[cols.rows_of_ids(store.search(dataset, text))].tolist())


def index_is_sound(store) -> None:
    """FTS5's own check: the index holds exactly the text of the indexed events."""
    assert store.search_pending() == 0
    if is_postgres(store._conn):  # every event's tsvector is the one of its text
        wrong = store._conn.execute(
            "SELECT COUNT(*) FROM events AS e LEFT JOIN events_fts AS f ON f.event_id = e.id "
            "WHERE f.tsv IS DISTINCT FROM to_tsvector('simple', tl_fold(tl_search_text("
            "e.doc::jsonb)))"
        ).fetchone()[0]
        assert wrong == 0
        return
    store._conn.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")


@pytest.fixture
def deferred(monkeypatch):
    """Imports of more than 3 events leave them to build_search_index, as a large one does."""
    monkeypatch.setattr(search_index, "AT_ONCE", 3)


def test_a_small_import_is_searchable_at_once(store):
    assert store.search_pending() == 0
    assert found(store, SAMPLE_DATASET, "Walikale")
    index_is_sound(store)


def test_a_large_import_is_found_before_and_after_its_index_is_built(empty_store, deferred):
    summary = empty_store.import_file(DATA / "small.csv", dataset="D")
    assert empty_store.search_pending() == summary.new == 4
    before = {q: found(empty_store, "D", q) for q in ("goma", "m23 goma", "Reuters", "nothing")}
    assert before["goma"] and before["m23 goma"] <= before["goma"]
    assert before["nothing"] == set()

    reports = []
    assert empty_store.build_search_index(lambda done, total: reports.append((done, total))) == 4
    assert reports[-1] == (4, 4)
    assert {q: found(empty_store, "D", q) for q in before} == before
    index_is_sound(empty_store)


def test_the_index_is_built_in_chunks_that_each_commit(empty_store, deferred, monkeypatch):
    empty_store.import_file(DATA / "small.csv", dataset="D")
    monkeypatch.setattr(search_index, "CHUNK", 2)
    seen = []

    def stop_after_first(done, total):
        seen.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        empty_store.build_search_index(stop_after_first)
    assert seen == [2] and empty_store.search_pending() == 2  # the first chunk stays indexed
    empty_store.build_search_index()
    index_is_sound(empty_store)


def test_a_reimport_replaces_the_indexed_text(empty_store, monkeypatch):
    monkeypatch.setattr(search_index, "AT_ONCE", 0)  # nothing is indexed during an import
    parsed = read_file(DATA / "small.csv")
    empty_store.import_parsed(parsed, "D")
    empty_store.build_search_index()
    changed = dataclasses.replace(parsed.events[0], title="Zanzibarian headline")
    parsed.events = [changed, *parsed.events[1:]]
    empty_store.import_parsed(parsed, "D")
    assert empty_store.search_pending() == 1  # only the changed event
    assert found(empty_store, "D", "zanzibarian") == {changed.id}
    assert found(empty_store, "D", "claims") == set()  # its old title
    empty_store.build_search_index()
    assert found(empty_store, "D", "zanzibarian") == {changed.id}
    assert found(empty_store, "D", "claims") == set()
    index_is_sound(empty_store)


def test_removed_and_deleted_events_leave_the_index(empty_store, deferred, tmp_path):
    parsed = read_file(DATA / "small.csv")
    empty_store.import_parsed(parsed, "D")
    empty_store.import_parsed(parsed, "E")
    empty_store.build_search_index()
    parsed.events = parsed.events[1:]  # the source drops an event
    empty_store.import_parsed(parsed, "D")
    assert empty_store.remove_missing("D") == 1
    empty_store.delete_dataset("E")
    index_is_sound(empty_store)
    assert found(empty_store, "D", "goma") == set()  # only the dropped event had it
    assert found(empty_store, "D", "Bukavu") == {"a2"}


def test_events_deleted_before_they_are_indexed(empty_store, deferred):
    empty_store.import_file(DATA / "small.csv", dataset="D")
    empty_store.delete_dataset("D")
    assert empty_store.search_pending() == 0
    index_is_sound(empty_store)


def test_a_version_3_store_has_its_events_indexed_again(store_path):
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path)
    undo_version_4(conn)
    conn.commit()
    conn.close()
    with Store.open(store_path) as store:  # a few events: indexed as it opens
        assert store.search_pending() == 0
        assert "congo2025-19" in found(store, SAMPLE_DATASET, "felix")
        index_is_sound(store)


def test_a_large_version_3_store_is_searchable_while_it_is_indexed(store_path, deferred):
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path)
    undo_version_4(conn)
    conn.commit()
    conn.close()
    with Store.open(store_path) as store:
        assert store.search_pending() == 32
        assert found(store, SAMPLE_DATASET, "Walikale")  # scanned meanwhile
        store.build_search_index()
        assert "congo2025-19" in found(store, SAMPLE_DATASET, "felix")  # accents folded
        index_is_sound(store)


def test_like_patterns_escape_wildcards():
    assert search_index.like_patterns('a_b "100%"') == ["%a\\_b%", "%100%"]
    assert search_index.like_patterns("  ") == []


def test_the_window_builds_the_index_after_a_large_import(qtbot, empty_store, deferred):
    from timeline_app.ui.main_window import MainWindow

    window = MainWindow(empty_store)
    qtbot.addWidget(window)
    window.show()
    shown = []
    window.indexer.progress.connect(lambda *_: shown.append(window.indexer.label.text()))
    with (
        qtbot.waitSignal(window.indexer.finished, timeout=10000) as indexed,
        qtbot.waitSignal(window.importFinished, timeout=10000),
    ):
        window.import_files([str(DATA / "small.csv")])
    assert indexed.args == [True] and empty_store.search_pending() == 0
    assert shown[-1] == "Indexing for search: 4 of 4 events"
    assert window.indexer.label.isHidden()
    index_is_sound(empty_store)


def test_a_search_is_run_again_once_the_index_is_built(qtbot, empty_store, deferred, monkeypatch):
    from timeline_app.core.filters import FilterState
    from timeline_app.ui.main_window import MainWindow
    from timeline_app.ui.search_indexer import SearchIndexer

    empty_store.import_file(DATA / "small.csv", dataset="D")
    start = SearchIndexer.start
    monkeypatch.setattr(SearchIndexer, "start", lambda self: None)  # not yet
    window = MainWindow(empty_store, "D")
    qtbot.addWidget(window)
    window.session.set_filters(FilterState(text="oma"))
    assert len(window.session.shown_rows) == 1  # "Goma", scanned: words match anywhere
    with qtbot.waitSignal(window.indexer.finished, timeout=10000):
        start(window.indexer)
    assert len(window.session.shown_rows) == 0  # the index matches at the start of words
    window.close()


def test_closing_the_window_leaves_no_indexing_process(qtbot, empty_store, deferred):
    import multiprocessing

    from timeline_app.ui.main_window import MainWindow

    empty_store.import_file(DATA / "small.csv", dataset="D")
    window = MainWindow(empty_store, "D")  # starts indexing what the import left
    qtbot.addWidget(window)
    assert window.indexer.running()
    window.close()
    assert not window.indexer.running() and multiprocessing.active_children() == []
    assert empty_store.search_pending() in (0, 4)  # all of a chunk, or none of it
