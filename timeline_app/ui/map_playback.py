"""Playback: a time window that slides across the events shown; the timeline shows the window
and the map the events in it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QToolButton, QWidget

from timeline_app.core.dates import DAY_SECONDS
from timeline_app.ui.i18n import QT_TR_NOOP, tr

TICK_MS = 100  # ten steps a second: the map and timeline redraw within that
WINDOWS = ((QT_TR_NOOP("Window: 1 week"), 7), (QT_TR_NOOP("Window: 2 weeks"), 14),
           (QT_TR_NOOP("Window: 1 month"), 30), (QT_TR_NOOP("Window: 3 months"), 91))  # fmt: skip
SPEEDS = ((QT_TR_NOOP("1 day a second"), 1), (QT_TR_NOOP("3 days a second"), 3),
          (QT_TR_NOOP("1 week a second"), 7), (QT_TR_NOOP("1 month a second"), 30))  # fmt: skip


class Playback(QObject):
    """Slides [x0, x0 + window) from the first event shown to the last, by `speed` seconds of
    data a second of playback; says each step, and when it reaches the end."""

    stepped = Signal(float, float)  # the window, Unix seconds
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.step)
        self.lo = self.hi = self.x0 = 0.0
        self.window = 7 * DAY_SECONDS
        self.speed = DAY_SECONDS  # data seconds per second

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def start(self, lo: float, hi: float, x0: float) -> None:
        """Play over the events' span [lo, hi], from x0 if it lies within (a pause goes on
        where it was), else from the start."""
        self.lo, self.hi = lo, hi
        self.x0 = x0 if lo - self.window < x0 < hi else lo - self.window / 2
        self.stepped.emit(self.x0, self.x0 + self.window)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def step(self) -> None:
        self.x0 += self.speed * TICK_MS / 1000
        if self.x0 >= self.hi:
            self.timer.stop()
            self.finished.emit()
            return
        self.stepped.emit(self.x0, self.x0 + self.window)


def playback_controls(parent: QWidget) -> tuple[QToolButton, QComboBox, QComboBox]:
    """Play/pause, the window's length, the speed (for the map's bar)."""
    play = QToolButton(parent)
    play.setText(tr("Play"))
    play.setCheckable(True)
    play.setToolTip(tr("Slide a time window across the events shown: the timeline and the map "
                       "follow"))  # fmt: skip
    window = QComboBox(parent)
    for text, days in WINDOWS:
        window.addItem(tr(text), days)
    speed = QComboBox(parent)
    for text, days in SPEEDS:
        speed.addItem(tr(text), days)
    speed.setCurrentIndex(2)
    return play, window, speed
