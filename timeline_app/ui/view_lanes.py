"""The lanes' heights and their vertical scroll, for TimelineView.

A lane is one unit tall (lane_px pixels, MIN_LANE_PX at scale 1) unless its events, stacked
in rows by the item at the last paint, want more rows than that holds: then it grows, up to
MAX_LANE_ROWS rows (what still finds no row is counted on the lane). Lanes that all fit
fill the view; more lanes than fit scroll, a lane at a time, and the view ends at a lane's
end. A picture (an export) scrolls none: its lanes grow only as far as its room allows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QTimer

from timeline_app.ui.item_rows import LANE_PAD, MAX_LANE_ROWS

if TYPE_CHECKING:  # the view's parts, declared for the type checker (ui/view_base.py)
    from timeline_app.ui.view_base import ViewBase as _View
else:
    _View = object


class ViewLanes(_View):
    """Mixin of TimelineView. Expects vb, items (offsets, rows_wanted, row_px), layout_,
    lane_px, max_stretch, scroll, and _set_lane_axis."""

    _heights_pending = False
    every_lane = False  # a picture (an export) has no scroll: its lanes share its height

    def _room(self) -> float:
        """The view's height in lane units (at lane_px a unit)."""
        return max(self.vb.height(), 1.0) / self.lane_px

    def _bottom(self, top: int) -> float:
        """Where the view ends (lane units) with lane `top` at its top: below the last lane,
        the lanes filling the view, when the rest fit; else at the end of the last lane that
        fits whole, the lanes stretched a little (lanes of different heights: a lane cut in
        two at the axis, out of sight and out of reach of the scroll, was never read)."""
        off = self.items.offsets
        y0 = float(off[min(top, len(off) - 1)])
        room = self._room()
        if off[-1] - y0 <= room + 1e-9:
            stretch = max(self.vb.height(), 1.0) / (self.max_stretch * self.lane_px)
            return max(float(off[-1]), y0 + stretch)
        k = int(np.searchsorted(off, y0 + room + 1e-9, "right")) - 1
        return float(off[max(k, top + 1)])

    def lanes_visible(self) -> float:
        """How many lane units tall the view is, at the current scroll."""
        top = self.scroll.value()
        return self._bottom(top) - float(self.items.offsets[min(top, len(self.items.offsets) - 1)])

    def _fit_lanes(self) -> None:
        off = self.items.offsets
        room = self._room()
        # the first lane from which the rest fits is as far as the lanes scroll
        extra = int(np.searchsorted(off, off[-1] - room - 1e-9)) if off[-1] > room + 1e-9 else 0
        self.scroll.setVisible(extra > 0)
        self.scroll.setRange(0, extra)
        self.scroll.setPageStep(max(int(room), 1))
        self._scroll_lanes(min(self.scroll.value(), extra))

    def _scroll_lanes(self, top: int) -> None:
        off = self.items.offsets
        y0 = float(off[min(top, len(off) - 1)])
        self.vb.setYRange(y0, self._bottom(top), padding=0)

    def lane_in_view(self, lane: int) -> bool:
        off = self.items.offsets
        top = self.scroll.value()
        y0 = float(off[min(top, len(off) - 1)])
        return y0 <= off[lane] and off[lane + 1] <= self._bottom(top) + 1e-9

    def _rows_wanted(self) -> None:
        """After a paint: if lanes want other heights for their rows, relayout (not while
        painting)."""
        if not self._heights_pending and not np.array_equal(
            self._heights(), np.diff(self.items.offsets)
        ):
            self._heights_pending = True
            QTimer.singleShot(0, self, self._apply_heights)

    def _heights(self) -> np.ndarray:
        """Each lane's height in units: one, or what its wanted rows take (up to a limit).
        In a picture, where every lane must be in view, as many rows as its room holds: a
        row at a time to the lane shortest of rows (the busiest, on a tie)."""
        wanted = np.minimum(self.items.rows_wanted, MAX_LANE_ROWS)

        def need(rows: np.ndarray) -> np.ndarray:
            return np.maximum((rows * self.items.row_px + 2 * LANE_PAD) / self.lane_px, 1.0)

        heights = need(wanted)
        room = self._room() + 1e-9
        if not self.every_lane or heights.sum() <= room:
            return heights
        one = max(int((self.lane_px - 2 * LANE_PAD) // self.items.row_px), 0)
        rows = np.minimum(wanted, one)  # what a lane of one unit holds
        heights = need(rows)
        short = wanted - rows
        while short.max(initial=0) > 0:
            i = int(np.argmax(short))
            taller = need(rows[i : i + 1] + 1)[0]
            if heights.sum() - heights[i] + taller > room:
                short[i] = 0  # no room for this one's next row; a lane less tall may have
                continue
            rows[i] += 1
            heights[i] = taller
            short[i] -= 1
        return heights

    def grow_lanes(self) -> bool:
        """Lanes to the heights their rows wanted at the last paint; whether any changed."""
        before = self.items.offsets.copy()
        self._apply_heights()
        return not np.array_equal(before, self.items.offsets)

    def _apply_heights(self) -> None:
        self._heights_pending = False
        if self.layout_ is None or len(self.items.rows_wanted) != len(self.layout_.labels):
            return
        heights = self._heights()
        if np.array_equal(heights, np.diff(self.items.offsets)):
            return
        self.items.set_offsets(np.concatenate([[0.0], np.cumsum(heights)]))
        self._set_lane_axis(self.layout_.labels)
        self._fit_lanes()
