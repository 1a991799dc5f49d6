"""The main window. For now: the dataset's events as a sortable list (the timeline comes next)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView

from timeline_app.core.store import Store
from timeline_app.ui.event_table import EventTableModel

APP_TITLE = "Timeline App"


class MainWindow(QMainWindow):
    def __init__(self, store: Store, dataset: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.dataset = dataset or store.default_dataset()
        self.resize(1200, 720)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)

        if self.dataset is None:
            self.setWindowTitle(APP_TITLE)
            self.setCentralWidget(
                QLabel("No datasets yet. Import one with: timeline-app import FILE", self)
            )
            self.statusBar().showMessage(f"Store: {store.path}")
            return

        self.setWindowTitle(f"{self.dataset} — {APP_TITLE}")
        columns = store.columns(self.dataset)
        self.table_model = EventTableModel(columns, self)
        self.table = QTableView(self)
        self.table.setModel(self.table_model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((130, 480, 220, 130)):
            self.table.setColumnWidth(col, width)
        self.setCentralWidget(self.table)

        ev = columns.events
        span = f"{ev['date_label'].iloc[0]} – {ev['date_label'].iloc[-1]}" if len(ev) else ""
        self.statusBar().showMessage(f"{len(ev)} events · {span}")
