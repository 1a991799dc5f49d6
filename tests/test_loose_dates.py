"""Dates as foreign exports write them, and every example our docstrings and README give."""

from __future__ import annotations

import ast
import re
from datetime import date, time
from pathlib import Path

import pytest

from timeline_app.core import dates
from timeline_app.core.dates import Precision, When, day_text, localize, parse_date
from timeline_app.core.errors import FieldError
from timeline_app.core.formats import loose_dates
from timeline_app.core.formats.loose_dates import (
    DAY_FIRST,
    MONTH_FIRST,
    is_ambiguous,
    parse_loose_date,
    slash_order,
)

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "text, order, expected",
    [
        # loose_dates' docstring: ISO, "16 May 2025", "16-May-25", d/m/y or m/d/y
        ("2025-05-16", DAY_FIRST, date(2025, 5, 16)),
        ("2025-05-16T14:30:00Z", DAY_FIRST, date(2025, 5, 16)),
        ("2017-01-04 00:00:00.000", DAY_FIRST, date(2017, 1, 4)),  # UCDP: time suffix dropped
        ("16 May 2025", DAY_FIRST, date(2025, 5, 16)),
        ("16-May-25", DAY_FIRST, date(2025, 5, 16)),
        ("16-May-2025", DAY_FIRST, date(2025, 5, 16)),
        ("16-may-25", MONTH_FIRST, date(2025, 5, 16)),  # a word month needs no order
        ("16 May 25", DAY_FIRST, date(2025, 5, 16)),
        ("16 May, 2025", DAY_FIRST, date(2025, 5, 16)),
        ("16 Sept. 2025", DAY_FIRST, date(2025, 9, 16)),
        ("16 September 2025", DAY_FIRST, date(2025, 9, 16)),
        ("1-Jan-99", DAY_FIRST, date(1999, 1, 1)),
        ("16/05/2025", DAY_FIRST, date(2025, 5, 16)),
        ("05/16/2025", MONTH_FIRST, date(2025, 5, 16)),
        ("16.05.2025", DAY_FIRST, date(2025, 5, 16)),
        ("16/05/25", DAY_FIRST, date(2025, 5, 16)),
        # README: 4/1/2017 reads both ways, 04/01/2017 is ACLED's day first
        ("4/1/2017", DAY_FIRST, date(2017, 1, 4)),
        ("4/1/2017", MONTH_FIRST, date(2017, 4, 1)),
        ("04/01/2017", DAY_FIRST, date(2017, 1, 4)),
        ("19/03/2025", DAY_FIRST, date(2025, 3, 19)),
    ],
)
def test_loose_dates_read(text, order, expected):
    assert parse_loose_date(text, order) == expected


def test_every_date_the_module_docstring_promises_is_read():
    examples = re.findall(r'"([^"]+)"', loose_dates.__doc__)
    assert {"16 May 2025", "16-May-25"} <= set(examples)
    for text in examples:
        assert parse_loose_date(text) == date(2025, 5, 16), text


@pytest.mark.parametrize(
    "text, says",
    [
        ("16 Mayday 2025", "cannot read"),  # only three letters of a month
        ("16-Junk-2025", "cannot read"),
        ("32-May-2025", "not a real date"),
        ("29-Feb-25", "not a real date"),
        ("16_May_2025", "cannot read"),
        ("May 2025", "cannot read"),
        ("", "cannot read"),
    ],
)
def test_loose_dates_refused_say_why(text, says):
    with pytest.raises(FieldError) as err:
        parse_loose_date(text, field="event_date")
    assert err.value.field == "event_date"
    assert says in err.value.message


def test_slash_order_examples():
    # README: "a file whose slashed dates settle the order (a 25/01) is read in that order"
    assert slash_order(["4/1/2017", "25/01/2025"]) == (DAY_FIRST, "25/01/2025")
    assert slash_order(["4/1/2017", "01/25/2025"]) == (MONTH_FIRST, "01/25/2025")
    assert slash_order(["4/1/2017", "2025-01-25", "16-May-25"]) == (None, None)
    with pytest.raises(FieldError, match="mix"):
        slash_order(["25/01/2025", "01/25/2025"])
    assert is_ambiguous("4/1/2017") and not is_ambiguous("25/01/2025")
    assert not is_ambiguous("4/4/2017")  # the same either way


@pytest.mark.parametrize(
    "text, value, given, clock",
    [
        # parse_date's docstring: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]
        ("2025", date(2025, 1, 1), Precision.YEAR, None),
        ("2025-03", date(2025, 3, 1), Precision.MONTH, None),
        ("2025-03-19", date(2025, 3, 19), Precision.DAY, None),
        ("2025-03-19T09:30", date(2025, 3, 19), Precision.DAY, time(9, 30)),
        ("2025-03-19T09:30:15", date(2025, 3, 19), Precision.DAY, time(9, 30, 15)),
        ("2025-03-19 09:30Z", date(2025, 3, 19), Precision.DAY, time(9, 30)),
        # dates' docstring: any year from 1 to 9999 (TimelineJS examples use year 600)
        ("600", date(600, 1, 1), Precision.YEAR, None),
        ("0600", date(600, 1, 1), Precision.YEAR, None),
        ("9999-12-31", date(9999, 12, 31), Precision.DAY, None),
        # README: --from 2025-01-01 --to 2025-04-30; stats "2025-01 to 2025-12-10"
        ("2025-01-01", date(2025, 1, 1), Precision.DAY, None),
        ("2025-04-30", date(2025, 4, 30), Precision.DAY, None),
        ("2025-01", date(2025, 1, 1), Precision.MONTH, None),
        ("2025-12-10", date(2025, 12, 10), Precision.DAY, None),
    ],
)
def test_date_forms_read(text, value, given, clock):
    assert parse_date(text) == dates.PartialDate(value, given, clock)


