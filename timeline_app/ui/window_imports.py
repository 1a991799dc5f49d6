"""The window's imports: File → Import, files dropped on the window, and what follows an
import (the dataset opened, the search index built, the writes that waited)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from timeline_app.core.errors import StoreError
from timeline_app.ui.file_dialogs import open_file_names
from timeline_app.ui.i18n import QT_TR_NOOP, tr
from timeline_app.ui.messages import warn

IMPORT_FILTER = QT_TR_NOOP("Event files (*.csv *.tsv *.txt *.json *.xlsx);;All files (*)")


if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class ImportActions(_Window):
    """Mixed into MainWindow."""

    def import_files(self, paths: Sequence[str | Path] | None = None) -> None:
        """Import files in a child process (ui/import_runner.py); `importFinished` reports
        the outcome. Without `paths`, asks for them."""
        if paths is None:
            paths = open_file_names(self, tr("Import events"), tr(IMPORT_FILTER), self.settings)
        if not paths:
            return
        if self.store.read_only:  # (files given on the command line, say)
            warn(self, tr("Import"),
                 tr("The store is read-only: nothing can be imported into it.\n\n{store}")
                 .format(store=self.store.path))  # fmt: skip
            return
        self.indexer.pause()  # the import writes; indexing goes on after it
        if self.importer.start(list(paths)):
            self.statusBar().showMessage(tr("Importing %n file(s)…", "", len(paths)))
        else:
            self.indexer.start()

    def _indexed(self, _complete: bool) -> None:
        self.store.reopen()  # see _import_done
        self.session.refresh_search()

    def _import_done(self, done: list, failed: list) -> None:
        # A safeguard: if our locks on the store were lost while the child wrote, a new
        # connection takes them again and sees the store as it is (see ui/file_dialogs.py).
        self.store.reopen()
        if not self.importer.running() and self.store.search_pending():  # (another may follow)
            self.indexer.start()
        self.statusBar().clearMessage()  # "Importing…"
        if done:
            dataset = done[-1][0]
            try:
                self.session.open_dataset(
                    dataset, self.session.state if dataset == self.session.dataset else None
                )
            except StoreError as exc:  # gone already (another window deleted it, say)
                failed = [*failed, str(exc)]
            self._fill_dataset_box(self.session.dataset)
            self.statusBar().showMessage("; ".join(text for _, text in done), 15000)
        if not self.importer.running():
            self.writes.flush()
        if failed:
            box = QMessageBox(QMessageBox.Icon.Warning, tr("Import"), "\n\n".join(failed),
                              QMessageBox.StandardButton.Ok, self)  # fmt: skip
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.open()

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.import_files([u.toLocalFile() for u in event.mimeData().urls()])
        event.acceptProposedAction()
