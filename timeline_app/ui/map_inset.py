"""The map of one step: the events shown on the basemap, centred on the step's place, which is
ringed. A briefing slide carries it as an inset (with a legend and the attribution on the
image); a presentation shows it beside each step's card."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication

from timeline_app.core.columns import EventColumns
from timeline_app.core.lanes import LaneLayout
from timeline_app.ui.i18n import lane_text, tr
from timeline_app.ui.map_places import PlaceNames, place_counts, place_index, place_lanes
from timeline_app.ui.map_view import MapView

SPAN = 6.0  # degrees of longitude around a step's place: the Kivus, or all of Qatar
LEGEND_LANES = 4  # lanes named in an inset's legend (those of the markers in view)


def show_places(
    view: MapView, columns: EventColumns, layout: LaneLayout, rows: np.ndarray
) -> np.ndarray:
    """Give `view` the places of these event rows, each in its lane's colour; the place ids
    drawn (for `focus`)."""
    index = place_index(columns)
    ids, counts = place_counts(index, rows)
    regional = index.regional[ids]
    radius = np.zeros(len(ids))
    for k in np.flatnonzero(regional):  # a few places at most
        radius[k] = view.province_radius(index.paths[ids[k]])
    view.set_places(
        index.lon[ids], index.lat[ids], counts, PlaceNames(index.paths, ids),
        place_lanes(columns, layout, index, rows, ids), [QColor(c) for c in layout.colors],
        regional, radius,
    )  # fmt: skip
    return ids


def focus(view: MapView, columns: EventColumns, ids: np.ndarray, row: int) -> bool:
    """Centre the map on the event's place and ring it (`ids`: the places drawn, from
    show_places); False if it has no coordinates (the map then frames every place drawn)."""
    index = place_index(columns)
    place = int(index.of_event[row])
    hit = np.flatnonzero(ids == place) if place >= 0 else np.empty(0, dtype=np.int64)
    if not len(hit):
        view.set_chosen(None)
        view.fit(view.lon, view.lat)
        view.settle()
        return False
    view.set_chosen(int(hit[0]))
    view.center_on(float(index.lon[place]), float(index.lat[place]), SPAN)
    return True


class StepMaps:
    """One offscreen map for a deck's insets: the places once, then a picture per step."""

    def __init__(self, columns: EventColumns, layout: LaneLayout, rows: np.ndarray,
                 size: tuple[int, int]) -> None:  # fmt: skip
        self.columns, self.layout, self.size = columns, layout, size
        self.view = MapView()
        self.view.resize(*size)
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.view.show()
        self.view.load_basemap()
        QApplication.processEvents()
        self.ids = show_places(self.view, columns, layout, rows)

    def picture(self, row: int) -> QImage:
        """The map around the event's place, its legend and the attribution."""
        focus(self.view, self.columns, self.ids, row)
        QApplication.processEvents()  # the view's transform, before labels are placed
        self.view.settle()
        w, h = self.size
        image = QImage(w, h, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.view.render(painter, QPoint(0, 0))  # with its scale bar and attribution
            paint_legend(painter, self.view, self.layout)
            painter.setPen(QPen(QColor(150, 150, 150), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(0.5, 0.5, w - 1, h - 1))  # the inset's edge
        finally:
            painter.end()
        return image

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()


def legend_entries(view: MapView, layout: LaneLayout) -> list[tuple[str, QColor, bool]]:
    """The lanes of the markers in view (their colours), or the density ramp, and the ring:
    (text, colour, drawn as a ring)."""
    (x0, x1), (y0, y1) = view.box.viewRange()
    inside = (view.lon >= x0) & (view.lon <= x1) & (view.lat >= y0) & (view.lat <= y1)
    lanes = [k for k in dict.fromkeys(view.lanes[inside].tolist()) if 0 <= k < len(layout.labels)]
    entries = [(lane_text(layout.labels[k]), QColor(layout.colors[k]), False)
               for k in lanes[:LEGEND_LANES]]  # fmt: skip
    if len(lanes) > LEGEND_LANES:
        entries.append(("…", QColor("#888888"), False))
    if view.mode == "density":  # no markers drawn: the lanes' colours are not on the map
        entries = [(tr("Events (density)"), QColor(200, 60, 30), False)]
    if len(view.chosen.data):
        entries.append((tr("This step's place"), QColor(220, 30, 30), True))
    return entries


def paint_legend(painter: QPainter, view: MapView, layout: LaneLayout) -> None:
    """Top left: legend_entries, on a white box."""
    entries = legend_entries(view, layout)
    if not entries:
        return
    font = QFont()
    font.setPixelSize(12)
    painter.setFont(font)
    fm = QFontMetricsF(font)
    line = fm.height() + 3
    room = view.width() * 0.55
    names = [fm.elidedText(n, Qt.TextElideMode.ElideRight, room) for n, _c, _r in entries]
    text_w = max(fm.horizontalAdvance(n) for n in names)
    box = QRectF(6, 6, text_w + 32, line * len(entries) + 8)
    painter.fillRect(box, QColor(255, 255, 255, 225))
    for k, (name, (_n, color, ring)) in enumerate(zip(names, entries, strict=True)):
        y = box.top() + 4 + k * line
        dot = QRectF(box.left() + 6, y + line / 2 - 6, 12, 12)
        if ring:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(color, 2.5))
        else:
            painter.setBrush(color)
            painter.setPen(QColor(255, 255, 255))
        painter.drawEllipse(dot)
        painter.setPen(QColor(30, 30, 30))
        painter.drawText(QRectF(box.left() + 24, y, text_w + 6, line),
                         int(Qt.AlignmentFlag.AlignVCenter), name)  # fmt: skip
