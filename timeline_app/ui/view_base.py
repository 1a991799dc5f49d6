"""What TimelineView's mixins (view_lanes.py, view_range.py) use of the view, declared once for
the type checker: they derive from ViewBase only under TYPE_CHECKING (at run time, from
object), so that the layout and the items they read are typed in them, not unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QScrollBar

    from timeline_app.core.columns import EventColumns
    from timeline_app.core.lanes import LaneLayout
    from timeline_app.ui.timeline_item import EventsItem


class ViewBase(QWidget):
    """TimelineView's parts, as TimelineView.__init__ makes them."""

    rangeChanged: SignalInstance
    lane_px: float
    max_stretch: float
    graphics: pg.GraphicsLayoutWidget
    scroll: QScrollBar  # type: ignore[assignment]  # (TimelineView hides QWidget.scroll)
    lane_axis: pg.AxisItem
    plot: pg.PlotItem
    vb: pg.ViewBox
    items: EventsItem
    overview: pg.PlotItem
    region: pg.LinearRegionItem
    columns: EventColumns | None
    layout_: LaneLayout | None  # the lanes shown (the window's view state's layout)
    order: np.ndarray  # shown event rows, in time order
    selected: int | None

    def _set_lane_axis(self, labels: list[str]) -> None: ...
    def scroll_to_lanes(self, row: int) -> None: ...
