"""The one wiring point of the window: QApplication, store, main window."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from timeline_app import __version__
from timeline_app.core.errors import StoreBusy, StoreError
from timeline_app.core.paths import resources_dir
from timeline_app.core.store import Store
from timeline_app.logs import install_error_dialog, setup_logging

APP_TITLE = "Timeline App"


def ask_recovery(store_path: Path, problem: str) -> tuple[str, Path | None]:
    """Ask what to do about a store that cannot be opened: ("restore" | "new" | "other" |
    "quit", the other store's path)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

    from timeline_app.ui.file_dialogs import open_file_names
    from timeline_app.ui.i18n import tr

    box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE,
                      tr("The store cannot be opened:\n{problem}\n\n{store}")
                      .format(problem=problem, store=store_path))  # fmt: skip
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path or an error is never markup
    buttons: dict[QAbstractButton, str] = {
        box.addButton(
            tr("Restore the newest good backup"), QMessageBox.ButtonRole.AcceptRole
        ): "restore",
        box.addButton(tr("Open another store…"), QMessageBox.ButtonRole.ActionRole): "other",
        box.addButton(tr("Start a new store"), QMessageBox.ButtonRole.DestructiveRole): "new",
        box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole): "quit",
    }
    box.exec()
    clicked = box.clickedButton()
    answer = buttons.get(clicked, "quit") if clicked is not None else "quit"
    if answer == "other":
        paths = open_file_names(None, tr("Open a store"), tr("Stores (*.sqlite);;All files (*)"),
                                folder=str(store_path.parent), many=False)  # fmt: skip
        return ("other", Path(paths[0])) if paths else ("quit", None)
    return answer, None


def open_or_recover(
    store_path: Path | str, sample: bool, ask=ask_recovery, confirm=None
) -> Store | None:
    """Open the store; if it cannot be opened, ask what to do: restore the newest good backup,
    open another store, or start a new one (the old one is moved aside, never deleted). Never a
    silent reset: quitting leaves everything as it was. A store that SQLite finds sound (of a
    newer version, another program's database) is replaced only after a second question,
    `confirm(text) -> bool`."""
    from timeline_app.core.backups import integrity, move_aside, newest_good, restore
    from timeline_app.ui.i18n import tr
    from timeline_app.ui.messages import warn

    confirm = confirm or _confirm
    try:
        return Store.open(store_path, sample=sample)
    except StoreBusy as exc:  # in use, not damaged: never offer to replace it
        warn(None, APP_TITLE, tr("The store cannot be opened now:\n{problem}").format(problem=exc))
        return None
    except StoreError as exc:
        if isinstance(store_path, str):  # a team store: no backup here, no new one to start
            warn(None, APP_TITLE, tr("The team store cannot be opened:\n{problem}")
                 .format(problem=exc))  # fmt: skip
            return None
        answer, other = ask(store_path, str(exc))
    sound = store_path.is_file() and store_path.stat().st_size and integrity(store_path) == "ok"
    try:
        if answer == "restore":
            backup = newest_good(store_path)
            if backup is None:
                warn(None, APP_TITLE, tr("No good backup was found."))
                return None
            if sound and not confirm(
                tr("The store is not damaged: it was refused for another reason. Replace it "
                   "with the backup {backup}? It is kept beside it, renamed.\n\n{store}")
                .format(backup=backup.name, store=store_path)
            ):  # fmt: skip
                return None
            restore(store_path, backup)
            return Store.open(store_path, sample=sample)
        if answer == "other" and other is not None:
            return Store.open(other, sample=sample)
        if answer == "new":
            if store_path.exists():
                move_aside(store_path, "replaced" if sound else "damaged")
            return Store.open(store_path, sample=sample)
    except (StoreError, OSError) as exc:  # a read-only folder cannot take a new store, say
        warn(None, APP_TITLE, tr("That did not work either:\n{error}").format(error=exc))
    return None


def _confirm(text: str) -> bool:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from timeline_app.ui.messages import Button

    box = QMessageBox(QMessageBox.Icon.Question, APP_TITLE, text, Button.Yes | Button.No)
    box.setTextFormat(Qt.TextFormat.PlainText)  # it quotes paths
    return box.exec() == Button.Yes


def say_what_was_worked_around(window, settings) -> None:
    """Once, at start: the log or the settings could not go where they belong."""
    from PySide6.QtCore import QTimer

    from timeline_app.logs import notes
    from timeline_app.ui.i18n import tr
    from timeline_app.ui.messages import warn
    from timeline_app.ui.settings import settings_problem

    lines = [tr("Log: {note}.").format(note=n)
             for n in notes]  # fmt: skip
    if (where := settings_problem(settings)) is not None:
        lines.append(tr("The settings cannot be saved in {file}: the changes you make now are "
                        "lost when you quit.").format(file=where))  # fmt: skip
        print(f"timeline-app: the settings cannot be saved in {where}", file=sys.stderr)
    if lines:
        QTimer.singleShot(0, window, lambda: warn(window, APP_TITLE, "\n\n".join(lines)))


def run(store_path: Path | str, *, sample: bool = True, files: Sequence[Path] = ()) -> int:
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
    QApplication.setWindowIcon(QIcon(str(resources_dir() / "icon.png")))
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
        say_what_was_worked_around(window, settings)
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
