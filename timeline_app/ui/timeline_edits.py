"""Editing from the timeline itself: a double-click on empty space adds an event there (its
date, and the lane's actor, place or type, filled in), and a context menu on an event (edit,
delete, history, mark key) or on empty space (new event here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMenu

from timeline_app.core.dates import seconds_date
from timeline_app.core.lanes import PLACEHOLDERS, LaneMode, others_count
from timeline_app.ui.event_form import EventForm
from timeline_app.ui.i18n import tr

if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class TimelineEdits(_Window):
    """Mixed into MainWindow through EditActions (which gives new_event, edit_event, ...)."""

    def _timeline_editing(self) -> None:
        """Connect the timeline's double-click and context menu (the lane names keep theirs:
        window_lanes answers a right-click there)."""
        self.timeline.emptyDoubleClicked.connect(self.new_event_at)
        self.timeline.graphics.customContextMenuRequested.connect(self._timeline_menu)

    def new_event_at(self, seconds: float, lane: int = -1) -> EventForm | None:
        """The New event form with the day at `seconds` and what lane `lane` groups by."""
        if self.store.read_only:
            return None
        form = self.new_event()
        if form is None:
            return None
        form.start.setText(seconds_date(seconds).isoformat())
        layout = self.timeline.layout_
        label = layout.labels[lane] if layout is not None and 0 <= lane < len(layout.labels) else ""
        if not label or label in PLACEHOLDERS or others_count(label):
            return form  # "(no actor)", "Others (12 actors)", "All events": nothing to fill
        if self.lane_mode is LaneMode.ACTOR:
            form.actor_names[0].setText(label)
        elif self.lane_mode is LaneMode.TYPE:
            form.event_type.setCurrentText(label)
        elif self.lane_mode is LaneMode.LOCATION:
            # the lane is a province (or a country, for events without one): its country too
            ev = self.session.open_columns.events
            province = ev["admin1"].astype(str).to_numpy() == label
            if province.any():
                form.admin1.setText(label)
                form.country.setText(str(ev["country"].iat[int(np.argmax(province))]))
            else:
                form.country.setText(label)
        return form

    def _select_only(self, row: int) -> None:
        """Select the event, in the list too without the rows selected there before (bulk
        commands act on the list's selection)."""
        self.session.select(row)
        model = self.table_model
        pos = None if model is None else model.position_of(row)
        if model is not None and pos is not None:
            flags = QItemSelectionModel.SelectionFlag
            self.table.selectionModel().select(
                model.index(pos, 0), flags.ClearAndSelect | flags.Rows
            )

    def _timeline_menu(self, pos: QPoint) -> QMenu | None:
        """On an event: Edit, Delete, History, Mark key; on empty space: New event here."""
        t = self.timeline
        if self.lane_at(pos) is not None:  # a lane's name: its own menu (window_lanes)
            return None
        scene = t.graphics.mapToScene(pos)
        spot = t.spot_at_scene(scene)
        if spot is None:  # the axis, the overview strip
            return None
        row = t.event_at_scene(scene)
        menu = QMenu(self)
        menu.setObjectName("timeline_menu")
        writable = not self.store.read_only
        if row is None:
            action = menu.addAction(tr("New event here…"), lambda: self.new_event_at(*spot))
            action.setObjectName("new_here")
            action.setEnabled(writable and self.session.dataset is not None)
        else:
            self._select_only(row)  # the commands act on this event, and on it alone
            names = ("edit_event", "delete_event", "event_history")
            texts = (tr("&Edit…"), tr("&Delete…"), tr("&History…"))
            for name, text in zip(names, texts, strict=True):
                handler = getattr(self, name)
                action = menu.addAction(text, _without_arguments(handler))
                action.setObjectName(name)
                action.setEnabled(writable or name == "event_history")
            key = bool(self.session.open_columns.events["key"].iat[row])
            action = menu.addAction(tr("Unmark key") if key else tr("Mark key"),
                                    lambda: self.set_key(not key))  # fmt: skip
            action.setObjectName("mark_key")
            action.setEnabled(writable)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(QCursor.pos())
        self.timeline_menu = menu
        return menu


def _without_arguments(command: Callable[[], object]) -> Callable[[], object]:
    """`command`, called with no arguments (not with the `checked` that a menu may pass)."""
    return lambda: command()
