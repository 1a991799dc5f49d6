"""Any other spreadsheet (CSV, TSV, XLSX): its columns mapped to our fields by the user.

A mapping names, for each field, the column that holds it, and may settle the day/month
order of slashed dates. Without an order, a date column whose values could be read either
way (4/1/2017) is refused with a request to say which: the order is never guessed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline_app.core.dates import When
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile, load_json
from timeline_app.core.formats.cells import checked_location, count, split_names
from timeline_app.core.formats.loose_dates import is_ambiguous, parse_loose_date, slash_order
from timeline_app.core.formats.tabular import (
    Progress,
    Table,
    convert_rows,
    open_table,
)
from timeline_app.core.formats.xlsx import read_xlsx
from timeline_app.core.model import ActorRef, Event, LocationPrecision, Role, Source
from timeline_app.core.words import QT_TR_NOOP

# field -> what it means, in the order a dialog shows them
FIELDS = {
    "date": QT_TR_NOOP("Date (start)"),
    "end_date": QT_TR_NOOP("End date"),
    "title": QT_TR_NOOP("Title"),
    "description": QT_TR_NOOP("Description"),
    "actors": QT_TR_NOOP("Primary actors"),
    "opposing_actors": QT_TR_NOOP("Opposing actors"),
    "associated_actors": QT_TR_NOOP("Associated actors"),
    "event_type": QT_TR_NOOP("Event type"),
    "place": QT_TR_NOOP("Place"),
    "admin2": QT_TR_NOOP("District / territory"),
    "admin1": QT_TR_NOOP("Province / region"),
    "country": QT_TR_NOOP("Country"),
    "latitude": QT_TR_NOOP("Latitude"),
    "longitude": QT_TR_NOOP("Longitude"),
    "fatalities": QT_TR_NOOP("Fatalities"),
    "source": QT_TR_NOOP("Source (name or URL)"),
    "id": QT_TR_NOOP("Id"),
}
REQUIRED = ("date",)
TITLE_FROM = ("title", "description")  # one of them at least: a title, or text to take it from
ACTOR_ROLES = {"actors": Role.PRIMARY, "opposing_actors": Role.OPPOSING,
               "associated_actors": Role.ASSOCIATED}  # fmt: skip
TITLE_LENGTH = 120  # of a title taken from a description
SHEET_SUFFIXES = (".xlsx", ".xlsm")
_PARTIAL_ISO = re.compile(r"^\d{4}(-\d{1,2})?$")


@dataclass
class ColumnMap:
    columns: dict[str, str] = field(default_factory=dict)  # field -> column name
    date_order: str | None = None  # "dmy" or "mdy"

    def to_json(self) -> dict[str, Any]:
        """{field: column, ..., "date_order": ...}, fields in FIELDS' order (as --map reads)."""
        columns = {f: self.columns[f] for f in FIELDS if f in self.columns}
        return {**columns, **({"date_order": self.date_order} if self.date_order else {})}

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
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            raise InputError(path, f"cannot read the mapping ({exc})") from None
        return cls.from_json(load_json(path, text), path)


def header_key(header: list[str]) -> str:
    """A key for remembering a mapping by the columns it was made for."""
    return hashlib.sha1("\x1f".join(h.strip().lower() for h in header).encode()).hexdigest()[:16]


def missing_fields(mapping: ColumnMap) -> list[str]:
    """What the mapping must still name a column for: "date", or "title" when neither a title
    nor a description (to take one from) is mapped."""
    missing = [f for f in REQUIRED if f not in mapping.columns]
    if not any(f in mapping.columns for f in TITLE_FROM):
        missing.append("title")
    return missing


def read_table(path: Path) -> Table:
    """A CSV/TSV (any delimiter, any encoding) or the first sheet of an XLSX, as a Table."""
    if path.suffix.lower() in SHEET_SUFFIXES:
        return read_xlsx(path)
    return open_table(path)


