"""Fuzzing every format the importer reads (issue 13): valid files, mutated in their bytes
and in their structure, are imported into a throw-away store. Each must be imported or
refused with an InputError naming the file; any other exception, a hang (a generous alarm)
or a memory blow-up (the inputs are small, and the process's peak is checked) fails.

A bounded number of examples per format keeps this within CI's minute; set
TIMELINE_FUZZ_EXAMPLES for a longer pass, and TIMELINE_FUZZ_REPORT to a file to have the
outcomes counted there (one JSON line per format)."""

import contextlib
import csv
import io
import json
import os
import resource
import signal
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from timeline_app.core.errors import InputError
from timeline_app.core.formats import ColumnMap
from timeline_app.core.store import Store

EXAMPLES = int(os.environ.get("TIMELINE_FUZZ_EXAMPLES", "40"))
HANG = 30  # seconds: far beyond any of these small files
GROWTH_MB = 600  # of the process's peak memory over one format's examples
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # no timing: the alarm catches a hang
    derandomize=True,  # the same examples on every run, in CI too
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# what hostile files hold: numbers no count can be, markup left open, nesting, odd bytes
HOSTILE = [
    "inf", "nan", "1e309", "-Infinity", str(2**63), "9" * 5000, "1e20", "-1", "0.5",
    "<!--", "<![ x", "<a href='", "&#99999999;", "<br>" * 3, "\r", "\n", "\r\n", '"', "'",
    ",", ";", "\t", "|", "\\", "\x00", "\x1b[2J", "\ufeff", "\u202e", "é", "\xff",
    "[" * 1200, "{" * 1200, "2025-02-30", "0000-01-01", "31/12/2025", "12/31/2025", "",
    " " * 50, "=cmd|' /C calc'!A0", "x" * 3000,
]  # fmt: skip
DEEP = "(nested 1,500 deep)"  # put in as text: json.dumps cannot write it
JSON_HOSTILE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.sampled_from([2**63, -(2**63) - 1, 10**30, float("inf")]) | st.sampled_from(HOSTILE)
    | st.text(max_size=30)
    | st.just(DEEP),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=12,
)  # fmt: skip


# -- seeds: one valid file per format --------------------------------------------------


def _native_json() -> bytes:
    from timeline_app.core.formats import read_file
    from timeline_app.core.formats.native_json import FORMAT_NAME
    from timeline_app.core.serialize import event_to_dict

    events = [event_to_dict(e) for e in read_file(DATA / "small.csv").events]
    doc = {"format": FORMAT_NAME, "version": 1, "dataset": {"name": "Fuzz"},
           "actors": [{"name": "M23", "aliases": ["AFC"]}], "events": events,
           "stories": [{"name": "s", "steps": [{"event": events[0]["id"]}]}]}  # fmt: skip
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


SEEDS = {  # format: (file name, bytes, mapping)
    "native-csv": ("ours.csv", (DATA / "small.csv").read_bytes(), None),
    "native-json": ("ours.json", _native_json(), None),
    "acled": ("acled.csv", (DATA / "acled_current.csv").read_bytes(), None),
    "ucdp": ("ged.csv", (DATA / "ucdp_ged.csv").read_bytes(), None),
    "timelinejs-json": ("tl.json", (DATA / "timelinejs.json").read_bytes(), None),
    "timelinejs-csv": ("tl.csv", (DATA / "timelinejs_sheet.csv").read_bytes(), None),
    "sheet-csv": (
        "sheet.csv",
        (DATA / "analyst_sheet.csv").read_bytes(),
        ColumnMap.load(DATA / "analyst_sheet.map.json"),
    ),
}


# -- mutations ----------------------------------------------------------------------------


@st.composite
def byte_mutations(draw, data: bytes) -> bytes:
    """The file with a few bytes replaced, inserted, deleted, or a slice repeated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(out)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "hostile", "repeat", "cut"]))
        if kind == "flip" and at < len(out):
            out[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del out[at : at + draw(st.integers(1, 40))]
        elif kind == "hostile":
            out[at:at] = draw(st.sampled_from(HOSTILE)).encode("utf-8", "surrogatepass")
        elif kind == "repeat":
            piece = bytes(out[at : at + draw(st.integers(1, 200))])
            out[at:at] = piece * draw(st.integers(1, 50))
        elif kind == "cut":
            del out[at:]
    return bytes(out)


@st.composite
def table_mutations(draw, data: bytes) -> bytes:
    """The table with cells set to hostile values, and columns or rows dropped or doubled."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        kind = draw(st.sampled_from(["cell", "cell", "cell", "drop-column", "double-row",
                                     "short-row", "long-row"]))  # fmt: skip
        if kind == "cell" and rows[r]:
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = draw(st.sampled_from(HOSTILE) | st.text(max_size=20))
        elif kind == "drop-column" and rows[0]:
            c = draw(st.integers(0, len(rows[0]) - 1))
            rows = [row[:c] + row[c + 1 :] for row in rows]
        elif kind == "double-row":
            rows.insert(r, list(rows[r]))
        elif kind == "short-row":
            rows[r] = rows[r][: draw(st.integers(0, len(rows[r])))]
        elif kind == "long-row":
            rows[r] = rows[r] + ["x"] * draw(st.integers(1, 5))
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


