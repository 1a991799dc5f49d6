"""Each bad file gets a message naming the file, the line and the field, and the store
is left exactly as it was."""

import json

import pytest

from conftest import DATA, snapshot
from timeline_app.cli import main
from timeline_app.core.errors import InputError
from timeline_app.core.model import MAX_TEXT

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL

CASES = [
    # file, line, field, words in the message
    # ours but for a required column: any other table, whose mapping is asked for
    ("bad_missing_column.csv", 1, None, "as Timeline App CSV it lacks the column 'title'"),
    ("bad_date.csv", 3, "start", "'19/03/2025'"),
    ("bad_end_before_start.csv", 2, "end", "before the start"),
    ("bad_latitude.csv", 3, "latitude", "outside -90..90"),
    ("bad_duplicate_ids.csv", 4, "id", "first at line 2"),
    ("empty.csv", None, None, "empty"),
    ("bad_longitude.json", 5, "location.longitude", "outside -180..180"),
    ("bad_syntax.json", 4, None, "not valid JSON"),
]


@pytest.mark.parametrize(("name", "line", "field", "words"), CASES)
def test_bad_file_is_refused_and_store_unchanged(store, name, line, field, words):
    before = snapshot(store.path)
    with pytest.raises(InputError) as err:
        store.import_file(DATA / name, dataset="Congo 2025")
    exc = err.value
    assert (exc.path.name, exc.line, exc.field) == (name, line, field)
    assert words in str(exc)
    assert snapshot(store.path) == before


@pytest.mark.parametrize(("name", "line", "field", "words"), CASES)
def test_cli_reports_file_line_and_field(store_path, capsys, name, line, field, words):
    assert main(["stats", "--store", str(store_path)]) == 0
    before = snapshot(store_path)
    capsys.readouterr()
    assert main(["import", str(DATA / name), "--store", str(store_path)]) == 1
    err = capsys.readouterr().err
    assert name in err and words in err and "nothing was imported" in err
    if line is not None:
        assert f"line {line}" in err
    if field is not None:
        assert f"field '{field}'" in err
    assert snapshot(store_path) == before


def test_our_csv_in_windows_1252_is_read_as_every_table_is(store, tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,start,title\nx,2025-01-27,Goma\ny,2025-03-19,Félix\n".encode("cp1252"))
    summary = store.import_file(latin)
    assert summary.new == 2 and "read as Windows-1252" in summary.warnings[0]
    assert store.parsed("latin1").events[1].title == "Félix"


def test_json_not_utf8_names_the_line(store, tmp_path):
    bad = tmp_path / "latin1.json"  # JSON is UTF-8 by its standard: no guessing there
    doc = '{"format": "timeline-app", "events": [\n{"id": "y", "start": "2025", "title": "Félix"}]}'
    bad.write_bytes(doc.encode("latin-1"))
    before = snapshot(store.path)
    with pytest.raises(InputError) as err:
        store.import_file(bad)
    assert err.value.line == 2 and "not UTF-8" in str(err.value) and "0xe9" in str(err.value)
    assert snapshot(store.path) == before


def test_ten_megabyte_description_is_refused(store, tmp_path):
    huge = tmp_path / "huge.csv"
    huge.write_text(f'id,start,title,description\nh1,2025-01-27,Big,"{"x" * 10_000_000}"\n')
    before = snapshot(store.path)
    with pytest.raises(InputError) as err:
        store.import_file(huge)
    assert (err.value.line, err.value.field) == (2, "description")
    assert f"more than the {MAX_TEXT:,} allowed" in str(err.value)
    assert snapshot(store.path) == before


def test_json_error_names_the_event(store, tmp_path):
    doc = json.loads((DATA / "bad_longitude.json").read_text())
    doc["events"][1]["location"]["longitude"] = 29.23
    doc["events"][0]["start"] = "27/01/2025"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, indent=2))
    with pytest.raises(InputError) as err:
        store.import_file(bad)
    assert err.value.line == 8 and err.value.record == "event 1 (id 'j1')"


def test_a_failure_part_way_through_the_write_stores_nothing(store, monkeypatch):
    """The file is valid, but the write fails after some rows went in: all is rolled back."""
    import timeline_app.core.event_writer as store_module

    before = snapshot(store.path)
    real = store_module.derived_columns
    calls = {"n": 0}

    def failing(event):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(event)

    monkeypatch.setattr(store_module, "derived_columns", failing)
    with pytest.raises(OSError):
        store.import_file(DATA / "small.csv", dataset="New one")
    assert calls["n"] == 3
    assert snapshot(store.path) == before
    assert [d.name for d in store.datasets()] == ["Congo 2025"]
