"""Tick texts never touch, measured in the axis's font and the interface's language, in the
window, its overview strip and on a slide (tester's defect 14)."""

from datetime import UTC, datetime
from itertools import pairwise

import pytest
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QApplication

from timeline_app.core.lanes import layout_lanes
from timeline_app.ui import i18n
from timeline_app.ui.main_window import MainWindow
from timeline_app.ui.timeline_view import TimelineView

DAY = 86_400.0
RANGES = [((2025, 1, 1), 120), ((2025, 1, 1), 365), ((2025, 2, 20), 20), ((2024, 11, 1), 420),
          ((2025, 3, 1), 45)]  # fmt: skip


@pytest.fixture(params=["en", "fr"])
def language(qapp, request):
    i18n.install(choice=request.param)
    yield request.param
    i18n.install(choice="en")


def text_rects(axis):
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else [(rect, text) for rect, _, text in specs[2]]


def touching(rects, font):
    """Pairs of tick texts whose boxes touch or overlap (texts are centred on their ticks;
    pyqtgraph's rectangles are wider than the texts, so the texts are measured)."""
    fm = QFontMetricsF(font)
    out = []
    for i, (a, ta) in enumerate(rects):
        for b, tb in rects[i + 1 :]:
            room = (fm.horizontalAdvance(ta) + fm.horizontalAdvance(tb)) / 2 + 1
            if abs(a.center().x() - b.center().x()) < room:
                out.append((ta, tb))
    return out


def check(view, x0, days):
    view.set_x_range(x0, x0 + days * DAY)
    QApplication.processEvents()
    for axis in (view.plot.getAxis("bottom"), view.overview.getAxis("bottom")):
        rects = text_rects(axis)
        if not rects:
            continue
        top = min(r.center().y() for r, _ in rects)
        ticks = [(r, t) for r, t in rects if r.center().y() < top + 2]  # not the periods' row
        font = axis.style.get("tickFont") or QFont()
        assert not touching(ticks, font), (days, [t for _, t in ticks])


def test_window_tick_texts_never_touch(qtbot, store, language):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    for start, days in RANGES:
        check(w.timeline, datetime(*start, tzinfo=UTC).timestamp(), days)


def test_slide_tick_texts_never_touch(qtbot, store, language):
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_scale(1.9)  # a 3000-px export's text
    view.resize(2600, 900)
    view.show()
    qtbot.waitExposed(view)
    cols = store.columns("Congo 2025")
    view.set_data(cols, layout_lanes(cols, "actor"))
    for start, days in RANGES:
        check(view, datetime(*start, tzinfo=UTC).timestamp(), days)


@pytest.mark.parametrize("width", [420, 470, 520, 600, 700])
def test_overview_tick_texts_never_touch_at_narrow_widths(qtbot, store, language, width):
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(width, 500)
    view.show()
    qtbot.waitExposed(view)
    cols = store.columns("Congo 2025")
    view.set_data(cols, layout_lanes(cols, "actor"))
    QApplication.processEvents()
    axis = view.overview.getAxis("bottom")
    ticks = text_rects(axis)
    assert len(ticks) >= 4
    assert not touching(ticks, axis.style.get("tickFont") or QFont()), [t for _, t in ticks]


def test_no_day_tick_sits_beside_a_month_tick(qtbot):
    """Days go by fives from the 1st of the epoch: 3 March came two days after "Mar" and the
    slide read "Mar 03"."""
    view = TimelineView(overview=False)
    qtbot.addWidget(view)
    view.resize(1500, 400)
    view.show()
    qtbot.waitExposed(view)
    axis = view.plot.getAxis("bottom")
    x0 = datetime(2025, 1, 24, tzinfo=UTC).timestamp()
    x1 = datetime(2025, 3, 20, tzinfo=UTC).timestamp()
    view.set_x_range(x0, x1)
    view.grab()  # pyqtgraph measures its texts when it first draws
    (_, months), (_, days) = axis.tickValues(x0, x1, 1400)[:2]
    assert len(months) == 2 and len(days) >= 6
    step = min(b - a for a, b in pairwise(days))
    for day in days:
        assert min(abs(day - m) for m in months) >= step / 2, (day, months, days)
