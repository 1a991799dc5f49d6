from datetime import date, time

import pytest

from timeline_app.core.dates import Precision, When, parse_date
from timeline_app.core.errors import FieldError


def test_precision_comes_from_the_text():
    assert When.parse("2025").precision is Precision.YEAR
    assert When.parse("2025-03").precision is Precision.MONTH
    assert When.parse("2025-03-19").precision is Precision.DAY
    w = When.parse("2025-03-19T18:30")
    assert w.time == time(18, 30) and w.start_text == "2025-03-19T18:30"


def test_a_month_is_not_its_first_day():
    month = When.parse("2025-03")
    first = When.parse("2025-03-01")
    assert month != first
    assert month.describe() == "March 2025"
    assert first.describe() == "1 Mar 2025"
    assert month.bounds()[1] - month.bounds()[0] == 31 * 86400
    assert first.bounds()[1] - first.bounds()[0] == 86400


def test_coarser_precision_normalises_to_the_period():
    w = When.parse("2025-03-15", precision="month")
    assert w.start == date(2025, 3, 1) and w.start_text == "2025-03"


def test_finer_precision_than_the_text_is_refused():
    with pytest.raises(FieldError) as err:
        When.parse("2025-03", precision="day")
    assert err.value.field == "start"


def test_week_ranges_and_describe():
    bukavu = When.parse("2025-02-14", "2025-02-16", "week")
    assert bukavu.describe() == "14–16 Feb 2025"
    lo, hi = bukavu.bounds()
    assert hi - lo == 3 * 86400
    alone = When.parse("2025-02-03", precision="week")
    assert alone.bounds()[1] - alone.bounds()[0] == 7 * 86400
    assert alone.describe() == "week of 3 Feb 2025"
    assert When.parse("2025-01-28", "2025-02-03").describe() == "28 Jan – 3 Feb 2025"
    assert When.parse("2024-12-28", "2025-01-03").describe() == "28 Dec 2024 – 3 Jan 2025"
    assert When.parse("2025-03", "2025-05").describe() == "March – May 2025"
    assert When.parse("2024", "2025").describe() == "2024–2025"


def test_end_before_start_is_refused():
    with pytest.raises(FieldError) as err:
        When.parse("2025-03-19", "2025-03-18")
    assert err.value.field == "end"
    assert "before the start" in err.value.message


@pytest.mark.parametrize(
    "text", ["19/03/2025", "2025-13-01", "2025-02-30", "March 2025", "", "2025-03-19T25:00"]
)
def test_unreadable_dates_say_what_was_found(text):
    with pytest.raises(FieldError) as err:
        parse_date(text, "start")
    assert err.value.field == "start"
    assert repr(text)[1:-1] in err.value.message


def test_far_past_dates_work():
    w = When.parse("0600")
    assert w.describe() == "600"
    lo, hi = w.bounds()
    assert lo < -40e9 and hi - lo == 365 * 86400  # 600 is not a leap year (proleptic Gregorian)
    assert When.parse("1").start == date(1, 1, 1)
    assert When.parse("1969-12-31").bounds() == (-86400, 0)
    assert When.parse("9999-12").bounds()[1] > When.parse("9999-12").bounds()[0]
