"""What MainWindow's mixins (window_*.py) use of the window, declared once for the type
checker: the mixins derive from WindowBase only under TYPE_CHECKING (at run time, from
object), so that `self.session`, `self.store`, … are typed in them instead of unknown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QPoint, QSettings
    from PySide6.QtGui import QAction, QUndoGroup, QUndoStack
    from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QTableView

    from timeline_app.core.lane_control import LaneControl
    from timeline_app.core.lanes import LaneMode
    from timeline_app.core.model import Event
    from timeline_app.core.store import Store
    from timeline_app.ui.briefing_runner import BriefingRunner
    from timeline_app.ui.event_card import EventCard
    from timeline_app.ui.event_form import EventForm
    from timeline_app.ui.event_table import EventTableModel
    from timeline_app.ui.filter_panel import FilterPanel
    from timeline_app.ui.import_runner import ImportRunner
    from timeline_app.ui.presentation import Presentation
    from timeline_app.ui.search_indexer import SearchIndexer
    from timeline_app.ui.session import Session
    from timeline_app.ui.store_watch import StoreWatch
    from timeline_app.ui.timeline_view import TimelineView
    from timeline_app.ui.window_edits import EventChange
    from timeline_app.ui.window_writes import StoreWrites


class WindowBase(QMainWindow):
    """MainWindow's parts, as MainWindow.__init__ makes them."""

    store: Store
    settings: QSettings
    session: Session  # holds the core view state: session.view
    timeline: TimelineView
    filter_panel: FilterPanel
    card: EventCard
    table: QTableView
    table_model: EventTableModel | None
    dataset_box: QComboBox
    lanes_box: QComboBox
    lane_mode: LaneMode
    actions_: dict[str, QAction]
    story_menu: QMenu
    status: QLabel
    importer: ImportRunner
    writes: StoreWrites
    watch: StoreWatch
    briefer: BriefingRunner
    indexer: SearchIndexer
    presentation: Presentation | None
    undo_group: QUndoGroup
    undo_stacks: dict[str, QUndoStack]  # by dataset

    # made by one part, used by others
    def _relayout(self, rows_changed: bool = True) -> None: ...
    def _remember_lanes(self, control: LaneControl, budget: str | int | None = None) -> None: ...
    def _update_status(self) -> None: ...
    def _selection_changed(self, row: int | None, pan: bool = True) -> None: ...
    def _fill_dataset_box(self, current: str | None) -> None: ...
    def map_refresh(self) -> None: ...
    def _show_after(self, uids: list[str], patch: bool = True) -> None: ...
    def _write(self, write: Callable[[], str | list[str] | None]) -> None: ...
    def _push(self, change: EventChange) -> None: ...
    def selected_events(self) -> list[Event]:
        raise NotImplementedError  # window_bulk.py

    def set_key(self, on: bool = True) -> bool:
        raise NotImplementedError  # window_bulk.py

    def new_event(self) -> EventForm | None: ...
    def lane_at(self, pos: QPoint) -> str | None: ...
