"""The drawing at real size (issue 14): exports grow their lanes as the window does, the
range drawn is the range asked, no lane is cut at the axis, labels near the right edge."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from tests.conftest import shown_window


@pytest.fixture
def window(qtbot, store):
    w = shown_window(qtbot, store, (1280, 720))
    QApplication.processEvents()
    return w


def window_page(window):
    """The window's File → Export image page, drawn (as export_image draws it)."""
    from timeline_app.ui.export_image import lay_out, render_image

    options, x_range = window._export_options()
    layout, page = lay_out(window.session.columns, window.timeline.layout_, options)
    image = render_image(window.session.columns, layout, x_range, options, page)
    return layout, page, image, x_range


def test_an_export_of_the_window_grows_its_lanes_when_the_page_has_room(window, artifacts):
    """The window's export drew every lane one row tall: "+6" on M23/AFC, the page half
    empty. Its lanes now grow with their rows up to the limit, all of them in the picture."""
    from timeline_app.ui.item_rows import MAX_LANE_ROWS

    layout, page, image, _ = window_page(window)
    image.save(str(artifacts / "window_export_1280x720.png"))
    busiest = layout.labels.index("M23/AFC")
    heights = np.diff(page.offsets)
    assert heights[busiest] > 1.5  # grown: three rows more than a lane of one unit has
    lo, hi = page.lanes_drawn
    assert lo <= 0 and hi >= page.offsets[-1] - 1e-6  # every lane in the picture
    assert heights.max() * page.timeline.height() / (hi - lo) < (MAX_LANE_ROWS + 1) * 40


def test_an_export_draws_the_range_it_is_asked_for(window):
    """A resize of the offscreen view redid the first view's fit of the key events: the CLI's
    export of the whole year drew January to March under a subtitle saying the whole year."""
    _, page, _, x_range = window_page(window)
    assert page.x_drawn == pytest.approx(x_range)
    from timeline_app.ui.export_image import ExportOptions, lay_out, render_image

    cols = window.session.columns
    whole = (float(cols.events["start_ts"].min()), float(cols.events["end_ts"].max()))
    options = ExportOptions()
    layout, page = lay_out(cols, window.timeline.layout_, options)
    render_image(cols, layout, whole, options, page)
    assert page.x_drawn == pytest.approx(whole)


def test_an_export_of_a_full_page_never_grows_a_lane_out_of_the_picture(qapp):
    """200 actors on a slide: as many lanes as fit; growing one would push the last out."""
    from timeline_app.core.lanes import LaneMode, layout_lanes
    from timeline_app.core.synthetic import synthetic_columns
    from timeline_app.ui.export_image import ExportOptions, lay_out, render_image

    cols = synthetic_columns(5000)
    options = ExportOptions(width=1600, height=900)
    layout, page = lay_out(cols, layout_lanes(cols, LaneMode.ACTOR), options)
    ev = cols.events
    render_image(cols, layout, (ev["start_ts"].min(), ev["end_ts"].max()), options, page)
    lo, hi = page.lanes_drawn
    assert lo <= 0 and hi >= page.offsets[-1] - 1e-6


def test_no_lane_is_cut_at_the_axis_when_lanes_differ_in_height(window, qtbot):
    """Lanes of different heights: the view showed whole base lanes from the top, and the
    last lane in view ran past the axis (half drawn, its label off the lane's middle)."""
    window.set_lane_budget("all")  # more lanes than fit: they scroll
    view = window.timeline
    view.grab()
    qtbot.waitUntil(lambda: float(np.diff(view.items.offsets).max()) > 1.0, timeout=2000)
    off = view.items.offsets
    assert view.scroll.maximum() > 0
    for top in range(view.scroll.maximum() + 1):
        view.scroll.setValue(top)
        _, (y0, y1) = view.vb.viewRange()
        cut = [i for i in range(len(off) - 1)
               if off[i] < y1 - 1e-6 and off[i + 1] > y1 + 1e-6]  # fmt: skip
        assert not cut, (top, y0, y1, cut)
        assert y0 == pytest.approx(off[top])
        # the view holds no more than its height at the lanes' least height, and is full
        assert y1 - y0 <= view.vb.height() / view.lane_px + 1e-6
        assert y1 == pytest.approx(off[-1]) or off[-1] > y1
    # the last scroll position shows the last lane whole, up to the axis
    assert view.vb.viewRange()[1][1] == pytest.approx(off[-1])


