"""The window's child processes (background.py) when the window is gone: they stop quietly at
their next message, and what they were writing is rolled back."""

from conftest import DATA
from timeline_app import background
from timeline_app.core import search_index
from timeline_app.core.store import SAMPLE_DATASET


def test_an_import_whose_window_is_gone_stores_nothing_and_says_nothing(store, capfd):
    pipe, child = background.start_import(
        store.path, [(str(DATA / "acled_current.csv"), None)], search_index.AT_ONCE
    )
    pipe.close()  # as if the window were killed
    child.join(30)
    assert child.exitcode == 0
    assert [d.name for d in store.datasets()] == [SAMPLE_DATASET]
    assert "Traceback" not in capfd.readouterr().err


def test_an_index_build_whose_window_is_gone_says_nothing(store, capfd):
    pipe, child = background.start_indexing(store.path, search_index.AT_ONCE)
    pipe.close()
    child.join(30)
    assert child.exitcode == 0 and "Traceback" not in capfd.readouterr().err
