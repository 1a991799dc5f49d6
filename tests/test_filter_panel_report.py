"""What a new user met in the filter panel: a find box kept across a dataset switch, a typed
date read as another, counts pushed out of sight by long ACLED names."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QPushButton, QStyleOptionViewItem

from conftest import DATA, shown_window
from timeline_app.core.store import SAMPLE_DATASET

LONG = "Military Forces of the Democratic Republic of Congo (2019-)"


@pytest.fixture
def window(qtbot, store):
    store.import_file(DATA / "acled_current.csv", dataset="ACLED")
    w = shown_window(qtbot, store, (1280, 720))
    w.dataset_box.setCurrentText("ACLED")
    assert w.session.dataset == "ACLED"
    return w


def shown_names(check_list):
    return [check_list.proxy.index(r, 0).data() for r in range(check_list.proxy.rowCount())]


@pytest.mark.parametrize("how", ["panel", "toolbar"])
def test_clear_filters_and_a_dataset_switch_empty_the_find_boxes(window, qtbot, how):
    panel = window.filter_panel
    qtbot.keyClicks(panel.actors.search, "Military")
    qtbot.keyClicks(panel.types.search, "Batt")
    assert len(shown_names(panel.actors)) == 1
    if how == "panel":
        qtbot.mouseClick(panel.findChild(QPushButton, "clear_filters"), Qt.MouseButton.LeftButton)
    else:
        window.actions_["clear_filters"].trigger()
    assert panel.actors.search.text() == panel.types.search.text() == ""
    qtbot.keyClicks(panel.actors.search, "Military")
    window.dataset_box.setCurrentText(SAMPLE_DATASET)  # the user's switch, find box still full
    assert panel.actors.search.text() == ""
    assert len(shown_names(panel.actors)) == panel.actors.model.rowCount() > 10


@pytest.mark.parametrize(
    "text, day",
    [("1 Jan 2020", date(2020, 1, 1)), ("15 Mar 2025", date(2025, 3, 15)),
     ("2025-03-15", date(2025, 3, 15)), ("15/03/2025", date(2025, 3, 15)),
     ("3 march 2025", date(2025, 3, 3))],
)  # fmt: skip
def test_a_date_typed_in_from_is_the_date_used(window, qtbot, text, day):
    panel = window.filter_panel
    qtbot.mouseClick(panel.use_from, Qt.MouseButton.LeftButton)
    box = panel.date_from.lineEdit()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.session.state.start == day
    assert not panel.date_problem.isVisible()


def test_a_date_that_cannot_be_read_says_so(window, qtbot):
    panel = window.filter_panel
    qtbot.mouseClick(panel.use_from, Qt.MouseButton.LeftButton)
    before = window.session.state.start
    box = panel.date_from.lineEdit()
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "31 Feb 2025")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.session.state.start == before
    assert panel.date_problem.isVisible()
    assert "31 Feb 2025" in panel.date_problem.text()
    kept = panel.date_from.shown(QDate(before.year, before.month, before.day))
    assert panel.date_problem.text().endswith(f"The filter keeps {kept}.")
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, "2025-02-28")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.session.state.start == date(2025, 2, 28)
    assert not panel.date_problem.isVisible()


def test_arrows_step_the_date(window, qtbot):
    panel = window.filter_panel
    qtbot.mouseClick(panel.use_from, Qt.MouseButton.LeftButton)
    panel.date_from.setDate(QDate(2025, 3, 15))
    qtbot.keyClick(panel.date_from.lineEdit(), Qt.Key.Key_Up)
    assert window.session.state.start == date(2025, 3, 16)


def test_numbers_follow_the_locale():
    from PySide6.QtCore import QLocale

    from timeline_app.ui.date_box import read_date

    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    fr = QLocale(QLocale.Language.French, QLocale.Country.France)
    assert read_date("03/15/2025", us) == QDate(2025, 3, 15)
    assert read_date("15/03/2025", fr) == QDate(2025, 3, 15)
    assert read_date("15 mars 2025", fr) == QDate(2025, 3, 15)
    assert not read_date("2025-13-01", fr).isValid()


def test_counts_stay_in_view_and_the_panel_does_not_jump(window, qtbot, artifacts):
    panel = window.filter_panel
    dock = window.findChild(QDockWidget, "filters")
    width = dock.width()
    view = panel.actors.view
    assert view.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    from timeline_app.ui.check_list import COUNT_ROLE

    row = next(r for r, n in enumerate(shown_names(panel.actors)) if n.startswith(LONG))
    index = panel.actors.proxy.index(row, 0)
    assert index.data(COUNT_ROLE) >= 1
    # the delegate asks for no more than the count: the long name is cut, not the count
    hint = view.itemDelegate().sizeHint(_option(view), index)
    assert hint.width() < view.viewport().width()
    assert view.visualRect(index).right() <= view.viewport().width()
    qtbot.keyClicks(panel.actors.search, "Military")  # the clear button appears
    for _ in range(5):  # the layout requests that widened the panel
        QApplication.processEvents()
    assert dock.width() == width
    window.grab().save(str(artifacts / "filters_long_names.png"))


def _option(view):
    option = QStyleOptionViewItem()
    option.initFrom(view)
    return option