def test_an_event_at_the_right_edge_keeps_its_label_left_of_its_marker(window, artifacts):
    """An event a few pixels from the right edge was drawn as a bare marker: its label,
    with no room right of it, was dropped. It now ends at the marker, on its left."""
    view = window.timeline
    cols = window.session.columns
    ev = cols.events
    d = view.items.data
    plain = np.flatnonzero((d.lane == 0) & ~d.span & ~d.key)  # the top lane's day events
    row = int(d.event[plain[len(plain) // 2]])
    start = float(ev["start_ts"].iat[row])
    width_px = view.vb.width()
    per_px = 40 * 86400 / width_px
    mid = start + 43200  # a marker sits in the middle of its day
    view.set_x_range(mid - (width_px - 14) * per_px, mid + 14 * per_px)  # 14 px from the edge
    view.grab().save(str(artifacts / "label_at_the_right_edge.png"))
    items = view.items
    drawn = items.data.event[items.drawn_instances]
    at = np.flatnonzero(drawn == row)
    assert len(at) == 1
    left, _, right, _ = items.boxes[at[0]]
    plot = view.vb.sceneBoundingRect()  # the boxes are in the scene's pixels
    marker_x = view.vb.mapViewToScene(QPointF(mid, 0)).x()
    assert right - left > 120  # a label, not a bare marker
    assert right <= plot.right() + 1 and right <= marker_x + items.marker_r + 1  # left of it
    assert left >= plot.left()
    # zoomed to days: a day that starts in view but whose marker (its middle) is past the
    # edge keeps no label (one ending at the marker ran out of the view)
    per_px = 3 * 86400 / width_px
    view.set_x_range(mid - width_px * per_px, mid - 100 * per_px)
    view.grab()
    assert len(items.drawn_instances)
    spans = items.label_spans[items.labelled]
    assert (spans[:, 1] <= plot.right() + 1).all() and (spans[:, 0] >= plot.left()).all()


def axis_texts(view) -> list[str]:
    from PySide6.QtGui import QImage, QPainter

    axis = view.plot.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return [text for _, _, text in axis.generateDrawSpecs(painter)[2]]
    finally:
        painter.end()


@pytest.mark.parametrize(
    ("start", "days"),
    [((2015, 1, 1), 3653), ((2015, 1, 1), 731), ((2024, 6, 1), 365), ((2025, 3, 1), 20),
     ((2025, 3, 3), 1), ((1900, 1, 1), 45000)],
)  # fmt: skip
def test_the_axis_names_the_year_once_at_every_zoom(window, start, days):
    """Over a decade the second row repeated, under the year ticks, every year they showed."""
    from datetime import UTC, datetime

    view = window.timeline
    view.vb.setLimits(xMin=None, xMax=None, maxXRange=None)
    x0 = datetime(*start, tzinfo=UTC).timestamp()
    view.set_x_range(x0, x0 + days * 86400)
    QApplication.processEvents()
    texts = axis_texts(view)
    years = [t for t in texts if any(w.isdigit() and len(w) == 4 for w in t.split())]
    assert years, texts  # the year is in sight
    year_ticks = [t for t in texts if t.isdigit() and len(t) == 4]
    assert len(year_ticks) == len(set(year_ticks)), texts  # and never said twice


def test_the_list_shows_a_week_across_a_year_end_whole(qtbot, empty_store, tmp_path, artifacts):
    """The date column was as wide as "23–25 Sep 2025": an ACLED week across a year's end,
    "29 Dec 2014 – 4 Jan 2015", was cut to "29 Dec 2014 – 4…"."""
    from pathlib import Path

    from PySide6.QtWidgets import QStyle

    source = Path(__file__).parent / "data" / "acled_current.csv"
    text = source.read_text(encoding="utf-8-sig")
    text = text.replace("DRC35177,2025-02-15,2025,2,", "DRC35177,2014-12-31,2014,2,")
    week = tmp_path / "week.csv"
    week.write_text(text, encoding="utf-8")
    empty_store.import_file(week, dataset="acled")
    w = shown_window(qtbot, empty_store, (1280, 720))
    model, table = w.table_model, w.table
    dates = [model.text(int(r), 0) for r in model._rows]
    assert any("Dec 2014 – " in d and "2015" in d for d in dates), dates
    fm = table.fontMetrics()
    icon = table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    widest = max(fm.horizontalAdvance(d) for d in dates)
    assert table.columnWidth(0) >= widest + icon + 12
    table.grab().save(str(artifacts / "list_week_across_a_year_end.png"))
