"""Stacking rows, labels and counts for EventsItem (timeline_item.py): where each event in
detail goes in its lane, and the text drawn next to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from timeline_app.core.stacking import MAX_LANE_ROWS, Stacked, shapes, stack
from timeline_app.core.text import xml_text

if TYPE_CHECKING:
    from timeline_app.ui.themes import Theme
    from timeline_app.ui.timeline_item import Instances

LANE_PAD = 2.0  # px above the first stacking row and below the last
CROWDED = 0.25  # a lane where more of its events than this find no row is aggregated,
CROWDED_MIN = 30  # if it has this many in view (a few dozen: counted, "+12")
MAX_STACKED = 3000  # events in detail beyond which labels are not measured (markers only)
LABEL_WIDTHS_KEPT = 100_000  # titles' widths kept (~15 MB at most), then measured anew


class RowsMixin:
    """Mixin of EventsItem. Expects data, offsets, rows_wanted, fonts and sizes, theme,
    selected, and visible_lanes()."""

    if TYPE_CHECKING:  # what EventsItem gives, declared for the type checker
        data: Instances
        selected: int | None  # event row
        theme: Theme
        font: QFont
        bold: QFont
        scale: float
        marker_r: float
        key_r: float
        label_gap: float
        label_max: float
        offsets: np.ndarray  # lane i spans [offsets[i], offsets[i+1])
        rows_wanted: np.ndarray

        def visible_lanes(self) -> range: ...

    # the titles and fonts measured, and each (event row, bold)'s width
    _widths: tuple[np.ndarray, tuple[str, str], dict[tuple[int, bool], float]]

    def _stack(self, idx, sx, dx, sy, dy, left_edge, right_edge) -> tuple:
        """Rows within each lane, so that no marker or label overlaps another (stacking.py).
        A label with no room right of its shape (near the view's right edge) goes left of
        it when there is more room there: it was dropped, the event left unnamed. A lane of
        many events where more than CROWDED of them find no row is left to the aggregate
        (its key events stay). Keeps, for hit tests and tests, each drawn event's row centre
        and box (in the order of drawn_instances). Returns what _paint_events draws."""
        d = self.data
        px0 = d.start[idx] * sx + dx
        px1 = d.end[idx] * sx + dx
        key, spans = d.key[idx], d.span[idx]
        mx, left, shape_right = shapes(px0, px1, spans, key, self.marker_r, self.key_r)
        fonts = (QFontMetricsF(self.font), QFontMetricsF(self.bold))
        self.row_px = max(fonts[1].height(), 2 * self.key_r) + 4 * self.scale
        longest = np.where(key, 1.3 * self.label_max, self.label_max)
        right_room = right_edge - 2 - shape_right - self.label_gap
        left_room = left - left_edge - 2 - self.label_gap
        wants = np.zeros(len(idx))
        if len(idx) <= MAX_STACKED:  # beyond that, markers only: labels could not be read
            wants = self._label_widths(d.event[idx], key, fonts) + 4
        wants = np.minimum(wants, longest)
        # a label goes left only of a shape in view (a marker past the edge keeps none)
        flip = (wants > right_room) & (left_room > right_room)
        flip &= left - self.label_gap <= right_edge - 2
        wants = np.clip(wants, 0, np.where(flip, left_room, right_room))
        priority = key.astype(np.int64) + 2 * (d.event[idx] == (self.selected or -1))
        badge = QFontMetricsF(self.font).horizontalAdvance("+0000") + 8  # the count's room
        heights = np.diff(self.offsets) * abs(sy)
        rows = np.maximum(((heights - 2 * LANE_PAD) // self.row_px).astype(np.int64), 1)
        most = max(MAX_LANE_ROWS, int(rows.max()) if len(rows) else 1)
        lane = d.lane[idx]
        stacked = stack(lane, left, shape_right, wants, priority, most, self.label_gap,
                        flip=flip)  # fmt: skip
        # the rows each lane would want (its view may grow it), and the rows its height has
        wanted = np.zeros(d.n_lanes, dtype=np.int64)
        np.maximum.at(wanted, lane, stacked.row + 1)
        in_view = list(self.visible_lanes())
        self.rows_wanted[in_view] = wanted[in_view]
        over = np.unique(lane[(stacked.row < 0) | (stacked.row >= rows[lane])])
        if len(over):
            # lanes short of rows are stacked again in the rows they have (the events that
            # went to rows past those were dropped, key events among them, while others kept
            # row 0), with room kept in their first row for the count they will show
            sel = np.isin(lane, over)
            again = stack(lane[sel], left[sel], shape_right[sel], wants[sel], priority[sel],
                          rows, self.label_gap, reserved=right_edge - badge - 2,
                          flip=flip[sel])  # fmt: skip
            stacked.row[sel], stacked.right[sel] = again.row, again.right
            stacked.label[sel], stacked.left[sel] = again.label, again.left
            stacked.flip[sel] = again.flip
        placed = (stacked.row >= 0) & (stacked.row < rows[d.lane[idx]])
        lane_top = self.offsets[d.lane[idx]] * sy + dy
        self.overflow = np.bincount(d.lane[idx][~placed], minlength=d.n_lanes)
        counts = np.bincount(d.lane[idx], minlength=d.n_lanes)
        crowded = (self.overflow > CROWDED * counts) & (counts >= CROWDED_MIN)
        self._crowded = set(np.flatnonzero(crowded).tolist())
        self.overflow[crowded] = 0
        self.rows_wanted[crowded] = 0  # drawn as a density strip: no rows to grow for
        placed &= ~crowded[d.lane[idx]] | key
        idx, row = idx[placed], stacked.row[placed]
        py = lane_top[placed] + LANE_PAD + (row + 0.5) * self.row_px
        order = np.argsort(idx, kind="stable")  # sorted, for the hit test's binary search
        self.drawn_instances, self.drawn_y = idx[order], ((py - dy) / sy)[order]
        top = py - self.row_px / 2
        self._shape_left, self._shape_right = left[placed], shape_right[placed]
        # for the tests: where each bar drawn really ends (px), in the boxes' order
        self.bar_right = np.where(spans, px1, -np.inf)[placed][order]
        self.boxes = np.column_stack([stacked.left[placed], top, stacked.right[placed],
                                      top + self.row_px])[order]  # fmt: skip
        # each label's left and right (px), where a box holds one
        flipped = stacked.flip[placed]
        self.labelled = stacked.label[placed][order]
        self.label_spans = np.column_stack([
            np.where(flipped, stacked.left[placed], shape_right[placed] + self.label_gap),
            np.where(flipped, left[placed] - self.label_gap, stacked.right[placed]),
        ])[order]  # fmt: skip
        stacked = Stacked(row, stacked.right[placed], stacked.label[placed],
                          stacked.left[placed], stacked.flip[placed])  # fmt: skip
        return idx, px0[placed], px1[placed], mx[placed], py, stacked, sy

    def _label_widths(self, rows: np.ndarray, key: np.ndarray, fonts: tuple) -> np.ndarray:
        """Each title's width in its font (bold for key events), measured once per event:
        a filter change paints twice, and a lane's events again at each pan (measuring two
        thousand titles took ~11 ms)."""
        titles = self.data.titles
        fonts_key = (self.font.key(), self.bold.key())
        known = getattr(self, "_widths", None)
        if known is None or known[0] is not titles or known[1] != fonts_key:
            known = self._widths = (titles, fonts_key, {})
        widths = known[2]
        if len(widths) > LABEL_WIDTHS_KEPT:
            widths.clear()
        out = np.empty(len(rows))
        for i, (row, bold) in enumerate(zip(rows.tolist(), key.tolist(), strict=True)):
            width = widths.get((row, bold))
            if width is None:
                width = widths[(row, bold)] = fonts[bold].horizontalAdvance(str(titles[row]))
            out[i] = width
        return out

    def _paint_labels(self, p, idx, stacked: Stacked, py) -> None:
        """Each label right of its shape (or left of it, ending there), in the room its row
        left it; bold for key events."""
        d = self.data
        drawn = 0
        fonts = ((self.font, QFontMetricsF(self.font)), (self.bold, QFontMetricsF(self.bold)))
        for i in np.flatnonzero(stacked.label):
            font, fm = fonts[int(d.key[idx[i]])]
            title = d.titles[d.event[idx[i]]]
            if stacked.flip[i]:
                end = self._shape_left[i] - self.label_gap
                room = end - stacked.left[i]
                drawn += self._label(p, font, fm, title, end, py[i], room, before=True)
            else:
                x = self._shape_right[i] + self.label_gap
                room = stacked.right[i] - x
                drawn += self._label(p, font, fm, title, x, py[i], room)
        self.labels_drawn = drawn

    def _paint_overflow(self, p: QPainter, sy, dy, right_edge) -> None:
        """A lane whose events did not all find a row says how many, at its right end."""
        fm = QFontMetricsF(self.font)
        self.badges = np.empty((0, 4))  # (left, top, right, bottom) px of each, for tests
        for lane in np.flatnonzero(self.overflow):
            text = f"+{int(self.overflow[lane])}"
            width = fm.horizontalAdvance(text) + 8
            top = self.offsets[lane] * sy + dy
            box = QRectF(right_edge - width - 2, top + 2, width, fm.height() + 2)
            # PySide6's stub gives getCoords() as object; it is the 4-tuple of floats
            self.badges = np.vstack([self.badges, box.getCoords()])  # type: ignore[list-item]
            p.fillRect(box, QColor(*self.theme.backdrop))
            p.setPen(QColor(self.theme.text))
            p.setFont(self.font)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _label(
        self, p: QPainter, font: QFont, fm: QFontMetricsF, title, x, y, room, before=False
    ) -> int:
        """Draw one label on a pale backdrop, so that it reads over hatching; 1 if drawn.
        It starts at x, or ends there if `before`."""
        if room < 24:
            return 0
        text = fm.elidedText(xml_text(str(title)), Qt.TextElideMode.ElideRight, float(room))
        if not text or text == "…":
            return 0
        width = fm.horizontalAdvance(text)
        x = float(x) - width if before else x
        box = QRectF(float(x) - 2, float(y) - fm.height() / 2, width + 4, fm.height())
        p.fillRect(box, QColor(*self.theme.backdrop))
        p.setFont(font)
        p.setPen(QColor(self.theme.text))
        p.drawText(QPointF(float(x), float(y) + fm.capHeight() / 2), text)
        return 1
