"""The window at laptop sizes, and a view that follows what the filters show (issue 14)."""

from datetime import UTC, date, datetime

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication

from timeline_app.core.filters import FilterState
from timeline_app.core.stacking import overlaps, stack
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
    QApplication.processEvents()  # the lanes that fit, laid out once shown, then the axes
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
    window.set_lane_budget("all")  # 18 actors: more lanes than fit
    view = window.timeline
    assert view.scroll.isVisible()  # 18 actors: more lanes than fit
    before = view.x_range()
    shift_wheel(view, 1)
    assert view.scroll.value() == 1
    assert view.x_range() == pytest.approx(before)


def test_the_lane_scroll_starts_at_the_top_for_another_dataset(window, store):
    store.import_parsed(store.parsed(window.session.dataset), dataset="Copy")
    window.set_lane_budget("all")  # more lanes than fit
    view = window.timeline
    shift_wheel(view, 1)
    assert view.scroll.value() == 1
    window.session.open_dataset("Copy")
    assert view.scroll.value() == 0  # its first lanes are in view
    assert view.vb.viewRange()[1][0] == pytest.approx(0)


def in_view(w):
    """The shown events that overlap the view's range."""
    ev = w.session.columns.events
    rows = w.session.shown_rows
    x0, x1 = w.timeline.x_range()
    s, e = ev["start_ts"].to_numpy()[rows], ev["end_ts"].to_numpy()[rows]
    return rows[(e > x0) & (s < x1)]


def span_of(w, rows):
    ev = w.session.columns.events
    return float(ev["start_ts"].to_numpy()[rows].min()), float(ev["end_ts"].to_numpy()[rows].max())


def test_a_filter_that_leaves_nothing_in_view_moves_the_view(window):
    view = window.timeline
    hi = span_of(window, window.session.shown_rows)[1]
    view.set_x_range(hi - 60 * 86400, hi)  # the last two months: Goma is not there
    window.session.set_filters(FilterState(text="Goma"))
    assert len(window.session.shown_rows) > 0
    assert len(in_view(window)) > 0


def test_f_fits_the_events_shown_not_the_whole_dataset(window, qtbot):
    window.session.set_filters(FilterState(text="Goma"))
    view = window.timeline
    view.zoom(4)
    qtbot.keyClick(view, Qt.Key.Key_F)
    lo, hi = span_of(window, window.session.shown_rows)
    x0, x1 = view.x_range()
    assert x0 <= lo and x1 >= hi
    assert x1 - x0 < 1.2 * (hi - lo) + 4 * 86400  # not the whole year
    whole = span_of(window, np.arange(window.session.total))
    assert x1 - x0 < 0.8 * (whole[1] - whole[0])


def test_a_date_filter_sets_the_range(window):
    window.session.set_filters(FilterState(start=date(2025, 3, 1), end=date(2025, 3, 31)))
    x0, x1 = window.timeline.x_range()
    assert x0 == pytest.approx(datetime(2025, 3, 1, tzinfo=UTC).timestamp())
    assert x1 == pytest.approx(datetime(2025, 4, 1, tzinfo=UTC).timestamp())


def test_pan_and_zoom_stay_near_the_data(window):
    view = window.timeline
    whole = span_of(window, np.arange(window.session.total))
    view.set_x_range(whole[0] - 10 * 365 * 86400, whole[1] + 10 * 365 * 86400)
    x0, x1 = view.x_range()
    assert x1 - x0 < 2 * (whole[1] - whole[0])


def test_the_first_view_labels_the_four_key_events_whole(window, artifacts):
    """At 1280 × 720, the bundled story's four key events are in view, each label whole."""
    view = window.timeline
    QApplication.processEvents()
    window.grab().save(str(artifacts / "window_1280x720.png"))
    ev = window.session.columns.events
    keys = np.flatnonzero(ev["key"].to_numpy())
    assert len(keys) == 4
    x0, x1 = view.x_range()
    per_px = (x1 - x0) / view.vb.width()
    fm = QFontMetricsF(view.items.bold)
    for row in keys:
        start = float(ev["start_ts"].iat[row])
        width = fm.horizontalAdvance(str(window.session.columns.titles[row]))
        right, left = start + width * per_px < x1, start - width * per_px > x0  # or flipped
        assert x0 < start < x1 and (right or left), window.session.columns.titles[row]


