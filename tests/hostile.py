"""A dataset whose every text field is hostile: markup Qt would render (or load: an image
from /dev/zero), control characters a terminal or XML would act on, a formula."""

from __future__ import annotations

from pathlib import Path

from timeline_app.core.dates import When
from timeline_app.core.formats.base import ParsedFile
from timeline_app.core.model import ActorRef, Event, Location, Role, Source

IMG = "<img src=/dev/zero>"
HOSTILE = {
    "title": f"Clash {IMG}",
    "place": "<b>Goma</b>",
    "admin1": "<a href='http://example.org/x'>Kivu</a>",
    "country": "<table><tr><td>DRC</td></tr></table>",
    "event_type": "<i>Battles</i> & <u>more</u>",
    "actor": "<b>M23</b> & Co",
    "opposing": "<a href=x>FARDC</a>",
    "description": f"<h1>big</h1>\n{IMG}",
    "source": "<img src=/dev/zero> Reuters",
}
CONTROL_TITLE = "Esc\x1b[31mred\x1b]0;pwned\x07 nul\x00 vt\x0bff\x0c c1\x9b end"
CONTROL_ACTOR = "Ctl\x00actor\x0bname\x1b"
FORMULA = '=HYPERLINK("http://x")'


def hostile_events() -> list[Event]:
    h = HOSTILE
    base = {
        "event_type": h["event_type"],
        "description": h["description"],
        "location": Location(place=h["place"], admin1=h["admin1"], country=h["country"]),
        "actors": (ActorRef(h["actor"], Role.PRIMARY), ActorRef(h["opposing"], Role.OPPOSING)),
        "sources": (Source(h["source"], "https://example.org/<b>"),),
    }
    return [
        Event(
            "h1",
            When.parse("2025-01-27"),
            h["title"],
            key=True,
            **base,
            extra={FORMULA: "=1+1", "@cmd": "plain"},
        ),
        Event("h2", When.parse("2025-02-14"), CONTROL_TITLE, key=True, **base),
        Event("h4", When.parse("2025-02-20"), "Lane", actors=(ActorRef(CONTROL_ACTOR),)),
        Event("h3", When.parse("2025-03"), "<table><tr><td>cell</td></tr></table>", **base),
    ]


def hostile_file(name: str = "hostile") -> ParsedFile:
    return ParsedFile(Path(f"{name}.json"), "json", hostile_events())
