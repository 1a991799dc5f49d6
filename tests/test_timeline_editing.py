"""Editing from the timeline: a double-click on empty space adds an event there, its context
menu edits, deletes, marks key and shows the history; an edit or an undo keeps the view."""

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, QPointF, Qt
from PySide6.QtWidgets import QDialogButtonBox

from conftest import shown_window
from timeline_app.core.dates import DAY_SECONDS, seconds_date
from timeline_app.core.lanes import LaneMode
from timeline_app.core.store import SAMPLE_DATASET
from timeline_app.ui import window_edits

D = SAMPLE_DATASET


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store)


def save(qtbot, form):
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip


def viewport_pos(w, x, y):
    t = w.timeline
    return t.graphics.mapFromScene(t.vb.mapViewToScene(QPointF(x, y)))


def empty_spot(w, lane: int):
    """A point of lane `lane`, in view, with no event under it (view x, y)."""
    t = w.timeline
    x0, x1 = t.x_range()
    y = float(t.items.offsets[lane]) + 0.5 * float(
        t.items.offsets[lane + 1] - t.items.offsets[lane]
    )
    for frac in np.linspace(0.1, 0.9, 33):
        # where the click lands: at noon (as the tests click), on a whole pixel
        x = noon(x0 + frac * (x1 - x0))
        pixel = t.graphics.mapToScene(viewport_pos(w, x, y))
        if t.event_at_scene(t.vb.mapViewToScene(QPointF(x, y))) is None and (
            t.event_at_scene(pixel) is None
        ):
            return x, y
    raise AssertionError("no empty spot in the lane")


def double_click(qtbot, w, x, y):
    """As a mouse does it: a click, then a double-click and its release."""
    viewport, pos = w.timeline.graphics.viewport(), viewport_pos(w, x, y)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=pos)


def event_in_view(w, key: bool):
    """(row, view x, view y) of an event drawn in view, key or not."""
    t = w.timeline
    d = t.items.data
    x0, x1 = t.x_range()
    for inst in np.flatnonzero((d.key == key) & (d.start > x0) & (d.start < x1 - 86400)):
        x, y = float(d.start[inst]) + 43200, float(d.y[inst])
        row = t.event_at_scene(t.vb.mapViewToScene(QPointF(x, y)))
        if row == int(d.event[inst]):
            return row, x, y
    raise AssertionError("no event in view")


def pos_of(w, row: int):
    """Where an event is drawn now (the view may have moved to show it)."""
    t = w.timeline
    d = t.items.data
    for inst in np.flatnonzero(d.event == row):
        x, y = float(d.start[inst]) + 43200, float(d.y[inst])
        if t.event_at_scene(t.vb.mapViewToScene(QPointF(x, y))) == row:
            return viewport_pos(w, x, y)
    raise AssertionError("the event is not in view")


