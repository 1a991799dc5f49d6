"""Any other table, read through a column mapping (CSV, TSV, XLSX)."""

import json
from datetime import date

import pandas as pd
import pytest

from conftest import DATA, snapshot
from timeline_app.cli import main
from timeline_app.core.errors import InputError
from timeline_app.core.formats import ColumnMap, read_file
from timeline_app.core.formats.column_guess import guess_mapping
from timeline_app.core.formats.spreadsheet import header_key, preview


def mapping() -> ColumnMap:
    return ColumnMap.load(DATA / "analyst_sheet.map.json")


def test_a_mapped_sheet_reads_every_field():
    parsed = read_file(DATA / "analyst_sheet.csv", mapping=mapping())
    outskirts, goma, convoys, bukavu = parsed.events
    assert outskirts.when.start == date(2025, 1, 25)  # day first, settled by "25/01"
    assert [a.name for a in outskirts.actors] == ["M23", "FARDC"]
    assert outskirts.location.latitude == -1.68  # a decimal comma
    assert outskirts.sources[0].url == "https://example.org/goma-outskirts"
    assert outskirts.extra == {"Comment": "seen on local radio"}
    assert (
        convoys.when.describe() == "February 2025"
        and convoys.sources[0].name == "Humanitarian partner"
    )
    assert bukavu.location.label == "Bukavu, South Kivu, DR Congo"
    assert goma.id.startswith("sheet-") and goma.id != bukavu.id


def test_ambiguous_dates_are_refused_until_the_order_is_said():
    ambiguous = ColumnMap({"date": "when", "title": "what"})
    with pytest.raises(InputError) as err:
        read_file(DATA / "ambiguous_sheet.csv", mapping=ambiguous)
    assert (err.value.line, err.value.field) == (2, "when")
    assert "'4/1/2017' could be day/month or month/day" in str(err.value)
    dmy = read_file(DATA / "ambiguous_sheet.csv", mapping=ambiguous, date_order="dmy")
    mdy = read_file(DATA / "ambiguous_sheet.csv", mapping=ambiguous, date_order="mdy")
    assert dmy.events[0].when.start == date(2017, 1, 4)
    assert mdy.events[0].when.start == date(2017, 4, 1)


def test_xlsx(tmp_path):
    sheet = tmp_path / "events.xlsx"
    pd.DataFrame(
        {"Date": [pd.Timestamp("2025-03-19"), pd.Timestamp("2025-03-22")],
         "Event": ["M23 enters Walikale", "M23 says it will reposition"],
         "Town": ["Walikale", "Walikale"]}
    ).to_excel(sheet, index=False)  # fmt: skip
    header, rows = preview(sheet)
    assert header == ["Date", "Event", "Town"] and len(rows) == 2
    guessed = guess_mapping(header)
    assert guessed.columns == {"date": "Date", "title": "Event", "place": "Town"}
    parsed = read_file(sheet, mapping=guessed)
    assert [e.when.start for e in parsed.events] == [date(2025, 3, 19), date(2025, 3, 22)]


def test_cli_map_option_and_its_errors(capsys, store_path, tmp_path):
    args = ["--store", str(store_path)]
    assert main(["import", str(DATA / "analyst_sheet.csv"), *args]) == 1
    assert "--map FILE.json" in capsys.readouterr().err
    before = snapshot(store_path)
    bad_map = tmp_path / "bad.map.json"
    bad_map.write_text(json.dumps({"date": "Date", "title": "No such column"}))
    assert main(["import", str(DATA / "analyst_sheet.csv"), "--map", str(bad_map), *args]) == 1
    assert "'No such column' is not in the file" in capsys.readouterr().err
    assert snapshot(store_path) == before
    good = [
        "import",
        str(DATA / "analyst_sheet.csv"),
        "--map",
        str(DATA / "analyst_sheet.map.json"),
    ]
    assert main([*good, *args]) == 0
    out = capsys.readouterr().out
    assert "read as a spreadsheet, with a column mapping" in out and "4 new" in out
    assert main([*good, *args]) == 0
    assert "0 new, 0 updated, 4 unchanged" in capsys.readouterr().out


def test_mappings_are_keyed_by_their_header():
    assert header_key(["Date", "Event"]) == header_key([" date", "EVENT "])
    assert header_key(["Date", "Event"]) != header_key(["Date", "Title"])
    assert ColumnMap.from_json(mapping().to_json()) == mapping()
    with pytest.raises(InputError, match="unknown field"):
        ColumnMap.from_json({"when": "Date"})
