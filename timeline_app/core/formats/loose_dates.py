"""Dates as foreign exports write them: ISO, "16 May 2025", "16-May-25", d/m/y or m/d/y.

Slashed dates are ambiguous (4/1/2017). The order is decided for a whole column at once:
from the values that settle it (a first part over 12 means day first), or from the format's
documented order; a column that says both is an error, never a silent guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from timeline_app.core.errors import FieldError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$")
_SLASH = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")
# "-" last in a class: between two characters it makes a range ("[ -,]" is space to comma,
# which leaves out "-" itself)
_WORDS = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]*(\d{2}|\d{4})$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip


def _month(word: str) -> int | None:
    """1-12 for a month's name or its start ("Sep", "Sept", "September"); None for other
    words, which only share three letters ("Mayday", "Junk")."""
    word = word.lower()
    number = _MONTHS.get(word[:3])
    return number if number and _MONTH_NAMES[number - 1].startswith(word) else None


def _year(text: str) -> int:
    y = int(text)
    return y + (2000 if y < 50 else 1900) if len(text) == 2 else y


def slash_order(values: Iterable[str]) -> tuple[str | None, str | None]:
    """(order, example): the order the slashed dates settle, or None if none settles it.

    Raises FieldError if some values need day first and others month first."""
    day_first = month_first = None
    for value in values:
        m = _SLASH.match(value.strip())
        if not m:
            continue
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b:
            day_first = day_first or value.strip()
        elif b > 12 >= a:
            month_first = month_first or value.strip()
        if day_first and month_first:
            raise FieldError(
                "date",
                f"the dates mix day/month ('{day_first}') and month/day ('{month_first}') order",
            )
    if day_first:
        return DAY_FIRST, day_first
    if month_first:
        return MONTH_FIRST, month_first
    return None, None


def is_ambiguous(value: str) -> bool:
    m = _SLASH.match(value.strip())
    return m is not None and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2]


def parse_loose_date(text: str, order: str = DAY_FIRST, field: str = "date") -> date:
    value = text.strip()
    try:
        if m := _ISO.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _SLASH.match(value):
            a, b, y = int(m[1]), int(m[2]), _year(m[3])
            day, month = (a, b) if order == DAY_FIRST else (b, a)
            return date(y, month, day)
        if m := _WORDS.match(value):
            named = _month(m[2])
            if named:
                return date(_year(m[3]), named, int(m[1]))
    except ValueError as exc:
        raise FieldError(field, f"'{value}' is not a real date ({exc})") from None
    raise FieldError(field, f"cannot read '{value[:60]}' as a date")
