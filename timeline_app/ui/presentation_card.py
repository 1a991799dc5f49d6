"""The presentation's card: an event's title, date, story note, place and actors, description
and sources, in large type, made to fit the room the layout gives it.

The room is a fixed share of the screen beside the map (ui/presentation.py): a long
description at full size ran past it and the label cut its last line through and hid the
sources. The text steps down in size first; at the smallest step, the description is cut
at a word with "…", the other lines staying whole.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from timeline_app.core.dates import localize
from timeline_app.core.model import Event
from timeline_app.ui.event_card import PRECISION_NOTE
from timeline_app.ui.i18n import language, tr

SCALES = (1.0, 0.9, 0.8, 0.75)  # of the type's size, tried in turn (0.75: body text 19.5 px)
ELLIPSIS = "…"


def card_html(event: Event, note: str, scale: float = 1.0, description: str | None = None) -> str:
    """The card's rich text, its sizes times `scale`; `description` in place of the event's
    (None: the event's, "": none)."""
    w, e = event.when, html.escape

    def px(size: float) -> str:
        return f"font-size:{round(size * scale)}px"

    precision = PRECISION_NOTE[w.precision]
    when = e(localize(w.describe(), language()))
    if precision:
        when += f" <span style='color:#9aa4ad; {px(22)}'>({e(tr(precision))})</span>"
    lines = [
        f"<div style='{px(40)}; font-weight:bold'>{e(event.title)}</div>",
        f"<div style='{px(30)}; color:#ffd479'>{when}</div>",
    ]
    if note:
        lines.append(f"<div style='color:#ffd479; font-style:italic'>{e(note)}</div>")
    place = event.location.label
    actors = ", ".join(a.name for a in event.actors)
    lines.append(f"<div style='color:#c8d0d8'>{e(' · '.join(filter(None, [place, actors])))}</div>")
    text = event.description if description is None else description
    if text:
        lines.append(f"<div style='margin-top:{round(10 * scale)}px'>{e(text)}</div>")
    if event.sources:
        names = ", ".join(s.name or s.url for s in event.sources)
        said = tr("Sources: {names}").format(names=names)
        lines.append(f"<div style='color:#9aa4ad; {px(18)}'>{e(said)}</div>")
    # the body's size (the description, the note, the place) set here, not by the style
    # sheet alone: it steps down with the rest
    return f"<div style='{px(26)}'>{''.join(lines)}</div>"


class PresentationCard(QLabel):
    """A word-wrapped rich-text label that fits its event's text to its own size, redone
    when that changes. Its size is the layout's share only (the text never asks for more:
    the timeline above it keeps its height, the map beside it its width)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)  # built by card_html, data escaped
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._event: Event | None = None
        self._note = ""

    def show_event(self, event: Event, note: str = "") -> None:
        self._event, self._note = event, note
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fits(self, text: str) -> bool:
        self.setText(text)
        return self.heightForWidth(self.width()) <= self.height()

    def _fit(self) -> None:
        """The largest size at which the whole text fits; else the smallest, with as many
        of the description's words as fit (none, in a room too small for the rest)."""
        event, note = self._event, self._note
        if event is None:
            return
        for scale in SCALES:
            if self._fits(card_html(event, note, scale)):
                return
        words = event.description.split()
        lo, hi = 0, len(words)  # the most words that fit, searched by halves
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._fits(card_html(event, note, SCALES[-1], _cut(words, mid))):
                lo = mid
            else:
                hi = mid - 1
        self.setText(card_html(event, note, SCALES[-1], _cut(words, lo)))


def _cut(words: list[str], n: int) -> str:
    """The first `n` words and an ellipsis ("" for none), the last word's trailing
    punctuation dropped before it."""
    if n <= 0:
        return ""
    return " ".join(words[:n]).rstrip(",;:.") + ELLIPSIS
