"""Key events keep their rows and labels in their own lanes; a page trades lanes for rows;
PNG and PDF draw the same; no marker overlaps another (tester's defects 5 and 13)."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from timeline_app.core.lane_budget import drawn_events, trade_lanes
from timeline_app.core.lanes import fold_lanes, lane_labels_of
from timeline_app.core.stacking import stack
from timeline_app.core.store import SAMPLE_DATASET
from timeline_app.core.view_state import ViewState
from timeline_app.ui.export_image import SCREEN_DPI, ExportOptions, lay_out, render_page
from timeline_app.ui.export_page import lanes_that_fit, row_room
from timeline_app.ui.main_window import MainWindow


@pytest.fixture
def congo(qapp, store):
    view = ViewState(store.search)
    view.open(SAMPLE_DATASET, store.columns(SAMPLE_DATASET))
    return view


def test_a_key_event_is_never_lost_to_another_key_events_label():
    # one row; the first key event's whole label would cover the second's marker
    lane = np.zeros(3, dtype=np.int64)
    left = np.array([0.0, 100.0, 150.0])
    shape_right = left + 16
    labels = np.array([300.0, 200.0, 50.0])
    key = np.array([1, 1, 0])
    out = stack(lane, left, shape_right, labels, key, 1, 6.0)
    assert out.row[0] == 0 and out.row[1] == 0  # both key events drawn
    assert out.right[0] + 6.0 <= left[1]  # the first's label ends before the second


def key_rows(view):
    ev = view.columns.events
    return np.flatnonzero(ev["key"].to_numpy())


def render(view, options, pdf_path=None):
    x_range = view.x_range()
    layout, page = lay_out(view.columns, view.layout(), options, x_range)
    if pdf_path is None:
        device = QImage(options.width, page.height, QImage.Format.Format_ARGB32)
        painter = QPainter(device)
    else:  # as export_image writes a PDF
        device = QPdfWriter(str(pdf_path))
        device.setResolution(SCREEN_DPI)
        painter = QPainter(device)
        painter.scale(SCREEN_DPI / options.dpi, SCREEN_DPI / options.dpi)
    render_page(painter, view.columns, layout, x_range, options, page)
    painter.end()
    return layout, page


def test_a_page_draws_every_key_event_in_each_of_its_lanes(congo):
    layout, page = render(congo, ExportOptions())
    lanes, events = page.drawn
    named = len(layout.labels) - (1 if layout.others else 0)
    for row in key_rows(congo):
        own = set(layout.lane[layout.event == row].tolist())
        drawn_in = set(lanes[events == row].tolist())
        assert own <= drawn_in, (congo.columns.titles[row], own, drawn_in)
        assert own & set(range(named)), "a key event only in Others"


def test_the_page_trades_lanes_for_rows_when_that_draws_more(congo):
    options = ExportOptions()
    x_range = congo.x_range()
    layout = congo.layout()
    fit = lanes_that_fit(options, layout)
    room = row_room(options, layout, x_range)
    one_row_each = fold_lanes(congo.columns, layout, fit - 1)
    traded = trade_lanes(congo.columns, layout, fit - 1, room)
    keys, labels, events = drawn_events(congo.columns, traded, room)
    keys_before, labels_before, events_before = drawn_events(congo.columns, one_row_each, room)
    assert len(traded.labels) < len(one_row_each.labels)
    assert keys == len(key_rows(congo)) >= keys_before
    assert labels > labels_before  # every key event's label, in each of its lanes
    assert events >= events_before
    assert labels == sum(len(lane_labels_of(congo.columns, "actor", [r])) for r in key_rows(congo))
    # and the page drawn shows what was counted: fewer events left out
    _, page = render(congo, options)
    _, old_page = render(congo, ExportOptions(max_lanes=fit - 1))  # as many lanes as fit
    assert page.counts.sum() < 0.5 * old_page.counts.sum()  # "+20" on M23/AFC


@pytest.mark.parametrize("dpi", [150, 300, 72])
def test_png_and_pdf_of_a_page_draw_the_same(congo, tmp_path, dpi):
    options = ExportOptions(dpi=dpi)
    layout_png, png = render(congo, options)
    layout_pdf, pdf = render(congo, options, tmp_path / "page.pdf")
    assert layout_png.labels == layout_pdf.labels
    assert png.counts.tolist() == pdf.counts.tolist()  # "+20" in one, "+21" in the other
    assert sorted(zip(*png.drawn, strict=True)) == sorted(zip(*pdf.drawn, strict=True))


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_no_bar_runs_under_a_label_or_into_another_shape(qtbot, store, size):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    view = w.timeline
    view.grab()
    items = view.items
    d = items.data
    drawn = items.drawn_instances
    assert len(drawn) > 5
    ends = np.array([view.vb.mapViewToScene(QPointF(float(d.end[i]), 0)).x() for i in drawn])
    # the bars drawn: every span, but for a key event of days its diamond stands alone
    bars = np.isfinite(items.bar_right) if hasattr(items, "bar_right") else d.span[drawn]
    for k in np.flatnonzero(bars & items.labelled):
        left = items.label_spans[k][0]
        if left > items.boxes[k, 0] + 1:  # a label right of its shape: past the bar
            assert left >= ends[k] - 0.5, str(w.session.columns.titles[d.event[drawn[k]]])
        assert items.boxes[k, 2] >= ends[k] - 0.5 or ends[k] > view.vb.width() + 500
