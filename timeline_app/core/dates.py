"""Dates with a precision: "March 2025" is not "1 March 2025".

Any year from 1 to 9999 works (TimelineJS examples use year 600). Times are UTC; on the
timeline a date is an interval [lo, hi) in seconds since the Unix epoch, negative before 1970.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from enum import IntEnum

from timeline_app.core.errors import FieldError

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
DAY_SECONDS = 86_400
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_DATE_RE = re.compile(
    r"^(?P<year>\d{1,4})"
    r"(?:-(?P<month>\d{1,2})"
    r"(?:-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?Z?)?)?)?$"
)
DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"


class Precision(IntEnum):
    """How well the date of an event is known, finest first."""

    DAY = 1
    WEEK = 2  # within a few days or a week
    MONTH = 3
    YEAR = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str, field: str = "precision") -> Precision:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(p.label for p in cls)
            raise FieldError(field, f"'{text}' is not a precision (one of {names})") from None


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as written: its value and the finest unit the text gave (day, month or year)."""

    value: date
    given: Precision
    time: time | None = None


def parse_date(text: str, field: str = "date") -> PartialDate:
    """Read `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`."""
    m = _DATE_RE.match(text.strip())
    if not m:
        raise FieldError(field, f"cannot read '{_clip(text)}' as a date (expected {DATE_FORMS})")
    year = int(m["year"])
    month = int(m["month"] or 1)
    day = int(m["day"] or 1)
    try:
        value = date(year, month, day)
    except ValueError as exc:
        raise FieldError(field, f"'{_clip(text)}' is not a real date ({exc})") from None
    given = Precision.DAY if m["day"] else Precision.MONTH if m["month"] else Precision.YEAR
    clock = None
    if m["hour"] is not None:
        try:
            clock = time(int(m["hour"]), int(m["minute"]), int(m["second"] or 0))
        except ValueError as exc:
            raise FieldError(field, f"'{_clip(text)}' has an impossible time ({exc})") from None
    return PartialDate(value, given, clock)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _period_start(d: date, precision: Precision) -> date:
    if precision is Precision.MONTH:
        return d.replace(day=1)
    if precision is Precision.YEAR:
        return d.replace(month=1, day=1)
    return d


def _period_end_ordinal(d: date, precision: Precision) -> int:
    """Ordinal of the first day after the period that holds `d`."""
    if precision is Precision.YEAR:
        return date(d.year, 12, 31).toordinal() + 1
    if precision is Precision.MONTH:
        if d.month == 12:
            return date(d.year, 12, 31).toordinal() + 1
        return date(d.year, d.month + 1, 1).toordinal()
    return d.toordinal() + 1


def ordinal_seconds(ordinal: int) -> int:
    return (ordinal - _EPOCH_ORDINAL) * DAY_SECONDS


# Date words in the interface's other language; dates are written in English, then localized
_FRENCH = dict(zip(
    MONTH_NAMES + MONTHS,
    ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre", "janv.", "févr.", "mars", "avr.", "mai", "juin",
     "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    strict=True,
)) | {"week of": "semaine du"}  # fmt: skip
_DATE_WORDS = re.compile(r"\b(" + "|".join(sorted(_FRENCH, key=len, reverse=True)) + r")\b")


def localize(text: str, language: str) -> str:
    """A date text of this module ("27 Jan 2025", "week of 3 Mar 2025") in `language`
    ("en" or "fr"): "27 janv. 2025", "semaine du 3 mars 2025"."""
    if language != "fr":
        return text
    return _DATE_WORDS.sub(lambda m: _FRENCH[m[1]], text)


