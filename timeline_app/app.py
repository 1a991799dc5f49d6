"""The one wiring point of the window: QApplication, store, main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from timeline_app import __version__
from timeline_app.core.errors import StoreError
from timeline_app.core.store import Store

APP_TITLE = "Timeline App"


def run(store_path: Path, *, sample: bool = True) -> int:
    """Open the window on the store at `store_path`; returns the exit status."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # pyqtgraph must not guess a binding
    from PySide6.QtWidgets import QApplication, QMessageBox

    from timeline_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("timeline-app")
    try:
        store = Store.open(store_path, sample=sample)
    except StoreError as exc:
        QMessageBox.critical(None, APP_TITLE, f"Cannot open the store:\n{exc}")
        return 1
    try:
        window = MainWindow(store)
        window.show()
        return app.exec()
    finally:
        store.close()
