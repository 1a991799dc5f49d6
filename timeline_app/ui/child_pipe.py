"""A child process of background.py, read from the window's own thread on a timer.

No thread of ours emits to the window: one that did deadlocked, now and then, with a closing
modal dialog.
"""

from __future__ import annotations

from contextlib import suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from PySide6.QtCore import QObject, QTimer, Signal

from timeline_app.background import Child


class ChildPipe(QObject):
    message = Signal(tuple)  # each message of the child but its last
    ended = Signal(tuple)  # its last, ("end", ...); () if it ended without one

    def __init__(self, parent: QObject, interval_ms: int) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._poll)
        self._pipe: Connection | None = None
        self.process: BaseProcess | None = None
        self._reading = False

    def running(self) -> bool:
        return self._pipe is not None

    def start(self, child: Child) -> None:
        self._pipe, self.process = child
        self._timer.start()

    def send(self, word: str) -> None:
        """A word to the child, which reads it at its next progress report."""
        if self._pipe is not None:
            with suppress(OSError):
                self._pipe.send(word)

    def kill(self, wait: float) -> None:
        """Wait up to `wait` seconds for it to end, then end it (what it was writing is
        rolled back); no `ended`."""
        if self.process is not None:
            self.process.join(wait)
            self.process.kill()
        self._close()

    def _poll(self) -> None:
        if self._reading:  # a modal dialog's setValue handles events, this timer's too
            return
        self._reading = True
        try:
            while self._pipe is not None and self._pipe.poll():
                message = self._pipe.recv()
                if message[0] == "end":
                    self._close()
                    self.ended.emit(message)
                else:
                    self.message.emit(message)
        except (EOFError, OSError):  # it ended without a word
            self._close()
            self.ended.emit(())
        finally:
            self._reading = False

    def _close(self) -> None:
        self._timer.stop()
        if self._pipe is not None:
            self._pipe.close()
        if self.process is not None:
            self.process.join(5)  # it has said all; it is leaving
        self._pipe = self.process = None
