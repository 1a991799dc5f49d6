"""The timeline widget: lanes of events over a date axis, with an overview strip below.

Mouse: the wheel zooms around the cursor, a drag pans, hovering shows a tooltip, a click
selects, a double-click zooms to the event. Keys: + and - zoom, F fits all, Left/Right go to
the previous/next event in time, Home/End to the first/last. Shift+wheel scrolls the lanes.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QScrollBar, QToolTip, QWidget

from timeline_app.core.columns import EventColumns
from timeline_app.core.dates import localize
from timeline_app.core.lanes import LaneLayout, is_full_layout
from timeline_app.core.model import place_label
from timeline_app.ui.date_axis import DateAxis
from timeline_app.ui.i18n import lane_text, language
from timeline_app.ui.themes import Theme
from timeline_app.ui.timeline_item import DAY, ROW_Y, EventsItem, Instances

MIN_LANE_PX = 46  # below this, lanes scroll instead of shrinking
MAX_LANE_STRETCH = 2.0  # lanes grow to fill the view up to twice that
MIN_WINDOW = 6 * 3600.0  # the deepest zoom: six hours across
ZOOM_STEP = 1.6


def _seconds(columns: EventColumns) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every event as floats, as the view draws them (converted once)."""
    if "view seconds" not in columns.memo:
        ev = columns.events
        columns.memo["view seconds"] = (
            ev["start_ts"].to_numpy().astype(np.float64),
            ev["end_ts"].to_numpy().astype(np.float64),
        )
    return columns.memo["view seconds"]


def _instances(columns: EventColumns, layout: LaneLayout) -> Instances:
    """What the events item draws, per instance. The unfiltered layout is kept by the lanes
    module; its instances are kept here (two million of them for a million events)."""
    cached = columns.memo.get("view instances")
    if cached is not None and cached[0] is layout:
        return cached[1]
    ev = columns.events
    rows = layout.event
    start, end = _seconds(columns)
    s, e = start[rows], end[rows]
    uncertain = ev["precision"].to_numpy()[rows] > 1
    instances = Instances(
        event=rows,
        start=s,
        end=e,
        y=(layout.lane + np.asarray(ROW_Y, dtype=np.float32)[layout.sub]).astype(np.float32),
        lane=layout.lane,
        sub=layout.sub,
        uncertain=uncertain,
        span=uncertain | (e - s > DAY),
        key=ev["key"].to_numpy()[rows],
        titles=columns.titles,
        colors=[QColor(c) for c in layout.colors],
        n_lanes=len(layout.labels),
    )
    if is_full_layout(columns, layout):
        columns.memo["view instances"] = (layout, instances)
    return instances


