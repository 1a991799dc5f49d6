"""The window's process keeps its locks on the store: nothing but SQLite opens the store's
files there (a close() of any of them drops every lock the process holds on it), and the
window's writes never collide with an import's process."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit

from conftest import DATA, shown_window
from timeline_app.core.errors import InputError
from timeline_app.core.model import Story, StoryStep
from timeline_app.core.store import Store, is_store_file
from timeline_app.ui import messages, window_writes
from timeline_app.ui.main_window import MainWindow
from timeline_app.ui.story_dialog import StoryDialog

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/locks")


def held_locks(store_path: Path, pid: int | None = None) -> set[str]:
    """The store's files on which process `pid` holds a POSIX lock, from /proc/locks."""
    pid = os.getpid() if pid is None else pid
    names = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{store_path}{suffix}")
        if path.exists():
            names[path.stat().st_ino] = path.name
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.replace(" -> ", " ").split()
        owner, inode = int(fields[4]), int(fields[5].split(":")[2])
        if owner == pid and inode in names:
            held.add(names[inode])
    return held


@pytest.fixture
def window(qtbot, empty_store):
    return shown_window(qtbot, empty_store, (1280, 720))


def choose_in_dialog(qtbot, name: str, seen: dict) -> None:
    """As a user does: wait for the file dialog to list its folder, then pick `name`."""

    def dialog() -> QFileDialog | None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        return next((w for w in shown if isinstance(w, QFileDialog)), None)

    def pick() -> None:
        qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)
        d = dialog()
        d.setDirectory(str(Path(seen["store"]).parent))
        d.setViewMode(QFileDialog.ViewMode.Detail)  # icons and type names of every file
        qtbot.wait(1500)  # its file system model reads the folder in a thread of its own
        seen["locks"] = held_locks(seen["store"])
        d.findChild(QLineEdit, "fileNameEdit").setText(name)  # typed, then Open
        d.accept()

    def pick_or_give_up() -> None:
        try:
            pick()
        finally:
            if dialog() is not None:  # never a test left waiting on a dialog
                dialog().reject()

    QTimer.singleShot(0, pick_or_give_up)


@linux_only
def test_two_imports_through_the_file_dialog_keep_the_stores_locks(window, qtbot, tmp_path):
    """The in-window file dialog once read the store's files to guess their types: the
    window's connection lost its locks, the import's process deleted the write-ahead log,
    and the second import opened "no dataset 'b'" (or "database disk image is malformed")."""
    store_path = window.store.path
    for name in ("a", "b"):
        shutil.copy(DATA / "small.csv", tmp_path / f"{name}.csv")
    before = held_locks(store_path)
    assert f"{store_path.name}-shm" in before
    for name in ("a", "b"):
        seen = {"store": store_path}
        choose_in_dialog(qtbot, f"{name}.csv", seen)
        with qtbot.waitSignal(window.importFinished, timeout=20000) as finished:
            window.import_files()
        done, failed = finished.args
        assert failed == [] and [d for d, _ in done] == [name]
        assert seen["locks"] == before, "listing the store's folder dropped the store's locks"
        assert window.session.dataset == name and window.dataset_box.currentText() == name
        assert window.session.total == len(Store.open(store_path).events(name))
        assert held_locks(store_path) >= {f"{store_path.name}-shm"}
    assert window.statusBar().currentMessage().startswith("b.csv")


def test_the_stores_own_files_are_never_imported_nor_written(window, qtbot, tmp_path, monkeypatch):
    store = window.store
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{store.path}{suffix}")
        assert is_store_file(path, store.path)
        with pytest.raises(InputError, match="the store itself"):
            store.import_file(path)
    link = tmp_path / "link.json"
    link.symlink_to(store.path)
    assert is_store_file(link, store.path) and not is_store_file(DATA / "small.csv", store.path)
    from timeline_app.ui import import_runner

    opened = []  # the window never opens it to tell its format (a close() drops the locks)
    detect = import_runner.detect_format
    monkeypatch.setattr(import_runner, "detect_format", lambda p: opened.append(p) or detect(p))
    with qtbot.waitSignal(window.importFinished, timeout=20000) as finished:
        window.import_files([str(link)])
    assert "the store itself" in finished.args[1][0] and opened == []
    Store.open(store.path).close()  # still a store


def test_exports_refuse_the_store_as_their_target(qtbot, store, monkeypatch):
    window = MainWindow(store)  # on the bundled dataset
    qtbot.addWidget(window)
    said = []
    monkeypatch.setattr("timeline_app.ui.window_exports.warn", lambda *a: said.append(a[2]))
    size = window.store.path.stat().st_size
    for action in (window.export_data, window.export_image, window.export_briefing):
        monkeypatch.setattr(
            "timeline_app.ui.window_exports.save_file_name",
            lambda *a, **k: (str(window.store.path), "All files (*)"),
        )
        assert action() is None
    assert len(said) == 3 and all("the store itself" in text for text in said)
    assert window.store.path.stat().st_size == size


def test_a_story_saved_during_an_import_waits_for_it(window, qtbot, tmp_path, monkeypatch):
    """Saving a story while an import's process held the store blocked the window 5 s, then
    raised "database is locked", uncaught."""
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_files([str(DATA / "small.csv")])
    big = tmp_path / "acled.csv"
    shutil.copy(DATA / "acled_current.csv", big)
    monkeypatch.setattr(StoryDialog, "exec", lambda _d: QDialog.DialogCode.Accepted)
    with qtbot.waitSignal(window.importFinished, timeout=30000):
        window.import_files([str(big)])
        assert window.importer.running()
        window.session.open_dataset("small")
        window.new_story()
        assert "waiting for the import" in window.statusBar().currentMessage()
        assert window.store.stories("small") == []
    (story,) = window.store.stories("small")
    assert story.steps  # the key events shown when it was made


def test_a_store_busy_with_another_program_is_said(window, qtbot, monkeypatch):
    store = window.store
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_files([str(DATA / "small.csv")])
    store._conn.execute("PRAGMA busy_timeout = 50")
    other = Store.open(store.path)
    other._conn.execute("BEGIN IMMEDIATE")  # another program writing
    answers = [messages.Button.Retry, messages.Button.Cancel]
    asked = []

    def answer(_parent, _title, text, _buttons=None):
        asked.append(text)
        if len(asked) == 1:
            return answers.pop(0)
        other._conn.execute("ROLLBACK")
        return answers.pop(0)

    monkeypatch.setattr(window_writes, "warn", answer)
    window.writes.run(
        lambda: store.save_story("small", Story("S", (StoryStep("a1"),))), "Saving S", "Saved S"
    )
    assert len(asked) == 2 and "busy" in asked[0]
    assert store.stories("small") == []  # cancelled: nothing written, nothing raised
    window.writes.run(
        lambda: store.save_story("small", Story("S", (StoryStep("a1"),))), "Saving S", "Saved S"
    )
    assert [s.name for s in store.stories("small")] == ["S"]
    other.close()
