"""Cells of foreign exports: numbers, counts, lists, and checked coordinates."""

from __future__ import annotations

from timeline_app.core.errors import FieldError
from timeline_app.core.model import Location


def split_names(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(";") if v.strip()]


def number(row: dict[str, str], name: str) -> float | None:
    text = row.get(name, "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise FieldError(name, f"'{text[:40]}' is not a number") from None


def count(row: dict[str, str], name: str) -> int | None:
    value = number(row, name)
    if value is None:
        return None
    if value < 0 or value != int(value):
        raise FieldError(name, f"'{row[name].strip()}' is not a count")
    return int(value)


def checked_location(row, *, place, admin2, admin1, country, precision) -> Location:
    """A location whose coordinates are checked, with a hint when they look swapped."""
    lat, lon = number(row, "latitude"), number(row, "longitude")
    if lat is not None and lon is not None and abs(lat) > 90 >= abs(lon):
        raise FieldError(
            "latitude", f"{lat} is outside -90..90: are latitude and longitude swapped?"
        )
    try:
        return Location(place, admin2, admin1, country, lat, lon, precision)
    except FieldError as exc:
        raise FieldError(exc.field.removeprefix("location."), exc.message) from None
