"""The timeline widget: lanes of events over a date axis, with an overview strip below.

Mouse: the wheel zooms around the cursor, a drag pans, hovering shows a tooltip, a click
selects, a double-click zooms to the event (on empty space it asks the window for a new event
there). Keys: + and - zoom, F fits all, Left/Right go to the previous/next event in time,
Home/End to the first/last. Shift+wheel scrolls the lanes.
"""

from __future__ import annotations

import html
import weakref

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollBar, QToolTip, QWidget

from timeline_app.core.columns import EventColumns
from timeline_app.core.dates import localize
from timeline_app.core.filters import FilterState
from timeline_app.core.lanes import LaneLayout, is_full_layout
from timeline_app.core.model import place_label
from timeline_app.core.text import xml_text
from timeline_app.ui.date_axis import DateAxis
from timeline_app.ui.i18n import lane_text, language, tr
from timeline_app.ui.themes import Theme
from timeline_app.ui.timeline_item import DAY, ROW_Y, EventsItem, Instances
from timeline_app.ui.view_lanes import ViewLanes
from timeline_app.ui.view_range import ViewRange

MIN_LANE_PX = 46  # below this, lanes scroll instead of shrinking
MAX_LANE_STRETCH = float("inf")  # few lanes fill the view: their events stack in rows
ZOOM_STEP = 1.6
ROW_Y32 = np.asarray(ROW_Y, dtype=np.float32)


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
        # in float32 straight away: lane numbers are exact in it, and the sum is rounded once
        y=np.add(layout.lane, ROW_Y32[layout.sub], dtype=np.float32, casting="unsafe"),
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


def _shown(
    columns: EventColumns, layout: LaneLayout, edges: np.ndarray
) -> tuple[np.ndarray, tuple[float, float] | None, np.ndarray]:
    """The events `layout` shows (rows in time order, each once), from the start of the first
    to the end of the last (None: none), and the overview's counts of their starts in the
    bins `edges`. Kept with the instances of an unfiltered layout (a million rows: ~6 ms)."""
    cached = columns.memo.get("view shown")
    if cached is not None and cached[0] is layout and np.array_equal(cached[1], edges):
        return cached[2]
    start, end = _seconds(columns)
    shown = np.zeros(len(columns), dtype=bool)
    shown[layout.event] = True
    order = np.flatnonzero(shown)
    starts = start[order]
    extent = (float(starts.min()), float(end[order].max())) if len(order) else None
    found = (order, extent, _histogram(starts, edges))
    if is_full_layout(columns, layout):
        columns.memo["view shown"] = (layout, edges, found)
    return found


