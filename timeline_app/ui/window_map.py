"""The window's map dock (View → Map), linked both ways with the timeline.

The map shows the events the filters show, within the timeline's visible time range (or all of
them, a tick in the dock's bar). Hovering a place marks its events' times on the timeline;
clicking it filters to it (the place tree ticks it) and selects its first event, which fills the
card; Shift+drag filters to the places inside the rectangle, Ctrl+Shift+drag (or Alt+drag)
to those inside the lasso drawn; clicking the empty map clears the
place filter. Selecting an event anywhere rings its place on the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core import geo
from timeline_app.core.columns import EventColumns
from timeline_app.core.dates import DAY_SECONDS
from timeline_app.ui.i18n import tr
from timeline_app.ui.map_places import (
    PlaceIndex,
    PlaceNames,
    place_counts,
    place_index,
    place_lanes,
)
from timeline_app.ui.map_playback import Playback, playback_controls
from timeline_app.ui.map_view import MAX_MARKERS, MapView

if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class MapPanel(QWidget):
    """The dock's content: a bar (fit, all events) over the map."""

    window_length: QComboBox  # the playback's window (not `window`: QWidget.window() is Qt's)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = MapView(self)
        self.fit_button = QPushButton(tr("Fit to events shown"), self)
        self.all_times = QCheckBox(tr("All dates"), self)
        self.all_times.setToolTip(
            tr("Every event the filters show, not only those in the timeline's period")
        )
        self.play, self.window_length, self.speed = playback_controls(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.all_times)
        bar.addStretch(1)
        for widget in (self.play, self.window_length, self.speed):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def sizeHint(self) -> QSize:
        # what the dock first takes below the timeline: room enough to read the map
        return QSize(640, 340)


