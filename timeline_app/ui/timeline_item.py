"""All events of the timeline in one graphics item, drawn from arrays.

Coordinates: x is Unix seconds, y is the lane (lane i spans [i, i + 1), top lane 0).
Shapes are drawn in device pixels, so markers and labels keep their size at any zoom.
A frame costs what is visible: lanes outside the view are skipped, and within a lane the
time window is found by binary search. A lane with more events than its pixels can show
is drawn as counts per pixel column (darker where more events fall) instead of markers.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPaintEngine,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)

from timeline_app.core.stacking import Stacked
from timeline_app.ui.item_density import DensityMixin
from timeline_app.ui.item_rows import RowsMixin
from timeline_app.ui.themes import LIGHT

DAY = 86_400.0
ROW_Y = (0.55, 0.74, 0.90)  # centre of stacking rows 0, 1, 2 within a lane
SPAN_HALF = 0.07  # half the height of a span bar, in lane units
MARKER_R = 5.0  # px
KEY_R = 8.0  # px: key events are bigger diamonds
LABEL_GAP = 6.0  # px between a marker and its label
LABEL_MAX = 280.0  # px: longer titles are elided
DENSE_PX = 4.0  # a lane whose visible events are closer than this on average is aggregated
MAX_KEYS_ON_AGGREGATE = 500


@dataclass
class Instances:
    """What the item draws: one entry per event-in-a-lane, sorted by lane then start."""

    event: np.ndarray  # event row
    start: np.ndarray  # float seconds
    end: np.ndarray
    y: np.ndarray  # centre y in lane units
    lane: np.ndarray
    sub: np.ndarray  # stacking row within the lane
    uncertain: np.ndarray  # bool: precision coarser than a day
    span: np.ndarray  # bool: drawn as a bar (uncertain, or lasting more than a day)
    key: np.ndarray  # bool
    titles: np.ndarray  # object: the title of each event (by event row, not by instance)
    colors: list[QColor]  # per lane
    n_lanes: int

    @classmethod
    def empty(cls) -> Instances:
        z = np.empty(0)
        i, b = z.astype(int), z.astype(bool)
        return cls(i, z, z, z, i, i, b, b, b, z.astype(object), [], 0)


class EventsItem(DensityMixin, RowsMixin, pg.GraphicsObject):
    def __init__(self) -> None:
        super().__init__()
        self.data = Instances.empty()
        self.selected: int | None = None  # event row
        self._bounds = QRectF(0, 0, 1, 1)
        self._lane_start = np.zeros(1, dtype=np.int64)  # instances of lane i: [s[i], s[i+1])
        self._longest = 0.0
        self._rects = PrimitiveArray(QRectF, 4)
        self._fragments = PrimitiveArray(QPainter.PixmapFragment, 10)
        self._atlases: dict[tuple, QPixmap] = {}
        self.theme = LIGHT
        self.set_scale(1.0)
        self.aggregated = False  # did the last paint aggregate any lane (for tests, benchmarks)
        self.labels_drawn = 0
        # what the last paint drew in detail: instances, their row centres (lane units), and
        # the box (px: left, top, right, bottom) each marker or bar with its label took
        self.drawn_instances = np.empty(0, dtype=np.int64)
        self.drawn_y = np.empty(0)
        self.boxes = np.empty((0, 4))
        self.labelled = np.empty(0, dtype=bool)  # which boxes hold a label
        self.label_spans = np.empty((0, 2))  # that label's left and right (px)
        self.overflow = np.zeros(0, dtype=np.int64)  # per lane: events that found no row
        self.badges = np.empty((0, 4))  # the counts' boxes (px)
        self.row_px = 20.0
        self._crowded: set[int] = set()
        self.offsets = np.arange(1, dtype=np.float64)  # lane i spans [offsets[i], offsets[i+1])
        self.rows_wanted = np.zeros(0, dtype=np.int64)  # per lane, at the last paint
        # a weak reference to what is called after each paint (by a view whose lanes grow)
        self.on_rows_wanted: weakref.WeakMethod | None = None
        self._shape_right = np.empty(0)

    def set_scale(self, scale: float) -> None:
        """Sizes of markers and labels, times `scale` (an export for a slide draws bigger)."""
        self.scale = scale
        self._apply_sizes(scale)
        self.update()

    def _apply_sizes(self, scale: float) -> None:
        self.marker_r, self.key_r = MARKER_R * scale, KEY_R * scale
        self.label_gap, self.label_max = LABEL_GAP * scale, LABEL_MAX * scale
        self.font = QFont()
        if scale != 1.0:
            self.font.setPointSizeF(self.font.pointSizeF() * scale)
        self.bold = QFont(self.font)
        self.bold.setBold(True)

    def set_data(self, data: Instances) -> None:
        self.prepareGeometryChange()
        self.data = data
        self._lane_start = np.searchsorted(data.lane, np.arange(data.n_lanes + 1))
        self.offsets = np.arange(data.n_lanes + 1, dtype=np.float64)
        self.rows_wanted = np.zeros(data.n_lanes, dtype=np.int64)
        self._longest = float((data.end - data.start).max()) if len(data.start) else 0.0
        if len(data.start):
            lo, hi = float(data.start.min()), float(data.end.max())
            pad = 0.6 * (hi - lo) + 30 * DAY  # room for labels right of the last event
            self._bounds = QRectF(lo - pad, 0, hi - lo + 2 * pad, max(data.n_lanes, 1))
        else:
            self._bounds = QRectF(0, 0, 1, 1)
        self.update()

    def set_offsets(self, offsets: np.ndarray) -> None:
        """Lane i spans [offsets[i], offsets[i + 1]) in y: a lane with more rows is taller."""
        self.prepareGeometryChange()
        self.offsets = offsets
        b = self._bounds
        self._bounds = QRectF(b.x(), 0, b.width(), max(float(offsets[-1]), 1.0))
        self.update()

    def set_selected(self, row: int | None) -> None:
        self.selected = row
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    # -- what is in view -----------------------------------------------------------------

    def visible_lanes(self) -> range:
        vb = self.getViewBox()
        if vb is None:
            return range(0)
        _, (y0, y1) = vb.viewRange()
        a = int(np.searchsorted(self.offsets, y0, "right")) - 1
        b = int(np.searchsorted(self.offsets, y1, "left"))
        return range(max(a, 0), min(b, self.data.n_lanes))

    def lane_window(self, lane: int, x0: float, x1: float) -> np.ndarray:
        """Indices of the lane's instances that overlap [x0, x1] (binary search on start)."""
        a, b = int(self._lane_start[lane]), int(self._lane_start[lane + 1])
        starts = self.data.start[a:b]
        i = a + int(np.searchsorted(starts, x0 - self._longest, "left"))
        j = a + int(np.searchsorted(starts, x1, "right"))
        idx = np.arange(i, j)
        return idx[self.data.end[i:j] > x0]

    def visible(self) -> np.ndarray:
        vb = self.getViewBox()
        if vb is None or not len(self.data.start):
            return np.empty(0, dtype=np.int64)
        (x0, x1), _ = vb.viewRange()
        parts = [self.lane_window(ln, x0, x1) for ln in self.visible_lanes()]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def instance_at(self, x: float, y: float, px_w: float, px_h: float) -> int | None:
        """The instance under the view point (x, y), given the size of a pixel; or None."""
        d = self.data
        lane = int(np.searchsorted(self.offsets, y, "right")) - 1
        if not 0 <= lane < d.n_lanes:
            return None
        reach = (self.key_r + 3) * px_w
        idx = self.lane_window(lane, x - reach - DAY, x + reach)
        if not len(idx):
            return None
        # where the last paint stacked them, for those it drew (else their lane's middle)
        ys = (self.offsets[d.lane[idx]] + self.offsets[d.lane[idx] + 1]) / 2
        pos = np.searchsorted(self.drawn_instances, idx)
        pos = np.minimum(pos, max(len(self.drawn_instances) - 1, 0))
        if len(self.drawn_instances):
            drawn = self.drawn_instances[pos] == idx
            ys[drawn] = self.drawn_y[pos[drawn]]
        dy = np.abs(ys - y) / px_h
        centre = np.where(d.span[idx], np.clip(x, d.start[idx], d.end[idx]), d.start[idx] + DAY / 2)
        dx = np.abs(centre - x) / px_w
        dist = np.hypot(dx, np.maximum(dy - np.where(d.span[idx], SPAN_HALF / px_h, 0), 0))
        # markers are drawn over bars: near both, the marker wins
        best = int(np.argmin(dist + np.where(d.span[idx] & ~d.key[idx], 4.0, 0.0)))
        return int(idx[best]) if dist[best] <= self.key_r + 3 else None

    # -- drawing -------------------------------------------------------------------------

    def paint(self, p: QPainter, *args) -> None:
        vb = self.getViewBox()
        if vb is None:
            return
        tr = p.transform()
        sx, dx, sy, dy = tr.m11(), tr.dx(), tr.m22(), tr.dy()
        (x0, x1), _ = vb.viewRange()
        # Shapes are laid out in the view's pixels and drawn through a painter that scales
        # them as it scales everything else (an export drawn onto a PDF page). Laid out in
        # the device's units, with fonts resized to match, the PDF measured its labels with
        # other metrics than the PNG and stacked them otherwise ("+21" where the PNG had "+20").
        k = abs(sx) * vb.viewPixelSize()[0]  # device units per view pixel
        k = 1.0 if abs(k - 1) <= 1e-3 or k <= 0 else k
        self._paint_view(p, sx / k, dx / k, sy / k, dy / k, x0, x1, k)

    def _paint_view(
        self, p: QPainter, sx, dx, sy, dy, x0: float, x1: float, k: float = 1.0
    ) -> None:
        left, right = x0 * sx + dx, x1 * sx + dx
        p.save()
        p.resetTransform()
        p.scale(k, k)
        lanes = self.visible_lanes()
        self._paint_lane_bands(p, lanes, left, right, sy, dy)
        dense_px = max(right - left, 1.0) / DENSE_PX
        detailed: list[tuple[int, np.ndarray]] = []  # (lane, its instances in view)
        dense: list[tuple[int, np.ndarray]] = []
        for ln in lanes:
            idx = self.lane_window(ln, x0, x1)
            (dense if len(idx) > dense_px else detailed).append((ln, idx))
        shown = [idx for _, idx in detailed]
        # key events stay visible over aggregates, as long as they are few
        keys = [idx[self.data.key[idx]] for _, idx in dense]
        if keys and sum(map(len, keys)) <= MAX_KEYS_ON_AGGREGATE:
            shown += keys
        idx = np.concatenate(shown) if shown else np.empty(0, dtype=np.int64)
        self.labels_drawn = 0
        self.overflow = np.zeros(self.data.n_lanes, dtype=np.int64)
        self.badges = np.empty((0, 4))
        stacked = self._stack(idx, sx, dx, sy, dy, left, right) if len(idx) else None
        if stacked is not None:  # lanes too crowded for rows are aggregated as well
            dense = sorted(dense + [(ln, i) for ln, i in detailed if ln in self._crowded])
        self.aggregated = bool(dense)
        if dense:
            self._paint_aggregate(p, dense, sx, dx, sy, dy, left, right)
        if stacked is not None:
            self._paint_events(p, *stacked)
            self._paint_overflow(p, sy, dy, right)
        p.restore()
        wanted = self.on_rows_wanted() if self.on_rows_wanted is not None else None
        if wanted is not None:  # the view may grow or shrink lanes to fit
            wanted()

    def _paint_lane_bands(self, p: QPainter, lanes: range, left, right, sy, dy) -> None:
        """Alternate lanes are shaded; a chip of the lane's colour marks its left end."""
        for lane in lanes:
            top = self.offsets[lane] * sy + dy
            h = (self.offsets[lane + 1] - self.offsets[lane]) * sy
            if lane % 2:
                p.fillRect(QRectF(left, top, right - left, h), QColor(*self.theme.band))
            p.fillRect(QRectF(left, top + 0.15 * h, 4, 0.7 * h), self.data.colors[lane])

    def _atlas(self, dpr: float, key: bool = False) -> QPixmap:
        """One marker per lane colour, side by side: round, or a key event's diamond (cached
        until the colours, the size or the theme change)."""
        colors = tuple(c.rgba() for c in self.data.colors)
        r = self.key_r if key else self.marker_r
        cache_key = (key, colors, dpr, r, self.theme.ink)
        if cache_key not in self._atlases:
            side = int(np.ceil((2 * r + 4) * dpr))
            pixmap = QPixmap(max(side * len(colors), 1), side)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for i, color in enumerate(self.data.colors):
                centre = QPointF(i * side + side / 2, side / 2)
                painter.setBrush(color)
                if key:
                    painter.setPen(QPen(QColor(self.theme.ink), 1.6 * self.scale * dpr))
                    painter.drawPolygon(_diamond(centre.x(), centre.y(), r * dpr))
                else:
                    painter.setPen(QPen(color.darker(150), dpr))
                    painter.drawEllipse(centre, r * dpr, r * dpr)
            painter.end()
            self._atlases[cache_key] = pixmap
        return self._atlases[cache_key]

    def _stamp(
        self, p: QPainter, x: np.ndarray, y: np.ndarray, lanes: np.ndarray, key: bool
    ) -> None:
        """Markers stamped from the atlas in one call."""
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        atlas = self._atlas(dpr, key)
        size = atlas.height()
        n = len(x)
        args = self._fill(self._fragments, [
            x, y, lanes * size, np.zeros(n), np.full(n, size), np.full(n, size),
            np.full(n, 1 / dpr), np.full(n, 1 / dpr), np.zeros(n), np.ones(n),
        ])  # fmt: skip
        # (data, count, pixmap): PySide6's own overload for a PrimitiveArray; not in its stub
        p.drawPixmapFragments(*args, atlas)  # type: ignore[call-arg]

    def _fill(self, array: PrimitiveArray, columns: list[np.ndarray]) -> tuple:
        array.resize(len(columns[0]))
        memory = array.ndarray()
        for k, column in enumerate(columns):
            memory[:, k] = column
        return array.drawargs()

    def _paint_events(self, p, idx, px0, px1, mx, py, stacked: Stacked, sy) -> None:
        d = self.data
        half = min(SPAN_HALF * abs(sy), 0.3 * self.row_px)
        spans, key = d.span[idx], d.key[idx]
        lanes = d.lane[idx]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for ln in np.unique(lanes):
            color = d.colors[ln]
            in_lane = lanes == ln
            # bars: a known duration is solid; an uncertain date is pale and hatched
            for uncertain in (True, False):
                sel = np.flatnonzero(in_lane & spans & (d.uncertain[idx] == uncertain))
                if not len(sel):
                    continue
                args = self._fill(self._rects, [px0[sel], py[sel] - half,
                                                np.maximum(px1[sel] - px0[sel], 2.0),
                                                np.full(len(sel), 2 * half)])  # fmt: skip
                fill = QColor(color)
                fill.setAlpha(45 if uncertain else 150)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(fill)
                p.drawRects(*args)
                if uncertain:
                    p.setBrush(QBrush(color, Qt.BrushStyle.BDiagPattern))
                    p.drawRects(*args)
                p.setBrush(Qt.BrushStyle.NoBrush)
                style = Qt.PenStyle.DashLine if uncertain else Qt.PenStyle.SolidLine
                p.setPen(QPen(color.darker(130), 1, style))
                p.drawRects(*args)
        # markers: stamped from a pixmap of one marker per lane colour, in one call; vector
        # outputs (SVG, PDF) get true circles
        sel = np.flatnonzero(~spans & ~key)
        engine = p.paintEngine().type() if p.paintEngine() is not None else None
        if len(sel) and engine in (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf):
            for i in sel:
                color = d.colors[lanes[i]]
                p.setPen(QPen(color.darker(150), 1))
                p.setBrush(color)
                p.drawEllipse(QPointF(float(mx[i]), float(py[i])), self.marker_r, self.marker_r)
        elif len(sel):
            self._stamp(p, mx[sel], py[sel], lanes[sel], key=False)
        keys = np.flatnonzero(key)  # key events: bigger diamonds, outlined
        if engine in (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf):
            for i in keys:
                p.setPen(QPen(QColor(self.theme.ink), 1.6 * self.scale))
                p.setBrush(d.colors[lanes[i]])
                p.drawPolygon(_diamond(float(mx[i]), float(py[i]), self.key_r))
        elif len(keys):
            self._stamp(p, mx[keys], py[keys], lanes[keys], key=True)
        if self.selected is not None:
            self._paint_selection(p, idx, mx, px0, px1, py, half)
        self._paint_labels(p, idx, stacked, py)

    def _paint_selection(self, p, idx, mx, px0, px1, py, half) -> None:
        d = self.data
        p.setBrush(Qt.BrushStyle.NoBrush)
        for i in np.flatnonzero(d.event[idx] == self.selected):
            k = idx[i]
            x, y = float(mx[i]), float(py[i])
            if d.span[k] and not d.key[k]:
                rect = QRectF(px0[i], py[i] - half, max(px1[i] - px0[i], 2.0), 2 * half)
                p.setPen(QPen(QColor(self.theme.ink), 3 * self.scale))
                p.drawRect(rect.adjusted(-3, -3, 3, 3))
            else:
                r = (self.key_r if d.key[k] else self.marker_r) + 4
                p.setPen(QPen(QColor(self.theme.halo), 5 * self.scale))
                p.drawEllipse(QPointF(x, y), r, r)
                p.setPen(QPen(QColor(self.theme.ink), 2.5 * self.scale))
                p.drawEllipse(QPointF(x, y), r, r)


def _diamond(x: float, y: float, r: float) -> QPolygonF:
    return QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
