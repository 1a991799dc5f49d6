"""The map's words: place, province and country names that never overlap, counts on markers,
and the scale bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem, QWidget

from timeline_app.core import geo

if TYPE_CHECKING:
    from timeline_app.ui.map_view import MapView

MAX_PLACE_LABELS = 120
MAX_AREA_LABELS = 60


def marker_size(count: np.ndarray) -> np.ndarray:
    """A marker's diameter in pixels: 7 for one event, growing with the log of the count, in
    whole steps of 3 px (few distinct sizes: see _draw_events)."""
    steps = np.round(np.sqrt(np.log2(np.maximum(count, 1)) * 2) * 5 / 3)
    return 7 + 3 * steps


class _Boxes:
    """Rectangles taken so far, filed by the cells of CELL pixels they cover: a check looks
    only at those in its own cells (a numpy test against every box cost ~7 µs a check, and a
    filter change makes a few hundred)."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _cells(self, r: tuple[float, float, float, float]) -> list[tuple[int, int]]:
        c = self.CELL
        return [(i, j) for i in range(int(r[0] // c), int(r[2] // c) + 1)
                for j in range(int(r[1] // c), int(r[3] // c) + 1)]  # fmt: skip

    def append(self, r: tuple[float, float, float, float]) -> None:
        for key in self._cells(r):
            self.cells.setdefault(key, []).append(r)

    def free(self, r: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = r
        for key in self._cells(r):
            for t in self.cells.get(key, ()):
                if t[0] < x1 and t[2] > x0 and t[1] < y1 and t[3] > y0:
                    return False
        return True


class LabelLayer:
    """A pool of text items in the view box, placed anew once a pan or zoom settles."""

    def __init__(self, box) -> None:
        self.box = box
        self.items: list[QGraphicsSimpleTextItem] = []
        self._sizes: dict[tuple[str, str], tuple[float, float]] = {}  # (font, text): w, h
        self._looks: dict[int, tuple] = {}  # item index: what it shows now

    def _size(self, text: str, font: QFont) -> tuple[float, float]:
        key = (font.key(), text)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 20_000:
                self._sizes.clear()
            fm = QFontMetricsF(font)
            size = self._sizes[key] = (fm.horizontalAdvance(text) + 2, fm.height())
        return size

    def _show(self, i: int, text: str, font: QFont, color: QColor, x: float, y: float) -> None:
        """Item i shows `text` at view point (x, y); unchanged text, font and colour are not
        set again (a font set anew lays the text out again)."""
        item = self._item(i)
        look = (text, font.key(), color.rgba())
        if self._looks.get(i) != look:
            item.setText(text)
            item.setFont(font)
            item.setBrush(color)
            self._looks[i] = look
        item.setPos(x, y)
        item.show()

    def _item(self, i: int) -> QGraphicsSimpleTextItem:
        while len(self.items) <= i:
            item = QGraphicsSimpleTextItem()
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            item.setZValue(10)
            self.box.addItem(item, ignoreBounds=True)
            self.items.append(item)
        return self.items[i]

    def place(self, view: MapView) -> None:
        (x0, x1), (y0, y1) = self.box.viewRange()
        px, py = self.box.viewPixelSize()
        taken = _Boxes()  # pixel boxes taken, y down
        used = 0

        def to_px(x: float, y: float) -> tuple[float, float]:
            return (x - x0) / px, (y1 - y) / py

        free = taken.free

        def put(text: str, x: float, y: float, font: QFont, color: QColor, offsets) -> bool:
            nonlocal used
            w, h = self._size(text, font)
            cx, cy = to_px(x, y)
            for dx, dy in offsets(w, h):
                r = (cx + dx, cy + dy, cx + dx + w, cy + dy + h)
                if r[0] < 0 or r[1] < 0 or r[2] > self.box.width() or r[3] > self.box.height():
                    continue
                if free(r):
                    taken.append(r)
                    self._show(used, text, font, color, x + dx * px, y - dy * py)
                    used += 1
                    return True
            return False

        # markers first, so that no name covers one; then counts on them, then names
        lon, lat, count = view.lon, view.lat, view.count
        inside = np.flatnonzero((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
        if view.mode == "markers":
            radius = np.zeros(len(lon))
            radius[inside] = marker_size(count[inside]) / 2
            order = inside[np.argsort(-count[inside], kind="stable")][:MAX_PLACE_LABELS]
            for i in order:
                cx, cy = to_px(lon[i], lat[i])
                r = radius[i]
                taken.append((cx - r, cy - r, cx + r, cy + r))
            small = QFont()
            small.setPointSizeF(7.5)
            small.setBold(True)
            white = QColor("white")
            for i in order:
                if count[i] > 1:
                    text = str(int(count[i]))
                    w, h = self._size(text, small)
                    x, y = lon[i] - (w - 2) / 2 * px, lat[i] + h / 2 * py
                    self._show(used, text, small, white, x, y)
                    used += 1
            font = QFont()
            font.setPointSizeF(8.5)
            for i in order:
                r = radius[i]
                put(view.names[i], lon[i], lat[i], font, QColor(30, 30, 30),
                    lambda w, h, r=r: ((r + 2, -h / 2), (-w - r - 2, -h / 2),
                                       (-w / 2, -h - r), (-w / 2, r)))  # fmt: skip
        if view.basemap is not None:
            used = self._areas(view, put, used, (x0, x1, y0, y1))
        for item in self.items[used:]:
            item.hide()

    def _areas(self, view: MapView, put, used: int, box) -> int:
        """Province names when zoomed in, country names when zoomed out."""
        x0, x1, y0, y1 = box
        span = x1 - x0
        basemap = view.basemap
        assert basemap is not None  # (asked only with one)
        layers = []
        if span < 25:
            layers.append((basemap.provinces, 8.0, True, QColor(110, 110, 110)))
        if span > 6:
            layers.append((basemap.countries, 9.0, False, QColor(90, 90, 90)))
        placed = 0
        for layer, size, italic, color in layers:
            font = QFont()
            font.setPointSizeF(size)
            font.setItalic(italic)
            if not italic:
                font.setCapitalization(QFont.Capitalization.AllUppercase)
                font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
            lx, ly = layer.labels[:, 0], layer.labels[:, 1]
            inside = np.flatnonzero((lx >= x0) & (lx <= x1) & (ly >= y0) & (ly <= y1))
            boxes = layer.feature_boxes()[inside] if len(inside) else np.zeros((0, 4))
            # the largest first: their names matter more and have room
            order = inside[np.argsort(-(boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]))]
            px = self.box.viewPixelSize()[0]
            widths = dict(
                zip(inside.tolist(), ((boxes[:, 2] - boxes[:, 0]) / px).tolist(), strict=True)
            )
            for i in order[: 3 * MAX_AREA_LABELS]:
                name = str(layer.names[i])
                if not name or name == "None":
                    continue
                # a name far wider than its area would label the sea around an islet
                if widths[i] < 0.8 * self._size(name, font)[0]:
                    continue
                if put(name, lx[i], ly[i], font, color, lambda w, h: ((-w / 2, -h / 2),)):
                    used += 1
                    placed += 1
                    if placed >= MAX_AREA_LABELS:
                        return used
        return used


class ScaleBar(QWidget):
    """A bar of a round number of kilometres, true at the view's centre latitude."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.resize(160, 30)
        self.km, self.pixels = 0.0, 0.0

    def update_for(self, box) -> None:
        (x0, x1), (y0, y1) = box.viewRange()
        width = max(box.width(), 1.0)
        km_per_px = (x1 - x0) / width * geo.km_per_degree_lon((y0 + y1) / 2)
        self.km = geo.nice_distance(km_per_px * 120)
        self.pixels = self.km / km_per_px if km_per_px > 0 else 0.0
        self.update()

    def paintEvent(self, _event) -> None:
        if self.pixels <= 0:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(QRectF(0, 0, self.pixels + 12, 28), QColor(255, 255, 255, 170))
        p.setPen(QPen(QColor(40, 40, 40), 2))
        y = 22
        p.drawLine(6, y, int(6 + self.pixels), y)
        p.drawLine(6, y - 5, 6, y)
        p.drawLine(int(6 + self.pixels), y - 5, int(6 + self.pixels), y)
        km = f"{self.km:g} km"
        p.drawText(QRectF(6, 0, self.pixels, 18), Qt.AlignmentFlag.AlignCenter, km)
        p.end()
