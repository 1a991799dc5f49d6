"""Qt objects die while the QApplication lives: what is left to interpreter exit is deleted
by PySide in no set order, and a scene deleted before its items crashed the process."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from timeline_app.ui.timeline_view import TimelineView

ROOT = Path(__file__).parent.parent


def test_a_timeline_view_is_freed_when_dropped(qtbot):
    view = TimelineView()
    view.show()
    ref = weakref.ref(view)
    del view
    gc.collect()
    assert ref() is None  # a slot over the view kept it alive until exit, where it crashed


def test_the_redraw_benchmark_exits_cleanly():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    script = str(ROOT / "benchmarks" / "timeline_redraw.py")
    for _ in range(3):  # the crash came at about one exit in two
        proc = subprocess.run(
            [sys.executable, script, "--sizes", "2000", "--steps", "2"],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]


def test_run_deletes_its_window_before_returning(qtbot, store_path):
    from timeline_app.app import run
    from timeline_app.ui.main_window import MainWindow

    QTimer.singleShot(300, QApplication.instance().closeAllWindows)
    assert run(store_path) == 0
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
