"""The view follows the filters, exports name the period they show (tester's defects 4 and 6)."""

from datetime import UTC, date, datetime

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from timeline_app.core.filters import FilterState
from timeline_app.core.synthetic import synthetic_columns
from timeline_app.core.view_state import ViewState
from timeline_app.ui.event_table import EVENT_ROW_ROLE
from timeline_app.ui.export_image import default_subtitle
from timeline_app.ui.main_window import MainWindow

DAY = 86_400


def seconds(d: date) -> float:
    return datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp()


@pytest.fixture
def window(qtbot, store):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


def test_the_range_of_a_ten_year_export_has_a_small_symmetric_margin():
    cols = synthetic_columns(5000)
    view = ViewState()
    view.open("Synthetic", cols)
    lo, hi = view.shown_period()
    x0, x1 = view.x_range()
    assert x0 < lo and x1 > hi
    assert lo - x0 == pytest.approx(x1 - hi)  # the right ran 14 months past the data
    assert x1 - hi < 0.03 * (hi - lo)


def test_a_date_filter_range_is_clamped_to_the_events_shown():
    cols = synthetic_columns(5000)
    view = ViewState()
    view.open("Synthetic", cols)
    _, hi = view.shown_period()
    last = datetime.fromtimestamp(hi, UTC).date()
    start = date(last.year, 1, 1)
    view.set_filters(FilterState(start=start, end=date(last.year + 5, 1, 1)))
    x0, x1 = view.x_range()
    assert x0 == seconds(start)
    assert x1 < hi + 0.03 * (hi - x0) + DAY  # not five years of nothing


def test_the_subtitle_names_the_period_shown_not_like_a_date_filter():
    cols = synthetic_columns(2000)
    view = ViewState()
    view.open("Synthetic", cols)
    lo, hi = view.shown_period()
    text = default_subtitle(view.filters, view.x_range(), view.shown_period())
    first = datetime.fromtimestamp(lo, UTC).date()
    assert text.startswith("Period shown: ")
    assert f"{first.day} " in text and str(first.year) in text
    # the margin is not named: the last day is the last event's
    last = datetime.fromtimestamp(hi - 1, UTC).date()
    assert text.endswith(str(last.year)) and f" {last.day} " in text
    words = default_subtitle(
        FilterState(text="Goma"), (seconds(date(2025, 1, 1)), seconds(date(2025, 3, 1))), (0.0, 2e9)
    )
    assert words == "Text: “Goma” · Period shown: 1 Jan 2025 – 1 Mar 2025"


def test_taking_a_date_filter_away_takes_its_range_away(window):
    session, view = window.session, window.timeline
    session.set_filters(FilterState(start=date(2025, 3, 1)))
    assert view.x_range()[0] == pytest.approx(seconds(date(2025, 3, 1)))
    session.set_filters(FilterState())  # Clear filters
    ev = session.columns.events
    x0, x1 = view.x_range()
    assert x0 <= float(ev["start_ts"].min()) and x1 >= float(ev["end_ts"].max())


def test_a_from_date_shows_from_that_date_to_the_last_event_shown(window):
    session, view = window.session, window.timeline
    session.set_filters(FilterState(start=date(2025, 3, 1)))
    x0, x1 = view.x_range()
    assert x0 == pytest.approx(seconds(date(2025, 3, 1)))
    last = float(session.columns.events["end_ts"].to_numpy()[session.mask].max())
    assert last <= x1 < last + 0.05 * (last - x0)


def test_a_filter_that_leaves_few_of_its_events_in_view_moves_the_view(window):
    session, view = window.session, window.timeline
    ev = session.columns.events
    starts = np.sort(ev["start_ts"].to_numpy())
    view.set_x_range(starts[-1] - 20 * DAY, starts[-1] + 2 * DAY)  # the last days only
    session.set_filters(FilterState(text="M23"))
    rows = session.shown_rows
    s, e = ev["start_ts"].to_numpy()[rows], ev["end_ts"].to_numpy()[rows]
    x0, x1 = view.x_range()
    assert np.count_nonzero((e > x0) & (s < x1)) == len(rows)


