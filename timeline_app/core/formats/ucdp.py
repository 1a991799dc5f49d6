"""UCDP Georeferenced Event Dataset (GED) CSV, with its header or without (some releases).

date_prec 1–5: the day, 2–6 days, a week, a month, a year. where_prec 1–7: the exact place
… a country, water or air space. `best` is the best estimate of deaths; low and high are kept.
"""

from __future__ import annotations

from pathlib import Path

from timeline_app.core.dates import Precision, When
from timeline_app.core.errors import FieldError, InputError
from timeline_app.core.formats.base import ParsedFile
from timeline_app.core.formats.cells import checked_location, count, split_names
from timeline_app.core.formats.loose_dates import parse_loose_date
from timeline_app.core.formats.tabular import (
    Progress,
    convert_rows,
    open_table,
)
from timeline_app.core.model import ActorRef, Event, LocationPrecision, Role, Source

COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name",
    "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2",
    "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
)  # fmt: skip
REQUIRED = ("id", "side_a", "side_b", "date_start", "date_end")
DATE_PRECISION = {"1": Precision.DAY, "2": Precision.WEEK, "3": Precision.WEEK,
                  "4": Precision.MONTH, "5": Precision.YEAR}  # fmt: skip
WHERE_PRECISION = {"1": LocationPrecision.TOWN, "2": LocationPrecision.NEAR,
                   "3": LocationPrecision.REGION, "4": LocationPrecision.REGION,
                   "5": LocationPrecision.REGION, "6": LocationPrecision.COUNTRY,
                   "7": LocationPrecision.REGION}  # fmt: skip
VIOLENCE = {"1": "State-based conflict", "2": "Non-state conflict", "3": "One-sided violence"}
USED = {"id", "side_a", "side_b", "date_start", "date_end", "date_prec", "where_prec",
        "where_coordinates", "where_description", "adm_1", "adm_2", "country", "latitude",
        "longitude", "best", "source_article", "source_date", "source_headline",
        "type_of_violence", "dyad_name"}  # fmt: skip


def is_ucdp(header: list[str]) -> bool:
    return set(REQUIRED) <= {h.strip().lower() for h in header}


def is_headerless_ucdp(first_row: list[str]) -> bool:
    return len(first_row) == len(COLUMNS) and first_row[0].strip().isdigit()


def _row_to_event(row: dict[str, str]) -> Event:
    def get(name: str) -> str:
        return row.get(name, "").strip()

    start = parse_loose_date(get("date_start"), field="date_start")
    end = parse_loose_date(get("date_end"), field="date_end")
    prec = get("date_prec") or "1"
    if prec not in DATE_PRECISION:
        raise FieldError("date_prec", f"'{prec}' is not 1 to 5")
    try:
        when = When(start, DATE_PRECISION[prec], end if end != start else None)
    except FieldError as exc:
        raise FieldError("date_end", exc.message) from None
    place = get("where_coordinates")
    deaths = count(row, "best")
    title = get("dyad_name") or f"{get('side_a')} - {get('side_b')}"
    if deaths is not None:
        title += f": {deaths} death{'s' if deaths != 1 else ''}"
    if place:
        title += f" ({place})"
    source_date = get("source_date").split(";")[0].strip()
    try:
        source_date = parse_loose_date(source_date).isoformat() if source_date else ""
    except FieldError:
        source_date = ""  # a source date is a nicety: an odd one is not worth refusing a row
    description = "\n".join(filter(None, (get("source_headline"), get("where_description"))))
    return Event(
        id=f"ged-{get('id')}",
        when=when,
        title=title,
        description=description,
        event_type=VIOLENCE.get(get("type_of_violence"), get("type_of_violence")),
        actors=tuple(
            ActorRef(name, role)
            for name, role in ((get("side_a"), Role.PRIMARY), (get("side_b"), Role.OPPOSING))
            if name
        ),
        location=checked_location(
            row,
            place=place,
            admin2=get("adm_2"),
            admin1=get("adm_1"),
            country=get("country"),
            precision=WHERE_PRECISION.get(get("where_prec"), LocationPrecision.UNKNOWN),
        ),
        fatalities=deaths,
        sources=tuple(
            Source(name, date=source_date)
            for name in (n.strip("\"' ") for n in split_names(get("source_article")))
            if name
        ),
        extra={k: v.strip() for k, v in row.items() if k not in USED and v.strip()},
    )


def read_ucdp(
    path: Path, *, skip_bad: bool = False, progress: Progress | None = None
) -> ParsedFile:
    table = open_table(path, header=False)
    first = next(table.rows, None)
    if first is None:
        raise InputError(path, "the file is empty")
    if is_headerless_ucdp(first[1]):
        names, label = list(COLUMNS), "UCDP GED (without header)"
        table.rows = _chain(first, table.rows)
    else:
        names, label = [h.strip().lower() for h in first[1]], "UCDP GED"
        missing = [n for n in REQUIRED if n not in names]
        if missing:
            raise InputError(path, "missing a column UCDP GED has", line=1, field=missing[0])
    parsed = convert_rows(
        table, names, _row_to_event, fmt="ucdp", skip_bad=skip_bad, progress=progress,
        complete=True,
    )  # fmt: skip
    parsed.label, parsed.header = label, names
    return parsed


def _chain(first, rest):
    yield first
    yield from rest
