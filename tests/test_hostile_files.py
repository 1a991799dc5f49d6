"""Hostile and faulty files (issue 13): each is refused with a message naming the file, the
line and the field, or imported; never a traceback, and never without bounds on the memory.
Times are measured by benchmarks/hostile_files.py, not here."""

import csv
import io
import json
import re
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, snapshot
from timeline_app.cli import main
from timeline_app.core.errors import InputError
from timeline_app.core.formats import ColumnMap, read_file, tabular, xlsx
from timeline_app.core.formats.acled_bulk import NotBulk, read_bulk
from timeline_app.core.formats.timelinejs import plain_text


def _table(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _with_cell(name: str, column: str, value: str, tmp_path: Path) -> Path:
    """A copy of a test file with one cell of its first row changed."""
    rows = list(csv.reader(io.StringIO((DATA / name).read_text(encoding="utf-8-sig"))))
    rows[1][rows[0].index(column)] = value
    return _table(tmp_path / name, rows[:2])


SHEET = ColumnMap({"date": "Date", "title": "Title", "fatalities": "Deaths"})
BIG = str(2**63)
COUNTS = ["inf", "nan", "1e309", "Infinity", "-inf", BIG, "1e20"]


def _count_file(fmt: str, value: str, tmp_path: Path) -> tuple[Path, ColumnMap | None, str]:
    if fmt == "acled":
        return _with_cell("acled_current.csv", "fatalities", value, tmp_path), None, "fatalities"
    if fmt == "ucdp":
        return _with_cell("ucdp_ged.csv", "best", value, tmp_path), None, "best"
    if fmt == "csv":
        rows = [["id", "start", "title", "fatalities"], ["a", "2025-01-27", "Goma", value]]
        return _table(tmp_path / "ours.csv", rows), None, "fatalities"
    rows = [["Date", "Title", "Deaths"], ["2025-01-27", "Goma", value]]
    return _table(tmp_path / "sheet.csv", rows), SHEET, "Deaths"


@pytest.mark.parametrize("value", COUNTS)
@pytest.mark.parametrize("fmt", ["acled", "ucdp", "csv", "sheet"])
def test_a_count_that_is_not_one_is_refused_with_its_line_and_field(store, tmp_path, fmt, value):
    path, mapping, field = _count_file(fmt, value, tmp_path)
    before = snapshot(store.path)
    with pytest.raises(InputError) as err:
        store.import_file(path, mapping=mapping)
    assert (err.value.path, err.value.line, err.value.field) == (path, 2, field)
    assert snapshot(store.path) == before


def test_a_count_too_large_to_store_in_our_json(store, tmp_path):
    path = tmp_path / "big.json"
    event = {"id": "a", "start": "2025-01-27", "title": "Goma", "fatalities": 2**63}
    path.write_text(json.dumps({"format": "timeline-app", "version": 1, "events": [event]}))
    with pytest.raises(InputError) as err:
        store.import_file(path)
    assert (err.value.line, err.value.field) == (1, "fatalities")
    assert "more than can be stored" in str(err.value)


def _native(**fields) -> str:
    events = [{"id": "a", "start": "2025-01-27", "title": "Goma"}]
    return json.dumps({"format": "timeline-app", "version": 1, "events": events, **fields})


@pytest.mark.parametrize("key", ["actors", "stories"])
def test_actors_or_stories_that_are_not_lists(tmp_path, key):
    path = tmp_path / "x.json"
    path.write_text(_native(**{key: 5}))
    with pytest.raises(InputError) as err:
        read_file(path)
    assert err.value.field == key and "expected a list" in str(err.value)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_json_nested_too_deeply(tmp_path, capsys, store_path, depth):
    nested = "[" * depth + "]" * depth
    ours = tmp_path / "ours.json"
    ours.write_text('{"format": "timeline-app", "version": 1, "events": [' + nested + "]}")
    tljs = tmp_path / "tljs.json"
    tljs.write_text('{"events": [' + nested + "]}")
    for path in (ours, tljs):
        with pytest.raises(InputError) as err:
            read_file(path)
        assert err.value.path == path
        if depth > 10_000:  # Python 3.12's decoder reads 1,000 deep: then the shape is refused
            assert "nested too deeply" in str(err.value)
    mapping = tmp_path / "deep.map.json"
    mapping.write_text(nested)
    sheet = _table(tmp_path / "sheet.csv", [["Date", "Title"], ["2025-01-27", "Goma"]])
    code = main(["import", str(sheet), "--map", str(mapping), "--store", str(store_path)])
    err_text = capsys.readouterr().err
    assert code == 1 and "deep.map.json: " in err_text and "Traceback" not in err_text


def test_a_number_of_thousands_of_digits_in_json(tmp_path):
    path = tmp_path / "digits.json"
    path.write_text('{"format": "timeline-app", "version": ' + "9" * 5000 + ', "events": []}')
    with pytest.raises(InputError, match="4,300 digits"):
        read_file(path)


def test_a_stray_carriage_return_in_a_csv_header(store, tmp_path, capsys):
    path = tmp_path / "cr.csv"
    path.write_bytes(b"id,st\rart,title\na,2025-01-27,Goma\n")
    with pytest.raises(InputError) as err:
        store.import_file(path)
    assert err.value.line == 1 and "carriage return" in str(err.value) and "'st'" in str(err.value)
    assert main(["import", str(path), "--store", str(store.path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_lines_ending_with_a_carriage_return_alone_are_still_read(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"id,start,title\ra,2025-01-27,Goma\rb,2025-01-28,Sake\r")
    assert [e.title for e in read_file(path).events] == ["Goma", "Sake"]


# -- TimelineJS markup ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<![ x", "<![ x"),
        ("<!-- x", "<!-- x"),
        ("a <!-- note --> b", "a b"),
        ("<p>One <b>bold</b></p><p>Two&nbsp;&amp; more</p>", "One bold\nTwo & more"),
        ("a < b and c > d", "a < b and c > d"),
        ("x<br>y", "x\ny"),
        ("<![CDATA[gone]]>kept", "kept"),
        ("<a href='x'", "<a href='x'"),
    ],
)
def test_markup_is_reduced_to_text_without_failing(markup, text):
    assert plain_text(markup) == text


def test_a_headline_that_made_the_html_parser_assert(store, tmp_path):
    for path in (tmp_path / "x.json", tmp_path / "x.csv"):
        if path.suffix == ".json":
            slide = {"start_date": {"year": 2020}, "text": {"headline": "Clash <![ x"}}
            path.write_text(json.dumps({"events": [slide]}))
        else:
            path.write_text("Year,Month,Day,Headline\n2020,1,1,Clash <![ x\n")
        assert store.import_file(path).new == 1


# -- our JSON: where a bad event is ----------------------------------------------------


def test_a_bad_event_is_located_with_the_c_decoder_in_one_pass(tmp_path, monkeypatch):
    """The pure-Python decoder (re-run on the whole file for any error) made refusing a
    large file take minutes and gigabytes."""
    import json.scanner

    def forbidden(*_):
        raise AssertionError("the pure-Python JSON decoder is not to be used")

    monkeypatch.setattr(json.scanner, "py_make_scanner", forbidden)
    events = [{"id": f"e{i}", "start": "2025-01-27", "title": "Goma"} for i in range(3000)]
    events[-1]["start"] = "2025-13-45"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "timeline-app", "version": 1, "events": events},
                               indent=1))  # fmt: skip
    with pytest.raises(InputError) as err:
        read_file(path)
    lines = path.read_text().splitlines()
    assert '"2025-13-45"' in lines[err.value.line + 1]  # the event's "{", then id, then start
    assert err.value.record == "event 3000 (id 'e2999')"
    events[-1]["start"] = "2025-01-27"
    events[-1]["id"] = "e5"  # used again: both lines are named
    path.write_text(json.dumps({"format": "timeline-app", "version": 1,
                                "events": [{}, *events]}).replace("}, {", "},\n{"))  # fmt: skip
    with pytest.raises(InputError) as err:
        read_file(path, skip_bad_rows=False)
    assert err.value.line == 1 and err.value.record == "event 1"
    path.write_text(json.dumps({"format": "timeline-app", "version": 1, "events": events})
                    .replace("}, {", "},\n{"))  # fmt: skip
    with pytest.raises(InputError) as err:
        read_file(path)
    assert err.value.line == 3000 and "first at line 6" in str(err.value)