def test_the_readme_refused_date_says_what_it_found():
    # README: `bad.csv, line 3, field 'start': cannot read '19/03/2025' as a date ...`
    with pytest.raises(FieldError) as err:
        parse_date("19/03/2025", "start")
    assert err.value.message.startswith("cannot read '19/03/2025' as a date")


@pytest.mark.parametrize(
    "when, text",
    [
        # describe()'s docstring, and the README's "March 2025 stays a month"
        (When.parse("2025-01-27"), "27 Jan 2025"),
        (When.parse("2025-03"), "March 2025"),
        (When.parse("2025-02-14", "2025-02-16"), "14–16 Feb 2025"),
        (When(date(2025, 3, 3), Precision.WEEK), "week of 3 Mar 2025"),
    ],
)
def test_described_dates(when, text):
    assert when.describe() == text


def test_day_text_and_localize_examples():
    assert day_text(date(2025, 1, 27)) == "27 Jan 2025"
    # localize's docstring, and the README's "27 janv. 2025"
    assert localize("27 Jan 2025", "fr") == "27 janv. 2025"
    assert localize("week of 3 Mar 2025", "fr") == "semaine du 3 mars 2025"
    assert localize("27 Jan 2025", "en") == "27 Jan 2025"


# -- the class of the bug: "-" between two characters of a class is a range -------------------

_RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall",
                 "finditer"}  # fmt: skip
_FAIR_RANGES = [("0", "9"), ("a", "z"), ("A", "Z")]


def _patterns(path: Path):
    """The literal patterns given to `re` functions in a source file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _RE_FUNCTIONS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
        ):
            first = node.args[0]
            parts = first.values if isinstance(first, ast.JoinedStr) else [first]
            if all(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts):
                yield node.lineno, "".join(p.value for p in parts)
            elif isinstance(first, ast.BinOp):  # "^(" + ... + ")": the literal pieces
                for piece in ast.walk(first):
                    if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                        yield node.lineno, piece.value


def _ranges(pattern: str):
    from re import _constants, _parser  # the parser re itself uses

    def walk(item):
        if isinstance(item, _parser.SubPattern):
            for sub in item.data:
                yield from walk(sub)
        elif isinstance(item, (tuple, list)):
            if len(item) == 2 and item[0] is _constants.RANGE:
                yield chr(item[1][0]), chr(item[1][1])
            else:
                for sub in item:
                    yield from walk(sub)

    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return  # a piece of a pattern built at run time
    yield from walk(parsed)


def _sources():
    return sorted([*(ROOT / "timeline_app").rglob("*.py"), *(ROOT / "benchmarks").glob("*.py")])


def test_the_range_check_sees_the_old_mistake():
    assert list(_ranges(r"[ -,]")) == [(" ", ",")]
    assert list(_ranges(r"[ ,-]")) == []


def test_no_character_class_holds_an_accidental_range():
    found = []
    for path in _sources():
        for line, pattern in _patterns(path):
            for lo, hi in _ranges(pattern):
                fair = any(a <= lo and hi <= b for a, b in _FAIR_RANGES)
                if not fair:
                    found.append(f"{path.relative_to(ROOT)}:{line}: [{lo}-{hi}] in {pattern!r}")
    assert not found, "a '-' between two characters makes a range; put it last:\n" + "\n".join(
        found
    )


def test_the_scan_reads_our_patterns():
    seen = {p for path in _sources() for _, p in _patterns(path)}
    assert r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]*(\d{2}|\d{4})$" in seen


def test_a_sheet_with_worded_dates_imports(tmp_path):
    from timeline_app.core.errors import InputError
    from timeline_app.core.formats import ColumnMap, read_file

    sheet = tmp_path / "worded.csv"
    sheet.write_text("when,what\n16-May-25,a\n16-May-2025,b\n16 May 2025,c\n17-Mai-25,d\n")
    with pytest.raises(InputError) as err:  # "Mai" is French: refused, where it is said
        read_file(sheet, mapping=ColumnMap({"date": "when", "title": "what"}))
    assert (err.value.line, err.value.field) == (5, "when") and "17-Mai-25" in str(err.value)
    sheet.write_text("when,what\n16-May-25,a\n16-May-2025,b\n16 May 2025,c\n")
    parsed = read_file(sheet, mapping=ColumnMap({"date": "when", "title": "what"}))
    assert {e.when.start for e in parsed.events} == {date(2025, 5, 16)}
