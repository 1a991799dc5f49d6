"""The first view reads the four key labels whole in a narrow view and in French, and
selecting an event does not cut them (tester's defect 7)."""

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QDockWidget

from timeline_app.core.lanes import layout_lanes
from timeline_app.ui import i18n
from timeline_app.ui.event_table import EVENT_ROW_ROLE
from timeline_app.ui.main_window import MainWindow
from timeline_app.ui.timeline_view import TimelineView


@pytest.fixture(params=["en", "fr"])
def language(qapp, request):
    i18n.install(choice=request.param)
    yield request.param
    i18n.install(choice="en")


def whole_key_labels(view, titles) -> set[str]:
    """The key events drawn somewhere with their whole label."""
    view.grab()
    items = view.items
    d = items.data
    fm = QFontMetricsF(items.bold)
    whole = set()
    for k, inst in enumerate(items.drawn_instances):
        if d.key[inst] and items.labelled[k]:
            left, right = items.label_spans[k]
            title = str(titles[d.event[inst]])
            if right - left >= fm.horizontalAdvance(title) - 1:
                whole.add(title)
    return whole


@pytest.mark.parametrize("width", [560, 620, 700])
def test_the_first_view_fits_the_four_key_labels_in_a_narrow_view(qtbot, store, language, width):
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(width, 600)
    view.show()
    qtbot.waitExposed(view)
    cols = store.columns("Congo 2025")
    view.set_data(cols, layout_lanes(cols, "actor"))
    QApplication.processEvents()
    view.grab()
    QApplication.processEvents()  # the lanes grown to their rows
    assert len(whole_key_labels(view, cols.titles)) == 4, view.vb.width()


def test_selecting_an_event_keeps_the_key_labels_whole(qtbot, store, language):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    # the Details dock as wide as the tester's (340 px): the timeline is the narrower
    details = next(d for d in w.findChildren(QDockWidget) if d.objectName() == "details")
    w.resizeDocks([details], [340], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    view = w.timeline
    titles = w.session.columns.titles
    view.grab()
    QApplication.processEvents()
    before = whole_key_labels(view, titles)
    assert len(before) == 4
    ev = w.session.columns.events
    masisi = int(np.flatnonzero([str(t) == "M23 controls Masisi town" for t in titles])[0])
    model = w.table.model()
    index = next(model.index(r, 0) for r in range(model.rowCount())
                 if model.index(r, 0).data(EVENT_ROW_ROLE) == masisi)  # fmt: skip
    flags = QItemSelectionModel.SelectionFlag
    w.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    QApplication.processEvents()
    assert w.session.selected == masisi, ev["date_label"].iat[masisi]
    view.grab()
    QApplication.processEvents()
    assert whole_key_labels(view, titles) == before