# -- sizes capped while reading --------------------------------------------------------


def test_a_long_line_is_refused_before_it_is_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "LINE_LIMIT", 1 << 20)
    path = tmp_path / "line.csv"
    path.write_bytes(b"id,start,title\na,2025-01-27," + b"x" * (24 << 20) + b"\n")
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            read_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (err.value.line, err.value.field) == (2, "title")
    assert "a line longer than" in str(err.value)
    assert peak < 8 << 20  # the line up to the cap, not the 24 MB of it


def test_a_quote_left_open_is_refused_at_the_cell_cap(tmp_path):
    path = tmp_path / "open.csv"
    body = "".join(f"b{i},2025-01-27,line {i}\n" for i in range(200_000))
    path.write_text('id,start,title\na,2025-01-27,"never closed\n' + body)
    with pytest.raises(InputError) as err:
        read_file(path)
    assert (err.value.line, err.value.field) == (2, "title") and "a quote left open" in str(
        err.value
    )


def test_the_acled_bulk_reader_hands_a_long_line_to_the_row_reader(tmp_path, store):
    header = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").split("\n", 1)[0]
    path = tmp_path / "acled.csv"
    path.write_bytes(header.encode() + b"\n" + b"x" * (24 << 20) + b"\n")
    from timeline_app.core.actors import ActorRegistry

    with pytest.raises(NotBulk, match="a line too long"):
        list(read_bulk(path, ActorRegistry([]), None))
    with pytest.raises(InputError) as err:
        store.import_file(path)
    assert err.value.line == 2


