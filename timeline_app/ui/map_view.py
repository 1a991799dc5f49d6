"""The map: the shipped basemap and the events shown, drawn from numpy arrays in a few items.

Items: land, lakes, rivers and borders are a handful of path items (provinces only once zoomed
in, and only those in view); the events are gathered per place into one scatter item (a sized
marker with a count), with a pale disc for places that stand for a whole province; when there
are more places than markers stay readable, a density image of events per pixel replaces them.
Labels (places, provinces, countries) are placed greedily so they never overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QLabel, QVBoxLayout, QWidget

from timeline_app.core import geo, geo_bins
from timeline_app.ui.i18n import tr
from timeline_app.ui.map_box import MapBox
from timeline_app.ui.map_labels import LabelLayer, ScaleBar, marker_size

MAX_MARKERS = 4000  # more places than this in view: a density image instead
# markers in view covering more than this share of the map hide each other (their numbers
# and colours unreadable): a density image instead, until a zoom leaves room
CROWDED = 0.5
PICK_PX = 10  # how near (pixels) the mouse must be to a marker to pick it
PROVINCE_SPAN = 40.0  # degrees of longitude in view below which province borders are drawn
GREY = QColor(110, 110, 110)  # a place whose events are in no lane shown


def _path_item(x: np.ndarray, y: np.ndarray, pen: QPen, brush=None) -> QGraphicsPathItem:
    item = QGraphicsPathItem(pg.arrayToQPath(x, y, connect="finite"))
    pen.setCosmetic(True)  # a line width in pixels, whatever the zoom
    item.setPen(pen)
    item.setBrush(brush if brush is not None else Qt.BrushStyle.NoBrush)
    return item


class MapView(QWidget):
    """Events on the map. Give it places with set_places; it says what the user points at."""

    placeClicked = Signal(int)  # place index (in the last set_places), or -1 for empty map
    placeHovered = Signal(int)  # place index, or -1
    rectSelected = Signal(QRectF)  # lon/lat rectangle dragged with Shift
    lassoSelected = Signal(object)  # lon/lat polygon drawn with Ctrl+Shift (or Alt)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.basemap: geo.Basemap | None = None
        self.box = MapBox()
        self.plot = pg.PlotWidget(self, viewBox=self.box)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setBackground(QColor(205, 222, 236))  # the sea
        self.plot.setAntialiasing(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.box.setAspectLocked(True, ratio=geo.aspect_ratio(0))
        self.box.setRange(xRange=(-20, 60), yRange=(-20, 40), padding=0)
        self.box.rectSelected.connect(self.rectSelected)
        self.box.lassoSelected.connect(self.lassoSelected)
        self._province_item: QGraphicsPathItem | None = None
        self._province_key: tuple = ()

        self.density = pg.ImageItem()
        self.density.setZValue(5)
        self.box.addItem(self.density, ignoreBounds=True)
        self.discs = pg.ScatterPlotItem(pxMode=False, pen=None)
        self.discs.setZValue(6)
        self.markers = pg.ScatterPlotItem(pxMode=True)
        self.markers.setZValue(8)
        self.chosen = pg.ScatterPlotItem(
            pxMode=True, size=26, brush=None, pen=pg.mkPen((220, 30, 30), width=3)
        )
        self.chosen.setZValue(9)
        for item in (self.discs, self.markers, self.chosen):
            self.box.addItem(item, ignoreBounds=True)
        self.labels = LabelLayer(self.box)
        self.scale_bar = ScaleBar(self)
        self.attribution = QLabel(tr("Basemap: Natural Earth"), self)
        self.attribution.setStyleSheet(
            "color: #333; background: rgba(255,255,255,170); padding: 1px 4px;"
        )

        # what set_places gave
        self.lon = self.lat = np.empty(0)
        self.count = np.empty(0, dtype=np.int64)
        self.names: Sequence[str] = []
        self.lanes = np.empty(0, dtype=np.int64)
        self.lane_colors: list[QColor] = []  # (not `palette`: QWidget.palette() is Qt's)
        self.regional = np.empty(0, dtype=bool)
        self.region_radius = np.empty(0)
        self.mode = "markers"
        self._grid: geo_bins.DensityGrid | None = None
        self._hovered = -1
        self._brushes: dict[tuple[int, int], QBrush] = {}
        self._pen = pg.mkPen(255, 255, 255, 230, width=1.2)

        self._later = QTimer(self, singleShot=True, interval=40)  # after a pan or zoom settles
        self._later.timeout.connect(self._view_settled)
        self.box.sigRangeChanged.connect(self._range_changed)
        scene = self.plot.scene()
        scene.sigMouseMoved.connect(self._hover)
        scene.sigMouseClicked.connect(self._clicked)

    # -- the basemap ---------------------------------------------------------------------

    def load_basemap(self) -> None:
        """Read the shipped basemap (once per process) and draw it."""
        if self.basemap is not None:
            return
        b = self.basemap = geo.load_basemap()
        border = QPen(QColor(120, 120, 120), 1.0)
        land = pg.mkBrush(244, 241, 232)
        # the countries at full detail, one item each (out of view, an item is not drawn);
        # zoomed out, one simplified item per level (every vertex of the world: 25 ms a frame)
        self._levels: list[tuple[float, list[QGraphicsPathItem]]] = [(0.0, [])]
        for f in range(len(b.countries)):
            item = _path_item(*b.countries.outline(np.array([f])), QPen(border), land)
            item.setZValue(-10)
            self.box.addItem(item, ignoreBounds=True)
            self._levels[0][1].append(item)
        for tolerance, layer in b.country_levels:
            item = _path_item(*layer.outline(), QPen(border), land)
            item.setZValue(-10)
            self.box.addItem(item, ignoreBounds=True)
            self._levels.append((tolerance, [item]))
        lakes = _path_item(
            *b.lakes.outline(), QPen(QColor(150, 180, 205), 1.0), pg.mkBrush(205, 222, 236)
        )
        rivers = _path_item(*b.rivers.outline(), QPen(QColor(150, 185, 215), 1.0))
        disputed = _path_item(
            *b.disputed.outline(), QPen(QColor(120, 120, 120), 1.0, Qt.PenStyle.DashLine)
        )
        for z, item in enumerate((lakes, rivers, disputed)):
            item.setZValue(-9 + z)
            self.box.addItem(item, ignoreBounds=True)
        self._level = -1
        self._pick_level()
        self._update_provinces()

    def _pick_level(self) -> None:
        """Show the countries at the detail a pixel can tell: the coarsest level whose
        tolerance is below a pixel."""
        if self.basemap is None:
            return
        px = self.box.viewPixelSize()[0]
        level = max(k for k, (tolerance, _items) in enumerate(self._levels) if tolerance <= px)
        if level != self._level:
            for k, (_tolerance, items) in enumerate(self._levels):
                for item in items:
                    item.setVisible(k == level)
            self._level = level

    def _update_provinces(self) -> None:
        """Province borders of what is in view, once zoomed in enough to tell them apart."""
        if self.basemap is None:
            return
        (x0, x1), (y0, y1) = self.box.viewRange()
        if x1 - x0 > PROVINCE_SPAN:
            if self._province_item is not None:
                self._province_item.hide()
            return
        boxes = self._feature_boxes()
        # a margin of a view's width, so that a small pan does not rebuild the path
        w, h = x1 - x0, y1 - y0
        key = (round(x0 / w), round(y0 / h), round(np.log2(w)))
        if key == self._province_key and self._province_item is not None:
            self._province_item.show()
            return
        self._province_key = key
        near = np.flatnonzero(
            (boxes[:, 2] >= x0 - w) & (boxes[:, 0] <= x1 + w)
            & (boxes[:, 3] >= y0 - h) & (boxes[:, 1] <= y1 + h)
        )  # fmt: skip
        if self._province_item is not None:
            self.box.removeItem(self._province_item)
        pen = QPen(QColor(175, 170, 160), 1.0)  # solid: dashes cost more to draw
        self._province_item = _path_item(*self.basemap.provinces.outline(near), pen)
        self._province_item.setZValue(-8.5)
        self.box.addItem(self._province_item, ignoreBounds=True)

    def province_radius(self, path: tuple[str, str, str]) -> float:
        """How far a regional place may be, in degrees: half its province's size if it names the
        province, else (an area within it: 'Sake–Goma axis') about 25 km."""
        if path[2] and path[2] != path[1]:
            return 0.22
        b = self.basemap
        i = b.province_index(path[1], path[0]) if b is not None and path[1] else None
        if i is None:
            return 0.5
        x0, y0, x1, y1 = self._feature_boxes()[i]
        return float(np.sqrt((x1 - x0) * (y1 - y0)) / 2)

    def _feature_boxes(self) -> np.ndarray:
        if not hasattr(self, "_boxes"):
            assert self.basemap is not None  # (_update_provinces returns without one)
            self._boxes = self.basemap.provinces.feature_boxes()
        return self._boxes

    # -- the events ----------------------------------------------------------------------

    def set_places(
        self,
        lon: np.ndarray,
        lat: np.ndarray,
        count: np.ndarray,
        names: Sequence[str],
        lanes: np.ndarray,
        palette: list[QColor],
        regional: np.ndarray,
        region_radius: np.ndarray,
    ) -> None:
        """The places to show: position, events at each, name, lane (its colour in `palette`;
        -1: grey), whether it stands for a whole province, and its radius in degrees."""
        self.lon, self.lat, self.count = lon, lat, count
        self.names, self.lanes, self.lane_colors = names, lanes, palette
        self.regional, self.region_radius = regional, region_radius
        self._hovered = -1
        self._draw_events()
        self._view_settled()

    def _mode_for_view(self) -> str:
        """Density when there are too many places to draw, or when the markers in view would
        cover much of the map; else markers."""
        if len(self.lon) > MAX_MARKERS:
            return "density"
        (x0, x1), (y0, y1) = self.box.viewRange()
        inside = (self.lon >= x0) & (self.lon <= x1) & (self.lat >= y0) & (self.lat <= y1)
        if not inside.any():
            return "markers"
        rect = self.box.boundingRect()
        if rect.width() < 50 or rect.height() < 50:  # not laid out yet: no crowding to judge
            return "markers"
        room = rect.width() * rect.height()
        covered = float(np.sum(marker_size(self.count[inside]) ** 2)) * np.pi / 4
        return "density" if covered > CROWDED * room else "markers"

    def _draw_events(self) -> None:
        self.mode = self._mode_for_view()
        if self.mode == "density":  # colours, names and sizes are not needed: not built
            self.markers.setData([])
            self.discs.setData([])
            self._grid = geo_bins.DensityGrid(self.lon, self.lat, self.count)
            self._draw_density()
            return
        self._grid = None
        self.density.clear()
        # the same brush, pen and a few sizes again and again: the scatter item renders each
        # distinct (size, pen, brush) once (it knows them by identity); a brush per place and
        # sizes in between rendered 10,000 symbols a filter change (200 ms)
        # (one brush per lane, picked by the lanes' numbers: no Python call per place)
        colors = [*self.lane_colors, GREY]
        lane = np.where((self.lanes >= 0) & (self.lanes < len(self.lane_colors)), self.lanes,
                        len(self.lane_colors))  # fmt: skip
        solid = np.array([self._brush(c) for c in colors], dtype=object)
        sizes = marker_size(self.count)
        self.markers.setData(x=self.lon, y=self.lat, size=sizes, brush=solid[lane], pen=self._pen)
        r = np.flatnonzero(self.regional)
        pale = np.array([self._brush(c, 45) for c in colors], dtype=object)[lane[r]]
        self.discs.setData(x=self.lon[r], y=self.lat[r], size=2 * self.region_radius[r], brush=pale)

    def _brush(self, color: QColor, alpha: int = 255) -> QBrush:
        key = (color.rgb(), alpha)
        brush = self._brushes.get(key)
        if brush is None:
            c = QColor(color)
            c.setAlpha(alpha)
            brush = self._brushes[key] = pg.mkBrush(c)
        return brush

    def _draw_density(self) -> None:
        """Events per 4 × 4 screen pixels over the view, as a colour ramp (from the grid
        built at the last set_places)."""
        (x0, x1), (y0, y1) = self.box.viewRange()
        if self._grid is None or x1 <= x0 or y1 <= y0:
            return
        pixel = 4 * self.box.viewPixelSize()[0]
        if not np.isfinite(pixel) or pixel <= 0 or (x1 - x0) * (y1 - y0) / pixel**2 > 4e6:
            return  # a view not laid out yet: its pixels say nothing (a grid of 10^10 cells)
        grid, (gx0, gy0, gx1, gy1) = self._grid.view((x0, y0, x1, y1), pixel)
        levels = np.log1p(grid)
        top = max(float(levels.max()), 1e-9)
        rgba = np.zeros((*grid.shape, 4), dtype=np.ubyte)
        rgba[..., 0] = 200
        rgba[..., 1] = (120 * (1 - levels / top)).astype(np.ubyte)
        rgba[..., 2] = 30
        rgba[..., 3] = np.where(grid > 0, 90 + 165 * levels / top, 0).astype(np.ubyte)
        self.density.setImage(rgba, autoLevels=False)
        self.density.setRect(QRectF(gx0, gy0, gx1 - gx0, gy1 - gy0))

    def set_chosen(self, index: int | None) -> None:
        """Ring the place of the selected event (index into the places), or none."""
        if index is None or index < 0 or index >= len(self.lon):
            self.chosen.setData([])
        else:
            self.chosen.setData(x=[self.lon[index]], y=[self.lat[index]])

    # -- the view ------------------------------------------------------------------------

    def fit(self, lon: np.ndarray, lat: np.ndarray) -> None:
        """Show these points (the events shown), with a margin; the whole basemap if none."""
        ok = np.isfinite(lon) & np.isfinite(lat)
        if not ok.any():
            self.box.setRange(xRange=(-20, 60), yRange=(-20, 40), padding=0)
            return
        x0, x1 = float(lon[ok].min()), float(lon[ok].max())
        y0, y1 = float(lat[ok].min()), float(lat[ok].max())
        self.box.setAspectLocked(True, ratio=geo.aspect_ratio((y0 + y1) / 2))
        pad = max(0.4, 0.08 * max(x1 - x0, y1 - y0))
        self.box.setRange(xRange=(x0 - pad, x1 + pad), yRange=(y0 - pad, y1 + pad), padding=0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.attribution.adjustSize()
        self.attribution.move(
            self.width() - self.attribution.width() - 4,
            self.height() - self.attribution.height() - 4,
        )
        self.scale_bar.move(8, self.height() - self.scale_bar.height() - 6)

    def _range_changed(self, *_args) -> None:
        self.scale_bar.update_for(self.box)
        self._pick_level()
        self._later.start()

    def center_on(self, lon: float, lat: float, span: float) -> None:
        """Show at least `span` degrees of longitude around a point (the widget's shape
        decides the rest)."""
        self.box.setAspectLocked(True, ratio=geo.aspect_ratio(lat))
        self.box.setRange(xRange=(lon - span / 2, lon + span / 2),
                          yRange=(lat - span / 4, lat + span / 4), padding=0)  # fmt: skip

    def settle(self) -> None:
        """Draw now what otherwise waits for a pan or zoom to settle (a picture of the map
        is taken next)."""
        self._later.stop()
        self._view_settled()

    def _view_settled(self) -> None:
        """What depends on the zoom: province borders, the density image, the labels."""
        self._update_provinces()
        if self._mode_for_view() != self.mode:  # zoomed to room for markers, or out of it
            self._draw_events()
        elif self.mode == "density":
            self._draw_density()
        self.labels.place(self)

    # -- the mouse -----------------------------------------------------------------------

    def place_at(self, scene_pos: QPointF) -> int:
        """The place whose marker is under the scene point (nearest within a few pixels)."""
        if self.mode != "markers" or not len(self.lon):
            return -1  # a density image has no markers to pick
        if not self.box.sceneBoundingRect().contains(scene_pos):
            return -1
        p = self.box.mapSceneToView(scene_pos)
        px, py = self.box.viewPixelSize()
        d = np.hypot((self.lon - p.x()) / px, (self.lat - p.y()) / py)
        i = int(np.argmin(d))
        return i if d[i] <= PICK_PX + 4 * np.log2(max(self.count[i], 1)) ** 0.5 else -1

    def _hover(self, pos) -> None:
        i = self.place_at(pos)
        if i != self._hovered:  # said once per place entered or left, not per mouse move
            self._hovered = i
            self.placeHovered.emit(i)

    def leaveEvent(self, event) -> None:
        # the mouse left the map without passing over empty map first (it left from a place
        # at the edge, or quickly): what its hover marked on the timeline goes
        super().leaveEvent(event)
        if self._hovered != -1:
            self._hovered = -1
            self.placeHovered.emit(-1)

    def _clicked(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and not ev.double():
            self.placeClicked.emit(self.place_at(ev.scenePos()))

    def render_to(self, painter: QPainter, target: QRectF) -> None:
        self.plot.scene().render(painter, target, self.box.sceneBoundingRect())
