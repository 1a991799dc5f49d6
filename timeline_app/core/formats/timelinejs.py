"""TimelineJS (Knight Lab): its JSON, and its spreadsheet template saved as CSV.

Slides become events; eras become spans; a `group` becomes a tag (and a lane by type);
headline and text are reduced from HTML to plain text; a media URL becomes a source link.
Date parts may be strings or numbers; years before 1 AD are refused (they cannot be kept).
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date, time
from pathlib import Path
from typing import Any

from timeline_app.core.dates import Precision, When
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile, RefusedRow, load_json, read_lenient_text
from timeline_app.core.formats.tabular import (
    Progress,
    convert_rows,
    open_table,
)
from timeline_app.core.model import Event, Source

ERA = "Era"


BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*+)[^>]*+>")  # possessive: no backtracking


def plain_text(markup: str) -> str:
    """Markup to plain text: tags and comments go, line breaks stay, entities are decoded.

    In one pass: a tag ends at the first `>`, a comment at the first `-->`, and one left
    open is kept as text. (html.parser searched the rest of the text again for each
    construct left open: `<!--` a hundred thousand times took a minute; and it asserted on
    `<![ x`.)"""
    parts: list[str] = []
    i, n, gt = 0, len(markup), -1
    while i < n:
        lt = markup.find("<", i)
        if lt < 0:
            parts.append(html.unescape(markup[i:]))
            break
        parts.append(html.unescape(markup[i:lt]))
        if gt < lt:  # the next ">", searched once for all the "<" before it
            gt = markup.find(">", lt)
        end = gt + 1 if gt >= 0 else -1
        if markup.startswith("<!--", lt):
            close = markup.find("-->", lt + 4)
            end = close + 3 if close >= 0 else -1
        elif end > 0 and (tag := _TAG.match(markup, lt, end)):
            if tag.group(1).lower() in BREAKS:
                parts.append("\n")
        elif not markup.startswith(("<!", "<?", "</"), lt):  # a "<" that opens nothing
            parts.append("<")
            i = lt + 1
            continue
        if end < 0:  # left open: the rest is text
            parts.append(html.unescape(markup[lt:]))
            break
        i = end
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
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
    assert year is not None  # (not empty: checked above)
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


_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")


def _date_parts(value: Any, prefix: str) -> dict[str, Any] | None:
    """A date object, or None if it gives no part (TimelineJS writes "end_date" with every
    part "" for a slide without an end)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FieldError(prefix, "expected an object with year, month, day…")
    given = [value.get(k) for k in _DATE_PARTS]
    return value if any(v is not None and str(v).strip() for v in given) else None


def _when(start: Any, end: Any) -> When:
    start_parts = _date_parts(start, "start_date") or {}
    end_parts = _date_parts(end, "end_date")
    s, sp, st = date_of(start_parts, "start_date")
    if not end_parts:
        return When(s, sp, None, st)
    e, ep, _ = date_of(end_parts, "end_date")
    return When(s, max(sp, ep), e, st if max(sp, ep) is Precision.DAY else None)


