"""Any other spreadsheet (CSV, TSV, XLSX): its columns mapped to our fields by the user.

A mapping names, for each field, the column that holds it, and may settle the day/month
order of slashed dates. Without an order, a date column whose values could be read either
way (4/1/2017) is refused with a request to say which: the order is never guessed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline_app.core.dates import When
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile
from timeline_app.core.formats.cells import checked_location, count, split_names
from timeline_app.core.formats.loose_dates import is_ambiguous, parse_loose_date, slash_order
from timeline_app.core.formats.tabular import (
    Progress,
    Table,
    convert_rows,
    open_table,
    read_lenient_text,
)
from timeline_app.core.model import ActorRef, Event, LocationPrecision, Source
from timeline_app.core.words import QT_TR_NOOP

# field -> what it means, in the order a dialog shows them
FIELDS = {
    "date": QT_TR_NOOP("Date (start)"),
    "end_date": QT_TR_NOOP("End date"),
    "title": QT_TR_NOOP("Title"),
    "description": QT_TR_NOOP("Description"),
    "actors": QT_TR_NOOP("Actors (separated by ;)"),
    "place": QT_TR_NOOP("Place"),
    "admin1": QT_TR_NOOP("Province / region"),
    "country": QT_TR_NOOP("Country"),
    "latitude": QT_TR_NOOP("Latitude"),
    "longitude": QT_TR_NOOP("Longitude"),
    "event_type": QT_TR_NOOP("Event type"),
    "source": QT_TR_NOOP("Source (name or URL)"),
    "fatalities": QT_TR_NOOP("Fatalities"),
    "id": QT_TR_NOOP("Id"),
}
REQUIRED = ("date", "title")
GUESSES = {  # header words that usually mean a field
    "date": ("date", "event_date", "start", "start_date", "day", "when"),
    "end_date": ("end", "end_date", "until"),
    "title": ("title", "headline", "event", "name", "summary"),
    "description": ("description", "notes", "text", "details"),
    "actors": ("actors", "actor", "actor1", "parties", "who"),
    "place": ("place", "location", "town", "city", "site"),
    "admin1": ("admin1", "province", "region", "state"),
    "country": ("country",),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "event_type": ("type", "event_type", "category"),
    "source": ("source", "sources", "url", "link"),
    "fatalities": ("fatalities", "deaths", "killed"),
    "id": ("id", "event_id", "uid"),
}
_PARTIAL_ISO = re.compile(r"^\d{4}(-\d{1,2})?$")


@dataclass
class ColumnMap:
    columns: dict[str, str] = field(default_factory=dict)  # field -> column name
    date_order: str | None = None  # "dmy" or "mdy"

    def to_json(self) -> dict[str, Any]:
        return {**self.columns, **({"date_order": self.date_order} if self.date_order else {})}

    @classmethod
    def from_json(cls, data: Any, path: Path | None = None) -> ColumnMap:
        where = path or Path("mapping")
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise InputError(where, "a mapping is an object of field: column name")
        data = dict(data)
        order = data.pop("date_order", None)
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise InputError(where, f"unknown field (one of {', '.join(FIELDS)})", field=unknown[0])
        if order not in (None, "dmy", "mdy"):
            raise InputError(where, "date_order is dmy or mdy", field="date_order")
        return cls(data, order)

    @classmethod
    def load(cls, path: Path) -> ColumnMap:
        try:
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")), path)
        except (OSError, ValueError) as exc:
            raise InputError(path, f"cannot read the mapping ({exc})") from None


def header_key(header: list[str]) -> str:
    """A key for remembering a mapping by the columns it was made for."""
    return hashlib.sha1("\x1f".join(h.strip().lower() for h in header).encode()).hexdigest()[:16]


def guess_mapping(header: list[str]) -> ColumnMap:
    lowered = {h.strip().lower(): h for h in header}
    columns = {}
    for fld, words in GUESSES.items():
        for word in words:
            if word in lowered and lowered[word] not in columns.values():
                columns[fld] = lowered[word]
                break
    return ColumnMap(columns)


def read_table(path: Path) -> tuple[Table, list[str]]:
    """A CSV/TSV (any delimiter, any encoding) or the first sheet of an XLSX, as a Table."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import pandas as pd

        try:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise InputError(path, f"not readable as an Excel workbook ({exc})") from None
        header = [str(c).strip() for c in frame.columns]
        rows = ((i + 2, [str(v) for v in r]) for i, r in enumerate(frame.itertuples(index=False)))
        return Table(path, header, rows, lines=len(frame) + 1), []
    text, warnings = read_lenient_text(path)
    return open_table(path, text), warnings


