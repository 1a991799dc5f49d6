"""File → Sync… on the real window: the sync runs in a child process, what it brings shows in
the window, and a conflict is listed and decided (take theirs, merge field by field)."""

import dataclasses

import pytest
from PySide6.QtCore import Qt

from conftest import shown_window
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.core.sync import sync

D = SAMPLE_DATASET


def edit(store, uid, **fields):
    event = store.event(D, uid)
    store.update_event(D, dataclasses.replace(event, **fields), store.revision(D, uid))


@pytest.fixture
def other_laptop(store, tmp_path, pg_url):
    """The window's store and another laptop, synced once; the other one then edits two
    events (one of which the window's store edits too) and syncs."""
    sync(store, pg_url)
    path = tmp_path / "bruno.sqlite"
    uids = sorted(e.id for e in store.events(D))
    with Store.open(path) as bruno:
        bruno.user = "bruno"
        sync(bruno, pg_url)
        edit(bruno, uids[0], title="Brought by the sync")
        edit(bruno, uids[1], title="Bruno's title", fatalities=11)
        sync(bruno, pg_url)
    store.user = "amina"
    edit(store, uids[1], title="Amina's title")
    return uids[0], uids[1], pg_url


def run_sync(qtbot, w, url):
    w.actions_["sync_store"].trigger()
    dialog = w._sync_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.url_edit.setText(url)
    qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    assert dialog.running()  # in its child: the window goes on meanwhile
    qtbot.waitUntil(lambda: not dialog.running(), timeout=60000)
    return dialog


def title_shown(w, uid):
    return str(w.session.columns.titles[w.session.columns.row_of(uid)])


def test_file_sync_brings_a_change_and_a_conflict_taken_from_theirs(
    qtbot, store, other_laptop, artifacts
):
    changed, both, url = other_laptop
    w = shown_window(qtbot, store)
    store.user = "amina"  # (the window set its own: the preferences' name)
    dialog = run_sync(qtbot, w, url)
    assert "Received: 1 events" in dialog.outcome.text()
    assert title_shown(w, changed) == "Brought by the sync"  # shown at once
    qtbot.wait(1000)  # the store watch polls (400 ms): our own sync is no "other program"
    assert not w.watch.bar.isVisible()
    w.grab().save(str(artifacts / "sync-window.png"))
    assert dialog.conflicts.count() == 1
    line = dialog.conflicts.item(0).text()
    assert "Amina's title" in line and "bruno" in line
    dialog.grab().save(str(artifacts / "sync-dialog.png"))
    qtbot.mouseClick(dialog.take_theirs, Qt.MouseButton.LeftButton)
    assert dialog.conflicts.count() == 0
    assert store.event(D, both).title == "Bruno's title"
    assert title_shown(w, both) == "Bruno's title"
    last = store.history(D, both)[-1]
    assert last.action == "resolved" and last.who == "amina"
    again = run_sync(qtbot, w, url)  # the decision goes to the team store: nothing else
    assert "Sent: 0 events" in again.outcome.text()
    with Store.open(url, sample=False) as server:
        assert server.history(D, both)[-1].who == "amina"


def test_a_conflict_merged_field_by_field_in_the_window(qtbot, store, other_laptop, artifacts):
    _, both, url = other_laptop
    w = shown_window(qtbot, store)
    dialog = run_sync(qtbot, w, url)
    from timeline_app.ui.sync_merge import MergeDialog

    merge = MergeDialog(dialog._current(), dialog)
    assert {f for f, _ in merge.fields} == {"title", "fatalities"}
    merge.choose("fatalities", "theirs")  # and mine for the title
    merge.show()
    qtbot.waitExposed(merge)
    merge.grab().save(str(artifacts / "sync-merge.png"))
    merge.accept()
    assert dialog.decide("merged", merge)
    event = store.event(D, both)
    assert (event.title, event.fatalities) == ("Amina's title", 11)
    run_sync(qtbot, w, url)
    with Store.open(url, sample=False) as server:
        there = server.event(D, both)
        assert (there.title, there.fatalities) == ("Amina's title", 11)
