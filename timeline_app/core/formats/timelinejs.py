"""TimelineJS (Knight Lab): its JSON, and its spreadsheet template saved as CSV.

Slides become events; eras become spans; a `group` becomes a tag (and a lane by type);
headline and text are reduced from HTML to plain text; a media URL becomes a source link.
Date parts may be strings or numbers; years before 1 AD are refused (they cannot be kept).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from timeline_app.core.dates import Precision, When
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile, RefusedRow, check_unique_ids
from timeline_app.core.formats.tabular import (
    Progress,
    convert_rows,
    open_table,
    read_lenient_text,
)
from timeline_app.core.model import Event, Source

ERA = "Era"


class _TextOnly(HTMLParser):
    """Markup to plain text: tags go, line breaks stay, entities are decoded."""

    BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html or "")
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _part(value: Any, name: str, low: int, high: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise FieldError(name, f"'{value}' is not a whole number") from None
    if not low <= number <= high:
        raise FieldError(name, f"{number} is outside {low}..{high}")
    return number


def date_of(parts: dict[str, Any], prefix: str) -> tuple[date, Precision, time | None]:
    """A TimelineJS date object (year, month, day, hour, minute, second) as date + precision."""
    year_value = parts.get("year")
    if year_value is None or str(year_value).strip() == "":
        raise FieldError(f"{prefix}.year", "missing")
    year = _part(year_value, f"{prefix}.year", -(10**9), 10**9)
    if not 1 <= year <= 9999:
        raise FieldError(f"{prefix}.year", f"{year}: only years 1 to 9999 can be kept")
    month = _part(parts.get("month"), f"{prefix}.month", 1, 12)
    day = _part(parts.get("day"), f"{prefix}.day", 1, 31)
    if month is None:
        return date(year, 1, 1), Precision.YEAR, None
    try:
        value = date(year, month, day or 1)
    except ValueError as exc:
        raise FieldError(f"{prefix}.day", str(exc)) from None
    if day is None:
        return value, Precision.MONTH, None
    hour = _part(parts.get("hour"), f"{prefix}.hour", 0, 23)
    minute = _part(parts.get("minute"), f"{prefix}.minute", 0, 59) or 0
    second = _part(parts.get("second"), f"{prefix}.second", 0, 59) or 0
    return value, Precision.DAY, (time(hour, minute, second) if hour is not None else None)


def _when(start: dict, end: dict | None) -> When:
    s, sp, st = date_of(start, "start_date")
    if not end:
        return When(s, sp, None, st)
    e, ep, _ = date_of(end, "end_date")
    return When(s, max(sp, ep), e, st if max(sp, ep) is Precision.DAY else None)


def _slide_id(slide: dict, when: When, headline: str) -> str:
    given = str(slide.get("unique_id") or "").strip()
    if given:
        return given
    digest = hashlib.blake2b(f"{when.start_text}\x1f{headline}".encode(), digest_size=6)
    return "tljs-" + digest.hexdigest()


def slide_to_event(slide: Any, *, era: bool = False) -> Event:
    if not isinstance(slide, dict):
        raise FieldError("event", "expected an object")
    text = slide.get("text") or {}
    if not isinstance(text, dict):
        raise FieldError("text", "expected an object with headline and text")
    when = _when(slide.get("start_date") or {}, slide.get("end_date"))
    headline = plain_text(str(text.get("headline") or ""))
    body = plain_text(str(text.get("text") or ""))
    title = headline or body.split("\n")[0][:120] or "(untitled)"
    media = slide.get("media") or {}
    sources = ()
    if isinstance(media, dict) and str(media.get("url") or "").startswith(("http://", "https://")):
        name = plain_text(str(media.get("credit") or media.get("caption") or ""))
        sources = (Source(name[:200], str(media["url"])),)
    group = str(slide.get("group") or "").strip()
    extra = {}
    display = (slide.get("start_date") or {}).get("display_date") or slide.get("display_date")
    if display:
        extra["display_date"] = str(display)
    if group:
        extra["group"] = group
    return Event(
        id=_slide_id(slide, when, headline),
        when=when,
        title=title,
        description=body,
        event_type=ERA if era else group,
        sources=sources,
        tags=tuple(t for t in (group, "era" if era else "") if t),
        extra=extra,
    )


def read_timelinejs(path: Path, *, skip_bad: bool = False, progress=None) -> ParsedFile:
    text, warnings = read_lenient_text(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raise InputError(path, 'not a TimelineJS file (no "events" list)', field="events")
    events: list[Event] = []
    refused = []
    slides = [(f"events {i + 1}", s, False) for i, s in enumerate(doc["events"])]
    slides += [(f"eras {i + 1}", s, True) for i, s in enumerate(doc.get("eras") or [])]
    for record, slide, era in slides:
        try:
            events.append(slide_to_event(slide, era=era))
        except FieldError as exc:
            if not skip_bad:
                raise InputError(path, exc.message, record=record, field=exc.field) from None
            refused.append(RefusedRow(None, exc.field, f"{record}: {exc.message}"))
    check_unique_ids(path, events, [None] * len(events))
    title = doc.get("title") if isinstance(doc.get("title"), dict) else {}
    title_text = title.get("text") if isinstance(title.get("text"), dict) else {}
    parsed = ParsedFile(path, "timelinejs", events, [None] * len(events))
    parsed.label = "TimelineJS JSON"
    parsed.dataset_description = plain_text(str(title_text.get("headline") or ""))
    parsed.warnings = warnings
    parsed.refused = refused
    return parsed


def is_timelinejs_sheet(header: list[str]) -> bool:
    return {"year", "headline"} <= {h.strip().lower() for h in header}


def _sheet_row(row: dict[str, str]) -> Event:
    def get(name: str) -> str:
        return row.get(name, "").strip()

    def parts(prefix: str) -> dict:
        hour = minute = None
        clock = get(f"{prefix}time")
        if clock:
            pieces = clock.replace(".", ":").split(":")
            hour, minute = pieces[0], pieces[1] if len(pieces) > 1 else "0"
        return {"year": get(f"{prefix}year"), "month": get(f"{prefix}month"),
                "day": get(f"{prefix}day"), "hour": hour, "minute": minute}  # fmt: skip

    slide = {
        "start_date": parts(""),
        "end_date": parts("end ") if get("end year") else None,
        "text": {"headline": get("headline"), "text": get("text")},
        "media": {"url": get("media"), "credit": get("media credit")},
        "group": get("group"),
        "display_date": get("display date"),
    }
    try:
        return slide_to_event(slide, era=get("type").lower() == "era")
    except FieldError as exc:  # name the spreadsheet's column, not the JSON field
        column = exc.field.replace("start_date.", "").replace("end_date.", "end ")
        raise FieldError(
            column.replace("hour", "time").replace("minute", "time"), exc.message
        ) from None


def read_timelinejs_sheet(
    path: Path, *, skip_bad: bool = False, progress: Progress | None = None
) -> ParsedFile:
    text, warnings = read_lenient_text(path)
    table = open_table(path, text)
    names = [h.lower() for h in table.header]
    title_rows: list[str] = []

    source = table.rows

    def rows():
        for line, cells in source:
            row = dict(zip(names, cells, strict=False))
            if row.get("type", "").strip().lower() == "title":
                title_rows.append(plain_text(row.get("headline", "")))
                continue
            yield line, cells

    table.rows = rows()
    parsed = convert_rows(
        table, names, _sheet_row, fmt="timelinejs-csv", skip_bad=skip_bad, progress=progress
    )
    parsed.label, parsed.header = "TimelineJS spreadsheet (CSV)", table.header
    parsed.dataset_description = title_rows[0] if title_rows else ""
    parsed.warnings = warnings + parsed.warnings
    return parsed