class MapActions(_Window):
    """Mixin for MainWindow: the map dock and its links (uses session, timeline, card)."""

    def _map_setup(self) -> QDockWidget:
        self.map_panel = MapPanel(self)
        self.map_view = self.map_panel.view
        dock = QDockWidget(tr("Map"), self)
        dock.setObjectName("map")
        dock.setWidget(self.map_panel)
        # the side docks keep the window's full height: the map, below, takes the timeline's
        corner, area = Qt.Corner, Qt.DockWidgetArea
        self.setCorner(corner.BottomLeftCorner, area.LeftDockWidgetArea)
        self.setCorner(corner.BottomRightCorner, area.RightDockWidgetArea)
        self.addDockWidget(area.BottomDockWidgetArea, dock)
        dock.hide()  # opened from View → Map; the basemap is read only then
        self.map_dock = dock
        self._map_places: np.ndarray = np.empty(0, dtype=np.int64)  # place ids drawn
        self._map_fitted = False
        self._map_timer = QTimer(self, singleShot=True, interval=60)  # the timeline pans
        self._map_timer.timeout.connect(self.map_refresh)
        self._hover_marks = pg.PlotCurveItem(pen=pg.mkPen(220, 30, 30, 160, width=2))
        self._hover_marks.setZValue(50)
        self.timeline.vb.addItem(self._hover_marks, ignoreBounds=True)
        dock.visibilityChanged.connect(self._map_shown)
        self.session.datasetChanged.connect(self._map_dataset)
        self.session.selectionChanged.connect(self._map_selected)
        self.timeline.rangeChanged.connect(self._map_time_moved)
        self.map_panel.fit_button.clicked.connect(self.map_fit)
        self.map_panel.all_times.toggled.connect(lambda _on: self.map_refresh())
        self.map_view.placeClicked.connect(self._map_place_clicked)
        self.map_view.placeHovered.connect(self._map_place_hovered)
        self.map_view.rectSelected.connect(self._map_rect)
        self.map_view.lassoSelected.connect(self._map_lasso)
        self.playback = Playback(self)
        self.playback.stepped.connect(self._map_play_step)
        self.playback.finished.connect(lambda: self.map_panel.play.setChecked(False))
        self.map_panel.play.toggled.connect(self._map_play)
        return dock

    # -- what the map shows --------------------------------------------------------------

    def _map_index(self) -> PlaceIndex:
        s = self.session

        def precision_of(row: int) -> str:
            event = s.event_at(row)
            return "" if event is None else event.location.precision.value

        return place_index(s.open_columns, precision_of)

    def _map_shown(self, visible: bool) -> None:
        if not visible:
            return
        first = self.map_view.basemap is None
        self.map_view.load_basemap()
        self.map_refresh()
        if first or not self._map_fitted:
            QTimer.singleShot(0, self.map_fit)  # once the dock has its size

    def _map_dataset(self) -> None:
        self._map_fitted = False
        self.map_refresh()
        if self.map_dock.isVisible():
            self.map_fit()

    def _map_time_moved(self, *_args) -> None:
        if self.map_dock.isVisible() and not self.map_panel.all_times.isChecked():
            self._map_timer.start()

    def map_rows(self) -> np.ndarray:
        """Rows the map shows: those the filters show, within the timeline's period unless
        the dock says all."""
        s = self.session
        if s.columns is None:
            return np.empty(0, dtype=np.int64)
        mask = s.mask
        if not self.map_panel.all_times.isChecked() and s.total:
            x0, x1 = self.timeline.x_range()
            ev = s.columns.events
            mask = mask & (ev["start_ts"].to_numpy() <= x1) & (ev["end_ts"].to_numpy() >= x0)
        return np.flatnonzero(mask)

    def map_refresh(self) -> None:
        if not self.map_dock.isVisible() or self.map_view.basemap is None:
            return
        cols = self.session.columns
        if cols is None:
            self._map_places = np.empty(0, dtype=np.int64)
            self.map_view.set_places(*self._map_empty())
            return
        index = self._map_index()
        rows = self.map_rows()
        ids, counts = place_counts(index, rows)
        self._map_places = ids
        lanes, palette = self._map_lanes(cols, index, rows, ids)
        radius = np.zeros(len(ids))
        for k in np.flatnonzero(index.regional[ids]):  # a few places at most
            radius[k] = self.map_view.province_radius(index.paths[ids[k]])
        self.map_view.set_places(
            index.lon[ids],
            index.lat[ids],
            counts,
            PlaceNames(index.paths, ids),
            lanes,
            palette,
            index.regional[ids],
            radius,
        )
        self._map_selected(self.session.selected)

    def _map_empty(self):
        e = np.empty(0)
        none = np.empty(0, dtype=np.int64)
        return e, e, none, [], none, [], np.empty(0, dtype=bool), e

    def _map_lanes(
        self, cols: EventColumns, index: PlaceIndex, rows: np.ndarray, ids: np.ndarray
    ) -> tuple[np.ndarray, list[QColor]]:
        """Each place's lane, the one most of its events shown are in (-1: none shown in a
        lane), and the lanes' colours. Only for as many places as get a marker: a density
        image has no colours."""
        layout = self.timeline.layout_
        none = np.full(len(ids), -1, dtype=np.int64)
        if self.timeline.columns is not cols:  # the timeline shows the dataset before: its
            return none, []  # layout is laid out again next, and the map with it (_relayout)
        if layout is None or not len(layout.event) or len(ids) > MAX_MARKERS:
            return none, []
        return place_lanes(cols, layout, index, rows, ids), [QColor(c) for c in layout.colors]

    def map_fit(self) -> None:
        """Zoom the map to the events it shows."""
        index = self._map_index() if self.session.columns is not None else None
        if index is None or not len(self._map_places):
            self.map_view.fit(np.empty(0), np.empty(0))
            return
        self._map_fitted = True
        ids = self._map_places
        self.map_view.fit(index.lon[ids], index.lat[ids])

    # -- playback ------------------------------------------------------------------------

    def _map_play(self, on: bool) -> None:
        """Play (or pause) a window sliding over the events shown."""
        panel, s = self.map_panel, self.session
        panel.play.setText(tr("Pause") if on else tr("Play"))
        if not on:
            self.playback.stop()
            return
        rows = s.shown_rows if s.columns is not None else np.empty(0, dtype=np.intp)
        if s.columns is None or not len(rows):
            panel.play.setChecked(False)
            return
        ev = s.columns.events
        panel.all_times.setChecked(False)  # the map shows the window
        self.playback.window = panel.window_length.currentData() * DAY_SECONDS
        self.playback.speed = panel.speed.currentData() * DAY_SECONDS
        lo = float(ev["start_ts"].to_numpy()[rows].min())
        hi = float(ev["end_ts"].to_numpy()[rows].max())
        self.playback.start(lo, hi, self.timeline.x_range()[0])

    def _map_play_step(self, x0: float, x1: float) -> None:
        self.timeline.move_to(x0, x1)  # as if the user had moved it: a resize keeps it
        self._map_timer.stop()
        self.map_refresh()  # now, not after the pause a pan by hand waits for

    # -- links ---------------------------------------------------------------------------

    def _map_selected(self, row: int | None) -> None:
        cols = self.session.columns
        if not self.map_dock.isVisible() or cols is None or row is None:
            self.map_view.set_chosen(None)
            return
        place = int(self._map_index().of_event[row])
        hit = np.flatnonzero(self._map_places == place)
        self.map_view.set_chosen(int(hit[0]) if len(hit) else None)

    def _map_place_rows(self, i: int) -> np.ndarray:
        index = self._map_index()
        rows = self.map_rows()
        return rows[index.of_event[rows] == self._map_places[i]]

    def _map_place_hovered(self, i: int) -> None:
        """Mark the times of the hovered place's events on the timeline; say what it is."""
        if i < 0 or self.session.columns is None:
            self._hover_marks.setData([], [])
            QToolTip.hideText()
            return
        rows = self._map_place_rows(i)
        t = self.session.columns.events["start_ts"].to_numpy()[rows].astype(np.float64)
        _, (y0, y1) = self.timeline.vb.viewRange()
        self._hover_marks.setData(np.repeat(t, 2), np.tile([y0, y1], len(t)), connect="pairs")
        path = self._map_index().paths[self._map_places[i]]
        where = ", ".join(p for p in (path[2], path[1], path[0]) if p)
        text = tr("{place}: %n event(s)", "", len(rows)).format(place=where)
        QToolTip.showText(QCursor.pos(), text, self.map_view)

    def _map_place_clicked(self, i: int) -> None:
        """A place: filter to it and select its first event. The empty map: no place filter."""
        s = self.session
        if s.columns is None:
            return
        if i < 0:
            if s.state.places:
                s.set_filters(s.state.with_(places=frozenset()))
            return
        rows = self._map_place_rows(i)
        path = self._map_index().paths[self._map_places[i]]
        s.set_filters(s.state.with_(places=frozenset({self._filter_path(path)})))
        if len(rows):
            s.select(int(rows[0]))

    def _map_rect(self, rect: QRectF) -> None:
        """Shift+drag: the place filter becomes exactly the places drawn inside."""
        self._map_select_inside(
            lambda lon, lat: (lon >= rect.left()) & (lon <= rect.right())
            & (lat >= rect.top()) & (lat <= rect.bottom())
        )  # fmt: skip

    def _map_lasso(self, polygon: np.ndarray) -> None:
        """Ctrl+Shift+drag (or Alt+drag): the place filter becomes exactly the places drawn
        inside the polygon."""
        self._map_select_inside(lambda lon, lat: geo.inside_polygon(lon, lat, polygon))

    def _map_select_inside(self, inside) -> None:
        """Filter to the places drawn for which `inside(lon, lat)` (arrays) is true."""
        s = self.session
        if s.columns is None:
            return
        index = self._map_index()
        ids = self._map_places
        chosen = ids[inside(index.lon[ids], index.lat[ids])]
        paths = frozenset(self._filter_path(index.paths[i]) for i in chosen)
        s.set_filters(s.state.with_(places=paths))

    @staticmethod
    def _filter_path(path: tuple[str, str, str]) -> tuple[str, ...]:
        """The place tree's node for a place: its levels down to the last one named (a place
        with no name of its own is its province's node)."""
        levels = list(path)
        while levels and not levels[-1]:
            levels.pop()
        return tuple(levels)
