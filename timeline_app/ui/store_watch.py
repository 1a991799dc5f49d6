"""The window notices what another program (the command line, another window) changes in its
store: a new or deleted dataset shows in the list at once; a change to the open dataset is
said in a bar above the timeline, with a Reload (nothing reloads under the user's hands).

SQLite's data_version, polled a few times a second, changes only when another connection
commits (microseconds to ask); the datasets' marks (store.change_marks) then say whether
anything the window shows changed: an index being built, a story saved by this window do not.
The window's own imports reload it themselves: while one runs, and once it has reloaded, the
marks are taken again, so nothing reloads twice.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from timeline_app.core.errors import StoreClosed, StoreError
from timeline_app.ui.i18n import tr
from timeline_app.ui.plain import plain_label

if TYPE_CHECKING:
    from timeline_app.ui.window_base import WindowBase

log = logging.getLogger(__name__)
POLL_MS = 400


class ReloadBar(QFrame):
    """A non-modal bar: what changed, Reload, Dismiss."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("reload_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = plain_label(parent=self)  # it names a dataset
        self.label.setWordWrap(True)
        self.reload = QPushButton(tr("Reload"), self)
        self.dismiss = QPushButton(tr("Dismiss"), self)
        self.dismiss.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.reload)
        row.addWidget(self.dismiss)
        self.hide()


class StoreWatch(QObject):
    def __init__(self, window: WindowBase, busy: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window, self.busy = window, busy  # busy: one of the window's imports runs
        self.store, self.session = window.store, window.session
        self.bar = ReloadBar(window)
        self.bar.reload.clicked.connect(self.reload)
        central = QWidget(window)  # the bar above the timeline
        box = QVBoxLayout(central)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.bar)
        timeline = window.takeCentralWidget()
        assert timeline is not None, "MainWindow sets it first"
        box.addWidget(timeline, 1)
        window.setCentralWidget(central)
        self.version: int | None = None
        self.marks: dict[str, tuple] = {}
        self.session.datasetChanged.connect(self.rebase)
        self.rebase()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def rebase(self) -> None:
        """The window shows the store as it is now (it has just read it)."""
        try:
            self.version, self.marks = self.store.data_version(), self.store.change_marks()
        except (sqlite3.Error, StoreError) as exc:  # busy, say: the next poll sees the change
            log.warning("cannot read the store's marks: %s", exc)
            self.version = None
        self.bar.hide()

    def poll(self) -> None:
        """Look whether another program changed the store; act on it if so."""
        if self.busy():  # our own import: the window reloads after it, then rebases
            return
        try:
            version = self.store.data_version()
            if version == self.version:
                return
            marks = self.store.change_marks()
        except (sqlite3.ProgrammingError, StoreClosed):  # the store is closed: the window goes
            self.timer.stop()
            return
        except (sqlite3.Error, StoreError) as exc:  # busy, the server away: try again later
            log.warning("cannot read the store's marks: %s", exc)
            return
        self.version, before = version, self.marks
        if marks == before:
            return
        self.marks = marks
        current = self.session.dataset
        if set(marks) != set(before):  # a dataset made or deleted: the list follows at once
            self.window._fill_dataset_box(current)
        if current is None and marks:  # an empty store's first dataset: nothing to lose
            self.reload()
        elif current is not None and current not in marks:
            said = tr("The dataset '{name}' was deleted by another program.")
            self._say(said.format(name=current), tr("Show another"))
        elif current is not None and marks[current] != before.get(current):
            said = tr("The dataset '{name}' was changed by another program (an import?). "
                      "What you see is as it was.")  # fmt: skip
            self._say(said.format(name=current), tr("Reload"))

    def _say(self, text: str, action: str) -> None:
        self.bar.label.setText(text)
        self.bar.reload.setText(action)
        self.bar.show()

    def reload(self) -> None:
        """Show the open dataset as it is now, with its filters and selection; another if
        it is gone."""
        s = self.session
        names = [d.name for d in self.store.datasets()]
        uid = str(s.open_columns.uids[s.selected]) if s.selected is not None else None
        if s.dataset in names:
            with self.window.timeline.kept_view():  # the same stretch of time, not the first view
                s.reload()
        else:
            s.open_dataset(self.store.default_dataset())
        self.window._fill_dataset_box(s.dataset)
        if uid is not None and s.columns is not None:
            s.select(s.columns.row_of(uid))
