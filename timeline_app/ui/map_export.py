"""The map as an image (PNG, SVG or PDF): the events a set of filters shows, with a title, the
lanes' legend and the basemap's attribution. Used by `timeline-app export-map`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QPoint, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from timeline_app.core.columns import EventColumns
from timeline_app.core.lanes import LaneLayout
from timeline_app.ui.map_inset import show_places
from timeline_app.ui.map_places import place_index
from timeline_app.ui.map_view import MapView

FORMATS = (".png", ".svg", ".pdf")
LEGEND_MAX = 12  # lanes named in the legend; the rest are "…"


def map_for(
    columns: EventColumns, layout: LaneLayout, mask: np.ndarray, size: tuple[int, int]
) -> MapView:
    """An offscreen map of the events in `mask`, fitted to them."""
    view = MapView()
    view.resize(*size)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.show()
    view.load_basemap()
    ids = show_places(view, columns, layout, np.flatnonzero(mask))
    index = place_index(columns)
    view.fit(index.lon[ids], index.lat[ids])
    QApplication.processEvents()
    view.settle()  # labels and borders now, not after a timer
    return view


def paint_extras(painter: QPainter, width: int, title: str, layout: LaneLayout) -> None:
    """The title (top left) and the lanes' legend (top right), over the map."""
    font = QFont()
    font.setPointSizeF(13)
    font.setBold(True)
    painter.setFont(font)
    if title:
        box = painter.boundingRect(QRectF(12, 8, width - 24, 40), 0, title)
        painter.fillRect(box.adjusted(-6, -3, 6, 3), QColor(255, 255, 255, 200))
        painter.setPen(QColor(20, 20, 20))
        painter.drawText(box, 0, title)
    font.setBold(False)
    font.setPointSizeF(9)
    painter.setFont(font)
    names = list(zip(layout.labels, layout.colors, strict=True))[:LEGEND_MAX]
    if len(layout.labels) > LEGEND_MAX:
        names.append(("…", "#888888"))
    line = painter.fontMetrics().height() + 2
    text_w = max((painter.fontMetrics().horizontalAdvance(n) for n, _c in names), default=0)
    legend = QRectF(width - text_w - 44, 10, text_w + 34, line * len(names) + 8)
    painter.fillRect(legend, QColor(255, 255, 255, 210))
    for k, (name, color) in enumerate(names):
        y = legend.top() + 4 + k * line
        painter.setBrush(QColor(color))
        painter.setPen(QColor(255, 255, 255))
        painter.drawEllipse(QRectF(legend.left() + 6, y + line / 2 - 6, 12, 12))
        painter.setPen(QColor(30, 30, 30))
        painter.drawText(QRectF(legend.left() + 24, y, text_w + 6, line), 0, name)


def export_map(
    path: Path,
    columns: EventColumns,
    layout: LaneLayout,
    mask: np.ndarray,
    size: tuple[int, int],
    title: str = "",
) -> Path:
    """Write the map of the events in `mask` to `path` (its suffix says the format)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot write '{suffix}' (one of {', '.join(FORMATS)})")
    w, h = size
    view = map_for(columns, layout, mask, size)
    try:
        if suffix == ".png":
            image = QImage(w, h, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            _paint(painter, view, w, title, layout)
            if not image.save(str(path)):
                raise OSError(f"{path}: could not be written")
        elif suffix == ".svg":
            svg = QSvgGenerator()
            svg.setFileName(str(path))
            svg.setSize(QSize(w, h))
            svg.setViewBox(QRectF(0, 0, w, h))
            svg.setTitle(title or "Map")
            painter = QPainter(svg)
            _paint(painter, view, w, title, layout)
        else:
            pdf = QPdfWriter(str(path))
            pdf.setResolution(96)
            pdf.setPageSize(QPageSize(QSizeF(w * 0.75, h * 0.75), QPageSize.Unit.Point, "Map"))
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0))
            pdf.setTitle(title or "Map")
            painter = QPainter(pdf)
            _paint(painter, view, w, title, layout)
    finally:
        view.close()
        view.deleteLater()
    if not path.exists():
        raise OSError(f"{path}: could not be written")
    return path


def _paint(painter: QPainter, view: MapView, width: int, title: str, layout: LaneLayout) -> None:
    """Paint and end the painter, whatever happens (a painter left open on its device
    crashes the process when the device goes)."""
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.render(painter, QPoint(0, 0))  # the map with its scale bar and attribution
        paint_extras(painter, width, title, layout)
    finally:
        painter.end()
