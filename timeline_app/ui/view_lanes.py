"""The lanes' heights and their vertical scroll, for TimelineView.

A lane is one unit tall (lane_px pixels, MIN_LANE_PX at scale 1) unless its events, stacked
in rows by the item at the last paint, want more rows than that holds: then it grows, up to
MAX_LANE_ROWS rows (what still finds no row is counted on the lane). Lanes that all fit
fill the view; more lanes than fit scroll, a lane at a time.
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

    def lanes_visible(self) -> float:
        """How many lane units tall the view is: whole base lanes when there are more than
        fit; all of them, filling the view, when they fit."""
        height = max(self.vb.height(), 1.0)
        total = float(self.items.offsets[-1]) if self.layout_ else 1.0
        whole = max(height // self.lane_px, 1.0)
        return float(max(min(total, whole), height / (self.max_stretch * self.lane_px)))

    def _fit_lanes(self) -> None:
        off = self.items.offsets
        shown = self.lanes_visible()
        # the first lane from which the rest fits is as far as the lanes scroll
        extra = int(np.searchsorted(off, off[-1] - shown - 1e-9)) if off[-1] > shown + 1e-9 else 0
        self.scroll.setVisible(extra > 0)
        self.scroll.setRange(0, extra)
        self.scroll.setPageStep(max(int(shown), 1))
        self._scroll_lanes(min(self.scroll.value(), extra))

    def _scroll_lanes(self, top: int) -> None:
        off = self.items.offsets
        y0 = float(off[min(top, len(off) - 1)])
        self.vb.setYRange(y0, y0 + self.lanes_visible(), padding=0)

    def lane_in_view(self, lane: int) -> bool:
        off = self.items.offsets
        top = float(off[min(self.scroll.value(), len(off) - 1)])
        return top <= off[lane] and off[lane] + 0.5 <= top + self.lanes_visible()

    def _rows_wanted(self) -> None:
        """After a paint: if lanes want other heights for their rows, relayout (not while
        painting)."""
        if not self._heights_pending and not np.array_equal(
            self._heights(), np.diff(self.items.offsets)
        ):
            self._heights_pending = True
            QTimer.singleShot(0, self, self._apply_heights)

    def _heights(self) -> np.ndarray:
        """Each lane's height in units: one, or what its wanted rows take (up to a limit)."""
        rows = np.minimum(self.items.rows_wanted, MAX_LANE_ROWS)
        need = (rows * self.items.row_px + 2 * LANE_PAD) / self.lane_px
        return np.maximum(need, 1.0)

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
