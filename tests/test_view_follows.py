"""The view follows the filters, exports name the period they show (tester's defects 4 and 6)."""

from datetime import UTC, date, datetime

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from timeline_app.core.filters import FilterState
from timeline_app.core.synthetic import synthetic_columns
from timeline_app.core.view_state import ViewState
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
