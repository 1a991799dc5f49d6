"""High-DPI screens: the window is drawn at the screen's resolution, not scaled up."""

import subprocess
import sys

from PySide6.QtGui import QColor, QImage

from conftest import ARTIFACTS
from timeline_app.core.palette import PALETTE

HIGH_DPI = r"""
import os, sys
os.environ["QT_SCALE_FACTOR"] = "2"  # a 2x screen; must be set before Qt starts
from PySide6.QtWidgets import QApplication
from timeline_app.core.store import Store
from timeline_app.ui.main_window import MainWindow
app = QApplication([])
store = Store.open(sys.argv[1])
w = MainWindow(store)
w.resize(1000, 700)
w.show()
app.processEvents()
image = w.grab().toImage()
image.save(sys.argv[2])
print(image.devicePixelRatio(), image.width(), image.height())
"""


def test_a_high_dpi_screen_gets_a_sharp_window(tmp_path):
    """At twice the pixels the window is drawn at full resolution (not scaled up): the grab
    has twice the pixels, and the timeline's markers are there in it. Looked at by eye too."""
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "main-window-hidpi.png"
    done = subprocess.run(
        [sys.executable, "-c", HIGH_DPI, str(tmp_path / "s.sqlite"), str(out)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    ratio, width, height = done.stdout.split()
    assert (float(ratio), int(width), int(height)) == (2.0, 2000, 1400)
    image = QImage(str(out))
    blue = QColor(PALETTE[0])
    found = sum(  # the M23/AFC lane's colour, in a band across the timeline
        QColor(image.pixel(x, y)) == blue for x in range(600, 1500, 3) for y in range(100, 400, 3)
    )
    assert found > 20