def _histogram(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """np.histogram(values, bins=edges)'s counts; by binary search when `values` are sorted
    (the events shown, in time order): ~0.3 ms for a million, where np.histogram took ~4."""
    if len(values) > 1 and (values[1:] < values[:-1]).any():
        return np.histogram(values, bins=edges)[0]
    # each bin [a, b); the last [a, b] (as np.histogram)
    at = np.searchsorted(values, edges, "left")
    at[-1] = np.searchsorted(values, edges[-1], "right")
    return np.diff(at)


class TimelineView(ViewLanes, ViewRange, QWidget):
    eventClicked = Signal(int)  # event row
    emptyDoubleClicked = Signal(float, int)  # where: Unix seconds, lane index (-1: none)
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
        # said over the lanes when the filters leave nothing: a blank view said nothing
        self.empty_note = QLabel(self.graphics)
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.empty_note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.empty_note.hide()

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
        if overview:  # in the window (not in an exported image): lanes grow with their rows
            # weakly: a bound method in the item's attributes kept the view alive until the
            # item's deletion, which then deleted the view and its scene mid-way (a crash)
            self.items.on_rows_wanted = weakref.WeakMethod(self._rows_wanted)
        self.plot.addItem(self.items)

        self.overview = self.graphics.addPlot(
            row=1, col=0, axisItems={"bottom": DateAxis(periods=False)}
        )
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

    # -- data ----------------------------------------------------------------------------

    def set_data(
        self,
        columns: EventColumns,
        layout: LaneLayout,
        *,
        keep_range: bool = True,
        filters: FilterState | None = None,
    ) -> None:
        """Show `layout`; the range follows (see view_range): `filters` for its dates."""
        first_time = self.columns is not columns
        self.columns, self.layout_ = columns, layout
        ev = columns.events
        rows = layout.event
        start, end = _seconds(columns)
        self.items.set_data(_instances(columns, layout))
        self.items.set_selected(self.selected)
        self._set_limits(start, end)  # the dataset's span: the overview's bins too
        edges = np.linspace(*self._span, 241)
        self.order, extent, counts = _shown(columns, layout, edges)
        self._set_lane_axis(layout.labels)
        self._set_extent(extent)
        self._update_overview(edges, counts)
        if first_time:  # another dataset's lanes: from the top
            self.scroll.setValue(0)
        # no event passes the filters (lanes hidden by hand say so in the status bar)
        self._show_empty(not len(rows) and len(ev) > 0 and not layout.hidden)
        self._fit_lanes()
        dates = (filters.start, filters.end) if filters is not None else (None, None)
        self.follow(first_time or not keep_range, dates)

    def _show_empty(self, empty: bool) -> None:
        if empty:
            self.empty_note.setText(
                "<p style='font-size: large'><b>{}</b></p><p>{}</p>".format(
                    html.escape(tr("No event matches these filters")),
                    html.escape(tr("Clear filters (Ctrl+Shift+X) to see every event again.")),
                )
            )
            self._place_empty_note()
        self.empty_note.setVisible(empty)

    def _place_empty_note(self) -> None:
        """Centred on the lanes' area."""
        area = self.vb.sceneBoundingRect().toRect()
        if area.width() < 50:
            area = self.graphics.rect()
        self.empty_note.setGeometry(area.adjusted(20, 0, -20, 0))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.empty_note.isVisible():
            self._place_empty_note()

    def set_theme(self, theme: Theme) -> None:
        self.items.theme = theme
        self.graphics.setBackground(theme.background)
        for axis in (*map(self.plot.getAxis, ("left", "bottom")), self.overview.getAxis("bottom")):
            axis.setTextPen(QColor(theme.axis))
            axis.setPen(QColor(theme.axis))
        self.empty_note.setStyleSheet(f"color: {QColor(theme.text).name()}")
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
        labels = [xml_text(lane_text(label)) for label in labels]  # drawn into SVG too
        fm = QFontMetrics(self.lane_axis.style.get("tickFont") or self.font())
        width = max([fm.horizontalAdvance(label) for label in labels] + [40]) + 16
        width = int(min(width, 240 * self.items.scale))
        # pyqtgraph drops a tick label wider than its axis: long names ("Military Forces of
        # the Democratic Republic of Congo (2019-)") are elided to fit instead
        # only names wider than the room: elidedText cut the widest name even when the room
        # was its exact width ("All eve…", "M23/A…")
        room = width - 16
        elide = Qt.TextElideMode.ElideRight
        shown = [
            label if fm.horizontalAdvance(label) <= room else fm.elidedText(label, elide, room)
            for label in labels
        ]
        mid = (self.items.offsets[:-1] + self.items.offsets[1:]) / 2  # lanes may be taller
        if len(mid) != len(shown):
            mid = np.arange(len(shown)) + 0.5
        ticks = [(float(m), label) for m, label in zip(mid, shown, strict=True)]
        self.lane_axis.setTicks([ticks, []])
        self.lane_axis.setWidth(width)
        self.overview.getAxis("left").setWidth(width)

    def _update_overview(self, edges: np.ndarray, counts: np.ndarray) -> None:
        """The events shown per bin of the whole dataset's span (the region shows where the
        view is in it)."""
        lo, hi = self._span
        self.density.setData(edges, counts.astype(float))
        self.overview.setXRange(lo, hi, padding=0)
        self.overview.setYRange(
            0, max(float(counts.max()) if len(counts) else 1.0, 1.0), padding=0.1
        )
        self.region.setBounds(self._limits)

    # -- lanes (their heights and scroll: view_lanes.py) ---------------------------------------

    def _resized(self, *_) -> None:
        self._fit_lanes()
        if self.empty_note.isVisible():
            self._place_empty_note()
        if self._auto_fit is not None:  # the first view, fitted to the view's new width
            self._auto_fit()

    # -- selection and navigation --------------------------------------------------------

    def set_selected(self, row: int | None) -> None:
        self.selected = row
        self.items.set_selected(row)

    def scroll_to_lanes(self, row: int) -> None:
        """Scroll the lanes, if needed, so that one of the event's lanes is in view."""
        layout = self.layout_
        lanes = np.unique(layout.lane[layout.event == row]) if layout else np.empty(0, np.int64)
        in_view = any(self.lane_in_view(int(ln)) for ln in lanes)
        if len(lanes) and self.scroll.maximum() > 0 and not in_view:
            self.scroll.setValue(int(lanes[0]))

    def neighbour(self, step: int) -> int | None:
        """The shown event `step` places after (or before) the selected one, in time order."""
        if not len(self.order):
            return None
        if self.selected is None or self.selected not in self.order:
            x0, x1 = self.x_range()
            assert self.columns is not None  # (set_data came first)
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
        if event.type() in (QEvent.Type.Wheel, QEvent.Type.MouseButtonPress):
            self._auto_fit = None  # the user moves the view: a resize no longer refits it
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

    def lane_index(self, y: float) -> int:
        """The lane at height `y` (view units), or -1 outside the lanes."""
        if self.layout_ is None:
            return -1
        i = int(np.searchsorted(self.items.offsets, y, side="right")) - 1
        return i if 0 <= i < len(self.layout_.labels) else -1

    def spot_at_scene(self, pos) -> tuple[float, int] | None:
        """The time (Unix seconds) and lane index at a scene position inside the lanes."""
        if self.layout_ is None or not self.vb.sceneBoundingRect().contains(pos):
            return None
        point = self.vb.mapSceneToView(pos)
        return float(point.x()), self.lane_index(point.y())

    def tooltip_text(self, row: int) -> str:
        assert self.columns is not None  # (set_data came first)
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
            spot = self.spot_at_scene(ev.scenePos()) if ev.double() else None
            if spot is not None:  # on empty space: a new event there (the window's form)
                self.emptyDoubleClicked.emit(*spot)
                ev.accept()
            return
        if ev.double():
            self.zoom_to(row)
        self.eventClicked.emit(row)
        ev.accept()
