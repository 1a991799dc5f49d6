"""The drawing item: culling, aggregation where dense, hit testing (offscreen)."""

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from timeline_app.core.lanes import LaneMode, layout_lanes
from timeline_app.core.synthetic import synthetic_columns
from timeline_app.ui.timeline_view import TimelineView


@pytest.fixture
def view(qtbot):
    v = TimelineView()
    qtbot.addWidget(v)
    v.resize(1200, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def paint(view):
    view.graphics.viewport().repaint()
    QApplication.processEvents()


def test_dense_lanes_are_aggregated_and_sparse_ones_detailed(view):
    cols = synthetic_columns(20_000, actors=30)
    view.set_data(cols, layout_lanes(cols, LaneMode.ACTOR))
    paint(view)
    assert view.items.aggregated  # the whole range: far more events than pixels
    ev = cols.events
    lo = float(ev["start_ts"].iat[1000])
    view.set_x_range(lo, lo + 3 * 86400)
    paint(view)
    assert not view.items.aggregated
    assert view.items.labels_drawn > 0


def test_only_what_is_in_view_is_considered(view):
    cols = synthetic_columns(5_000, actors=40)
    layout = layout_lanes(cols, LaneMode.ACTOR)
    view.set_data(cols, layout)
    x0, x1 = view.x_range()
    visible = view.items.visible()
    lanes = view.items.visible_lanes()
    assert 0 < len(lanes) < len(layout.labels)  # 40 lanes do not fit: the view scrolls
    d = view.items.data
    expected = np.flatnonzero(
        (d.lane >= lanes.start) & (d.lane < lanes.stop) & (d.end > x0) & (d.start < x1)
    )
    assert np.array_equal(np.sort(visible), expected)
    view.scroll.setValue(view.scroll.maximum())
    assert view.items.visible_lanes().stop == len(layout.labels)


def test_hit_test_finds_markers_and_bars(view, store):
    cols = store.columns("Congo 2025")
    view.set_data(cols, layout_lanes(cols, LaneMode.NONE))
    items = view.items
    d = items.data
    uid = cols.uids
    goma = int(np.flatnonzero(uid[d.event] == "congo2025-06")[0])
    view.zoom_to(int(d.event[goma]))  # two weeks around: a day is ~40 px
    paint(view)  # events are hit where the last paint stacked them

    def y_of(inst):
        return items.drawn_y[np.searchsorted(items.drawn_instances, inst)]

    px_w, px_h = view.vb.viewPixelSize()
    hit = items.instance_at(d.start[goma] + 43200 + 2 * px_w, y_of(goma) + px_h, px_w, px_h)
    assert uid[d.event[hit]] == "congo2025-06"
    assert items.instance_at(d.start[goma] - 200 * 86400, y_of(goma), px_w, px_h) is None
    bukavu = int(np.flatnonzero(uid[d.event] == "congo2025-12")[0])  # a 14–16 Feb bar
    view.zoom_to(int(d.event[bukavu]))
    paint(view)
    px_w, px_h = view.vb.viewPixelSize()
    middle = (d.start[bukavu] + d.end[bukavu]) / 2
    assert d.span[bukavu] and d.uncertain[bukavu]
    assert uid[d.event[items.instance_at(middle, y_of(bukavu), px_w, px_h)]] in {
        "congo2025-12", "congo2025-11",
    }  # fmt: skip


def test_long_lane_names_are_elided_not_dropped(view):
    """pyqtgraph leaves out a tick label wider than its axis: long actor names (as ACLED's
    are) must be shortened to fit, so that every lane in view has its label."""
    cols = synthetic_columns(2_000, actors=12)
    long_names = [f"Military Forces of Country {i} (2019-): a very long name" for i in range(12)]
    cols.actors["name"] = long_names
    view.set_data(cols, layout_lanes(cols, LaneMode.ACTOR))
    paint(view)
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    _, _, texts = view.lane_axis.generateDrawSpecs(painter)
    painter.end()
    drawn = [t[2] for t in texts]
    in_view = len(view.items.visible_lanes())
    assert in_view >= 5 and len(drawn) >= in_view
    assert all(t.endswith("…") and t.startswith("Military Forces") for t in drawn)
