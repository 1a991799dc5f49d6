"""All events of the timeline in one graphics item, drawn from arrays.

Coordinates: x is Unix seconds, y is the lane (lane i spans [i, i + 1), top lane 0).
Shapes are drawn in device pixels, so markers and labels keep their size at any zoom. Where
more events than pixels are visible, each lane shows counts per pixel column instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

DAY = 86_400.0
ROW_Y = (0.55, 0.74, 0.90)  # centre of stacking rows 0, 1, 2 within a lane
KEY_LABEL_Y = 0.2  # key events are labelled above their marker, in the top band of the lane
SPAN_HALF = 0.07  # half the height of a span bar, in lane units
MARKER_R = 5.0  # px
KEY_R = 8.0  # px: key events are bigger diamonds
LABEL_GAP = 6.0  # px between a marker and its label
LABEL_MAX = 280.0  # px: longer titles are elided
MAX_DETAILED = 6_000  # more visible instances than this: draw aggregates
MAX_LABELS = 400


@dataclass
class Instances:
    """What the item draws: one entry per event-in-a-lane, all numpy arrays."""

    event: np.ndarray  # event row
    start: np.ndarray  # float seconds
    end: np.ndarray
    y: np.ndarray  # centre y in lane units
    lane: np.ndarray
    sub: np.ndarray  # stacking row within the lane
    uncertain: np.ndarray  # bool: precision coarser than a day
    span: np.ndarray  # bool: drawn as a bar (uncertain, or lasting more than a day)
    key: np.ndarray  # bool
    titles: np.ndarray  # object: title of each instance's event
    colors: list[QColor]  # per lane
    n_lanes: int

    @classmethod
    def empty(cls) -> Instances:
        z = np.empty(0)
        i, b = z.astype(int), z.astype(bool)
        return cls(i, z, z, z, i, i, b, b, b, z.astype(object), [], 0)


class EventsItem(pg.GraphicsObject):
    def __init__(self) -> None:
        super().__init__()
        self.data = Instances.empty()
        self.selected: int | None = None  # event row
        self._bounds = QRectF(0, 0, 1, 1)
        self.font = QFont()
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.aggregated = False  # did the last paint draw aggregates (for tests, benchmarks)
        self.labels_drawn = 0

    def set_data(self, data: Instances) -> None:
        self.prepareGeometryChange()
        self.data = data
        if len(data.start):
            lo, hi = float(data.start.min()), float(data.end.max())
            pad = 0.6 * (hi - lo) + 30 * DAY  # room for labels right of the last event
            self._bounds = QRectF(lo - pad, 0, hi - lo + 2 * pad, max(data.n_lanes, 1))
        else:
            self._bounds = QRectF(0, 0, 1, 1)
        self.update()

    def set_selected(self, row: int | None) -> None:
        self.selected = row
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    # -- geometry ------------------------------------------------------------------------

    def visible(self) -> np.ndarray:
        """Indices of the instances inside the view's time window."""
        vb = self.getViewBox()
        if vb is None or not len(self.data.start):
            return np.empty(0, dtype=np.int64)
        (x0, x1), _ = vb.viewRange()
        return np.flatnonzero((self.data.end > x0) & (self.data.start < x1))

    def instance_at(self, x: float, y: float, px_w: float, px_h: float) -> int | None:
        """The instance under the view point (x, y), given the size of a pixel; or None."""
        d = self.data
        idx = self.visible()
        if not len(idx):
            return None
        lane = int(np.floor(y))
        idx = idx[d.lane[idx] == lane]
        if not len(idx):
            return None
        # distance in pixels: to the marker, or to the bar (0 inside it)
        dy = np.abs(d.y[idx] - y) / px_h
        centre = np.where(d.span[idx], np.clip(x, d.start[idx], d.end[idx]), d.start[idx] + DAY / 2)
        dx = np.abs(centre - x) / px_w
        dist = np.hypot(dx, np.maximum(dy - np.where(d.span[idx], SPAN_HALF / px_h, 0), 0))
        best = int(np.argmin(dist))
        return int(idx[best]) if dist[best] <= KEY_R + 3 else None

    # -- drawing -------------------------------------------------------------------------

    def paint(self, p: QPainter, *args) -> None:
        vb = self.getViewBox()
        if vb is None:
            return
        tr = p.transform()
        sx, dx, sy, dy = tr.m11(), tr.dx(), tr.m22(), tr.dy()
        (x0, x1), _ = vb.viewRange()
        p.save()
        p.resetTransform()
        left, right = x0 * sx + dx, x1 * sx + dx
        self._paint_lane_bands(p, left, right, sy, dy)
        idx = self.visible()
        self.aggregated = len(idx) > MAX_DETAILED
        self.labels_drawn = 0
        if self.aggregated:
            self._paint_aggregate(p, idx, sx, dx, sy, dy, left, right)
        elif len(idx):
            self._paint_events(p, idx, sx, dx, sy, dy, right)
        p.restore()

    def _paint_lane_bands(
        self, p: QPainter, left: float, right: float, sy: float, dy: float
    ) -> None:
        """Alternate lanes are shaded; a chip of the lane's colour marks its left end."""
        for lane in range(self.data.n_lanes):
            top = lane * sy + dy
            if lane % 2:
                p.fillRect(QRectF(left, top, right - left, sy), QColor(0, 0, 0, 10))
            p.fillRect(QRectF(left, top + 0.15 * sy, 4, 0.7 * sy), self.data.colors[lane])

    def _paint_aggregate(self, p, idx, sx, dx, sy, dy, left, right) -> None:
        """Counts per lane per 2-pixel column: darker where more events fall."""
        d = self.data
        width = max(int((right - left) / 2) + 1, 1)
        mid = (d.start[idx] + np.minimum(d.end[idx], d.start[idx] + DAY)) / 2
        col = np.clip(((mid * sx + dx - left) / 2).astype(np.int64), 0, width - 1)
        lane = d.lane[idx]
        counts = np.bincount(lane * width + col, minlength=d.n_lanes * width)
        counts = counts.reshape(d.n_lanes, width)
        peak = max(int(counts.max()), 1)
        p.setPen(Qt.PenStyle.NoPen)
        for ln in range(d.n_lanes):
            cols = np.flatnonzero(counts[ln])
            if not len(cols):
                continue
            alpha = 60 + 195 * np.log1p(counts[ln, cols]) / np.log1p(peak)
            top = (ln + 0.15) * sy + dy
            base = QColor(d.colors[ln])
            for c, a in zip(cols, alpha.astype(int), strict=True):
                base.setAlpha(int(a))
                p.fillRect(QRectF(left + 2 * c, top, 2, 0.7 * sy), base)

    def _paint_events(self, p, idx, sx, dx, sy, dy, right_edge) -> None:
        d = self.data
        px0 = d.start[idx] * sx + dx
        px1 = d.end[idx] * sx + dx
        py = d.y[idx] * sy + dy
        half = SPAN_HALF * abs(sy)
        spans = d.span[idx]

        # Bars: a known duration is solid; an uncertain date is pale and hatched.
        for i in np.flatnonzero(spans):
            k = idx[i]
            color = QColor(d.colors[d.lane[k]])
            rect = QRectF(px0[i], py[i] - half, max(px1[i] - px0[i], 2.0), 2 * half)
            if d.uncertain[k]:
                fill = QColor(color)
                fill.setAlpha(45)
                p.fillRect(rect, fill)
                hatch = QBrush(color, Qt.BrushStyle.BDiagPattern)
                p.fillRect(rect, hatch)
                pen = QPen(color, 1, Qt.PenStyle.DashLine)
            else:
                fill = QColor(color)
                fill.setAlpha(150)
                p.fillRect(rect, fill)
                pen = QPen(color.darker(130), 1)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)

        # Markers at the middle of their day; key events as bigger diamonds.
        mx = np.where(spans, px0, (px0 + px1) / 2)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i in np.flatnonzero(~spans | d.key[idx]):
            k = idx[i]
            color = QColor(d.colors[d.lane[k]])
            x, y = float(mx[i]), float(py[i])
            if d.key[k]:
                p.setPen(QPen(QColor(20, 20, 20), 1.6))
                p.setBrush(color)
                p.drawPolygon(_diamond(x, y, KEY_R))
            else:
                p.setPen(QPen(color.darker(140), 1))
                p.setBrush(color)
                p.drawEllipse(QPointF(x, y), MARKER_R, MARKER_R)

        if self.selected is not None:
            p.setBrush(Qt.BrushStyle.NoBrush)
            for i in np.flatnonzero(d.event[idx] == self.selected):
                k = idx[i]
                x, y = float(mx[i]), float(py[i])
                if d.span[k]:
                    rect = QRectF(px0[i], py[i] - half, max(px1[i] - px0[i], 2.0), 2 * half)
                    p.setPen(QPen(QColor(0, 0, 0), 3))
                    p.drawRect(rect.adjusted(-3, -3, 3, 3))
                else:
                    r = (KEY_R if d.key[k] else MARKER_R) + 4
                    p.setPen(QPen(QColor(255, 255, 255), 5))
                    p.drawEllipse(QPointF(x, y), r, r)
                    p.setPen(QPen(QColor(0, 0, 0), 2.5))
                    p.drawEllipse(QPointF(x, y), r, r)

        self._paint_labels(p, idx, mx, px0, px1, py, spans, right_edge, sy)

    def _paint_labels(self, p, idx, mx, px0, px1, py, spans, right_edge, lane_px) -> None:
        """Titles where they fit, each elided to the room it has, never over another label.

        Key events are labelled in bold in the top band of their lane; other events right of
        their shape, up to the next shape of the same row.
        """
        d = self.data
        key = d.key[idx]
        lane = d.lane[idx]
        radius = np.where(key, KEY_R, MARKER_R)
        left = np.where(spans & ~key, px0, mx - radius)
        right = np.where(spans & ~key, np.maximum(px1, px0 + 2), mx + radius)
        drawn = 0

        # key events: left-aligned on their marker, in the band above it
        band_y = py + (KEY_LABEL_Y - (d.y[idx] - lane)) * lane_px
        k_idx = np.flatnonzero(key)
        k_idx = k_idx[np.lexsort((left[k_idx], lane[k_idx]))]
        fm = QFontMetricsF(self.bold)
        for n, i in enumerate(k_idx):
            nxt = k_idx[n + 1] if n + 1 < len(k_idx) else None
            limit = left[nxt] - 8 if nxt is not None and lane[nxt] == lane[i] else right_edge - 2
            room = min(limit - left[i], LABEL_MAX * 1.3)
            drawn += self._label(p, self.bold, fm, d.titles[idx[i]], left[i], band_y[i], room)

        # the others: right of their shape, up to the next shape of their row
        row = lane * len(ROW_Y) + d.sub[idx]
        order = np.lexsort((left, row))
        next_left = np.full(len(idx), right_edge)
        same = row[order][1:] == row[order][:-1]
        next_left[order[:-1][same]] = left[order][1:][same]
        start = right + LABEL_GAP
        room = np.minimum(next_left - start - 4, LABEL_MAX)
        wanted = ~key & (room >= 40)
        fm = QFontMetricsF(self.font)
        if abs(lane_px) * (ROW_Y[1] - ROW_Y[0]) < fm.height():
            wanted &= d.sub[idx] == 0  # rows too close together: label the first row only
        for i in np.flatnonzero(wanted)[:MAX_LABELS]:
            drawn += self._label(p, self.font, fm, d.titles[idx[i]], start[i], py[i], room[i])
        self.labels_drawn = drawn

    @staticmethod
    def _label(p: QPainter, font: QFont, fm: QFontMetricsF, title, x, y, room) -> int:
        """Draw one label on a pale backdrop, so that it reads over hatching; 1 if drawn."""
        if room < 24:
            return 0
        text = fm.elidedText(str(title), Qt.TextElideMode.ElideRight, float(room))
        if not text or text == "…":
            return 0
        width = fm.horizontalAdvance(text)
        box = QRectF(float(x) - 2, float(y) - fm.height() / 2, width + 4, fm.height())
        p.fillRect(box, QColor(255, 255, 255, 200))
        p.setFont(font)
        p.setPen(QColor(15, 15, 15))
        p.drawText(QPointF(float(x), float(y) + fm.capHeight() / 2), text)
        return 1


def _diamond(x: float, y: float, r: float) -> QPolygonF:
    return QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
