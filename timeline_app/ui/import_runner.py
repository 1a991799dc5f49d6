"""Importing files from the window: in a process of their own (background.py), with a
progress dialog whose Cancel rolls the current file back; a table of no known format asks for
its column mapping first."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from timeline_app import background
from timeline_app.core import search_index
from timeline_app.core.errors import InputError
from timeline_app.core.formats import ColumnMap, detect_format
from timeline_app.core.importing import ImportSummary
from timeline_app.core.store import is_store_file
from timeline_app.ui.child_pipe import ChildPipe
from timeline_app.ui.i18n import tr
from timeline_app.ui.mapping_dialog import MappingDialog

log = logging.getLogger(__name__)


def summary_text(summary: ImportSummary) -> str:
    """ "file.csv → 'Dataset': 3 new, 1 updated, …", in the interface's language."""
    text = tr("{file} → '{dataset}': {new} new, {updated} updated, {unchanged} unchanged, "
              "{missing} no longer in the source")  # fmt: skip
    if summary.kept:
        text += tr(", {kept} kept (edited here)")
    if summary.refused:
        text += tr(", {refused} refused")
    loc = QLocale()
    counts = {k: loc.toString(getattr(summary, k))
              for k in ("new", "updated", "unchanged", "missing", "kept", "refused")}  # fmt: skip
    return text.format(file=summary.path.name, dataset=summary.dataset, **counts)


class ImportRunner(QObject):
    finished = Signal(list, list)  # [(dataset, summary text)], [error text]

    def __init__(self, window: QWidget, store_path: Path, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.store_path, self.settings = window, store_path, settings
        self.dialog: QProgressDialog | None = None
        self.child = ChildPipe(self, 25)
        self.child.message.connect(self._read)
        self.child.ended.connect(self._end)
        self._done: list[tuple[str, str]] = []
        self._failed: list[str] = []
        self._queue: list[background.Plan] = []

    def plan(self, paths: list) -> list[tuple[str, ColumnMap | None]]:
        """Each file with the column mapping it needs; a file whose mapping is cancelled is
        left out. Other problems are for the import itself to report."""
        plan: list[tuple[str, ColumnMap | None]] = []
        for path in map(str, paths):
            if is_store_file(path, self.store_path):  # never opened here: its process refuses
                plan.append((path, None))  # it (a close() here would drop the store's locks)
                continue
            try:  # any table of no known format (even one with some of our column names)
                needs_map = detect_format(Path(path)) == "spreadsheet"
            except InputError:
                needs_map = False  # the import says what is wrong with it
            if not needs_map:
                plan.append((path, None))
                continue
            try:
                dialog = MappingDialog(Path(path), self.settings, self.window)
            except InputError:  # unreadable (a damaged workbook): the import says so
                plan.append((path, None))
                continue
            if dialog.exec() == QDialog.DialogCode.Accepted:
                plan.append((path, dialog.mapping()))
        return plan

    def start(self, paths: list) -> bool:
        """Start importing (after the import under way, if any); False if there is nothing
        to import."""
        plan = self.plan(paths)
        if not plan:
            return False
        if self.child.running():
            self._queue.append(plan)
        else:
            self._launch(plan)
        return True

    def running(self) -> bool:
        return self.child.running()

    def _launch(self, plan: background.Plan) -> None:
        # shown only if the import takes a while
        self.dialog = QProgressDialog(tr("Importing…"), tr("Cancel"), 0, 1000, self.window)
        self.dialog.setWindowTitle(tr("Import"))
        self.dialog.setMinimumDuration(400)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # its next progress report finds this, and the current file is rolled back (closing
        # the dialog at the end says "canceled" too: the child is gone by then)
        self.dialog.canceled.connect(lambda: self.child.send("cancel"))
        self._done, self._failed = [], []
        self.child.start(background.start_import(self.store_path, plan, search_index.AT_ONCE))

    def _read(self, message: tuple) -> None:
        """Act on one message of the import's process."""
        kind, value = message[0], message[1:]
        if kind == "progress" and self.dialog is not None:
            self.dialog.setValue(int(1000 * value[0]))
        elif kind == "stage" and self.dialog is not None:
            self.dialog.setLabelText(self._stage_text(value[0]))
        elif kind == "done":
            self._done.append((value[0].dataset, summary_text(value[0])))
        elif kind == "invalid":
            self._failed.append(tr("{error}; nothing was imported from this file")
                                .format(error=value[0]))  # fmt: skip
        elif kind == "cancelled":
            self._failed.append(tr("Import of {file} cancelled: nothing of it was stored.")
                                .format(file=value[0]))  # fmt: skip
        elif kind in ("failed", "store"):
            if len(value) > 1:  # the child's whole traceback, for the log
                log.error("import failed: %s\n%s", value[0], value[1])
            self._failed.append(value[0])

    @staticmethod
    def _stage_text(stage: str) -> str:
        if stage == "prepare":
            return tr("Preparing the view…")
        if stage == "wait":  # another program's import holds the store
            return tr("Waiting for another import to finish…")
        return tr("Importing…")

    def _end(self, last: tuple) -> None:
        if not last:  # the process ended without a word
            self._failed.append(tr("The import stopped unexpectedly; nothing of the file "
                                   "being imported was stored."))  # fmt: skip
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
        done, failed = self._done, self._failed
        if self._queue:  # files given while that import ran
            self._launch(self._queue.pop(0))
        self.finished.emit(done, failed)
