"""The frozen program's entry point: the same as `timeline-app` / `python -m timeline_app`."""

import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # pyqtgraph must not guess a binding

from timeline_app.cli import main

sys.exit(main())
