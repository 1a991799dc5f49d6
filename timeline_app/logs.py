"""The log: a rotating file in the logs directory, begun with the version and the platform;
and what happens to an error nobody caught (logged, and shown in a dialog in the window)."""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import sys
import tempfile
import threading
from pathlib import Path

from timeline_app import __version__
from timeline_app.core.paths import log_dir

log = logging.getLogger("timeline_app")
LOG_FILE = "timeline-app.log"


def setup_logging() -> Path | None:
    """Log to the rotating file (three of 1 MB); returns its path. If the logs directory cannot
    be written (read-only, or a file in its place), a temporary folder's, else standard error
    (None): the window starts anyway, and `notes` says what happened, to be said once."""
    notes.clear()
    path = _log_file()
    for old in [h for h in log.handlers if getattr(h, "ours", False)]:
        if getattr(old, "baseFilename", None) != (str(path) if path else None):
            log.removeHandler(old)  # the log moved (portable mode, another user dir)
            old.close()
    if not [h for h in log.handlers if getattr(h, "ours", False)]:
        if path is None:
            handler: logging.Handler = logging.StreamHandler(sys.stderr)
        else:
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
            )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.ours = True  # type: ignore[attr-defined]
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    from PySide6 import __version__ as pyside

    log.info(
        "Timeline App %s on %s, Python %s, PySide6 %s",
        __version__, platform.platform(), platform.python_version(), pyside,
    )  # fmt: skip
    for note in notes:
        log.warning("%s", note)
        print(f"timeline-app: {note}", file=sys.stderr)
    return path


notes: list[str] = []  # what setup_logging had to work around


def _log_file() -> Path | None:
    """The first log file that can be written: in the logs directory, else in a temporary
    folder of this user's; None for standard error."""
    wanted = log_dir()
    folders = [wanted, Path(tempfile.gettempdir()) / f"timeline-app-logs-{os.getuid()}"]
    problem = ""
    for folder in folders:
        path = folder / LOG_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8"):
                pass
        except OSError as exc:
            problem = problem or f"{exc.strerror or exc}"
            continue
        if folder != wanted:
            notes.append(f"the log cannot be written in {wanted} ({problem}); it is in {path}")
        return path
    notes.append(f"the log cannot be written in {wanted} ({problem}); it goes to standard error")
    return None


def install_error_dialog(log_path: Path | None) -> None:
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

        where = str(log_path) if log_path else tr("the standard error output")
        text = tr("Something went wrong: {error}\n\nThe details are in the log:\n{log}").format(
            error=value, log=where
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
