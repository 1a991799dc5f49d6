"""What a new user met: Ctrl+E did nothing while the search box had the focus, and an event
just saved was selected but its lane stayed out of view."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from conftest import shown_window
from timeline_app.ui.actions import ACTIONS, TEXT_KEEPS
from timeline_app.ui.main_window import MainWindow


@pytest.fixture
def triggered(monkeypatch):
    """The window's commands that ran (none of them opens anything)."""
    ran = []
    for spec in ACTIONS:
        if not spec.checkable:
            monkeypatch.setattr(MainWindow, spec.name,
                                lambda self, *a, n=spec.name: ran.append(n))  # fmt: skip
    return ran


class LikeX11(QObject):
    """What QLineEdit does under X11: it claims Ctrl+E (end of line, Emacs style) and the
    other keys it edits with, so that a window shortcut on them does not fire."""

    def eventFilter(self, _watched, event):
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() in (
            Qt.KeyboardModifier.ControlModifier,
        ):
            event.accept()
            return True
        return False


def test_window_shortcuts_work_from_the_search_box(qtbot, store, triggered):
    w = shown_window(qtbot, store, (1280, 720))
    with qtbot.waitActive(w):  # shortcuts go to the active window (offscreen: not by itself)
        w.activateWindow()
    for box in (w.filter_panel.text, w.filter_panel.actors.search):
        claim = LikeX11(box)
        box.installEventFilter(claim)
        box.setFocus()
        for name, key in (("export_image", Qt.Key.Key_E), ("new_event", Qt.Key.Key_N),
                          ("import_files", Qt.Key.Key_O)):  # fmt: skip
            triggered.clear()
            qtbot.keyClick(box, key, Qt.KeyboardModifier.ControlModifier)
            assert triggered == [name], (box.placeholderText(), name)
        box.removeEventFilter(claim)


def test_a_text_field_keeps_its_own_editing_keys(qtbot, store, triggered):
    w = shown_window(qtbot, store, (1280, 720))
    with qtbot.waitActive(w):
        w.activateWindow()
    box = w.filter_panel.text
    box.setFocus()
    qtbot.keyClicks(box, "mortar")
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.text() == ""  # the typing undone, not an event's change
    assert "undo" in TEXT_KEEPS and "delete_event" in TEXT_KEEPS
    assert triggered == []


def test_ctrl_z_in_a_box_with_nothing_to_undo_undoes_the_window_s_edit(qtbot, store, triggered):
    # after Clear filters the focus is in the empty search box: Ctrl+Z did nothing there,
    # while Edit → Undo offered the edit just saved
    w = shown_window(qtbot, store, (1280, 720))
    with qtbot.waitActive(w):
        w.activateWindow()
    w.actions_["undo"].setEnabled(True)  # as after an edit
    box = w.filter_panel.text
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert triggered == ["undo"]


def settle(qtbot):
    """Paints, and what they ask for (lanes growing to hold their rows)."""
    for _ in range(4):
        qtbot.wait(1)
        QApplication.processEvents()


def test_a_saved_event_is_brought_into_view(qtbot, store, artifacts):
    from timeline_app.ui import event_form

    w = shown_window(qtbot, store, (1366, 768))
    settle(qtbot)
    form = w.new_event()
    qtbot.keyClicks(form.title, "Twirwaneho clashes")
    qtbot.keyClicks(form.start, "2025-03")
    qtbot.keyClicks(form.place, "Minembwe")
    qtbot.keyClicks(form.actor_names[0], "Twirwaneho")
    assert isinstance(form, event_form.EventForm)
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert not form.isVisible()
    settle(qtbot)
    t = w.timeline
    row = w.session.selected
    assert str(w.session.columns.uids[row]) == next(
        e.id for e in w.store.events(w.session.dataset) if e.title == "Twirwaneho clashes"
    )
    lanes = np.unique(t.layout_.lane[t.layout_.event == row])
    assert any(t.lane_in_view(int(lane)) for lane in lanes)
    x0, x1 = t.x_range()
    assert x0 <= w.session.columns.events["start_ts"].iat[row] <= x1
    w.grab().save(str(artifacts / "saved_in_view.png"))
