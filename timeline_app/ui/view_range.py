"""Which stretch of time the timeline shows, and how it follows the filters.

F fits the events shown (not the whole dataset); a filter that leaves nothing in view moves
the view to the events shown; a date filter sets the range; pan and zoom stay within the
dataset's span plus a margin. The first view fits the key events with room for each label.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtGui import QFontMetricsF

from timeline_app.core.view_state import date_range, padded

DAY = 86_400.0
MIN_WINDOW = 6 * 3600.0  # the deepest zoom: six hours across
LIMIT_MARGIN = 0.2  # pan and zoom reach this share of the span beyond the data (at least a month)
KEY_LEFT_PX = 40.0  # room left of the first key event's marker (and right of the last)
FEW_IN_VIEW = 3  # a filter leaving fewer of its events than this in view moves the view


if TYPE_CHECKING:  # the view's parts, declared for the type checker (ui/view_base.py)
    from timeline_app.ui.view_base import ViewBase as _View
else:
    _View = object


class ViewRange(_View):
    """Mixin of TimelineView: its time range. Expects vb, region, columns, order, items."""

    _extent: tuple[float, float] = (0.0, 1.0)  # the events shown, padded: what F fits
    _span: tuple[float, float] = (0.0, 1.0)  # every event of the dataset, padded
    _limits: tuple[float, float] = (0.0, 1.0)  # how far pan and zoom reach
    _bounds_of: tuple = (None, None, 0.0, 1.0)  # start, end arrays: their min and max
    _dates: tuple[date | None, date | None] = (None, None)  # the date filter last seen
    _auto_fit = None  # the fit to redo on resize until the user moves the view himself
    _syncing = False

    # -- limits and extents ----------------------------------------------------------------

    def _set_limits(self, start: np.ndarray, end: np.ndarray) -> None:
        """Limits (and the span) from every event of the dataset."""
        if len(start):
            if self._bounds_of[0] is not start or self._bounds_of[1] is not end:
                # the dataset's arrays (kept by the view): read once, not at each filter
                self._bounds_of = (start, end, float(start.min()), float(end.max()))
            lo, hi = self._bounds_of[2:]
            self._span = padded(lo, hi)
            margin = max(LIMIT_MARGIN * (hi - lo), 30 * DAY)
            self._limits = (lo - margin, hi + margin)
            self.vb.setLimits(
                xMin=lo - margin, xMax=hi + margin, maxXRange=hi - lo + 2 * margin,
                minXRange=MIN_WINDOW,
            )  # fmt: skip

    def _set_extent(self, shown: tuple[float, float] | None) -> None:
        """The extent F fits: the events shown (the start of the first, the end of the last)
        with the margin the exports give (core.view_state); None (no event): it stays."""
        if shown is not None:
            self._extent = padded(*shown)

    def follow(self, first_time: bool, dates: tuple[date | None, date | None]) -> None:
        """After a new layout: the first view; a date filter's range (its days, clamped to
        the events shown), and the events shown when a date filter is taken away (its range
        went with it: "Clear filters" left the view on the old dates); the events shown when
        a filter leaves (nearly) none of them in view."""
        new_dates, had_dates = dates != self._dates, any(self._dates)
        self._dates = dates
        if first_time:
            self.fit_key_events()
        if any(dates) and (new_dates or first_time):
            self._auto_fit = None
            self.set_x_range(*date_range(self._extent, *dates))
        elif (new_dates and had_dates) or (
            not first_time and len(self.order) and self._few_in_view()
        ):
            self.fit_all()

    def _few_in_view(self) -> bool:
        """Whether fewer than FEW_IN_VIEW of the events shown are in view, and not all of
        them (a count, not a share: zoomed to a week of ten years, a filter keeps the week)."""
        if self.columns is None:
            return False
        x0, x1 = self.x_range()
        assert self.columns is not None  # (set_data came first)
        ev = self.columns.events
        s, e = ev["start_ts"].to_numpy()[self.order], ev["end_ts"].to_numpy()[self.order]
        count = int(np.count_nonzero((e > x0) & (s < x1)))
        return count < min(FEW_IN_VIEW, len(self.order))

    # -- range ---------------------------------------------------------------------------

    def x_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.vb.viewRange()
        return float(x0), float(x1)

    @contextmanager
    def kept_view(self) -> Iterator[None]:
        """The same stretch of time and the same lanes in view after the dataset is read
        again (an edit, an undo): its new columns would otherwise bring the first view back."""
        (x0, x1), top, auto = self.x_range(), self.scroll.value(), self._auto_fit
        yield
        if self.columns is None:
            return
        self.set_x_range(x0, x1)
        self._auto_fit = auto  # a view the user never moved still follows resizes
        self.scroll.setValue(min(top, self.scroll.maximum()))

    def set_x_range(self, x0: float, x1: float) -> None:
        self.vb.setXRange(x0, x1, padding=0)

    def move_to(self, x0: float, x1: float) -> None:
        """Show [x0, x1] as a choice of its own (the user's, playback's, an export's): a
        resize keeps it instead of redoing the first view's fit."""
        self._auto_fit = None
        self.set_x_range(x0, x1)

    def fit_all(self) -> None:
        """Fit the events shown (the filters' result, not the whole dataset)."""
        self._auto_fit = None
        self.set_x_range(*self._extent)

    def fit_key_events(self) -> None:
        """Show the stretch from the first to the last key event, with room for each one's
        label to be read whole (up to the item's longest label). Without two key events,
        show all. Redone when the view is resized, until the user moves it."""
        assert self.columns is not None  # (set_data came first)
        ev = self.columns.events
        keys = self.order[ev["key"].to_numpy()[self.order]] if len(self.order) else self.order
        if len(keys) < 2:
            self.fit_all()
            return
        self._auto_fit = self.fit_key_events
        starts = ev["start_ts"].to_numpy()[keys].astype(float)
        lo, hi = float(starts.min()), float(ev["end_ts"].to_numpy()[keys].max())
        fm = QFontMetricsF(self.items.bold)
        cap = self.items.label_max * 1.3
        widths = np.array(
            [min(fm.horizontalAdvance(str(self.columns.titles[r])), cap) for r in keys]
        )
        widths += self.items.key_r + self.items.label_gap + 8
        width = max(float(self.vb.width()), 100.0)
        least = (hi - lo) / (width - 2 * KEY_LEFT_PX)  # every key event in view, a margin right
        s = _key_scale(starts - lo, widths, width, least)
        if s is None:  # no scale fits every label whole: as many as fit right of theirs
            room = width - KEY_LEFT_PX - widths - 12  # px between the first marker and each
            fits = room > 0.25 * width  # a label too long for any scale is elided as before
            s = max([least, *((starts[fits] - lo) / room[fits])])
        s = max(s, DAY / 40)  # never closer than 40 px a day
        x0 = lo - KEY_LEFT_PX * s
        self.set_x_range(x0, x0 + width * s)

    def zoom(self, factor: float, center: float | None = None) -> None:
        """factor > 1 zooms in."""
        self._auto_fit = None
        x0, x1 = self.x_range()
        c = (x0 + x1) / 2 if center is None else center
        half = max((x1 - x0) / factor / 2, MIN_WINDOW / 2)
        self.set_x_range(c - half, c + half)

    def _main_range_changed(self, *_args) -> None:
        x0, x1 = self.x_range()
        if not self._syncing:
            self._syncing = True
            self.region.setRegion((x0, x1))
            self._syncing = False
        self.rangeChanged.emit(x0, x1)

    def _region_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        x0, x1 = self.region.getRegion()
        self.set_x_range(float(x0), float(x1))
        self._syncing = False

    def center_on(self, row: int) -> None:
        """Pan (never zoom out) so that the event is in view; not at all when some of it is
        in view already (a span begun before the view's left edge panned the view, and the
        key events' labels, fitted to it, were cut at the right edge; an event four days
        after a From date, inside a 5% margin, panned the filtered-out months into view).
        The pan centres the event but stays within the events shown and the date filter's
        days (`shown_range`) where the view's width allows."""
        if self.columns is None:
            return
        ev = self.columns.events
        s, e = float(ev["start_ts"].to_numpy()[row]), float(ev["end_ts"].to_numpy()[row])
        x0, x1 = self.x_range()
        width = x1 - x0
        if e <= x0 or s >= x1:
            self._auto_fit = None
            mid = (s + min(e, s + width * 0.5)) / 2
            lo, hi = self.shown_range()
            a = mid - width / 2
            if width <= hi - lo:
                a = min(max(a, lo), hi - width)
            self.set_x_range(a, a + width)
        self.scroll_to_lanes(row)

    def shown_range(self) -> tuple[float, float]:
        """The stretch the filters show: a date filter's days, else the events shown's."""
        return date_range(self._extent, *self._dates) if any(self._dates) else self._extent

    def zoom_to(self, row: int) -> None:
        self._auto_fit = None
        assert self.columns is not None  # (set_data came first)
        ev = self.columns.events
        s, e = float(ev["start_ts"].to_numpy()[row]), float(ev["end_ts"].to_numpy()[row])
        half = max((e - s) * 0.8, 7 * DAY)
        mid = (s + e) / 2
        self.set_x_range(mid - half, mid + half)


def _key_scale(offsets: np.ndarray, widths: np.ndarray, width: float, least: float) -> float | None:
    """Seconds a pixel, from `least` up (zoomed in as far as may be), at which each key
    event's label (`widths` px, marker included) reads whole right of its marker or, near
    the right edge, left of it, as the stacking puts it; the first key event KEY_LEFT_PX in.
    None if none does up to thirty times `least`. (Right of the marker only, a narrow view
    of a French window, its docks wider, left "Doha" cut.)"""
    for s in least * np.geomspace(1.0, 30.0, 120):
        x = KEY_LEFT_PX + offsets / s
        if ((x + widths + 12 <= width) | (x - widths >= 4)).all():
            return float(s)
    return None
