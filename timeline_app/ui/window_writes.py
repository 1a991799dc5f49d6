"""The window's own writes to the store (its stories), one writer at a time.

An import's process holds the store's write lock for as long as it imports: a write from the
window then waited five seconds on the window's thread and failed with "database is locked",
uncaught. Now a write asked for during one of our imports waits for it (the status bar says
so) and runs when it ends; a store kept busy by another program is said, with a Retry.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from timeline_app.core.errors import StoreBusy, StoreError
from timeline_app.ui.i18n import tr
from timeline_app.ui.messages import Button, warn

if TYPE_CHECKING:
    from timeline_app.ui.window_base import WindowBase

log = logging.getLogger(__name__)

Write = tuple[Callable[[], object], str, str]  # the write, what it is, what to say once done


class StoreWrites(QObject):
    def __init__(self, window: WindowBase, busy: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window = window
        self.busy = busy  # whether one of the window's children is writing (an import)
        self.waiting: list[Write] = []

    def run(self, write: Callable[[], object], what: str, done: str) -> None:
        """Write now, or once the import under way has ended. `what` names the write for
        the user ("Saving the story 'X'"), `done` is said once it is done. A read-only store
        refuses it at once."""
        if self.window.store.read_only:
            warn(self.window, tr("Store"),
                 tr("{what} failed: the store is read-only, nothing can be written to it.\n\n"
                    "{store}").format(what=what, store=self.window.store.path))  # fmt: skip
            return
        if self.busy():
            self.waiting.append((write, what, done))
            self.window.statusBar().showMessage(
                tr("{what}: waiting for the import to finish").format(what=what)
            )
            return
        self._attempt(write, what, done)

    def flush(self) -> None:
        """Do the writes that waited (called when an import ends)."""
        while self.waiting and not self.busy():
            self._attempt(*self.waiting.pop(0))

    def _attempt(self, write: Callable[[], object], what: str, done: str) -> None:
        while True:
            try:
                write()
            except (sqlite3.OperationalError, StoreBusy) as exc:  # another program writes
                log.warning("%s: %s", what, exc)
                answer = warn(
                    self.window, tr("Store busy"),
                    tr("{what} failed: the store is busy ({error}). Another program may be "
                       "writing to it.").format(what=what, error=exc),
                    Button.Retry | Button.Cancel,
                )  # fmt: skip
                if answer == Button.Retry:
                    continue
                return
            except StoreError as exc:  # its events are gone from the dataset, say
                warn(
                    self.window,
                    tr("Store"),
                    tr("{what} failed: {error}").format(what=what, error=exc),
                )
                return
            self.window.statusBar().showMessage(done, 5000)
            return
