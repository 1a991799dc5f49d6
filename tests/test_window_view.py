"""The window at laptop sizes, and a view that follows what the filters show (issue 14)."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from timeline_app.ui.main_window import MainWindow
from timeline_app.ui.window_size import size_docks


def free_area(w):
    return w.screen().availableGeometry()


def test_the_first_size_fits_the_screen(qtbot, store):
    # the offscreen platform's screen is smaller than the 1400 × 860 the window once took
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()  # the frame is known once shown
    free = free_area(w)
    assert free.width() < 1400 or free.height() < 860
    assert free.contains(w.frameGeometry())
    w.resize(1280, 720)  # a laptop: the timeline keeps most of the width
    size_docks(w)
    QApplication.processEvents()
    assert w.timeline.width() >= 0.5 * w.width()


def test_a_restored_size_is_clamped_to_the_current_screen(qtbot, store):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    w.setGeometry(300, 200, 2400, 1500)  # as saved on a larger screen
    w.close()
    again = MainWindow(store)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    QApplication.processEvents()
    assert free_area(again).contains(again.frameGeometry())


@pytest.fixture
def window(qtbot, store):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


def shift_wheel(view, notches):
    viewport = view.graphics.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(
        centre, viewport.mapToGlobal(centre), QPoint(), QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ShiftModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)


def test_shift_wheel_scrolls_the_lanes_and_does_not_zoom(window):
    view = window.timeline
    assert view.scroll.isVisible()  # 18 actors: more lanes than fit
    before = view.x_range()
    shift_wheel(view, 1)
    assert view.scroll.value() == 1
    assert view.x_range() == pytest.approx(before)


def test_the_lane_scroll_starts_at_the_top_for_another_dataset(window, store):
    store.import_parsed(store.parsed(window.session.dataset), dataset="Copy")
    view = window.timeline
    shift_wheel(view, 1)
    assert view.scroll.value() == 1
    window.session.open_dataset("Copy")
    assert view.scroll.value() == 0  # its first lanes are in view
    assert view.vb.viewRange()[1][0] == pytest.approx(0)
