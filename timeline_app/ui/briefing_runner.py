"""Writing a briefing deck from the window: in a process of its own (background.py), with a
progress dialog whose Cancel stops it (nothing is written). Every slide is a rendered
timeline: on the window's thread a long deck froze the window for as long as it took."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from timeline_app import background
from timeline_app.core.backend import StoreLocation
from timeline_app.ui.briefing import part_file
from timeline_app.ui.child_pipe import ChildPipe
from timeline_app.ui.i18n import tr
from timeline_app.ui.plain import plain_label

log = logging.getLogger("timeline_app")


class BriefingRunner(QObject):
    finished = Signal(object, str)  # the deck's path (None if not written), what was said

    def __init__(self, window: QWidget, store_path: StoreLocation) -> None:
        super().__init__(window)
        self.window, self.store_path = window, store_path
        self.dialog: QProgressDialog | None = None
        self.box: QMessageBox | None = None  # the last error shown, if any
        self.child = ChildPipe(self, 50)
        self.child.message.connect(self._read)
        self.child.ended.connect(self._end)
        self._why = ""
        self._out = Path()

    def running(self) -> bool:
        return self.child.running()

    def start(self, job: background.BriefingJob, why: str = "") -> bool:
        """Start writing the deck; `why` says how its steps were chosen (shown meanwhile and
        after). False if a deck is being written already."""
        if self.running():
            return False
        self._why, self._out = why, Path(job.out)
        label = tr("Making the briefing: %n step(s)…", "", len(job.steps))
        self.dialog = QProgressDialog(label, tr("Cancel"), 0, len(job.steps) + 2, self.window)
        text = plain_label(label + (f"\n\n{why}" if why else ""), self.dialog)
        text.setWordWrap(True)  # the why is a long sentence: a dialog as wide as the screen
        text.setMinimumWidth(460)
        self.dialog.setLabel(text)
        self.dialog.setWindowTitle(tr("Export briefing"))
        self.dialog.setMinimumDuration(400)  # shown only if it takes a while
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # the child finds this at its next picture, and writes nothing
        self.dialog.canceled.connect(lambda: self.child.send("cancel"))
        self.child.start(background.start_briefing(self.store_path, job))
        return True

    def stop(self) -> None:
        """The window is closing: stop at the next picture, or within 2 s; nothing written."""
        if not self.running():
            return
        self.child.send("cancel")
        self.child.kill(2)
        part_file(self._out).unlink(missing_ok=True)  # if it was killed while writing
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog = None

    def _read(self, message: tuple) -> None:
        if self.dialog is None:
            return
        if message[0] == "progress":
            self.dialog.setValue(message[1])
        elif message[0] == "stage":
            why = self._why
            self.dialog.setLabelText(tr("Writing the briefing…") + (f"\n\n{why}" if why else ""))
            self.dialog.setValue(self.dialog.maximum() - 1)

    def _end(self, last: tuple) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect()  # closing it says "canceled" too
            self.dialog.close()
            self.dialog = None
        outcome = last[1] if len(last) > 1 else ""
        if outcome == "done":
            out = Path(last[2])
            said = tr("Wrote {file}").format(file=out) + (f". {self._why}" if self._why else "")
            self.finished.emit(out, said)
            return
        if outcome == "cancelled":
            self.finished.emit(None, tr("Briefing cancelled: nothing was written."))
            return
        if outcome == "failed":
            log.error("the briefing could not be written:\n%s", last[3])
            said = tr("The briefing could not be written: {error}").format(error=last[2])
        else:  # it ended without a word (killed, crashed): no half deck left behind
            log.error("the briefing's process ended without a word, writing %s", self._out)
            part_file(self._out).unlink(missing_ok=True)
            said = tr("The briefing stopped unexpectedly; nothing was written.")
        self.box = QMessageBox(QMessageBox.Icon.Warning, tr("Export briefing"), said,
                               QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        self.box.setTextFormat(Qt.TextFormat.PlainText)
        self.box.open()
        self.finished.emit(None, said)
