"""A filter that matches nothing says so on the timeline (tester's defect 20)."""

from PySide6.QtWidgets import QApplication

from timeline_app.core.filters import FilterState
from timeline_app.ui.main_window import MainWindow


def test_no_match_shows_a_centred_message_that_goes_with_a_match(qtbot, store, artifacts):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    view = w.timeline
    note = view.empty_note
    assert not note.isVisible()
    w.session.set_filters(FilterState(text="zzzz nothing like this"))
    QApplication.processEvents()
    assert not len(w.session.shown_rows)
    assert note.isVisible() and "No event matches these filters" in note.text()
    assert "Clear filters" in note.text()
    # centred on the lanes
    lanes = view.vb.sceneBoundingRect()
    centre = note.geometry().center()
    assert abs(centre.x() - lanes.center().x()) < 25 and abs(centre.y() - lanes.center().y()) < 25
    w.grab().save(str(artifacts / "no_match_1280x720.png"))
    w.session.set_filters(FilterState())
    QApplication.processEvents()
    assert not note.isVisible()
