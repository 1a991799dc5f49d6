"""Presentation mode: full screen, high contrast, large type, one event at a time.

The steps are a story: by default the key events of what the filters show, in date order
(with none, a few chosen among them: core/steps.py).
Right, Page Down and Space go forward (a presentation clicker sends Page Down); Left,
Page Up and Backspace go back; Home and End jump; Esc leaves. Each step glides the view to
its event and rings it; beside the card, the map centres on the event's place and rings it.
The main window's own view is left as it was.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEasingCurve, QLocale, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from timeline_app.core.lanes import LaneLayout
from timeline_app.core.steps import DefaultSteps, default_steps
from timeline_app.ui.i18n import tr
from timeline_app.ui.map_inset import focus, show_places
from timeline_app.ui.map_view import MapView
from timeline_app.ui.presentation_card import PresentationCard
from timeline_app.ui.session import Session
from timeline_app.ui.themes import PRESENTATION
from timeline_app.ui.timeline_item import DAY
from timeline_app.ui.timeline_view import TimelineView

GLIDE_MS = 700
BOTTOM_SHARE = 0.4  # of the height: the card and the map, under the timeline
STYLE = f"""
QWidget#presentation {{ background: {PRESENTATION.background}; }}
QLabel {{ color: {PRESENTATION.text}; }}
QLabel#card {{ font-size: 26px; }}
QLabel#counter {{ color: #9aa4ad; font-size: 20px; }}
"""


def story_steps(session: Session) -> DefaultSteps:
    """The default story of what the filters show: their key events, else a few chosen."""
    return default_steps(session.open_columns, session.mask)


def steps_text(steps: DefaultSteps) -> str:
    """Why these steps, in the interface's language ("" for key events)."""
    return steps.describe(tr, QLocale().toString)


class Presentation(QWidget):
    closed = Signal(object)  # the event row shown last, or None

    def __init__(
        self,
        session: Session,
        layout: LaneLayout,
        steps: list[int],
        notes: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("presentation")
        self.setWindowTitle(tr("Presentation — Timeline App"))
        self.setStyleSheet(STYLE)
        self.session, self.steps, self.index = session, steps, 0
        self.notes = notes or [""] * len(steps)  # a story's words for each step
        self.timeline = TimelineView(self, overview=False)
        self.timeline.set_theme(PRESENTATION)
        self.timeline.set_scale(1.5)
        self.timeline.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are the presenter's
        self.timeline.set_data(session.open_columns, layout)
        self.timeline.scroll.setMaximumWidth(0)  # lanes follow the steps; no bar on a projector
        # a long description must not squeeze the timeline: the card gets its share only,
        # and fits its text to it (ui/presentation_card.py)
        self.card = PresentationCard(self)
        self.counter = QLabel(self)
        self.counter.setObjectName("counter")
        # the map of what the filters show and of every step, each step's place ringed
        self.map = MapView(self)
        self.map.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.map.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.map.load_basemap()
        rows = np.union1d(np.flatnonzero(session.mask), steps).astype(np.int64)
        self.map_places = show_places(self.map, session.open_columns, layout, rows)
        self.bottom = QWidget(self)  # its height set on resize (BOTTOM_SHARE)
        bottom = QHBoxLayout(self.bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.card, 3)
        bottom.addWidget(self.map, 2)
        bottom.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignBottom)
        box = QVBoxLayout(self)
        box.setContentsMargins(36, 24, 36, 24)
        box.addWidget(self.timeline, 1)
        box.addWidget(self.bottom)
        self.glide = QVariantAnimation(self, duration=GLIDE_MS)
        self.glide.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.glide.setStartValue(0.0)
        self.glide.setEndValue(1.0)
        self.glide.valueChanged.connect(self._glide_to)
        self._from = self._to = (0.0, 1.0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if steps:
            self.show_step(0, animate=False)

    def resizeEvent(self, event) -> None:
        # a fixed share: the card's word-wrapped text, narrower beside the map, would
        # otherwise ask for the height it needs and squeeze the timeline
        self.bottom.setFixedHeight(int(self.height() * BOTTOM_SHARE))
        super().resizeEvent(event)

    def show_on_screen(self) -> None:
        """Full screen on the window's screen (its geometry set too, for bare X servers)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.setFocus()

    @property
    def current(self) -> int | None:
        return self.steps[self.index] if self.steps else None

    def window_for(self, row: int) -> tuple[float, float]:
        """A view around the event: a few weeks, or its whole span with room either side."""
        ev = self.session.open_columns.events
        start, end = float(ev["start_ts"].to_numpy()[row]), float(ev["end_ts"].to_numpy()[row])
        half = max((end - start) * 0.9, 12 * DAY)
        mid = (start + end) / 2
        return mid - half, mid + half * 1.6  # labels run to the right

    def show_step(self, index: int, *, animate: bool = True) -> None:
        self.index = int(np.clip(index, 0, len(self.steps) - 1))
        row = self.steps[self.index]
        self.timeline.set_selected(row)
        self.timeline.scroll_to_lanes(row)
        self._from, self._to = self.timeline.x_range(), self.window_for(row)
        if animate:
            self.glide.stop()
            self.glide.start()
        else:
            self.timeline.set_x_range(*self._to)
        event = self.session.event_at(row)
        assert event is not None  # (a step is an event of the dataset)
        self.card.show_event(event, self.notes[self.index])
        focus(self.map, self.session.open_columns, self.map_places, row)
        self.counter.setText(f"{self.index + 1} / {len(self.steps)}")

    def _glide_to(self, t: float) -> None:
        (a0, a1), (b0, b1) = self._from, self._to
        self.timeline.set_x_range(a0 + (b0 - a0) * t, a1 + (b1 - a1) * t)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        forward = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down)
        back = (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Up)
        if key == Qt.Key.Key_Escape:
            self.close()
        elif not self.steps:
            super().keyPressEvent(event)
        elif key in forward:
            self.show_step(self.index + 1)
        elif key in back:
            self.show_step(self.index - 1)
        elif key == Qt.Key.Key_Home:
            self.show_step(0)
        elif key == Qt.Key.Key_End:
            self.show_step(len(self.steps) - 1)
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:
        self.glide.stop()
        self.closed.emit(self.current)
        super().closeEvent(event)