def _derived_id(parts: list[str], seen: dict[str, int] | None) -> str:
    """An id from all that tells a slide apart; identical slides (TimelineJS shows each)
    are told apart by their order among themselves: the second is "-2", and so on."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6)
    derived = "tljs-" + digest.hexdigest()
    if seen is None:
        return derived
    seen[derived] = count = seen.get(derived, 0) + 1
    return derived if count == 1 else f"{derived}-{count}"


def slide_to_event(slide: Any, *, era: bool = False, seen: dict[str, int] | None = None) -> Event:
    """One slide (or era) as an event. Its id is `unique_id` if given, else derived from its
    dates, texts and media; `seen` counts the derived ids of a file, to number repeats."""
    if not isinstance(slide, dict):
        raise FieldError("event", "expected an object")
    text = slide.get("text") or {}
    if not isinstance(text, dict):
        raise FieldError("text", "expected an object with headline and text")
    when = _when(slide.get("start_date"), slide.get("end_date"))
    headline = plain_text(str(text.get("headline") or ""))
    body = plain_text(str(text.get("text") or ""))
    media = slide.get("media") or {}
    if not isinstance(media, dict):
        raise FieldError("media", "expected an object with url, caption and credit")
    url, caption, credit = (str(media.get(k) or "").strip() for k in ("url", "caption", "credit"))
    title = headline or body.split("\n")[0][:120] or plain_text(caption)[:120] or "(untitled)"
    sources: tuple[Source, ...] = ()
    if url.startswith(("http://", "https://")):
        name = plain_text(credit or caption)
        sources = (Source(name[:200], url),)
    group = str(slide.get("group") or "").strip()
    extra = {}
    display = (slide.get("start_date") or {}).get("display_date") or slide.get("display_date")
    if display:
        extra["display_date"] = str(display)
    if group:
        extra["group"] = group
    given = str(slide.get("unique_id") or "").strip()
    # media-only slides on one day (as in TimelineJS's own examples) differ only by their media
    parts = [when.start_text, when.end_text, headline, body, url, caption, credit, group]
    return Event(
        id=given or _derived_id(["era" if era else "", *parts], seen),
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
    doc = load_json(path, text)
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raise InputError(path, 'not a TimelineJS file (no "events" list)', field="events")
    events: list[Event] = []
    refused = []
    eras = doc.get("eras") or []
    if not isinstance(eras, list):
        raise InputError(path, "expected a list of eras", field="eras")
    slides = [(f"events {i + 1}", s, False) for i, s in enumerate(doc["events"])]
    slides += [(f"eras {i + 1}", s, True) for i, s in enumerate(eras)]
    seen: dict[str, int] = {}
    first: dict[str, str] = {}  # id -> the record that used it first
    for record, slide, era in slides:
        try:
            event = slide_to_event(slide, era=era, seen=seen)
            if event.id in first:  # only a given unique_id can repeat
                raise FieldError(
                    "unique_id", f"'{event.id}' is used again (first at {first[event.id]})"
                )
        except FieldError as exc:
            if not skip_bad:
                raise InputError(path, exc.message, record=record, field=exc.field) from None
            refused.append(RefusedRow(None, exc.field, f"{record}: {exc.message}"))
            continue
        first[event.id] = record
        events.append(event)
    title = doc.get("title")
    title = title if isinstance(title, dict) else {}
    title_text = title.get("text")
    title_text = title_text if isinstance(title_text, dict) else {}
    parsed = ParsedFile(path, "timelinejs", events, [None] * len(events))
    parsed.label = "TimelineJS JSON"
    parsed.dataset_description = plain_text(str(title_text.get("headline") or ""))
    parsed.warnings = warnings
    parsed.refused = refused
    return parsed


def is_timelinejs_sheet(header: list[str]) -> bool:
    return {"year", "headline"} <= {h.strip().lower() for h in header}


def _sheet_row(row: dict[str, str], seen: dict[str, int] | None = None) -> Event:
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
        "media": {
            "url": get("media"),
            "credit": get("media credit"),
            "caption": get("media caption"),
        },
        "group": get("group"),
        "display_date": get("display date"),
    }
    try:
        return slide_to_event(slide, era=get("type").lower() == "era", seen=seen)
    except FieldError as exc:  # name the spreadsheet's column, not the JSON field
        column = exc.field.replace("start_date.", "").replace("end_date.", "end ")
        raise FieldError(
            column.replace("hour", "time").replace("minute", "time"), exc.message
        ) from None


def read_timelinejs_sheet(
    path: Path, *, skip_bad: bool = False, progress: Progress | None = None
) -> ParsedFile:
    table = open_table(path)
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
    seen: dict[str, int] = {}
    parsed = convert_rows(
        table, names, lambda row: _sheet_row(row, seen), fmt="timelinejs-csv",
        skip_bad=skip_bad, progress=progress,
    )  # fmt: skip
    parsed.label, parsed.header = "TimelineJS spreadsheet (CSV)", table.header
    parsed.dataset_description = title_rows[0] if title_rows else ""
    return parsed
