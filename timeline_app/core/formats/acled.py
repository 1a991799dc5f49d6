"""ACLED CSV exports, the current lower-case ones and the older UPPERCASE ones.

Facts: ../shared/data/formats.md. time_precision 1/2/3 = day / within a week / the month (the
middle of it is coded); geo_precision 1/2/3 = the town / near it / a larger region.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from timeline_app.core.dates import Precision, When
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile
from timeline_app.core.formats.cells import checked_location, count, split_names
from timeline_app.core.formats.loose_dates import DAY_FIRST, parse_loose_date, slash_order
from timeline_app.core.formats.tabular import (
    Progress,
    convert_rows,
    open_table,
)
from timeline_app.core.model import ActorRef, Event, LocationPrecision, Role, Source

REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1")
# older exports' names for the same fields
RENAMED = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
GEO_PRECISION = {"1": LocationPrecision.TOWN, "2": LocationPrecision.NEAR,
                 "3": LocationPrecision.REGION}  # fmt: skip
USED = {
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
}  # fmt: skip


def is_acled(header: list[str]) -> bool:
    names = {RENAMED.get(h.strip().lower(), h.strip().lower()) for h in header}
    return set(REQUIRED) <= names


def short_name(actor: str) -> str:
    """ACLED's "M23: March 23 Movement" as "M23"; "Military Forces of X (2019-)" without years."""
    short = actor.split(":", 1)[0].strip() if ":" in actor else actor
    return re.sub(r"\s*\(\d{4}-\d{0,4}\)$", "", short)


def acled_when(event_date: str, time_precision: str, order: str) -> tuple[When, str]:
    """The date of an event and a note on its uncertainty, from ACLED's two fields."""
    day = parse_loose_date(event_date, order, "event_date")
    prec = time_precision or "1"
    if prec == "1":
        return When(day), ""
    if prec == "2":
        week = When(day - timedelta(days=3), Precision.WEEK, day + timedelta(days=3))
        return week, f"ACLED: within a week or so of {day.isoformat()}"
    if prec == "3":
        return When(day, Precision.MONTH), "ACLED: only the month is known"
    raise FieldError("time_precision", f"'{prec}' is not 1, 2 or 3")


def acled_actors(actor1: str, actor2: str, assoc1: str, assoc2: str) -> tuple[ActorRef, ...]:
    """The actors in their roles; associated actors are split on ';'."""
    actors: list[ActorRef] = []
    for names, role in (
        ([actor1], Role.PRIMARY),
        ([actor2], Role.OPPOSING),
        (split_names(assoc1) + split_names(assoc2), Role.ASSOCIATED),
    ):
        for name in names:
            if name and name not in {a.name for a in actors}:
                actors.append(ActorRef(name, role))
    return tuple(actors)


def _row_to_event(row: dict[str, str], order: str) -> Event:
    def get(name: str) -> str:
        return row.get(name, "").strip()

    when, note = acled_when(get("event_date"), get("time_precision"), order)
    actors = acled_actors(get("actor1"), get("actor2"), get("assoc_actor_1"),
                          get("assoc_actor_2"))  # fmt: skip
    etype, place = get("event_type"), get("location")
    title = f"{etype}: {short_name(get('actor1'))}"
    if get("actor2"):
        title += f" vs {short_name(get('actor2'))}"
    if place:
        title += f" in {place}"
    extra = {k: v.strip() for k, v in row.items() if k not in USED and v.strip()}
    if get("sub_event_type"):
        extra["sub_event_type"] = get("sub_event_type")
    return Event(
        id=get("event_id_cnty"),
        when=when,
        title=title,
        description=row.get("notes", "").strip(),
        event_type=etype,
        actors=actors,
        location=checked_location(
            row,
            place=place,
            admin2=get("admin2"),
            admin1=get("admin1"),
            country=get("country"),
            precision=GEO_PRECISION.get(get("geo_precision"), LocationPrecision.UNKNOWN),
        ),
        fatalities=count(row, "fatalities"),
        sources=tuple(Source(name) for name in split_names(get("source"))),
        tags=(get("sub_event_type"),) if get("sub_event_type") else (),
        date_note=note,
        extra=extra,
    )


def read_acled(
    path: Path,
    *,
    skip_bad: bool = False,
    date_order: str | None = None,
    progress: Progress | None = None,
) -> ParsedFile:
    table = open_table(path)
    names = [RENAMED.get(h.lower(), h.lower()) for h in table.header]
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise InputError(path, "missing a column ACLED exports have", line=1, field=missing[0])
    rows = list(table.rows)
    warnings = table.warnings  # after those of reading, which reading the rows gave
    order = date_order
    if order is None:
        date_col = names.index("event_date")
        try:
            settled, example = slash_order(c[date_col] for _, c in rows if len(c) > date_col)
        except FieldError as exc:
            raise InputError(path, exc.message + "; say which with --date-order",
                             field="event_date") from None  # fmt: skip
        order = settled or DAY_FIRST
        if settled is None and any("/" in c[date_col] for _, c in rows if len(c) > date_col):
            warnings.append("slashed dates such as 04/01/2017 were read day first, as ACLED "
                            "writes them; use --date-order mdy if this file was re-saved "
                            "month first")  # fmt: skip
        elif settled == "mdy":
            warnings.append(f"dates are month first (e.g. '{example}'): the file was re-saved")
    table.rows = iter(rows)
    generation = "current export" if "disorder_type" in names else "older export"
    parsed = convert_rows(table, names, lambda row: _row_to_event(row, order), fmt="acled",
                          skip_bad=skip_bad, progress=progress, complete=True)  # fmt: skip
    parsed.label = f"ACLED ({generation})"
    parsed.header = table.header
    return parsed