# -- spreadsheets ---------------------------------------------------------------------


def _workbook(path: Path, cells: dict[str, object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def test_a_workbook_with_a_cell_at_the_far_corner_is_refused_before_reading(tmp_path):
    path = _workbook(tmp_path / "far.xlsx", {"A1": "Date", "B1": "Title", "A2": "2025-01-27",
                                              "B2": "Goma", "XFD1048576": 1})  # fmt: skip
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            read_file(path, mapping=ColumnMap({"date": "Date", "title": "Title"}))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.path == path and "16,384 columns and 1,048,576 rows" in str(err.value)
    assert peak < 50 << 20


def _lying(path: Path) -> Path:
    """The workbook with its sheet's stated dimension made A1:B2."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', parts[name])
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_a_workbook_whose_dimension_lies_is_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 500)
    cells = {"A1": "Date", "B1": "Title"}
    cells |= {f"{c}{r}": "x" for r in range(2, 300) for c in "AB"}
    path = _lying(_workbook(tmp_path / "many.xlsx", cells))
    with pytest.raises(InputError, match="more than 500 cells"):
        read_file(path, mapping=ColumnMap({"date": "Date", "title": "Title"}))
    row = {f"{openpyxl.utils.get_column_letter(c)}1": "x" for c in range(1, 400)}
    monkeypatch.setattr(xlsx, "MAX_COLUMNS", 300)
    with pytest.raises(InputError, match="a row of more than 300 cells"):
        read_file(_lying(_workbook(tmp_path / "wide.xlsx", row)), mapping=ColumnMap({"date": "x"}))


def test_a_workbook_is_read_as_before(tmp_path):
    cells = {"A1": "Date", "B1": "Title", "C1": "Title", "E1": "Deaths", "A3": "2025-01-27",
             "B3": "Goma", "E3": 14.0, "A4": "2025-01-28", "B4": "Sake"}  # fmt: skip
    path = _workbook(tmp_path / "s.xlsx", cells)
    mapping = ColumnMap({"date": "Date", "title": "Title", "fatalities": "Deaths"})
    parsed = read_file(path, mapping=mapping)
    assert parsed.header == ["Date", "Title", "Title.1", "Unnamed: 3", "Deaths"]
    assert [(e.title, e.fatalities) for e in parsed.events] == [("Goma", 14), ("Sake", None)]
    assert parsed.lines == [3, 4]  # the sheet's own row numbers


@pytest.mark.parametrize("name", ["acled_current.csv", "small.csv"])
def test_a_control_character_in_a_column_name(store, tmp_path, name):
    """Found by the fuzzing: a NUL in an extra column's name broke the search index."""
    rows = list(csv.reader(io.StringIO((DATA / name).read_text(encoding="utf-8-sig"))))
    path = _table(tmp_path / name, [[*rows[0], "\x00odd"], *([*r, "v"] for r in rows[1:] if r)])
    before = snapshot(store.path)
    with pytest.raises(InputError) as err:
        store.import_file(path)
    assert err.value.field == "extra" and "'\\x00odd'" in str(err.value)
    assert snapshot(store.path) == before


def test_a_workbook_of_a_zip_version_python_cannot_read(tmp_path):
    # zipfile raises NotImplementedError (not BadZipFile) for an entry that needs a newer
    # version to extract; fuzzing found it reaching the user as a traceback
    book = openpyxl.Workbook()
    book.active.append(["title", "date"])
    path = tmp_path / "future.xlsx"
    book.save(path)
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02")  # a central directory entry: "version needed" follows
    data[at + 6 : at + 8] = (202).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"future\.xlsx.*not readable as an Excel workbook"):
        xlsx.read_xlsx(path)
