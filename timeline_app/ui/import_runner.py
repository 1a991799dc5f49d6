"""Importing files from the window: on a worker thread, with a progress dialog whose Cancel
rolls the current file back; a table of no known format asks for its column mapping first."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from timeline_app.core.errors import ImportCancelled, InputError, StoreError
from timeline_app.core.formats import NEEDS_MAP, ColumnMap, detect_format
from timeline_app.core.importing import ImportSummary
from timeline_app.core.store import Store
from timeline_app.ui.i18n import tr
from timeline_app.ui.mapping_dialog import MappingDialog


def summary_text(summary: ImportSummary) -> str:
    """ "file.csv → 'Dataset': 3 new, 1 updated, …", in the interface's language."""
    text = tr("{file} → '{dataset}': {new} new, {updated} updated, {unchanged} unchanged, "
              "{missing} no longer in the source")  # fmt: skip
    if summary.refused:
        text += tr(", {refused} refused")
    loc = QLocale()
    counts = {k: loc.toString(getattr(summary, k))
              for k in ("new", "updated", "unchanged", "missing", "refused")}  # fmt: skip
    return text.format(file=summary.path.name, dataset=summary.dataset, **counts)


class ImportRunner(QObject):
    finished = Signal(list, list)  # [(dataset, summary text)], [error text]
    progress = Signal(int)  # per mille, from the worker thread
    stage = Signal(str)  # what the worker is doing now, for the dialog

    def __init__(self, window: QWidget, store_path: Path, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.store_path, self.settings = window, store_path, settings
        self.dialog: QProgressDialog | None = None
        self.progress.connect(self._show_progress)
        self.stage.connect(self._show_stage)
        self.finished.connect(self._close_dialog)

    def plan(self, paths: list) -> list[tuple[str, ColumnMap | None]]:
        """Each file with the column mapping it needs; a file whose mapping is cancelled is
        left out. Other problems are for the import itself to report."""
        plan = []
        for path in map(str, paths):
            try:
                needs_map = detect_format(Path(path)) == "spreadsheet"
            except InputError as exc:
                needs_map = NEEDS_MAP in exc.message
            if not needs_map:
                plan.append((path, None))
                continue
            dialog = MappingDialog(Path(path), self.settings, self.window)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                plan.append((path, dialog.mapping()))
        return plan

    def start(self, paths: list) -> bool:
        """Start importing; False if there is nothing to import."""
        plan = self.plan(paths)
        if not plan:
            return False
        # shown only if the import takes a while
        self.dialog = QProgressDialog(tr("Importing…"), tr("Cancel"), 0, 1000, self.window)
        self.dialog.setWindowTitle(tr("Import"))
        self.dialog.setMinimumDuration(400)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        cancel = threading.Event()
        self.dialog.canceled.connect(cancel.set)

        def report(share: float) -> None:  # on the worker thread
            if cancel.is_set():
                raise ImportCancelled
            self.progress.emit(int(1000 * share))

        def work() -> None:
            done, failed = [], []
            try:
                # a connection of its own: SQLite connections stay in their thread
                with Store.open(self.store_path, sample=False) as store:
                    for path, mapping in plan:
                        try:
                            summary = store.import_file(path, progress=report, mapping=mapping)
                            self.stage.emit(tr("Preparing the view…"))
                            store.prepare_columns(summary.dataset)  # here, not on the window
                            self.stage.emit(tr("Importing…"))
                            done.append((summary.dataset, summary_text(summary)))
                        except InputError as exc:
                            failed.append(tr("{error}; nothing was imported from this file")
                                          .format(error=exc))  # fmt: skip
                        except ImportCancelled:
                            name = Path(path).name
                            failed.append(tr("Import of {file} cancelled: nothing of it was "
                                             "stored.").format(file=name))  # fmt: skip
                            break
            except StoreError as exc:
                failed.append(str(exc))
            self.finished.emit(done, failed)

        threading.Thread(target=work, name="import", daemon=True).start()
        return True

    def _show_stage(self, text: str) -> None:
        if self.dialog is not None:
            self.dialog.setLabelText(text)

    def _show_progress(self, value: int) -> None:
        if self.dialog is not None:
            self.dialog.setValue(value)

    def _close_dialog(self, *_args) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