@st.composite
def json_mutations(draw, data: bytes) -> bytes:
    """The document with values replaced by any JSON (big numbers, nesting, wrong types),
    or keys and elements deleted."""
    doc = json.loads(data)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            parent[path[-1]] = draw(JSON_HOSTILE)
        elif isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent.pop(path[-1])
    text = json.dumps(doc, allow_nan=True)
    return text.replace(json.dumps(DEEP), "[" * 1500 + "]" * 1500).encode()


def mutations(fmt: str, data: bytes):
    structural = json_mutations(data) if fmt.endswith("json") else table_mutations(data)
    return st.one_of(structural, byte_mutations(data), structural.flatmap(byte_mutations))


# -- the check ----------------------------------------------------------------------------

OUTCOMES: dict[str, Counter] = {}


class Hang(Exception):
    pass


@contextlib.contextmanager
def alarm(seconds: int):
    def ring(*_):
        raise Hang(f"no answer in {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check_import(store: Store, path: Path, mapping: ColumnMap | None, skip: bool, fmt: str):
    counts = OUTCOMES.setdefault(fmt, Counter())
    counts["tried"] += 1
    try:
        with alarm(HANG):
            store.import_file(path, mapping=mapping, skip_bad_rows=skip)
    except InputError as exc:
        assert exc.path.name == path.name, f"the message names {exc.path}, not the file"
        assert str(exc).startswith(path.name)
        counts["refused"] += 1
    except BaseException:
        counts["crashed"] += 1
        raise
    else:
        counts["imported"] += 1


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def report():
    yield
    target = os.environ.get("TIMELINE_FUZZ_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as f:
            for fmt, counts in OUTCOMES.items():
                f.write(json.dumps({"format": fmt, **counts}) + "\n")


@pytest.mark.parametrize("fmt", list(SEEDS))
def test_fuzzed_files_are_imported_or_refused_cleanly(fmt, tmp_path, report):
    name, seed, mapping = SEEDS[fmt]
    path = tmp_path / name
    start = _peak_mb()
    with Store.open(tmp_path / "throwaway.sqlite", sample=False) as store:

        @FUZZ
        @given(data=mutations(fmt, seed), skip=st.booleans())
        def run(data: bytes, skip: bool) -> None:
            path.write_bytes(data)
            check_import(store, path, mapping, skip, fmt)

        run()
    assert _peak_mb() - start < GROWTH_MB


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


XLSX_ROWS = [
    ["Date", "Title", "Deaths", "Town", "Lat", "Lon"],
    ["2025-01-27", "M23 enters Goma", 14, "Goma", -1.68, 29.22],
    ["28/01/2025", "Clashes near Sake", "3", "Sake", -1.57, 29.04],
]
XLSX_MAP = ColumnMap({"date": "Date", "title": "Title", "fatalities": "Deaths", "place": "Town",
                      "latitude": "Lat", "longitude": "Lon"}, "dmy")  # fmt: skip
XLSX_VALUES = st.sampled_from(HOSTILE) | st.integers() | st.floats() | st.datetimes() | st.none()


@given(
    cells=st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 8), XLSX_VALUES), min_size=1, max_size=6
    ),
    far=st.sampled_from([None, "XFD1048576", "AAA5", "A100000"]),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3),
    skip=st.booleans(),
)
@FUZZ
def test_fuzzed_workbooks_are_imported_or_refused_cleanly(tmp_path, report, cells, far, flips,
                                                          skip):  # fmt: skip
    path = tmp_path / "sheet.xlsx"
    rows = [list(r) for r in XLSX_ROWS]
    for r, c, value in cells:
        while len(rows) < r:
            rows.append([])
        rows[r - 1] += [None] * (c - len(rows[r - 1]))
        if isinstance(value, str) and not value.isprintable():
            value = value.encode("unicode_escape").decode()  # XML cannot hold them
        rows[r - 1][c - 1] = value
    _xlsx(path, rows)
    if far:
        book = openpyxl.load_workbook(path)
        book.active[far] = "far"
        book.save(path)
    if flips:
        data = bytearray(path.read_bytes())
        for at, value in flips:
            data[at % len(data)] = value
        path.write_bytes(bytes(data))
    with Store.open(tmp_path / "throwaway.sqlite", sample=False) as store:
        check_import(store, path, XLSX_MAP, skip, "xlsx")
