"""Building the search index in the background after a large import (see core/search_index).

The window stays usable meanwhile, and its search scans what is not indexed yet; the status
bar shows how far the index is. A child process builds it chunk by chunk (background.py);
closing the window stops it after the current chunk, and the next start goes on.
"""

from __future__ import annotations

from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from timeline_app import background
from timeline_app.core import search_index
from timeline_app.ui.i18n import tr


class SearchIndexer(QObject):
    progress = Signal(int, int)  # events indexed, events to index
    finished = Signal(bool)  # True if nothing is left to index

    def __init__(self, store_path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.label = QLabel(parent)  # for the status bar; shown while indexing
        self.label.setContentsMargins(16, 0, 0, 0)  # apart from the events-shown text
        self.label.hide()
        self._pipe: Connection | None = None
        self._process = None
        self._again = False  # start again when the current run ends
        self._stopping = False
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)
        self.progress.connect(self._show)

    def running(self) -> bool:
        return self._pipe is not None

    def start(self) -> None:
        """Index whatever is pending (after the current run, if one is stopping)."""
        if self.running():
            self._again = self._stopping
            return
        self._stopping = False
        self._pipe, self._process = background.start_indexing(self.store_path, search_index.AT_ONCE)
        self._timer.start()

    def pause(self) -> None:
        """Stop after the current chunk, without waiting: an import is about to write."""
        if self._pipe is not None:
            self._stopping = True
            with suppress(OSError):
                self._pipe.send("stop")

    def stop(self) -> None:
        """Stop after the current chunk (what is indexed stays indexed) and wait for it."""
        self._again = False
        self.pause()
        if self._process is not None:
            self._process.join(2)
            self._process.kill()  # a chunk still running is rolled back: nothing is lost
            self._close(False, emit=False)

    def _poll(self) -> None:
        try:
            while self._pipe is not None and self._pipe.poll():
                message = self._pipe.recv()
                if message[0] == "progress":
                    self.progress.emit(message[1], message[2])
                else:  # ("end", complete)
                    self._close(message[1])
        except (EOFError, OSError):  # it ended without a word
            self._close(False)

    def _close(self, complete: bool, *, emit: bool = True) -> None:
        self._timer.stop()
        if self._pipe is not None:
            self._pipe.close()
        if self._process is not None:
            self._process.join(5)
        self._pipe = self._process = None
        self.label.hide()
        if emit:
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
