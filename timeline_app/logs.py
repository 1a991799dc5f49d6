"""The log: a rotating file in the logs directory, begun with the version and the platform;
and what happens to an error nobody caught (logged, and shown in a dialog in the window)."""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import threading
from pathlib import Path

from timeline_app import __version__
from timeline_app.core.paths import log_dir

log = logging.getLogger("timeline_app")
LOG_FILE = "timeline-app.log"


def setup_logging() -> Path:
    """Log to the rotating file (three of 1 MB); returns its path."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    for old in [h for h in log.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        if Path(old.baseFilename) != path:  # the log moved (portable mode, another user dir)
            log.removeHandler(old)
            old.close()
    if not log.handlers:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    from PySide6 import __version__ as pyside

    log.info(
        "Timeline App %s on %s, Python %s, PySide6 %s",
        __version__, platform.platform(), platform.python_version(), pyside,
    )  # fmt: skip
    return path


def install_error_dialog(log_path: Path) -> None:
    """Uncaught errors (in the window's thread or another) are logged and shown, and the
    window stays open."""

    def show(kind, value, tb) -> None:
        log.error("uncaught error", exc_info=(kind, value, tb))
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from timeline_app.ui.i18n import tr

        text = tr("Something went wrong: {error}\n\nThe details are in the log:\n{log}").format(
            error=value, log=log_path
        )
        app = QApplication.instance()
        if app is None:  # no window (yet): the log has it
            return
        # with the application as context, the dialog is shown from the window's thread even
        # when the error happened in another (without one, the timer belonged to a thread
        # with no event loop and never fired)
        QTimer.singleShot(0, app, lambda: plain_warning(text))

    def plain_warning(text: str) -> None:
        from timeline_app.ui.messages import warn

        warn(None, "Timeline App", text)

    sys.excepthook = show
    threading.excepthook = lambda args: show(args.exc_type, args.exc_value, args.exc_traceback)
