"""Building the search index in the background after a large import (see core/search_index).

The window stays usable meanwhile, and its search scans what is not indexed yet; the status
bar shows how far the index is. A child process builds it chunk by chunk (background.py);
closing the window stops it after the current chunk, and the next start goes on.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from timeline_app import background
from timeline_app.core import search_index
from timeline_app.core.backend import StoreLocation
from timeline_app.ui.child_pipe import ChildPipe
from timeline_app.ui.i18n import tr

log = logging.getLogger(__name__)


class SearchIndexer(QObject):
    progress = Signal(int, int)  # events indexed, events to index
    finished = Signal(bool)  # True if nothing is left to index

    def __init__(self, store_path: StoreLocation, parent: QWidget) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.label = QLabel(parent)  # for the status bar; shown while indexing
        self.label.setContentsMargins(16, 0, 0, 0)  # apart from the events-shown text
        self.label.hide()
        self.child = ChildPipe(self, 100)
        self.child.message.connect(self._read)
        self.child.ended.connect(lambda last: self._ended(bool(last) and last[1]))
        self._stopping = False
        self._again = False  # start again when the current run ends
        self.progress.connect(self._show)

    def running(self) -> bool:
        return self.child.running()

    def start(self) -> None:
        """Index whatever is pending (after the current run, if one is stopping)."""
        if self.running():
            self._again = self._stopping
            return
        self._stopping = False
        self.child.start(background.start_indexing(self.store_path, search_index.AT_ONCE))

    def pause(self) -> None:
        """Stop after the current chunk, without waiting: an import is about to write."""
        if self.running():
            self._stopping = True
            self.child.send("stop")

    def stop(self) -> None:
        """Stop after the current chunk (what is indexed stays indexed), or within 2 s."""
        self._again = False
        self.pause()
        self.child.kill(2)  # a chunk still running is rolled back: nothing is lost
        self.label.hide()

    def _read(self, message: tuple) -> None:
        if message[0] == "failed":  # the search still scans what is not indexed
            log.error("building the search index failed: %s\n%s", message[1], message[2])
        else:
            self.progress.emit(message[1], message[2])

    def _ended(self, complete: bool) -> None:
        self.label.hide()
        self.finished.emit(complete)
        if self._again:
            self._again = False
            self.start()

    def _show(self, done: int, total: int) -> None:
        loc = QLocale()
        self.label.setText(
            tr("Indexing for search: {done} of {total} events").format(
                done=loc.toString(done), total=loc.toString(total)
            )
        )
        self.label.setToolTip(
            tr("Search already finds these events, more slowly and matching words anywhere "
               "in their text, until they are indexed.")
        )  # fmt: skip
        self.label.show()
