"""The selected event's card. Data is escaped: a description is text, never markup.

Links: sources open in the system browser, and only on a click; an actor or a place
filters the views to it.
"""

from __future__ import annotations

import html
from urllib.parse import quote, unquote

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from timeline_app.core.dates import Precision, localize
from timeline_app.core.model import Event, Role
from timeline_app.ui.i18n import QT_TR_NOOP, language, tr

ACTOR_SCHEME = "tl-actor"
PLACE_SCHEME = "tl-place"
PRECISION_NOTE = {
    Precision.DAY: "",
    Precision.WEEK: QT_TR_NOOP("the exact day is not known"),
    Precision.MONTH: QT_TR_NOOP("only the month is known"),
    Precision.YEAR: QT_TR_NOOP("only the year is known"),
}
ROLE_WORD = {Role.PRIMARY: "", Role.OPPOSING: QT_TR_NOOP("opposing"),
             Role.ASSOCIATED: QT_TR_NOOP("associated")}  # fmt: skip
STYLE = """
h2 { margin: 0 0 4px 0; }
.date { font-size: large; margin: 0; }
.muted { color: #888888; }
a { text-decoration: none; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def card_html(event: Event, status: str = "") -> str:
    """The card; `status` is a line about the event's record ("no longer in its source")."""
    w, loc = event.when, event.location
    parts = [f"<h2>{'★ ' if event.key else ''}{_e(event.title)}</h2>"]
    if status:
        parts.append(f"<p style='color:#a04000'><b>{_e(status)}</b></p>")
    note = PRECISION_NOTE[w.precision]
    parts.append(
        f"<p class='date'><b>{_e(localize(w.describe(), language()))}</b>"
        + (f" <span class='muted'>({_e(tr(note))})</span>" if note else "")
        + "</p>"
    )
    if event.date_note:
        parts.append(f"<p class='muted'><i>{_e(event.date_note)}</i></p>")
    place_links = []
    for depth, name in enumerate((loc.country, loc.admin1, loc.place), start=1):
        if name:
            path = "/".join(quote(p, safe="") for p in (loc.country, loc.admin1, loc.place)[:depth])
            place_links.append(f"<a href='{PLACE_SCHEME}:{path}'>{_e(name)}</a>")
    if place_links:
        where = ", ".join(reversed(place_links))
        if loc.latitude is not None:
            where += (
                f"<br><span class='muted'>{loc.latitude:.4f}, {loc.longitude:.4f}"
                + (f" ({_e(loc.precision.value)})" if loc.precision.value else "")
                + "</span>"
            )
        parts.append(f"<p>{where}</p>")
    if event.actors:
        actors = [
            f"<a href='{ACTOR_SCHEME}:{quote(a.name, safe='')}'>{_e(a.name)}</a>"
            + (
                f" <span class='muted'>({tr(ROLE_WORD[a.role])})</span>"
                if ROLE_WORD[a.role]
                else ""
            )
            for a in event.actors
        ]
        parts.append("<p><b>" + tr("Actors:") + "</b> " + ", ".join(actors) + "</p>")
    facts = []
    if event.event_type:
        facts.append("<b>" + tr("Type:") + f"</b> {_e(event.event_type)}")
    if event.fatalities is not None:
        facts.append("<b>" + tr("Fatalities:") + f"</b> {event.fatalities}")
    if event.tags:
        facts.append("<b>" + tr("Tags:") + "</b> " + _e(", ".join(event.tags)))
    if facts:
        parts.append("<p>" + " · ".join(facts) + "</p>")
    if event.description:
        parts.append("<p>" + _e(event.description).replace("\n", "<br>") + "</p>")
    if event.sources:
        items = []
        for s in event.sources:
            label = _e(s.name or s.url)
            link = f"<a href='{_e(s.url)}'>{label}</a>" if s.url else label
            items.append(f"<li>{link}{' · ' + _e(s.date) if s.date else ''}</li>")
        parts.append("<p><b>" + tr("Sources") + "</b></p><ol>" + "".join(items) + "</ol>")
    return "".join(parts)


class EventCard(QTextBrowser):
    actorClicked = Signal(str)
    placeClicked = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # we decide what a click does; nothing opens by itself
        self.document().setDefaultStyleSheet(STYLE)
        self.anchorClicked.connect(self._follow)
        self.show_event(None)

    def show_event(self, event: Event | None, status: str = "") -> None:
        if event is None:
            self.setHtml(
                "<p class='muted'>" + tr("Select an event on the timeline or in the list.") + "</p>"
            )
        else:
            self.setHtml(card_html(event, status))

    def _follow(self, url: QUrl) -> None:
        scheme, rest = url.scheme(), url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        body = rest.split(":", 1)[1] if ":" in rest else ""
        if scheme == ACTOR_SCHEME:
            self.actorClicked.emit(unquote(body))
        elif scheme == PLACE_SCHEME:
            self.placeClicked.emit(tuple(unquote(p) for p in body.split("/")))
        elif scheme in ("http", "https"):
            QDesktopServices.openUrl(url)