def axis_texts(view):
    axis = view.plot.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return [text for _, _, text in axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()


@pytest.mark.parametrize(
    ("start", "days", "period"),
    [
        ((2025, 3, 10), 18, "March 2025"),
        ((2025, 2, 1), 120, "2025"),
        ((2025, 3, 3), 1, "3 Mar 2025"),
    ],
)
def test_the_axis_names_the_period_under_its_ticks(window, start, days, period):
    x0 = datetime(*start, tzinfo=UTC).timestamp()
    window.timeline.set_x_range(x0, x0 + days * 86400)
    QApplication.processEvents()
    assert period in axis_texts(window.timeline)


def drawn_boxes(view):
    view.grab()  # a paint: the item stacks what it draws and keeps each box
    return view.items.boxes


def test_stacking_leaves_no_overlapping_rectangles(window):
    view = window.timeline
    lo, hi = span_of(window, np.arange(window.session.total))
    for x0, x1 in [(lo, hi), (lo, lo + 90 * 86400), (lo + 20 * 86400, lo + 40 * 86400)]:
        view.set_x_range(x0, x1)
        boxes = drawn_boxes(view)
        assert len(boxes) > 5
        assert overlaps(*np.vstack([boxes, view.items.badges]).T) == 0, (x0, x1)
        # every event in view is drawn, or counted on its lane
        in_view = view.items.visible()
        assert len(view.items.drawn_instances) + view.items.overflow.sum() == len(in_view)


def test_the_first_view_draws_each_key_event_with_its_whole_label(window):
    view = window.timeline
    boxes = drawn_boxes(view)
    d = view.items.data
    fm = QFontMetricsF(view.items.bold)
    whole = set()
    for inst, (left, _, right, _) in zip(view.items.drawn_instances, boxes, strict=True):
        row = int(d.event[inst])
        if d.key[inst]:
            title = str(window.session.columns.titles[row])
            if right - left >= fm.horizontalAdvance(title) + 2 * view.items.key_r:
                whole.add(title)
    assert len(whole) == 4, whole


def test_one_lane_fills_the_view_and_stacks_its_events(window):
    window.lanes_box.setCurrentIndex(3)  # One lane
    view = window.timeline
    assert len(view.layout_.labels) == 1
    _, (y0, y1) = view.vb.viewRange()
    # the lane is the whole height of the view
    assert (y0, y1) == pytest.approx((0, view.items.offsets[-1]))
    view.fit_all()
    boxes = drawn_boxes(view)
    rows = len(np.unique(boxes[:, 1]))
    assert rows >= 5  # not a 60 px strip at the top
    assert overlaps(*boxes.T) == 0


def test_stack_keeps_rows_apart():
    rng = np.random.default_rng(1)
    n = 400
    lane = rng.integers(0, 3, n)
    left = rng.uniform(0, 2000, n)
    shape_right = left + 10
    label = rng.uniform(0, 300, n)
    out = stack(lane, left, shape_right, label, (rng.random(n) < 0.1).astype(int), 4, 6.0)
    placed = out.row >= 0
    y = (lane * 10 + out.row)[placed].astype(float)
    assert overlaps(left[placed], y, out.right[placed], y + 1) == 0
    assert placed.sum() > n / 4
    assert (
        out.right[placed]
        <= np.where(out.label, shape_right + 6 + label, shape_right)[placed] + 1e-9
    ).all()


def test_a_lane_too_crowded_for_rows_is_aggregated_not_hidden(qtbot):
    from timeline_app.core.lanes import LaneMode, layout_lanes
    from timeline_app.core.synthetic import synthetic_columns
    from timeline_app.ui.timeline_view import TimelineView

    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    cols = synthetic_columns(200_000, actors=200)
    view.set_data(cols, layout_lanes(cols, LaneMode.ACTOR))
    lo = float(cols.events["start_ts"].iat[100_000])
    view.set_x_range(lo, lo + 14 * 86400)  # the busiest lanes: hundreds of events each
    boxes = drawn_boxes(view)
    assert view.items.aggregated
    assert overlaps(*boxes.T) == 0
    # what is neither drawn nor aggregated is counted, and that is little
    assert view.items.overflow.sum() < len(view.items.visible()) / 4


@pytest.mark.parametrize("mode", [0, 1, 2, 3])
def test_lane_names_are_whole_when_there_is_room(window, mode):
    window.lanes_box.setCurrentIndex(mode)
    shown = [text for _, text in window.timeline.lane_axis._tickLevels[0]]
    assert not any(text.endswith("…") for text in shown), shown


def test_a_lane_grows_with_its_rows_up_to_a_limit(window, qtbot):
    from timeline_app.ui.item_rows import MAX_LANE_ROWS

    window.set_lane_budget("all")  # more lanes than fit: lanes are not stretched to fill
    view = window.timeline
    view.grab()
    qtbot.waitUntil(lambda: float(np.diff(view.items.offsets).max()) > 1.0, timeout=2000)
    heights = np.diff(view.items.offsets)
    busiest = int(np.argmax(heights))
    assert window.timeline.layout_.labels[busiest] == "M23/AFC"
    rows_px = heights[busiest] * view.vb.height() / view.lanes_visible()
    assert rows_px <= (MAX_LANE_ROWS + 1) * view.items.row_px  # up to the limit
    boxes = drawn_boxes(view)
    assert overlaps(*boxes.T) == 0
    # each box lies within its lane's band
    d = view.items.data
    (_, _), (y0, y1) = view.vb.viewRange()
    per_unit = view.vb.height() / (y1 - y0)
    lanes = d.lane[view.items.drawn_instances]
    top = (view.items.offsets[lanes] - y0) * per_unit
    bottom = (view.items.offsets[lanes + 1] - y0) * per_unit
    y_mid = (view.items.drawn_y - y0) * per_unit
    assert ((y_mid > top) & (y_mid < bottom)).all()


@pytest.mark.parametrize("days", [3650, 900, 400])
def test_years_are_always_on_the_axis_and_never_cut(window, days):
    window.resize(1000, 700)  # a narrow timeline: ~300 px for the years
    QApplication.processEvents()
    x0 = datetime(2015, 1, 1, tzinfo=UTC).timestamp()
    window.timeline.vb.setLimits(xMin=None, xMax=None, maxXRange=None)  # a decade of data
    window.timeline.set_x_range(x0, x0 + days * 86400)
    QApplication.processEvents()
    texts = axis_texts(window.timeline)
    assert any(text.isdigit() and len(text) == 4 for text in texts), texts
    assert not any(text.endswith("…") for text in texts), texts


def test_over_centuries_the_axis_names_no_stray_year(window):
    x0 = datetime(600, 1, 1, tzinfo=UTC).timestamp()
    window.timeline.vb.setLimits(xMin=None, xMax=None, maxXRange=None)
    window.timeline.set_x_range(x0, datetime(2025, 1, 1, tzinfo=UTC).timestamp())
    QApplication.processEvents()
    years = sorted(int(t) for t in axis_texts(window.timeline) if t.isdigit())
    assert years and all(y % 50 == 0 for y in years), years  # round ticks, not "956"
