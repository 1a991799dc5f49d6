"""The main window: the timeline in the centre, filters and details in docks."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import QItemSelectionModel, QLocale, QSettings, Qt
from PySide6.QtGui import QActionGroup, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
)

from timeline_app.core.backend import StoreLocation
from timeline_app.core.dates import localize, seconds_day_text
from timeline_app.core.filters import FilterState
from timeline_app.core.lanes import LaneMode
from timeline_app.core.store import Store
from timeline_app.ui import appearance, i18n
from timeline_app.ui.actions import build_actions, submenu
from timeline_app.ui.briefing_runner import BriefingRunner
from timeline_app.ui.event_card import EventCard
from timeline_app.ui.event_table import EVENT_ROW_ROLE, EventTableModel, EventTableView
from timeline_app.ui.filter_panel import FilterPanel
from timeline_app.ui.i18n import LANGUAGES, QT_TR_NOOP, language, tr
from timeline_app.ui.import_runner import ImportRunner
from timeline_app.ui.plain import window_title
from timeline_app.ui.presentation import Presentation, steps_text, story_steps
from timeline_app.ui.search_indexer import SearchIndexer
from timeline_app.ui.session import Session
from timeline_app.ui.settings import open_settings
from timeline_app.ui.store_watch import StoreWatch
from timeline_app.ui.timeline_view import ZOOM_STEP, TimelineView
from timeline_app.ui.window_edits import EditActions
from timeline_app.ui.window_exports import ExportActions
from timeline_app.ui.window_imports import ImportActions
from timeline_app.ui.window_lanes import LaneActions
from timeline_app.ui.window_map import MapActions
from timeline_app.ui.window_size import clamp_to_screen, first_size
from timeline_app.ui.window_stories import StoryActions
from timeline_app.ui.window_sync import SyncActions
from timeline_app.ui.window_team import TeamActions
from timeline_app.ui.window_views import SavedViewActions
from timeline_app.ui.window_writes import StoreWrites

APP_TITLE = "Timeline App"
LANE_CHOICES = ((QT_TR_NOOP("Lanes: actors"), LaneMode.ACTOR),
                (QT_TR_NOOP("Lanes: places"), LaneMode.LOCATION),
                (QT_TR_NOOP("Lanes: event types"), LaneMode.TYPE),
                (QT_TR_NOOP("One lane"), LaneMode.NONE))  # fmt: skip


def about_text(store_path: StoreLocation) -> str:
    from timeline_app import __version__
    from timeline_app.core.paths import log_dir, settings_path

    return tr(
        "{app} {version}: an offline timeline of conflict events.\n\n"
        "Store: {store}\nSettings: {settings}\nLogs: {logs}\n\n"
        "The bundled Congo 2025 dataset is compiled from the news reports each event cites; "
        "those reports belong to their publishers. Data you import (ACLED, UCDP GED and others) "
        "stays under its provider's terms: ACLED's data is for attributed use under its terms "
        "of use, UCDP's under CC BY 4.0. Cite the sources shown on each event.\n\n"
        "Timeline App never uses the network: links open in your browser only when you click."
    ).format(app=APP_TITLE, version=__version__, store=store_path, settings=settings_path(),
             logs=log_dir())  # fmt: skip


class MainWindow(
    EditActions, ImportActions, ExportActions, StoryActions, LaneActions, MapActions,
    SavedViewActions, TeamActions, SyncActions, QMainWindow,
):  # fmt: skip
    def __init__(
        self, store: Store, dataset: str | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings or open_settings()
        self.session = Session(store, self)
        self.lane_mode = LaneMode.ACTOR
        self.presentation: Presentation | None = None
        self._pan_to_row = True  # the list's current row pans the timeline (_selection_changed)
        self.setAcceptDrops(not store.read_only)

        self.timeline = TimelineView(self)
        self.setCentralWidget(self.timeline)
        self.filter_panel = FilterPanel(self.session, self)
        self.card = EventCard(self)
        self.table = EventTableView(self)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table_model: EventTableModel | None = None
        details = QSplitter(Qt.Orientation.Vertical, self)
        details.addWidget(self.card)
        details.addWidget(self.table)
        details.setSizes([380, 420])
        area = Qt.DockWidgetArea
        docks = [
            self._dock(tr("Filters"), "filters", self.filter_panel, area.LeftDockWidgetArea),
            self._dock(tr("Details"), "details", details, area.RightDockWidgetArea),
        ]
        docks.append(self._map_setup())  # View → Map (ui/window_map.py)
        first_size(self)  # from the screen's free area

        toolbar = QToolBar(tr("Main"), self)
        toolbar.setObjectName("main_toolbar")
        self.addToolBar(toolbar)
        self.dataset_box = QComboBox(self)
        self.dataset_box.setToolTip(tr("Dataset"))
        self.dataset_box.setMinimumContentsLength(14)
        self.lanes_box = QComboBox(self)
        for text, mode in LANE_CHOICES:
            self.lanes_box.addItem(tr(text), mode.value)
        self.actions_, menus = build_actions(self, toolbar)
        self.story_menu = QMenu(tr("&Stories"), self)
        self.menuBar().insertMenu(menus["&Help"].menuAction(), self.story_menu)  # Help stays last
        self.story_menu.aboutToShow.connect(self._fill_story_menu)
        self._lanes_setup(before=self.story_menu)  # the Lanes menu, lanes following the room
        menus["&View"].addSeparator()
        self._views_setup(menus["&View"])  # View → Saved views
        menus["&View"].addSeparator()
        for dock in docks:  # a closed dock comes back from the View menu
            menus["&View"].addAction(dock.toggleViewAction())
        self._theme_menu(submenu(menus["&View"], tr("&Theme")))
        self._language_menu(submenu(menus["&View"], tr("&Language")))
        toolbar.insertWidget(toolbar.actions()[1], self.dataset_box)
        toolbar.insertWidget(toolbar.actions()[2], self.lanes_box)
        self.status = QLabel(self)
        self.statusBar().addPermanentWidget(self.status)

        self.session.datasetChanged.connect(self._dataset_changed)
        self.session.filtersChanged.connect(self._filters_changed)
        self.session.selectionChanged.connect(self._selection_changed)
        self.timeline.eventClicked.connect(self.session.select)
        self.timeline.rangeChanged.connect(self._range_changed)
        self.card.actorClicked.connect(
            lambda name: self.session.set_filters(
                self.session.state.with_(actors=frozenset({name}))
            )
        )
        self.card.placeClicked.connect(
            lambda path: self.session.set_filters(
                self.session.state.with_(places=frozenset({path}))
            )
        )
        self.importer = ImportRunner(self, store.path, self.settings)
        self.importFinished = self.importer.finished  # (dataset, summary)s, errors
        self.importFinished.connect(self._import_done)
        self.writes = StoreWrites(self, self.importer.running)
        busy = lambda: self.importer.running() or self._sync_running()  # noqa: E731
        self.watch = StoreWatch(self, busy)  # changes by other programs (not our own)
        self.briefer = BriefingRunner(self, store.path)
        self.briefer.finished.connect(self._briefing_done)
        self.indexer = SearchIndexer(store.path, self)
        self.statusBar().addPermanentWidget(self.indexer.label)
        self.indexer.finished.connect(self._indexed)

        self._setup_editing()  # new, edit, delete, undo (ui/window_edits.py)
        self._restore(dataset)
        self.dataset_box.currentTextChanged.connect(self._switch_dataset)
        self.lanes_box.currentIndexChanged.connect(self._lanes_changed)
        if store.read_only:  # every write is refused: say so where the commands are
            importing = self.actions_["import_files"]
            importing.setEnabled(False)
            importing.setToolTip(tr("The store is read-only: nothing can be imported into it"))
            self._say_read_only()
        elif store.search_pending():  # a large import's index is built after it
            self.indexer.start()

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- settings ------------------------------------------------------------------------

    def _restore(self, dataset: str | None) -> None:
        s = self.settings
        if geometry := s.value("window/geometry"):
            self.restoreGeometry(geometry)
        if state := s.value("window/state"):
            self.restoreState(state)
        clamp_to_screen(self)  # saved on a larger screen, perhaps
        self.set_theme(str(s.value("view/theme", "system")))
        mode = str(s.value("view/lanes", LaneMode.ACTOR.value))
        self.lane_mode = LaneMode(mode) if mode in set(LaneMode) else LaneMode.ACTOR
        self.lanes_box.setCurrentIndex([m for _, m in LANE_CHOICES].index(self.lane_mode))
        names = [d.name for d in self.store.datasets()]
        last = s.value("data/dataset")
        chosen = dataset or (last if last in names else self.store.default_dataset())
        filters = FilterState()
        if chosen == last:
            try:
                filters = FilterState.from_dict(json.loads(s.value("data/filters") or "{}"))
            except ValueError:
                filters = FilterState()
        self._fill_dataset_box(chosen)
        self.session.open_dataset(chosen, filters)

    def _save(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/lanes", self.lane_mode.value)
        s.setValue("data/dataset", self.session.dataset or "")
        s.setValue("data/filters", json.dumps(self.session.state.to_dict()))
        s.sync()

    def closeEvent(self, event) -> None:
        self._save()
        self.indexer.stop()
        self.briefer.stop()
        super().closeEvent(event)

    # -- reacting to the session ---------------------------------------------------------

    def _fill_dataset_box(self, current: str | None) -> None:
        self.dataset_box.blockSignals(True)
        self.dataset_box.clear()
        self.dataset_box.addItems([d.name for d in self.store.datasets()])
        if current:
            self.dataset_box.setCurrentText(current)
        self.dataset_box.blockSignals(False)

    def _dataset_changed(self) -> None:
        name, cols = self.session.dataset, self.session.columns
        self._load_lanes()  # the dataset's own lane choices, before its first layout
        title = f"{window_title(name)} — {APP_TITLE}" if name else APP_TITLE
        if self.store.read_only:
            title = tr("{title} (read-only)").format(title=title)
        self.setWindowTitle(title)
        if cols is None:
            self.table.setModel(None)
            self.table_model = None
            self.statusBar().showMessage(tr("No datasets yet: import a file (File → Import…)"))
            return
        self.table_model = EventTableModel(cols, self)
        self.table.setModel(self.table_model)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # the date column fits the dataset's longest date, with its swatch
        date_width = self.table_model.date_width(self.table.fontMetrics())
        for col, width in enumerate((date_width, 330, 170, 110)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._table_row_changed)

    def _filters_changed(self) -> None:
        self._relayout()

    def _selection_changed(self, row: int | None, pan: bool = True) -> None:
        """Show the session's selection; the list's current row follows and, as a click on
        it does, pans the timeline to the event unless `pan` is False (the selection put
        back after a filter change: the filter's range stays)."""
        self.timeline.set_selected(row)
        if row is None:
            self.card.show_event(None)
        else:
            self.card.show_event(self.session.event_at(row), self.session.status(row))
        if self.table_model is None:
            return
        selection = self.table.selectionModel()
        pos = None if row is None else self.table_model.position_of(row)
        if pos is None:
            selection.clearSelection()
            return
        index = self.table_model.index(pos, 0)
        if selection.currentIndex().row() != pos:
            self._pan_to_row = pan
            try:
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
            finally:
                self._pan_to_row = True
        self.table.scrollTo(index)

    def _table_row_changed(self, current, _previous) -> None:
        if current.isValid():
            row = current.data(EVENT_ROW_ROLE)
            self.session.select(row)
            if self._pan_to_row:
                self.timeline.center_on(row)

    def _update_status(self) -> None:
        s = self.session
        loc = QLocale()
        text = tr("{shown} of {total} events shown").format(
            shown=loc.toString(int(np.count_nonzero(s.mask))), total=loc.toString(s.total)
        )
        if s.total:
            x0, x1 = self.timeline.x_range()
            span = f"{seconds_day_text(x0)} – {seconds_day_text(x1)}"
            text += " · " + localize(span, language())
        self.status.setText(text)

    def _range_changed(self, *_) -> None:
        self.session.view.set_time_range(self.timeline.x_range())  # what a saved view keeps
        self._update_status()

    def _switch_dataset(self, name: str) -> None:
        if name and name != self.session.dataset:
            self.session.open_dataset(name)

    def _lanes_changed(self, index: int) -> None:
        self.lane_mode = LaneMode(self.lanes_box.itemData(index))
        self._load_lanes()
        self._relayout()

    # -- actions (names as declared in ui/actions.py) ------------------------------------

    # the Find action's; QWidget.find(id), a static look-up by window id, is not used here
    def find(self) -> None:  # type: ignore[override]
        dock = self.findChild(QDockWidget, "filters")
        assert dock is not None, "made in __init__"
        dock.show()
        self.filter_panel.text.setFocus()
        self.filter_panel.text.selectAll()

    def clear_filters(self) -> None:
        self.filter_panel.clear()  # its find boxes too

    def fit_all(self) -> None:
        self.timeline.fit_all()

    def zoom_in(self) -> None:
        self.timeline.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.timeline.zoom(1 / ZOOM_STEP)

    def _step(self, step: int) -> None:
        row = self.timeline.neighbour(step)
        if row is not None:
            self.session.select(row)
            self.timeline.center_on(row)

    def previous_event(self) -> None:
        self._step(-1)

    def next_event(self) -> None:
        self._step(+1)

    def present(self) -> Presentation | None:
        """Presentation mode over what the filters show; Esc comes back here as it was."""
        if self.session.columns is None or self.timeline.layout_ is None:
            return None
        steps = story_steps(self.session)
        if not steps.rows:
            self.statusBar().showMessage(tr("No events to present: clear the filters"), 5000)
            return None
        if why := steps_text(steps):  # seen when the presentation ends
            self.statusBar().showMessage(why, 30000)
        # the window's lanes, with the steps' own pinned: none of them is in "Others"
        layout = self.session.view.layout(pin_rows=steps.rows)
        self.presentation = Presentation(self.session, layout, steps.rows)
        self.presentation.show_on_screen()
        return self.presentation

    def about(self) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            tr("About {app}").format(app=APP_TITLE),
            about_text(self.store.path),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        return box

    def _theme_menu(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        self.theme_actions = {}
        for choice, text in appearance.CHOICES.items():
            action = menu.addAction(tr(text))
            action.setCheckable(True)
            action.triggered.connect(lambda _on=False, c=choice: self.set_theme(c))
            group.addAction(action)
            self.theme_actions[choice] = action
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _scheme: self.set_theme(self.theme_choice)
        )

    def _language_menu(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        current = str(self.settings.value(i18n.SETTING, "system"))
        for choice, text in LANGUAGES.items():
            action = menu.addAction(tr(text))
            action.setCheckable(True)
            action.setChecked(choice == current)
            action.triggered.connect(lambda _on=False, c=choice: self.set_language(c))
            group.addAction(action)

    def set_language(self, choice: str) -> None:
        """Remembered for the next start: every window text is built in one language."""
        self.settings.setValue(i18n.SETTING, choice)
        if i18n.resolve(choice) != i18n.language():
            # in the language chosen, as far as it can be said before the restart
            word = {"en": "Timeline App will be in English from its next start.",
                    "fr": "Timeline App sera en français à son prochain démarrage."}  # fmt: skip
            self.statusBar().showMessage(word[i18n.resolve(choice)], 15000)

    def set_theme(self, choice: str) -> None:
        """Light, dark, or as the system is; remembered."""
        self.theme_choice = choice if choice in appearance.CHOICES else "system"
        self.theme_actions[self.theme_choice].setChecked(True)
        self.timeline.set_theme(appearance.apply(self.theme_choice))
        self.settings.setValue("view/theme", self.theme_choice)

    def toggle_full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()