def day_text(d: date) -> str:
    """ "27 Jan 2025"."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def seconds_date(seconds: float) -> date:
    """The day (UTC) of a time on the timeline; clamped to year 1."""
    days = int(max(seconds, ordinal_seconds(1)) // DAY_SECONDS)
    return date.fromordinal(days + _EPOCH_ORDINAL)


def seconds_day_text(seconds: float) -> str:
    """The day (UTC) of a time on the timeline, as day_text; clamped to year 1."""
    return day_text(seconds_date(seconds))


@dataclass(frozen=True, slots=True)
class When:
    """When an event happened: a start, an optional end, one precision for both.

    A WEEK event without an end covers seven days from its start. A time of day is kept only
    with DAY precision. Dates are normalised to the start of their period on construction.
    """

    start: date
    precision: Precision = Precision.DAY
    end: date | None = None
    time: time | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _period_start(self.start, self.precision))
        if self.end is not None:
            end = _period_start(self.end, self.precision)
            # A period that ends where it starts has no end, except a week: its end bounds it.
            same = end == self.start and self.precision is not Precision.WEEK
            object.__setattr__(self, "end", None if same else end)
        if self.time is not None and self.precision is not Precision.DAY:
            raise FieldError("start", "a time of day needs day precision")
        if self.end is not None and self.end < self.start:
            raise FieldError(
                "end", f"{self.end.isoformat()} is before the start {self.start.isoformat()}"
            )

    @classmethod
    def parse(cls, start: str, end: str = "", precision: str = "") -> When:
        """Build from text; without an explicit precision it is what the start text gives."""
        first = parse_date(start, "start")
        last = parse_date(end, "end") if end.strip() else None
        prec = Precision.parse(precision) if precision.strip() else first.given
        if first.given > prec:
            raise FieldError(
                "start",
                f"'{start.strip()}' gives only the {first.given.label}; "
                f"it cannot have {prec.label} precision",
            )
        if last is not None and last.given > prec:
            raise FieldError(
                "end", f"'{end.strip()}' gives only the {last.given.label}, finer than needed"
            )
        return cls(first.value, prec, last.value if last else None, first.time)

    # -- text ----------------------------------------------------------------------------

    def _iso(self, d: date) -> str:
        y = f"{d.year:04d}"
        if self.precision is Precision.YEAR:
            return y
        if self.precision is Precision.MONTH:
            return f"{y}-{d.month:02d}"
        return f"{y}-{d.month:02d}-{d.day:02d}"

    @property
    def start_text(self) -> str:
        text = self._iso(self.start)
        if self.time is not None:
            text += "T" + self.time.isoformat(
                timespec="minutes" if not self.time.second else "seconds"
            )
        return text

    @property
    def end_text(self) -> str:
        return self._iso(self.end) if self.end else ""

    def describe(self) -> str:
        """Human text that shows the precision: "27 Jan 2025", "March 2025", "14–16 Feb 2025"."""
        p, a, b = self.precision, self.start, self.end
        if p is Precision.YEAR:
            return f"{a.year}" if b is None else f"{a.year}–{b.year}"
        if p is Precision.MONTH:
            if b is None:
                return f"{MONTH_NAMES[a.month - 1]} {a.year}"
            if a.year == b.year:
                return f"{MONTH_NAMES[a.month - 1]} – {MONTH_NAMES[b.month - 1]} {a.year}"
            return f"{MONTH_NAMES[a.month - 1]} {a.year} – {MONTH_NAMES[b.month - 1]} {b.year}"
        if b is None:
            text = f"{a.day} {MONTHS[a.month - 1]} {a.year}"
            if p is Precision.WEEK:
                return f"week of {text}"
            if self.time is not None:
                text += f", {self.time.strftime('%H:%M')} UTC"
            return text
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{b.day} {MONTHS[b.month - 1]} {b.year}"
        if a.year == b.year:
            return f"{a.day} {MONTHS[a.month - 1]} – {b.day} {MONTHS[b.month - 1]} {b.year}"
        return f"{a.day} {MONTHS[a.month - 1]} {a.year} – {b.day} {MONTHS[b.month - 1]} {b.year}"

    # -- numbers -------------------------------------------------------------------------

    def bounds(self) -> tuple[int, int]:
        """The interval [lo, hi) in Unix seconds that the event may cover."""
        lo = ordinal_seconds(self.start.toordinal())
        if self.time is not None:
            lo += self.time.hour * 3600 + self.time.minute * 60 + self.time.second
        if self.end is not None:
            hi = ordinal_seconds(_period_end_ordinal(self.end, self.precision))
        elif self.precision is Precision.WEEK:
            hi = ordinal_seconds(self.start.toordinal() + 7)
        else:
            hi = ordinal_seconds(_period_end_ordinal(self.start, self.precision))
        return lo, max(hi, lo + 1)
