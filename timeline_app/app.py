"""The one wiring point of the window: QApplication, store, main window."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from timeline_app import __version__
from timeline_app.core.errors import StoreError
from timeline_app.core.paths import resources_dir
from timeline_app.core.store import Store
from timeline_app.logs import install_error_dialog, setup_logging

APP_TITLE = "Timeline App"


def ask_recovery(store_path: Path, problem: str) -> tuple[str, Path | None]:
    """Ask what to do about a store that cannot be opened: ("restore" | "new" | "other" |
    "quit", the other store's path)."""
    from PySide6.QtWidgets import QMessageBox

    from timeline_app.ui.file_dialogs import open_file_names
    from timeline_app.ui.i18n import tr

    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE,
                      tr("The store cannot be opened:\n{problem}\n\n{store}")
                      .format(problem=problem, store=store_path))  # fmt: skip
    buttons = {
        box.addButton(
            tr("Restore the newest good backup"), QMessageBox.ButtonRole.AcceptRole
        ): "restore",
        box.addButton(tr("Open another store…"), QMessageBox.ButtonRole.ActionRole): "other",
        box.addButton(tr("Start a new store"), QMessageBox.ButtonRole.DestructiveRole): "new",
        box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole): "quit",
    }
    box.exec()
    answer = buttons.get(box.clickedButton(), "quit")
    if answer == "other":
        paths = open_file_names(None, tr("Open a store"), tr("Stores (*.sqlite);;All files (*)"),
                                folder=str(store_path.parent), many=False)  # fmt: skip
        return ("other", Path(paths[0])) if paths else ("quit", None)
    return answer, None


def open_or_recover(store_path: Path, sample: bool, ask=ask_recovery) -> Store | None:
    """Open the store; if it is damaged, ask what to do: restore the newest good backup, open
    another store, or start a new one (the old one is moved aside, never deleted). Never a
    silent reset: quitting leaves everything as it was."""
    from PySide6.QtWidgets import QMessageBox

    from timeline_app.core.backups import move_aside, restore_newest_good
    from timeline_app.ui.i18n import tr

    try:
        return Store.open(store_path, sample=sample)
    except StoreError as exc:
        answer, other = ask(store_path, str(exc))
    try:
        if answer == "restore":
            if restore_newest_good(store_path) is None:
                QMessageBox.critical(None, APP_TITLE, tr("No good backup was found."))
                return None
            return Store.open(store_path, sample=sample)
        if answer == "other" and other is not None:
            return Store.open(other, sample=sample)
        if answer == "new":
            move_aside(store_path)
            return Store.open(store_path, sample=sample)
    except StoreError as exc:
        QMessageBox.critical(None, APP_TITLE, tr("That did not work either:\n{error}")
                             .format(error=exc))  # fmt: skip
    return None


def run(store_path: Path, *, sample: bool = True, files: Sequence[Path] = ()) -> int:
    """Open the window on the store at `store_path`, importing `files` into it; returns the
    exit status."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # pyqtgraph must not guess a binding
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from timeline_app.ui import i18n
    from timeline_app.ui.main_window import MainWindow
    from timeline_app.ui.settings import open_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("timeline-app")
    app.setWindowIcon(QIcon(str(resources_dir() / "icon.png")))
    hooks = sys.excepthook, threading.excepthook
    install_error_dialog(setup_logging())
    settings = open_settings()
    i18n.install(settings)  # before any window: their texts are built in one language
    store = open_or_recover(store_path, sample)
    if store is None:
        return 1
    window = None
    try:
        window = MainWindow(store, settings=settings)
        window.show()
        if files:
            window.import_files([str(f) for f in files])
        return app.exec()
    finally:
        if window is not None:
            # Deleted now, while the QApplication lives: what is left to interpreter exit is
            # deleted by PySide in no set order, which can free a scene before its items (a
            # crash at exit); lambdas over the window kept it alive until then.
            window.deleteLater()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        store.close()
        sys.excepthook, threading.excepthook = hooks
