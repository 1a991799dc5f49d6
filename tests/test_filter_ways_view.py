"""Issue 18, the views' side of a filter change: what they now keep or skip (the overview's
histogram by binary search, the list's rows kept in date order, titles' widths measured
once, the density image kept for its data and view, the unfiltered instances kept) gives
what the plain computation gave."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QImage, QPainter

from conftest import shown_window
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.lane_control import LaneControl
from timeline_app.core.lanes import LaneMode, is_full_layout, layout_lanes
from timeline_app.core.synthetic import synthetic_columns
from timeline_app.ui.event_table import EventTableModel
from timeline_app.ui.item_density import AGG_COL_PX, DAY
from timeline_app.ui.timeline_item import EventsItem
from timeline_app.ui.timeline_view import _histogram, _instances


def test_the_overviews_histogram_is_numpys():
    rng = np.random.default_rng(2)
    edges = np.linspace(100.0, 900.0, 241)
    for _ in range(50):
        values = rng.uniform(0, 1000, int(rng.integers(0, 3000)))
        values[: len(values) // 10] = rng.choice(edges, len(values) // 10)  # on the edges
        for data in (np.sort(values), values):
            assert np.array_equal(_histogram(data, edges), np.histogram(data, bins=edges)[0])


def test_the_lists_rows_in_date_order_are_those_of_the_sort(qapp):
    cols = synthetic_columns(3000, seed=4)
    model = EventTableModel(cols)
    rng = np.random.default_rng(1)
    start = cols.events["start_ts"].to_numpy()
    for rows in (np.flatnonzero(rng.random(3000) < 0.3), rng.permutation(3000)[:500]):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(0, order)
            model.set_rows(rows)
            by = np.argsort(start[np.sort(rows)], kind="stable")
            expected = np.sort(rows)[by[::-1] if order == Qt.SortOrder.DescendingOrder else by]
            assert np.array_equal(model._rows, expected)


def test_titles_widths_are_measured_once_and_again_for_another_font(qapp):
    cols = synthetic_columns(500)
    item = EventsItem()
    item.set_data(_instances(cols, layout_lanes(cols, LaneMode.ACTOR)))
    rows = np.arange(0, 500, 7)
    key = rows % 3 == 0
    fonts = (QFontMetricsF(item.font), QFontMetricsF(item.bold))
    expected = [
        fonts[k].horizontalAdvance(str(cols.titles[r]))
        for r, k in zip(rows.tolist(), key.tolist(), strict=True)
    ]
    assert np.array_equal(item._label_widths(rows, key, fonts), expected)
    assert item._label_widths(rows, key, fonts).tolist() == expected
    assert len(item._widths[2]) == len(rows)  # kept, one per (event, font)
    item.set_scale(2.0)
    bigger = (QFontMetricsF(item.font), QFontMetricsF(item.bold))
    widths = item._label_widths(rows, key, bigger)
    pairs = zip(rows.tolist(), key.tolist(), strict=True)
    assert widths.tolist() == [bigger[k].horizontalAdvance(str(cols.titles[r])) for r, k in pairs]
    assert (widths > np.array(expected)).all()


def plain_density_counts(d, dense, sx, dx, left, width):
    """The counts per lane and column as they were worked out: one pass over all lanes."""
    first, last = dense[0][0], dense[-1][0]
    idx = np.concatenate([i for _, i in dense])
    mid = (d.start[idx] + np.minimum(d.end[idx], d.start[idx] + DAY)) / 2
    col = np.clip(((mid * sx + dx - left) / AGG_COL_PX).astype(np.int64), 0, width - 1)
    counts = np.bincount((d.lane[idx] - first) * width + col, minlength=(last - first + 1) * width)
    return counts.reshape(last - first + 1, width)


def test_the_density_image_counts_as_before_and_is_kept_for_its_data_and_view(qapp):
    cols = synthetic_columns(20_000, actors=12)
    item = EventsItem()
    item.set_data(_instances(cols, layout_lanes(cols, LaneMode.ACTOR)))
    d = item.data
    starts = np.searchsorted(d.lane, np.arange(d.n_lanes + 1))
    rng = np.random.default_rng(0)
    dense = []
    for ln in (1, 2, 4, 7):
        idx = np.arange(starts[ln], starts[ln + 1])
        dense.append((ln, idx if ln != 4 else idx[rng.random(len(idx)) < 0.5]))  # not a run
    lo, hi = float(d.start.min()), float(d.end.max())
    sx = 1200 / (hi - lo)
    dx, left, right = -lo * sx + 3.5, 3.5, 1203.5
    width = int((right - left) / AGG_COL_PX) + 1
    pixels = item._density_pixels(dense, sx, dx, left, width)
    alpha = pixels.reshape(-1, 10, width, 4)[:, 5, :, 3]
    counts = plain_density_counts(d, dense, sx, dx, left, width)
    assert np.array_equal(alpha > 0, counts > 0)
    assert ((alpha[[0, 1, 3, 6]] > 0).sum(axis=1) > 0).all() and not alpha[[2, 4, 5]].any()
    image = QImage(1300, 800, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    item._paint_aggregate(painter, dense, sx, dx, 30.0, 0.0, left, right)
    kept = item._kept_image(item._density_images[-1][1])
    item._paint_aggregate(painter, dense, sx, dx, 30.0, 0.0, left, right)  # kept: not again
    assert len(item._density_images) == 1 and item._density_images[-1][3] is kept
    item._paint_aggregate(painter, dense, sx * 2, dx, 30.0, 0.0, left, right)  # another zoom
    assert len(item._density_images) == 2
    item.set_data(_instances(cols, layout_lanes(cols, LaneMode.ACTOR, np.ones(len(cols), bool)
                                                 & (np.arange(len(cols)) % 2 == 0))))  # fmt: skip
    assert item._kept_image(item._density_images[0][1]) is None  # another data: not its image
    painter.end()


def test_the_unfiltered_layout_under_a_budget_keeps_its_instances(qtbot, store):
    window = shown_window(qtbot, store)
    session = window.session
    cols = session.open_columns
    layout = session.view.layout()
    assert is_full_layout(cols, layout)  # the window's layout has a budget (a control)
    kept = _instances(cols, layout)
    session.set_filters(FilterState(key_only=True))
    filtered = session.view.layout()
    assert not is_full_layout(cols, filtered)
    session.set_filters(FilterState())
    assert session.view.layout() is layout and _instances(cols, layout) is kept
    assert is_full_layout(cols, layout_lanes(cols, LaneMode.ACTOR, None, LaneControl(budget=2)))


def test_the_ticked_names_kept_are_the_ticked_items(qapp):
    from timeline_app.ui.check_list import CheckList

    names = [f"Actor {i}" for i in range(30)]
    checks = CheckList("find")
    checks.set_names(names, frozenset({"Actor 3", "Gone"}))

    def ticked():
        items = (checks.model.item(r) for r in range(checks.model.rowCount()))
        return {i.text() for i in items if i.checkState() == Qt.CheckState.Checked}

    assert checks.checked() == ticked() == {"Actor 3"}
    checks.model.item(5).setCheckState(Qt.CheckState.Checked)
    checks.model.item(3).setCheckState(Qt.CheckState.Unchecked)
    assert checks.checked() == ticked() == {"Actor 5"}
    checks.search.setText("Actor 1")  # 1, 10-19: set_all ticks only those shown
    checks.set_all(True)
    assert checks.checked() == ticked() and len(ticked()) == 12
    checks.search.setText("")
    checks.set_all(False)
    assert checks.checked() == ticked() == set()


def test_a_date_axis_gives_a_range_it_has_seen_the_ticks_it_gave_then(qapp):
    from timeline_app.ui import i18n
    from timeline_app.ui.date_axis import DateAxis

    day = 86_400.0
    ranges = [(1.45e9, 1.45e9 + 3650 * day), (1.5e9, 1.5e9 + 40 * day), (1.5e9, 1.5e9 + day)]
    seen, fresh = DateAxis(), DateAxis()
    for axis in (seen, fresh):  # what pyqtgraph's generateDrawSpecs sets from its painter
        axis.fontMetrics = QFontMetrics(QFont())
    first = [(seen.tickValues(a, b, 1200), seen.zoomLevel, seen.minSpacing) for a, b in ranges]
    for (a, b), (ticks, level, spacing) in zip(ranges, first, strict=True):
        assert seen.tickValues(a, b, 1200) == ticks == fresh.tickValues(a, b, 1200)
        assert seen.zoomLevel is level is fresh.zoomLevel and seen.minSpacing == spacing
        assert seen.tickStrings(ticks[-1][1], 1.0, ticks[-1][0]) == fresh.tickStrings(
            ticks[-1][1], 1.0, ticks[-1][0]
        )
    i18n.install(choice="fr")  # another language measures its own texts
    try:
        a, b = ranges[1]
        other = DateAxis()
        other.fontMetrics = QFontMetrics(QFont())
        assert seen.tickValues(a, b, 1200) == other.tickValues(a, b, 1200)
        assert len(seen._kept_ticks) == 4
    finally:
        i18n.install(choice="en")


def test_the_filters_indexes_are_built_while_the_window_is_idle(qtbot, store):
    window = shown_window(qtbot, store)
    flt = window.session.filter
    qtbot.waitUntil(lambda: flt._by_actor is not None and flt._nodes is not None, timeout=3000)
    state = FilterState(actors=frozenset({"M23/AFC"}))
    window.session.set_filters(state)
    got, fresh = window.session.counts(), EventFilter(window.session.open_columns).counts(state)
    assert np.array_equal(got.actors, fresh.actors)
    assert (got.types, got.places) == (fresh.types, fresh.places)
