"""The map's view box: a drag pans, Shift+drag draws a selection rectangle, Ctrl+Shift+drag
(or Alt+drag) a lasso; each says the area drawn, in lon/lat, once the mouse is released."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem


def lasso_keys(modifiers) -> bool:
    """Ctrl+Shift (or Alt, where the desktop leaves Alt+drag to the program) draws a lasso."""
    mod = Qt.KeyboardModifier
    both = mod.ControlModifier | mod.ShiftModifier
    return (modifiers & both) == both or bool(modifiers & mod.AltModifier)


class MapBox(pg.ViewBox):
    """A view box where Shift+drag draws a selection rectangle, and Ctrl+Shift+drag (or
    Alt+drag) a lasso, instead of panning."""

    rectSelected = Signal(QRectF)
    lassoSelected = Signal(object)  # the polygon drawn: an (n, 2) array of lon, lat

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        pen = pg.mkPen((40, 90, 200), width=1, style=Qt.PenStyle.DashLine)
        self._band = QGraphicsRectItem()
        self._lasso = QGraphicsPathItem()
        for item in (self._band, self._lasso):
            item.setPen(pen)
            item.setBrush(pg.mkBrush(40, 90, 200, 40))
            item.hide()
            self.addItem(item, ignoreBounds=True)
        self._points: list[tuple[float, float]] = []

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and lasso_keys(ev.modifiers()):
            ev.accept()
            self._lasso_drag(ev)
            return
        if ev.button() == Qt.MouseButton.LeftButton and (
            ev.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            ev.accept()
            a, b = self.mapToView(ev.buttonDownPos()), self.mapToView(ev.pos())
            rect = QRectF(a, b).normalized()
            self._band.setRect(rect)
            self._band.setVisible(not ev.isFinish())
            if ev.isFinish():
                self.rectSelected.emit(rect)
            return
        super().mouseDragEvent(ev, axis)

    def _lasso_drag(self, ev) -> None:
        """A point of the polygon each time the mouse has moved a few pixels."""
        if ev.isStart() or not self._points:
            p = self.mapToView(ev.buttonDownPos())
            self._points = [(p.x(), p.y())]
        p = self.mapToView(ev.pos())
        last = self.mapViewToDevice(QPointF(*self._points[-1]))
        here = self.mapViewToDevice(p)
        if last is None or here is None or (here - last).manhattanLength() >= 3:
            self._points.append((p.x(), p.y()))
        xy = np.array(self._points)
        path = pg.arrayToQPath(np.append(xy[:, 0], xy[0, 0]), np.append(xy[:, 1], xy[0, 1]))
        self._lasso.setPath(path)
        self._lasso.setVisible(not ev.isFinish())
        if ev.isFinish():
            self._points = []
            if len(xy) >= 3:
                self.lassoSelected.emit(xy)
