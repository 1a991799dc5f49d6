"""Building the search index in the background after a large import (see core/search_index).

The window stays usable meanwhile, and its search scans what is not indexed yet; the status
bar shows how far the index is. A worker thread with its own connection builds it chunk by
chunk; closing the window stops it after the current chunk, and the next start goes on.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from timeline_app.core.errors import StoreError
from timeline_app.core.store import Store
from timeline_app.memory import release_free_memory
from timeline_app.ui.i18n import tr


class _Stopped(Exception):
    pass


class SearchIndexer(QObject):
    progress = Signal(int, int)  # events indexed, events to index (from the worker thread)
    finished = Signal(bool)  # True if nothing is left to index

    def __init__(self, store_path: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.label = QLabel(parent)  # for the status bar; shown while indexing
        self.label.setContentsMargins(16, 0, 0, 0)  # apart from the events-shown text
        self.label.hide()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._again = False  # start again when the current run ends
        self.progress.connect(self._show)
        self.finished.connect(self._ended)

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Index whatever is pending (after the current run, if one is ending)."""
        if self.running():
            self._again = self._stop.is_set()
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._work, name="search-index", daemon=True)
        self._thread.start()

    def pause(self) -> None:
        """Stop after the current chunk, without waiting: an import is about to write."""
        self._stop.set()

    def stop(self) -> None:
        """Stop after the current chunk (what is indexed stays indexed) and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _work(self) -> None:
        def report(done: int, total: int) -> None:
            self.progress.emit(done, total)
            if self._stop.is_set():
                raise _Stopped

        complete = False
        try:
            with Store.open(self.store_path, sample=False) as store:
                if store.search_pending():
                    self.progress.emit(0, store.search_pending())
                    store.build_search_index(report)
                complete = store.search_pending() == 0
        except (_Stopped, StoreError, sqlite3.OperationalError):
            pass  # stopped, or an import holds the store: started again after it
        self.finished.emit(complete)

    def _ended(self, _complete: bool) -> None:
        self.label.hide()
        release_free_memory()  # what SQLite used to build it (~70 MB for a million events)
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