def preview(path: Path, rows: int = 20) -> tuple[list[str], list[list[str]]]:
    table, _ = read_table(path)
    out = []
    for _, cells in table.rows:
        out.append(cells)
        if len(out) >= rows:
            break
    return table.header, out


def _date(text: str, order: str | None, column: str) -> tuple[str, bool]:
    """(ISO text, day given) of a date cell."""
    value = text.strip()
    if _PARTIAL_ISO.match(value):
        return value, False
    if order is None and is_ambiguous(value):
        raise FieldError(column, f"'{value}' could be day/month or month/day: say which")
    return parse_loose_date(value, order or "dmy", column).isoformat(), True


def _converter(mapping: ColumnMap):
    cols = mapping.columns

    def convert(row: dict[str, str]) -> Event:
        def get(fld: str) -> str:
            return row.get(cols[fld], "").strip() if fld in cols else ""

        start, _ = _date(get("date"), mapping.date_order, cols["date"])
        end = (
            _date(get("end_date"), mapping.date_order, cols["end_date"])[0]
            if get("end_date")
            else ""
        )
        try:
            when = When.parse(start, end)
        except FieldError as exc:
            raise FieldError(
                cols["date" if exc.field == "start" else "end_date"], exc.message
            ) from None
        title = get("title") or get("description")[:120]
        if not title:
            raise FieldError(cols["title"], "empty (and no description to take a title from)")
        source = get("source")
        url = re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I) is not None
        loc_row = {"latitude": get("latitude"), "longitude": get("longitude")}
        try:
            location = checked_location(
                loc_row, place=get("place"), admin2="", admin1=get("admin1"),
                country=get("country"), precision=LocationPrecision.UNKNOWN,
            )  # fmt: skip
            fatalities = count({"fatalities": get("fatalities")}, "fatalities")
        except FieldError as exc:
            raise FieldError(cols.get(exc.field, exc.field), exc.message) from None
        key = f"{start}\x1f{title}\x1f{get('place')}".encode()
        uid = get("id") or "sheet-" + hashlib.blake2b(key, digest_size=6).hexdigest()
        mapped = set(cols.values())
        return Event(
            id=uid,
            when=when,
            title=title,
            description=get("description"),
            event_type=get("event_type"),
            actors=tuple(ActorRef(name) for name in dict.fromkeys(split_names(get("actors")))),
            location=location,
            fatalities=fatalities,
            sources=(Source(url=source),) if url else ((Source(source),) if source else ()),
            extra={k: v.strip() for k, v in row.items() if k not in mapped and v.strip()},
        )

    return convert


def read_spreadsheet(
    path: Path,
    mapping: ColumnMap,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> ParsedFile:
    table, warnings = read_table(path)
    missing = [f for f in REQUIRED if f not in mapping.columns]
    if missing:
        raise InputError(path, "the mapping names no column for it", field=missing[0])
    for fld, column in mapping.columns.items():
        if column not in table.header:
            raise InputError(path, f"the mapping's column '{column}' is not in the file", field=fld)
    rows = list(table.rows)
    if mapping.date_order is None:  # settle the order from the file itself, if it can
        idx = [
            table.header.index(mapping.columns[f])
            for f in ("date", "end_date")
            if f in mapping.columns
        ]
        try:
            order, _ = slash_order(c[i] for _, c in rows for i in idx if i < len(c))
        except FieldError as exc:
            raise InputError(path, exc.message, field=mapping.columns["date"]) from None
        mapping = ColumnMap(mapping.columns, order)
    table.rows = iter(rows)
    parsed = convert_rows(table, table.header, _converter(mapping), fmt="spreadsheet",
                          skip_bad=skip_bad, progress=progress)  # fmt: skip
    parsed.label, parsed.header = "a spreadsheet, with a column mapping", table.header
    parsed.warnings = warnings + parsed.warnings
    return parsed
