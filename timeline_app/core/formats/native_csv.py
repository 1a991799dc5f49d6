"""Our own CSV: one row per event; several values in one cell are separated by `;`.

A `;`, `|` or `\\` inside a value is written with a backslash before it. A source is
`name | url | date` (a lone URL is fine). Columns not listed here are kept as `extra` fields.
Text cells that a spreadsheet would run as a formula are written with a leading `'`,
which reading takes off again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from pathlib import Path

from timeline_app.core.dates import When
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile
from timeline_app.core.formats.tabular import Progress, convert_rows, open_table
from timeline_app.core.model import (
    ActorRef,
    Event,
    Location,
    LocationPrecision,
    Role,
    Source,
)

COLUMNS = (
    "id", "start", "end", "precision", "date_note", "title", "description", "event_type",
    "primary_actors", "opposing_actors", "associated_actors",
    "place", "admin2", "admin1", "country", "latitude", "longitude", "location_precision",
    "fatalities", "sources", "tags", "key",
)  # fmt: skip
REQUIRED = ("start", "title")
ROLE_COLUMNS = {Role.PRIMARY: "primary_actors", Role.OPPOSING: "opposing_actors",
                Role.ASSOCIATED: "associated_actors"}  # fmt: skip
# Model fields as this format names them, for error messages.
_COLUMN_OF = {"location.latitude": "latitude", "location.longitude": "longitude",
              "location.precision": "location_precision", "sources.date": "sources",
              "sources.name": "sources", "sources.url": "sources"}  # fmt: skip
_TRUE = {"1", "true", "yes", "y", "x", "key"}
_FALSE = {"", "0", "false", "no", "n"}
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
EXTRA_PREFIX = "extra."


# -- multi-valued cells ------------------------------------------------------------------


def split_values(cell: str, sep: str = ";") -> list[str]:
    """Split on unescaped `sep`; strip each value and drop empty ones."""
    values, cur, chars = [], [], iter(cell)
    for ch in chars:
        if ch == "\\":
            cur.append(next(chars, "\\"))
        elif ch == sep:
            values.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    values.append("".join(cur))
    return [v.strip() for v in values if v.strip()]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace("|", "\\|")


def join_values(values: list[str], sep: str = "; ") -> str:
    return sep.join(_escape(v) for v in values)


def _split_parts(entry: str) -> list[str]:
    """Split a source entry on unescaped `|`, keeping empty parts (they are positional)."""
    parts, cur, chars = [], [], iter(entry)
    for ch in chars:
        if ch == "\\":
            cur.append(next(chars, "\\"))
        elif ch == "|":
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return parts


def _raw_entries(cell: str) -> list[str]:
    """Split a sources cell on unescaped `;` but keep the escapes for the part split."""
    entries, cur, chars = [], [], iter(cell)
    for ch in chars:
        if ch == "\\":
            cur.append(ch + next(chars, "\\"))
        elif ch == ";":
            entries.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    entries.append("".join(cur))
    return [e for e in entries if e.strip()]


def parse_sources(cell: str) -> tuple[Source, ...]:
    out = []
    for entry in _raw_entries(cell):
        parts = _split_parts(entry)
        if len(parts) > 3:
            raise FieldError("sources", f"'{entry.strip()}' has more than name | url | date")
        if len(parts) == 1:
            only = parts[0]
            parts = ["", only] if re.match(r"^[a-z][a-z0-9+.-]*://", only, re.I) else [only]
        out.append(Source(*parts))
    return tuple(out)


def format_sources(sources: tuple[Source, ...]) -> str:
    entries = []
    for s in sources:
        parts = [s.name, s.url, s.date]
        while parts and not parts[-1]:
            parts.pop()
        if parts == ["", s.url]:
            parts = [s.url]
        entries.append(" | ".join(_escape(p) for p in parts))
    return "; ".join(entries)


# -- cells -------------------------------------------------------------------------------


def _unformula(text: str) -> str:
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


def _formula_safe(text: str) -> str:
    return "'" + text if _FORMULA.match(text) else text


def _number(text: str, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise FieldError(column, f"'{text[:40]}' is not a number") from None


def _count(text: str, column: str) -> int | None:
    value = _number(text.replace(",", ""), column)
    if value is None:
        return None
    if not math.isfinite(value) or value != int(value):  # inf and nan are not counts
        raise FieldError(column, f"'{text.strip()[:40]}' is not a whole number")
    return int(value)


def _flag(text: str, column: str) -> bool:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise FieldError(column, f"'{text.strip()[:40]}' is not yes or no")


def derived_id(start: str, title: str, place: str) -> str:
    """A stable id for a row that has none: the same row gives the same id on re-import."""
    digest = hashlib.blake2b(f"{start}\x1f{title}\x1f{place}".encode(), digest_size=6)
    return "csv-" + digest.hexdigest()


def row_to_event(row: dict[str, str]) -> Event:
    """One CSV row (column -> cell) to an Event; raises FieldError naming the column."""
    cell = {k: _unformula(v) for k, v in row.items()}
    get = cell.get
    when = When.parse(get("start", ""), get("end", ""), get("precision", ""))
    actors = [
        ActorRef(name, role)
        for role, column in ROLE_COLUMNS.items()
        for name in split_values(get(column, ""))
    ]
    extra = {k.removeprefix(EXTRA_PREFIX): v for k, v in cell.items() if k not in COLUMNS and v}
    try:
        return Event(
            id=get("id", "").strip()
            or derived_id(get("start", ""), get("title", ""), get("place", "")),
            when=when,
            title=get("title", "").strip(),
            description=get("description", ""),
            event_type=get("event_type", "").strip(),
            actors=tuple(actors),
            location=Location(
                place=get("place", "").strip(),
                admin2=get("admin2", "").strip(),
                admin1=get("admin1", "").strip(),
                country=get("country", "").strip(),
                latitude=_number(get("latitude", ""), "latitude"),
                longitude=_number(get("longitude", ""), "longitude"),
                precision=LocationPrecision.parse(
                    get("location_precision", ""), "location_precision"
                ),
            ),
            fatalities=_count(get("fatalities", ""), "fatalities"),
            sources=parse_sources(get("sources", "")),
            tags=tuple(split_values(get("tags", ""))),
            key=_flag(get("key", ""), "key"),
            date_note=get("date_note", ""),
            extra=extra,
        )
    except FieldError as exc:
        raise FieldError(_COLUMN_OF.get(exc.field, exc.field), exc.message) from None


def event_to_row(event: Event) -> dict[str, str]:
    w, loc = event.when, event.location
    row = {
        "id": event.id,
        "start": w.start_text,
        "end": w.end_text,
        "precision": w.precision.label,
        "date_note": event.date_note,
        "title": event.title,
        "description": event.description,
        "event_type": event.event_type,
        "place": loc.place,
        "admin2": loc.admin2,
        "admin1": loc.admin1,
        "country": loc.country,
        "latitude": "" if loc.latitude is None else repr(loc.latitude),
        "longitude": "" if loc.longitude is None else repr(loc.longitude),
        "location_precision": loc.precision.value,
        "fatalities": "" if event.fatalities is None else str(event.fatalities),
        "sources": format_sources(event.sources),
        "tags": join_values(list(event.tags)),
        "key": "yes" if event.key else "",
    }
    for role, column in ROLE_COLUMNS.items():
        row[column] = join_values([a.name for a in event.actors if a.role is role])
    row.update({_extra_column(k): v for k, v in event.extra.items()})
    numeric = {"latitude", "longitude", "fatalities"}
    return {k: v if k in numeric else _formula_safe(v) for k, v in row.items()}


def _extra_column(key: str) -> str:
    """The column of an extra field; prefixed where the bare key would be misread."""
    return EXTRA_PREFIX + key if key.lower() in COLUMNS or key.startswith(EXTRA_PREFIX) else key


# -- files -------------------------------------------------------------------------------


def _column_name(header_cell: str) -> str:
    name = _unformula(header_cell.strip())  # a header cell is made safe as a value is
    return name.lower() if name.lower() in COLUMNS else name


def read_native_csv(
    path: Path, *, skip_bad: bool = False, progress: Progress | None = None
) -> ParsedFile:
    table = open_table(path)  # as every table is read: cp1252 where not UTF-8
    header = [_column_name(h) for h in table.header]
    for name in REQUIRED:
        if name not in header:
            raise InputError(
                path, f"missing required column (columns found: {', '.join(header)[:200]})",
                line=1, field=name,
            )  # fmt: skip
    seen = set()
    for name in header:
        if name in seen:
            raise InputError(path, "column named twice", line=1, field=name)
        seen.add(name)
    parsed = convert_rows(
        table, header, row_to_event, fmt="csv", skip_bad=skip_bad, progress=progress
    )
    parsed.label, parsed.header = "Timeline App CSV", table.header
    return parsed


def write_native_csv(parsed: ParsedFile, path: Path) -> None:
    extra = sorted({_extra_column(k) for e in parsed.events for k in e.extra})
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *extra], lineterminator="\n")
    # an extra field's name comes from the data: a spreadsheet would run "=cmd|..." in the
    # header as it would in a cell
    writer.writerow({name: _formula_safe(name) for name in writer.fieldnames})
    for event in parsed.events:
        writer.writerow(event_to_row(event))
    # A BOM so that spreadsheets read the accents ("Félix") as UTF-8.
    path.write_text(out.getvalue(), encoding="utf-8-sig")