def test_a_filter_that_leaves_some_of_its_events_in_view_keeps_the_view(window):
    """Zoomed in to a month, a filter with a few of its events in it keeps the month."""
    session, view = window.session, window.timeline
    view.set_x_range(seconds(date(2025, 2, 1)), seconds(date(2025, 3, 1)))
    session.set_filters(FilterState(actors=frozenset({"M23/AFC"})))
    assert view.x_range() == pytest.approx((seconds(date(2025, 2, 1)), seconds(date(2025, 3, 1))))


def select_in_list(w, row: int) -> None:
    """Click the event's row in the list (its current index, as a click sets it)."""
    model = w.table_model
    index = next(model.index(r, 0) for r in range(model.rowCount())
                 if model.index(r, 0).data(EVENT_ROW_ROLE) == row)  # fmt: skip
    flags = QItemSelectionModel.SelectionFlag
    w.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
    QApplication.processEvents()
    assert w.session.selected == row


def type_from(w, qtbot, text: str) -> None:
    """Tick From, type a date in its box and press Enter, as the tester did."""
    panel = w.filter_panel
    qtbot.mouseClick(panel.use_from, Qt.MouseButton.LeftButton)
    assert panel.use_from.isChecked()
    edit = panel.date_from.edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    QApplication.processEvents()


def assert_from_15_march_to_the_last_event(w) -> None:
    x0, x1 = w.timeline.x_range()
    last = float(w.session.columns.events["end_ts"].to_numpy()[w.session.mask].max())
    assert x0 == pytest.approx(seconds(date(2025, 3, 15))), w.status.text()
    assert last <= x1 < last + 0.05 * (last - x0), w.status.text()


def test_a_from_date_typed_with_an_event_selected_shows_from_that_date(window, qtbot):
    """Tester 2: with "M23 enters Walikale" selected, From 15 Mar 2025 showed 1 Nov 2024 –
    4 Aug 2025 (the list's selection, put back after the filter, centred the view on it)."""
    w = window
    walikale = w.session.columns.row_of("congo2025-20")
    select_in_list(w, walikale)
    type_from(w, qtbot, "15 Mar 2025")
    assert w.session.state.start == date(2025, 3, 15)
    assert w.session.selected == walikale  # still selected, and in view
    assert_from_15_march_to_the_last_event(w)


def test_selecting_an_event_in_view_near_its_edge_keeps_a_from_dates_range(window, qtbot):
    """Tester 2: From 15 Mar first, then the 19 Mar row of the list: the event was in view,
    four days from the left edge, and the view was centred on it all the same."""
    w = window
    type_from(w, qtbot, "15 Mar 2025")
    assert_from_15_march_to_the_last_event(w)
    select_in_list(w, w.session.columns.row_of("congo2025-20"))
    assert_from_15_march_to_the_last_event(w)


def test_selecting_an_event_out_of_view_pans_no_earlier_than_the_from_date(window, qtbot):
    """An event out of view is brought into it, without the months the filter leaves out."""
    w, view = window, window.timeline
    type_from(w, qtbot, "15 Mar 2025")
    view.move_to(seconds(date(2025, 9, 1)), seconds(date(2025, 12, 1)))  # zoomed in, autumn
    walikale = w.session.columns.row_of("congo2025-20")
    select_in_list(w, walikale)
    x0, x1 = view.x_range()
    assert x1 - x0 == pytest.approx(seconds(date(2025, 12, 1)) - seconds(date(2025, 9, 1)))
    assert x0 >= seconds(date(2025, 3, 15)) - 1, w.status.text()
    start = float(w.session.columns.events["start_ts"].to_numpy()[walikale])
    assert x0 < start < x1


def test_a_filter_keeps_the_view_where_the_user_put_it_with_an_event_selected(window):
    """The list's selection put back after a filter does not move the view to it: the
    filter's own rule decides (a filter leaving some of its events in view keeps the view)."""
    w, view = window, window.timeline
    walikale = w.session.columns.row_of("congo2025-20")
    select_in_list(w, walikale)
    autumn = (seconds(date(2025, 6, 1)), seconds(date(2025, 12, 20)))
    view.move_to(*autumn)
    w.session.set_filters(FilterState(actors=frozenset({"M23/AFC"})))
    assert w.session.selected == walikale and w.session.mask[walikale]
    assert view.x_range() == pytest.approx(autumn)
