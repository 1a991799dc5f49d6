"""The frozen program's entry point: the same as `timeline-app` / `python -m timeline_app`."""

import multiprocessing
import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # pyqtgraph must not guess a binding

from timeline_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the window's imports run in a child of this program
    sys.exit(main())
