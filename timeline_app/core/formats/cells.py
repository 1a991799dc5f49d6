"""Cells of foreign exports: numbers, counts, lists, and checked coordinates."""

from __future__ import annotations

import math
import re

from timeline_app.core.errors import FieldError
from timeline_app.core.model import MAX_COUNT, Location


def split_names(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(";") if v.strip()]


def number(row: dict[str, str], name: str) -> float | None:
    text = row.get(name, "").strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d+,\d+", text):  # a decimal comma, as French spreadsheets write
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise FieldError(name, f"'{text[:40]}' is not a number") from None


def count(row: dict[str, str], name: str) -> int | None:
    value = number(row, name)
    if value is None:
        return None
    if not math.isfinite(value) or value < 0 or value != int(value):  # inf, nan: not counts
        raise FieldError(name, f"'{row[name].strip()[:40]}' is not a count")
    if value > MAX_COUNT:
        raise FieldError(name, f"'{row[name].strip()[:40]}' is more than can be stored")
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


SWAP_FAR = 15.0  # degrees from where the rest of the country's events are
SWAP_NEAR = 3.0


def swapped_rows(events, lines) -> list[tuple[int | None, str]]:
    """Rows whose coordinates look swapped: far from the other events of their country, and
    near them once latitude and longitude trade places. Needs five events in the country."""
    by_country: dict[str, list[int]] = {}
    for i, e in enumerate(events):
        if e.location.latitude is not None:
            by_country.setdefault(e.location.country, []).append(i)
    found = []
    for members in by_country.values():
        if len(members) < 5:
            continue
        lats = sorted(events[i].location.latitude for i in members)
        lons = sorted(events[i].location.longitude for i in members)
        mid_lat, mid_lon = lats[len(lats) // 2], lons[len(lons) // 2]
        for i in members:
            lat, lon = events[i].location.latitude, events[i].location.longitude
            far = max(abs(lat - mid_lat), abs(lon - mid_lon)) > SWAP_FAR
            near_swapped = max(abs(lon - mid_lat), abs(lat - mid_lon)) < SWAP_NEAR
            if far and near_swapped:
                found.append((lines[i], f"({lat}, {lon}) looks swapped: the country's other "
                                        f"events are near ({mid_lat}, {mid_lon})"))  # fmt: skip
    return found