class TimelineView(QWidget):
    eventClicked = Signal(int)  # event row
    rangeChanged = Signal(float, float)  # visible [x0, x1] in Unix seconds

    def __init__(self, parent: QWidget | None = None, *, overview: bool = True) -> None:
        super().__init__(parent)
        self.lane_px = MIN_LANE_PX
        self.max_stretch = MAX_LANE_STRETCH
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        self.graphics.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll = QScrollBar(Qt.Orientation.Vertical, self)
        self.scroll.valueChanged.connect(self._scroll_lanes)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.graphics)
        box.addWidget(self.scroll)
        self.graphics.viewport().installEventFilter(self)

        self.lane_axis = pg.AxisItem("left")
        self.plot = self.graphics.addPlot(
            row=0, col=0, axisItems={"bottom": DateAxis(), "left": self.lane_axis}
        )
        self.vb = self.plot.getViewBox()
        self.vb.invertY(True)
        self.vb.setMouseEnabled(x=True, y=False)
        self.vb.setMenuEnabled(False)
        self.plot.hideButtons()
        self.items = EventsItem()
        self.plot.addItem(self.items)

        self.overview = self.graphics.addPlot(row=1, col=0, axisItems={"bottom": DateAxis()})
        self.overview.setMaximumHeight(90)
        self.overview.setMouseEnabled(x=False, y=False)
        self.overview.setMenuEnabled(False)
        self.overview.hideButtons()
        self.overview.getAxis("left").setTicks([[], []])
        self.density = pg.PlotCurveItem(
            np.array([0.0, 1.0]), np.array([0.0]), stepMode="center", fillLevel=0,
            brush=QColor(0, 114, 178, 90), pen=QColor(0, 114, 178),
        )  # fmt: skip
        self.overview.addItem(self.density)
        self.region = pg.LinearRegionItem(brush=QColor(0, 0, 0, 25), pen=QColor(60, 60, 60))
        self.region.setZValue(10)
        self.overview.addItem(self.region)
        if not overview:  # an exported image shows the main view only
            self.graphics.ci.removeItem(self.overview)

        for axis in (*map(self.plot.getAxis, ("left", "bottom")), self.overview.getAxis("bottom")):
            axis.setTextPen(QColor(40, 40, 40))
        # a bound method, not a lambda over self: PySide holds a slot strongly, so a lambda kept
        # the view alive until exit, where its deletion mid-teardown of the scene crashed
        self.vb.sigResized.connect(self._resized)
        self.vb.sigXRangeChanged.connect(self._main_range_changed)
        self.region.sigRegionChanged.connect(self._region_changed)
        self.graphics.scene().sigMouseMoved.connect(self._hover)
        self.graphics.scene().sigMouseClicked.connect(self._clicked)

        self.columns: EventColumns | None = None
        self.layout_: LaneLayout | None = None
        self.order = np.empty(0, dtype=np.int64)  # shown event rows, in time order
        self.selected: int | None = None
        self._extent = (0.0, 1.0)
        self._syncing = False

    # -- data ----------------------------------------------------------------------------

    def set_data(
        self, columns: EventColumns, layout: LaneLayout, *, keep_range: bool = True
    ) -> None:
        first_time = self.columns is not columns
        self.columns, self.layout_ = columns, layout
        ev = columns.events
        rows = layout.event
        start, end = _seconds(columns)
        self.items.set_data(_instances(columns, layout))
        self.items.set_selected(self.selected)
        shown = np.zeros(len(ev), dtype=bool)  # the events shown, in time order
        shown[rows] = True
        self.order = np.flatnonzero(shown)
        self._set_lane_axis(layout.labels)
        if len(start):
            lo, hi = float(start.min()), float(end.max())
            pad = max(0.03 * (hi - lo), DAY)
            self._extent = (lo - pad, hi + pad)
        self.vb.setLimits(
            xMin=self._extent[0] - (self._extent[1] - self._extent[0]),
            xMax=self._extent[1] + (self._extent[1] - self._extent[0]),
            minXRange=MIN_WINDOW,
        )
        self._update_overview(start[self.order], ev["key"].to_numpy()[self.order])
        if first_time:  # another dataset's lanes: from the top
            self.scroll.setValue(0)
        self._fit_lanes()
        if first_time or not keep_range:
            self.fit_key_events()

    def set_theme(self, theme: Theme) -> None:
        self.items.theme = theme
        self.graphics.setBackground(theme.background)
        for axis in (*map(self.plot.getAxis, ("left", "bottom")), self.overview.getAxis("bottom")):
            axis.setTextPen(QColor(theme.axis))
            axis.setPen(QColor(theme.axis))
        self.items.update()

    def set_scale(self, scale: float) -> None:
        """Everything drawn `scale` times bigger: markers, labels, axis text, lane height."""
        self.items.set_scale(scale)
        self.lane_px = MIN_LANE_PX * scale
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * scale)
        for axis in (self.lane_axis, self.plot.getAxis("bottom")):
            axis.setStyle(tickFont=font, tickTextOffset=int(5 * scale), tickLength=int(-5 * scale))
        self.plot.getAxis("bottom").setHeight(int(32 * scale))
        if self.layout_ is not None:
            self._set_lane_axis(self.layout_.labels)
        self._fit_lanes()

    def _set_lane_axis(self, labels: list[str]) -> None:
        labels = [lane_text(label) for label in labels]
        fm = QFontMetrics(self.lane_axis.style.get("tickFont") or self.font())
        width = max([fm.horizontalAdvance(label) for label in labels] + [40]) + 16
        width = int(min(width, 240 * self.items.scale))
        # pyqtgraph drops a tick label wider than its axis: long names ("Military Forces of
        # the Democratic Republic of Congo (2019-)") are elided to fit instead
        room = width - 16
        shown = [fm.elidedText(label, Qt.TextElideMode.ElideRight, room) for label in labels]
        self.lane_axis.setTicks([[(i + 0.5, label) for i, label in enumerate(shown)], []])
        self.lane_axis.setWidth(width)
        self.overview.getAxis("left").setWidth(width)

    def _update_overview(self, starts: np.ndarray, keys: np.ndarray) -> None:
        lo, hi = self._extent
        edges = np.linspace(lo, hi, 241)
        counts, _ = np.histogram(starts, bins=edges)
        self.density.setData(edges, counts.astype(float))
        self.overview.setXRange(lo, hi, padding=0)
        self.overview.setYRange(
            0, max(float(counts.max()) if len(counts) else 1.0, 1.0), padding=0.1
        )
        self.region.setBounds((lo, hi))

    # -- lanes scroll when there are more than fit ------------------------------------------

    def lanes_visible(self) -> float:
        """How many lanes tall the view is: whole lanes, none cut off; and with few lanes,
        not so tall that labels float far from their markers (the rest stays empty)."""
        height = max(self.vb.height(), 1.0)
        n = len(self.layout_.labels) if self.layout_ else 1
        fitting = min(n, max(height // self.lane_px, 1.0))
        return float(max(fitting, height / (self.max_stretch * self.lane_px)))

    def _resized(self, *_) -> None:
        self._fit_lanes()

    def _fit_lanes(self) -> None:
        n = len(self.layout_.labels) if self.layout_ else 1
        shown = self.lanes_visible()
        extra = max(int(np.ceil(n - shown)), 0) if shown < n else 0
        self.scroll.setVisible(extra > 0)
        self.scroll.setRange(0, extra)
        self.scroll.setPageStep(max(int(shown), 1))
        self._scroll_lanes(min(self.scroll.value(), extra))

    def _scroll_lanes(self, top: int) -> None:
        self.vb.setYRange(top, top + self.lanes_visible(), padding=0)

    # -- range ---------------------------------------------------------------------------

    def x_range(self) -> tuple[float, float]:
        (x0, x1), _ = self.vb.viewRange()
        return float(x0), float(x1)

    def set_x_range(self, x0: float, x1: float) -> None:
        self.vb.setXRange(x0, x1, padding=0)

    def fit_all(self) -> None:
        self.set_x_range(*self._extent)

    def fit_key_events(self) -> None:
        """Show the stretch from the first to the last key event: where the story is, with
        room to label each. Without two key events, show all."""
        ev = self.columns.events
        keys = self.order[ev["key"].to_numpy()[self.order]] if len(self.order) else self.order
        if len(keys) < 2:
            self.fit_all()
            return
        lo = float(ev["start_ts"].to_numpy()[keys].min())
        hi = float(ev["end_ts"].to_numpy()[keys].max())
        pad = max(0.1 * (hi - lo), 7 * DAY)
        self.set_x_range(lo - pad, hi + 3 * pad)  # labels run to the right: room for the last

    def zoom(self, factor: float, center: float | None = None) -> None:
        """factor > 1 zooms in."""
        x0, x1 = self.x_range()
        c = (x0 + x1) / 2 if center is None else center
        half = max((x1 - x0) / factor / 2, MIN_WINDOW / 2)
        self.set_x_range(c - half, c + half)

    def _main_range_changed(self, *_args) -> None:
        x0, x1 = self.x_range()
        if not self._syncing:
            self._syncing = True
            self.region.setRegion((x0, x1))
            self._syncing = False
        self.rangeChanged.emit(x0, x1)

    def _region_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        x0, x1 = self.region.getRegion()
        self.set_x_range(float(x0), float(x1))
        self._syncing = False

    # -- selection and navigation --------------------------------------------------------

    def set_selected(self, row: int | None) -> None:
        self.selected = row
        self.items.set_selected(row)

    def center_on(self, row: int) -> None:
        """Pan (never zoom out) so that the event is in view, with some margin."""
        if self.columns is None:
            return
        ev = self.columns.events
        s, e = float(ev["start_ts"].iat[row]), float(ev["end_ts"].iat[row])
        x0, x1 = self.x_range()
        width = x1 - x0
        if s < x0 + 0.1 * width or min(e, s + DAY) > x1 - 0.1 * width:
            mid = (s + min(e, s + width * 0.5)) / 2
            self.set_x_range(mid - width / 2, mid + width / 2)
        self.scroll_to_lanes(row)

    def scroll_to_lanes(self, row: int) -> None:
        """Scroll the lanes, if needed, so that one of the event's lanes is in view."""
        lanes = np.unique(self.layout_.lane[self.layout_.event == row]) if self.layout_ else []
        if len(lanes) and self.scroll.maximum() > 0:
            top = self.scroll.value()
            if not any(top <= ln < top + self.lanes_visible() - 0.5 for ln in lanes):
                self.scroll.setValue(int(lanes[0]))

    def zoom_to(self, row: int) -> None:
        ev = self.columns.events
        s, e = float(ev["start_ts"].iat[row]), float(ev["end_ts"].iat[row])
        half = max((e - s) * 0.8, 7 * DAY)
        mid = (s + e) / 2
        self.set_x_range(mid - half, mid + half)

    def neighbour(self, step: int) -> int | None:
        """The shown event `step` places after (or before) the selected one, in time order."""
        if not len(self.order):
            return None
        if self.selected is None or self.selected not in self.order:
            x0, x1 = self.x_range()
            starts = self.columns.events["start_ts"].to_numpy()[self.order]
            i = int(np.searchsorted(starts, (x0 + x1) / 2))
            i = i if step > 0 else i - 1
        else:
            i = int(np.searchsorted(self.order, self.selected)) + step
        return int(self.order[int(np.clip(i, 0, len(self.order) - 1))])

    def keyPressEvent(self, event) -> None:
        key = event.key()
        target = None
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_F:
            self.fit_all()
        elif key == Qt.Key.Key_Right:
            target = self.neighbour(+1)
        elif key == Qt.Key.Key_Left:
            target = self.neighbour(-1)
        elif key == Qt.Key.Key_Home and len(self.order):
            target = int(self.order[0])
        elif key == Qt.Key.Key_End and len(self.order):
            target = int(self.order[-1])
        else:
            super().keyPressEvent(event)
            return
        if target is not None:
            self.eventClicked.emit(target)
            self.center_on(target)
        event.accept()

    def eventFilter(self, watched, event) -> bool:
        """Shift+wheel scrolls the lanes. The wheel reaches the plot before this widget, and
        the plot zooms: it is caught on its way there."""
        if (
            event.type() == QEvent.Type.Wheel
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            delta = event.angleDelta()  # some systems turn Shift+wheel into a sideways wheel
            step = delta.y() or delta.x()
            if self.scroll.isVisible() and step:
                self.scroll.setValue(self.scroll.value() - int(np.sign(step)))
            return True
        return super().eventFilter(watched, event)

    # -- mouse ---------------------------------------------------------------------------

    def event_at_scene(self, pos) -> int | None:
        if not self.vb.sceneBoundingRect().contains(pos):
            return None
        point = self.vb.mapSceneToView(pos)
        px_w, px_h = self.vb.viewPixelSize()
        inst = self.items.instance_at(point.x(), point.y(), px_w, px_h)
        return None if inst is None else int(self.items.data.event[inst])

    def tooltip_text(self, row: int) -> str:
        ev = self.columns.events
        place = place_label(str(ev["place"].iat[row]), str(ev["admin1"].iat[row]),
                            str(ev["country"].iat[row]))  # fmt: skip
        lines = [
            f"<b>{html.escape(str(self.columns.titles[row]))}</b>",
            html.escape(
                " · ".join(
                    filter(None, [localize(str(ev["date_label"].iat[row]), language()), place])
                )
            ),
        ]
        return "<br>".join(lines)

    def _hover(self, pos) -> None:
        row = self.event_at_scene(pos)
        if row is None:
            QToolTip.hideText()
            self.graphics.setCursor(Qt.CursorShape.ArrowCursor)
        else:
            self.graphics.setCursor(Qt.CursorShape.PointingHandCursor)
            QToolTip.showText(QCursor.pos(), self.tooltip_text(row), self.graphics)

    def _clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        row = self.event_at_scene(ev.scenePos())
        self.setFocus()
        if row is None:
            return
        if ev.double():
            self.zoom_to(row)
        self.eventClicked.emit(row)
        ev.accept()
