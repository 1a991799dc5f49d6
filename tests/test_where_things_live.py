"""Where the store, settings and logs live (and in portable mode); the log; About."""

import sys

from PySide6.QtWidgets import QApplication

from timeline_app import __version__
from timeline_app.core import paths
from timeline_app.logs import LOG_FILE, install_error_dialog, log, setup_logging
from timeline_app.ui import messages


def test_user_directories_by_default(isolated_home, monkeypatch):
    monkeypatch.delenv(paths.PORTABLE_ENV, raising=False)
    for path in (paths.default_store_path(), paths.settings_path(), paths.log_dir()):
        assert str(path).startswith(str(isolated_home))
    assert paths.settings_path().name == "settings.ini"


def test_portable_mode_keeps_everything_beside_the_program(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "timeline-app")])
    assert paths.portable_root() is None
    (tmp_path / paths.PORTABLE_MARKER).write_text("")
    assert paths.portable_root() == tmp_path
    assert paths.resolve_store_path() == tmp_path / "data" / paths.STORE_FILE
    assert paths.settings_path() == tmp_path / "settings" / "settings.ini"
    assert paths.log_dir() == tmp_path / "logs"


def test_portable_flag(tmp_path, monkeypatch, capsys):
    from timeline_app.cli import main

    monkeypatch.setattr(sys, "argv", [str(tmp_path / "timeline-app")])
    monkeypatch.setenv(paths.PORTABLE_ENV, "")  # so that teardown removes what --portable sets
    assert main(["--portable", "stats"]) == 0
    assert (tmp_path / "data" / paths.STORE_FILE).exists()
    assert str(tmp_path / "data") in capsys.readouterr().out


def test_the_log_begins_with_version_and_platform(qapp):
    path = setup_logging()
    assert path.name == LOG_FILE
    for handler in log.handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert f"Timeline App {__version__} on " in text and "PySide6" in text


def test_an_uncaught_error_is_logged_and_shown(qapp, qtbot, monkeypatch):
    import threading

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = setup_logging()
    shown = []
    monkeypatch.setattr(messages, "warn", lambda *args: shown.append(args[2]))
    install_error_dialog(path)
    try:
        raise ValueError("a bug")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert "a bug" in shown[0] and str(path) in shown[0]
    for handler in log.handlers:
        handler.flush()
    assert "ValueError: a bug" in path.read_text(encoding="utf-8")


def test_an_uncaught_error_in_another_thread_is_shown_too(qapp, qtbot, monkeypatch):
    """The dialog's timer once belonged to the failing thread, which has no event loop: the
    error was logged and never shown."""
    import threading

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown = []
    monkeypatch.setattr(messages, "warn", lambda *args: shown.append(args[2]))
    install_error_dialog(setup_logging())

    def fail() -> None:
        raise ValueError("a bug in a thread")

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert "a bug in a thread" in shown[0]


def test_about(qtbot, store):
    from timeline_app.ui.main_window import MainWindow

    w = MainWindow(store)
    qtbot.addWidget(w)
    box = w.about()
    assert __version__ in box.text() and str(store.path) in box.text()
    box.close()
    QApplication.processEvents()