@dataclass
class Sample:
    """A table's header and first rows, each with the line it starts on."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    warnings: list[str] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [cells[i] for _, cells in self.rows if i < len(cells)]


def sample(path: Path, rows: int = 200) -> Sample:
    """The header and the first `rows` rows of a table, for guessing and previewing."""
    table = read_table(path)
    out: list[tuple[int, list[str]]] = []
    for line, cells in table.rows:
        if len(out) >= rows:
            break
        out.append((line, cells))
    return Sample(table.header, out, table.warnings)


def preview(path: Path, rows: int = 20) -> tuple[list[str], list[list[str]]]:
    found = sample(path, rows)
    return found.header, [cells for _, cells in found.rows]


def _date(text: str, order: str | None, column: str) -> tuple[str, bool]:
    """(ISO text, day given) of a date cell."""
    value = text.strip()
    if _PARTIAL_ISO.match(value):
        return value, False
    if order is None and is_ambiguous(value):
        raise FieldError(column, f"'{value}' could be day/month or month/day: say which")
    return parse_loose_date(value, order or "dmy", column).isoformat(), True


def title_from(text: str) -> str:
    """A title from a description: its first line or sentence, cut at a word if long."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= TITLE_LENGTH:
        return first
    return first[: TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def row_converter(mapping: ColumnMap) -> Callable[[dict[str, str]], Event]:
    """A row (column -> cell) to an Event; a FieldError names the file's column."""
    cols = mapping.columns
    mapped = set(cols.values())

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
        title = get("title") or title_from(get("description"))
        if not title:
            column = cols.get("title") or cols["description"]
            raise FieldError(column, "no title (and no description to take one from)")
        source = get("source")
        url = re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I) is not None
        key = f"{start}\x1f{title}\x1f{get('place')}".encode()
        try:
            location = checked_location(
                {"latitude": get("latitude"), "longitude": get("longitude")},
                place=get("place"), admin2=get("admin2"), admin1=get("admin1"),
                country=get("country"), precision=LocationPrecision.UNKNOWN,
            )  # fmt: skip
            actors = dict.fromkeys(  # a name twice in one role is one actor
                ActorRef(name, role)
                for fld, role in ACTOR_ROLES.items()
                for name in split_names(get(fld))
            )
            return Event(
                id=get("id") or "sheet-" + hashlib.blake2b(key, digest_size=6).hexdigest(),
                when=when,
                title=title,
                description=get("description"),
                event_type=get("event_type"),
                actors=tuple(actors),
                location=location,
                fatalities=count({"fatalities": get("fatalities")}, "fatalities"),
                sources=(Source(url=source),) if url else ((Source(source),) if source else ()),
                extra={k: v.strip() for k, v in row.items() if k not in mapped and v.strip()},
            )
        except FieldError as exc:  # name the file's column, not our field
            fld = exc.field.split(".")[0]
            fld = {"sources": "source"}.get(fld, fld)
            raise FieldError(cols.get(fld, exc.field), exc.message) from None

    return convert


def settle_order(mapping: ColumnMap, cells: Callable[[str], list[str]]) -> ColumnMap:
    """The mapping with the day/month order its date columns settle (7/21/2016: month
    first), if it names none; `cells(column)` gives a column's cells. Raises FieldError
    naming the date column if the dates mix both orders."""
    if mapping.date_order is not None:
        return mapping
    names = [mapping.columns[f] for f in ("date", "end_date") if f in mapping.columns]
    try:
        order, _ = slash_order(v for name in names for v in cells(name))
    except FieldError as exc:
        raise FieldError(names[0], exc.message) from None
    return ColumnMap(dict(mapping.columns), order)


def check_mapping(path: Path, mapping: ColumnMap, header: list[str]) -> None:
    """Raise InputError if the mapping lacks a field or names a column the file lacks."""
    missing = missing_fields(mapping)
    if missing:
        raise InputError(path, "the mapping names no column for it", field=missing[0])
    for fld, column in mapping.columns.items():
        if column not in header:
            raise InputError(path, f"the mapping's column '{column}' is not in the file", field=fld)


def read_spreadsheet(
    path: Path,
    mapping: ColumnMap,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
) -> ParsedFile:
    table = read_table(path)
    check_mapping(path, mapping, table.header)
    rows = list(table.rows)

    def cells(column: str) -> list[str]:
        i = table.header.index(column)
        return [c[i] for _, c in rows if i < len(c)]

    try:
        mapping = settle_order(mapping, cells)
    except FieldError as exc:
        raise InputError(path, exc.message, field=exc.field) from None
    table.rows = iter(rows)
    parsed = convert_rows(table, table.header, row_converter(mapping), fmt="spreadsheet",
                          skip_bad=skip_bad, progress=progress)  # fmt: skip
    parsed.label, parsed.header = "a spreadsheet, with a column mapping", table.header
    return parsed