def noon(x: float) -> float:
    """The middle of the day at x: a click a pixel off stays on that day."""
    return (x // DAY_SECONDS) * DAY_SECONDS + DAY_SECONDS / 2


def lanes_of(w, uid):
    row = w.session.columns.row_of(uid)
    layout = w.timeline.layout_
    return {layout.labels[i] for i in layout.lane[layout.event == row]}


@pytest.mark.parametrize("mode", [LaneMode.ACTOR, LaneMode.TYPE, LaneMode.LOCATION])
def test_double_click_on_empty_space_adds_an_event_there(window, qtbot, mode):
    w = window
    w.lanes_box.setCurrentIndex(w.lanes_box.findData(mode.value))
    qtbot.wait(50)
    lane = 0
    label = w.timeline.layout_.labels[lane]
    x, y = empty_spot(w, lane)
    x = noon(x)
    before = set(w.session.columns.uids.tolist())
    double_click(qtbot, w, x, y)
    form = w.event_form
    assert form.isVisible()
    assert form.start.text() == seconds_date(x).isoformat()
    qtbot.keyClicks(form.title, "Roadblock reported by a colleague")
    save(qtbot, form)
    assert not form.isVisible()
    (uid,) = set(w.session.columns.uids.tolist()) - before
    event = w.store.event(D, uid)
    assert event.when.start_text == seconds_date(x).isoformat()
    assert label in lanes_of(w, uid)  # in the lane double-clicked
    if mode is LaneMode.ACTOR:
        assert [a.name for a in event.actors] == [label]
    elif mode is LaneMode.TYPE:
        assert event.event_type == label
    else:
        assert label in (event.location.admin1, event.location.country)


def test_double_click_on_an_event_still_zooms_to_it(window, qtbot):
    w = window
    row, x, y = event_in_view(w, key=True)
    double_click(qtbot, w, x, y)
    assert w.session.selected == row
    assert getattr(w, "event_form", None) is None or not w.event_form.isVisible()


def menu_actions(w):
    return {a.objectName(): a for a in w.timeline_menu.actions() if a.objectName()}


def test_context_menu_on_empty_space_offers_a_new_event_there(window, qtbot, artifacts):
    w = window
    x, y = empty_spot(w, 1)
    x = noon(x)
    w.timeline.graphics.customContextMenuRequested.emit(viewport_pos(w, x, y))
    menu = w.timeline_menu
    assert list(menu_actions(w)) == ["new_here"]
    menu.grab().save(str(artifacts / "timeline_menu_empty.png"))
    menu_actions(w)["new_here"].trigger()
    assert w.event_form.isVisible()
    assert w.event_form.start.text() == seconds_date(x).isoformat()
    assert w.event_form.actor_names[0].text() == w.timeline.layout_.labels[1]
    w.event_form.reject()


def test_context_menu_on_an_event(window, qtbot, monkeypatch, artifacts):
    w = window
    t = w.timeline
    row, x, y = event_in_view(w, key=False)
    uid = str(w.session.columns.uids[row])
    pos = viewport_pos(w, x, y)
    t.graphics.customContextMenuRequested.emit(pos)
    assert w.session.selected == row  # the menu acts on the event under it
    acts = menu_actions(w)
    assert list(acts) == ["edit_event", "delete_event", "event_history", "mark_key"]
    w.timeline_menu.grab().save(str(artifacts / "timeline_menu_event.png"))

    acts["mark_key"].trigger()
    assert w.store.event(D, uid).key
    w.undo()
    assert not w.store.event(D, uid).key

    t.graphics.customContextMenuRequested.emit(pos_of(w, w.session.columns.row_of(uid)))
    menu_actions(w)["event_history"].trigger()
    assert w.history_dialog.isVisible()
    w.history_dialog.reject()

    t.graphics.customContextMenuRequested.emit(pos_of(w, w.session.columns.row_of(uid)))
    menu_actions(w)["edit_event"].trigger()
    assert w.event_form.isVisible() and w.event_form.title.text() == w.store.event(D, uid).title
    w.event_form.reject()

    monkeypatch.setattr(window_edits, "ask", lambda *a: True)
    t.graphics.customContextMenuRequested.emit(pos_of(w, w.session.columns.row_of(uid)))
    menu_actions(w)["delete_event"].trigger()
    assert w.store.event(D, uid) is None


def test_an_edit_and_its_undo_keep_the_time_range(window, qtbot):
    w = window
    t = w.timeline
    t.zoom(4.0)  # the user's own view, not the first one
    x0, x1 = t.x_range()
    row, _x, _y = event_in_view(w, key=False)
    uid = str(w.session.columns.uids[row])
    w.session.select(row)
    assert w.set_key(not w.store.event(D, uid).key)
    assert t.x_range() == pytest.approx((x0, x1))
    w.undo()
    assert t.x_range() == pytest.approx((x0, x1))
    w.redo()
    assert t.x_range() == pytest.approx((x0, x1))


def test_the_menu_acts_on_the_event_under_it_alone(window, qtbot):
    """Rows selected in the list before (for a bulk change) are not changed with it."""
    w = window
    row, x, y = event_in_view(w, key=False)
    w.session.select(row)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    others = [p for p in range(4) if p != w.table_model.position_of(row)][:2]
    for p in others:
        w.table.selectionModel().select(w.table_model.index(p, 0), flags)
    assert len(w.table.selectionModel().selectedRows()) == 3
    before = {e.id: e.key for e in w.store.events(D)}
    w.timeline.graphics.customContextMenuRequested.emit(viewport_pos(w, x, y))
    menu_actions(w)["mark_key"].trigger()
    after = {e.id: e.key for e in w.store.events(D)}
    assert [u for u in before if before[u] != after[u]] == [str(w.session.columns.uids[row])]
