"""What a new user met in the list, the history and the wording: a click that scrolled the
Date column away, a menu offering to unmark events that were not key, undo and redo counted
as edits, an empty history without a word, "(s)" plurals, a status message left behind."""

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt

from conftest import shown_window
from timeline_app.cli import main
from timeline_app.core import history
from timeline_app.core.store import SAMPLE_DATASET
from timeline_app.ui import window_edits
from timeline_app.ui.event_table import EVENT_ROW_ROLE
from timeline_app.ui.history_dialog import change_text

D = SAMPLE_DATASET


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store, (1280, 720))


def test_a_click_on_a_title_keeps_the_date_column_in_view(window, qtbot, artifacts):
    t = window.table
    index = window.table_model.index(3, 1)  # a title, wider than what the list shows of it
    rect = t.visualRect(index)
    assert rect.right() > t.viewport().width()
    x = min(rect.center().x(), t.viewport().width() - 20)
    qtbot.mouseClick(t.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, rect.center().y()))
    assert window.session.selected == index.data(EVENT_ROW_ROLE)
    assert t.horizontalScrollBar().value() == 0
    qtbot.keyClick(t, Qt.Key.Key_Down)  # the next row, from the title's cell
    assert window.session.selected == window.table_model.index(4, 0).data(EVENT_ROW_ROLE)
    assert t.horizontalScrollBar().value() == 0
    # a hand's click near the right edge, where the title is cut: it moves a pixel
    at = QPoint(t.viewport().width() - 5, t.visualRect(window.table_model.index(6, 1)).center().y())
    qtbot.mousePress(t.viewport(), Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseMove(t.viewport(), at + QPoint(1, 0))
    qtbot.wait(300)  # Qt's drag auto-scroll steps on a timer: let it run, if it started
    qtbot.mouseRelease(t.viewport(), Qt.MouseButton.LeftButton, pos=at + QPoint(1, 0))
    assert window.session.selected == window.table_model.index(6, 0).data(EVENT_ROW_ROLE)
    assert t.horizontalScrollBar().value() == 0
    t.scrollTo(window.table_model.index(8, 1))  # a title wider than the list, partly seen
    assert t.horizontalScrollBar().value() == 0
    assert t.columnViewportPosition(0) == 0  # the Date column where it was
    window.grab().save(str(artifacts / "list_click.png"))


def select_rows(w, positions):
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    w.table.selectionModel().clearSelection()
    for pos in positions:
        w.table.selectionModel().select(w.table_model.index(pos, 0), flags)


def menu_texts(w):
    menu = w._table_menu(w.table.visualRect(w.table_model.index(1, 0)).center())
    texts = [a.text() for a in menu.actions()]
    menu.close()
    return texts


def test_the_list_menu_offers_only_what_would_change(window):
    w = window
    cols = w.session.columns
    rows = [w.table_model.index(p, 0).data(EVENT_ROW_ROLE) for p in range(10)]
    plain = [p for p, row in enumerate(rows) if not cols.events["key"].iat[row]]
    select_rows(w, plain[:2])
    texts = menu_texts(w)
    assert "Mark 2 events as key" in texts
    assert not [t for t in texts if t.startswith("Unmark")]
    assert w.set_key(True)
    select_rows(w, plain[:3])  # two key, one not
    texts = menu_texts(w)
    assert "Mark 1 event as key" in texts and "Unmark 2 key events" in texts


def edit_title(qtbot, w, uid, title):
    w.session.select(w.session.columns.row_of(uid))
    form = w.edit_event()
    form.title.clear()
    qtbot.keyClicks(form.title, title)
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert not form.isVisible()


def test_undo_and_redo_are_recorded_as_such_and_not_counted(window, qtbot, artifacts):
    w, store = window, window.store
    uid = "congo2025-20"
    edit_title(qtbot, w, uid, "Mortar shelling near Sake market")
    assert w.edit_note.text().startswith("Edited 1 time, last by ")
    w.undo()
    w.redo()
    assert w.edit_note.text().startswith("Edited 1 time, last by ")
    changes = store.history(D, uid)
    assert [c.origin for c in changes] == [history.WINDOW, history.UNDO, history.REDO]
    texts = [change_text(c) for c in changes]
    assert texts[0].startswith("changed:\ntitle: ")
    assert texts[1].startswith("undone:\ntitle: Mortar shelling near Sake market → ")
    assert texts[2].startswith("redone:\ntitle: ")
    w.undo()
    assert w.edit_note.text() == ""  # an imported event with no edit left
    dialog = w.event_history()
    assert dialog.tree.topLevelItemCount() == 4  # every change is still there
    first = dialog.tree.visualItemRect(dialog.tree.topLevelItem(0))
    fm = dialog.tree.fontMetrics()
    assert first.height() >= 2 * fm.lineSpacing() + 6  # two lines, and room between rows
    dialog.grab().save(str(artifacts / "history_undo_redo.png"))
    dialog.reject()


def test_the_history_of_an_imported_event_says_since_when(window):
    w = window
    w.session.select(w.session.columns.row_of("congo2025-05"))
    dialog = w.event_history()
    assert dialog.tree.topLevelItemCount() == 0
    assert dialog.note.isVisibleTo(dialog)
    assert dialog.note.text().startswith("No change since it was imported on ")
    assert "congo-2025.json" in dialog.note.text()
    dialog.reject()


def test_plurals_are_words(window, qtbot, monkeypatch):
    w = window
    edit_title(qtbot, w, "congo2025-20", "Mortar shelling near Sake market")
    assert "time(s)" not in w.edit_note.text() and "Edited 1 time," in w.edit_note.text()
    monkeypatch.setattr(window_edits, "ask", lambda *a: True)
    w.new_dataset("Field notes")
    count = w.store.event_count(D)
    said = w.delete_dataset(D)
    assert f"({count} events)" in said and "(s)" not in said


def test_the_datasets_dialogs_message_goes_with_it(window, monkeypatch):
    w = window
    dialog = w.datasets()
    w.new_dataset("Field notes")
    said = w.merge_dataset(D, "Field notes")
    assert "events copied" in said
    w.statusBar().showMessage(said, 15000)  # as a copy from the list says it
    dialog.accept()
    assert w.statusBar().currentMessage() == ""


def test_the_cli_says_what_a_date_should_be(capsys, store_path, tmp_path):
    with pytest.raises(SystemExit):
        main(["--store", str(store_path), "export", str(tmp_path / "x.png"),
              "--from", "2025-13-01"])  # fmt: skip
    err = capsys.readouterr().err
    assert "not a date (YYYY-MM-DD): 2025-13-01" in err
    assert "fromisoformat" not in err
