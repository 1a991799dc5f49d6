"""The main window's size: from the screen it opens on, never larger than that screen's free
area (a laptop's 1280 × 720 or 1366 × 768 hid the axis, the overview and the status bar
below the edge when the window always opened at 1400 × 860)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

PREFERRED = (1400, 860)  # on a large screen: room for filters, timeline and details
FILTERS_PX, DETAILS_PX = 250, 360  # the docks' widths on a screen 1400 px wide or more
LARGE_SHARE = 0.85  # of a screen larger than PREFERRED
TIMELINE_SHARE = 0.55  # on a narrower screen, the timeline keeps at least this share


def free_area(window: QMainWindow) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def first_size(window: QMainWindow) -> None:
    """The size of a window opened for the first time: the screen's free area if it is
    smaller than PREFERRED, else the larger of PREFERRED and LARGE_SHARE of it; then the
    docks' widths to match."""
    free = free_area(window)
    if free is None:
        window.resize(*PREFERRED)
    else:  # a large screen: most of it, centred; a small one: all of it
        width = min(max(PREFERRED[0], int(LARGE_SHARE * free.width())), free.width())
        height = min(max(PREFERRED[1], int(LARGE_SHARE * free.height())), free.height())
        window.resize(width, height)
        window.move(free.center().x() - width // 2, free.center().y() - height // 2)
    size_docks(window)
    window.installEventFilter(_ClampWhenShown(window))
    window.setProperty(SIZED, window.size())


SIZED = "sized from the screen"  # the size first_size or clamp_to_screen gave the window


class _ClampWhenShown(QObject):
    """The window's frame is known once it is shown: only then can the frame, and not the
    window alone, be brought within the screen."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # only a size of ours: one a caller (a test, a script) set since is theirs to keep
        ours = (
            isinstance(watched, QWidget)  # (installed on windows only)
            and event.type() == QEvent.Type.Show
            and watched.property(SIZED) == watched.size()
        )
        if ours and isinstance(watched, QMainWindow):
            QTimer.singleShot(0, watched, lambda: clamp_to_screen(watched))
        return False


def size_docks(window: QMainWindow) -> None:
    """Filters and Details share what the timeline leaves, in their usual proportion."""
    filters, details = (window.findChild(QDockWidget, name) for name in ("filters", "details"))
    if filters is None or details is None:
        return
    docks = [filters, details]
    room = int(window.width() * (1 - TIMELINE_SHARE))
    scale = min(1.0, room / (FILTERS_PX + DETAILS_PX))
    widths = [int(FILTERS_PX * scale), int(DETAILS_PX * scale)]
    window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)


def clamp_to_screen(window: QMainWindow) -> None:
    """A restored size and place, brought within the current screen: the window may have
    been saved on a larger screen than the one it opens on now."""
    free = free_area(window)
    if free is None or window.isMaximized() or window.isFullScreen():
        return
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), free.width() - extra_w)
    height = min(window.height(), free.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        size_docks(window)
    window.setProperty(SIZED, window.size())
    frame = window.frameGeometry()
    x = min(max(frame.x(), free.left()), free.right() + 1 - frame.width())
    y = min(max(frame.y(), free.top()), free.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
