"""Real-world formats, from hand-written files in tests/data (nasty ones included)."""

import csv
from datetime import date

import pytest

from conftest import DATA, snapshot
from timeline_app.cli import main
from timeline_app.core.dates import Precision
from timeline_app.core.errors import ImportCancelled, InputError
from timeline_app.core.formats import detect_format, read_file
from timeline_app.core.model import LocationPrecision, Role

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL


@pytest.mark.parametrize(
    ("name", "fmt", "label"),
    [
        ("acled_current.csv", "acled", "ACLED (current export)"),
        ("acled_old_latin1.csv", "acled", "ACLED (older export)"),
        ("acled_semicolon.csv", "acled", "ACLED (current export)"),
        ("ucdp_ged.csv", "ucdp", "UCDP GED"),
        ("ucdp_ged_noheader.csv", "ucdp", "UCDP GED (without header)"),
        ("timelinejs.json", "timelinejs", "TimelineJS JSON"),
        ("timelinejs_sheet.csv", "timelinejs-csv", "TimelineJS spreadsheet (CSV)"),
        ("small.csv", "csv", "Timeline App CSV"),
    ],
)
def test_format_detection(name, fmt, label):
    assert detect_format(DATA / name) == fmt
    assert read_file(DATA / name).label == label


def by_id(parsed):
    return {e.id: e for e in parsed.events}


def test_acled_current_export_fields():
    parsed = read_file(DATA / "acled_current.csv")
    events = by_id(parsed)
    assert list(events) == ["DRC35101", "DRC35140", "DRC35177", "DRC35210", "DRC35222"]
    sake = events["DRC35101"]
    assert (
        sake.title == "Battles: M23 vs Military Forces of the Democratic Republic of Congo in Sake"
    )
    assert [(a.name, a.role) for a in sake.actors] == [
        ("M23: March 23 Movement", Role.PRIMARY),
        ("Military Forces of the Democratic Republic of Congo (2019-)", Role.OPPOSING),
        ("AFC: Alliance Fleuve Congo", Role.ASSOCIATED),
        ("Wazalendo", Role.ASSOCIATED),
        ("FDLR: Democratic Forces for the Liberation of Rwanda", Role.ASSOCIATED),
    ]
    assert sake.when.start == date(2025, 1, 23) and sake.when.precision is Precision.DAY
    assert sake.description.count("\n") == 1  # a quoted newline in the notes
    assert [s.name for s in sake.sources] == ["Reuters", "Radio Okapi"]
    assert sake.fatalities == 14 and sake.event_type == "Battles" and sake.tags == ("Armed clash",)
    loc = sake.location
    assert (loc.place, loc.admin2, loc.admin1, loc.latitude) == (
        "Sake",
        "Masisi",
        "Nord-Kivu",
        -1.5733,
    )
    assert loc.precision is LocationPrecision.TOWN
    assert sake.extra["disorder_type"] == "Political violence" and sake.extra["iso"] == "180"
    bukavu = events["DRC35177"]  # time_precision 2: a week around the coded day
    assert bukavu.when.precision is Precision.WEEK and bukavu.when.describe() == "12–18 Feb 2025"
    assert bukavu.fatalities is None and "within a week" in bukavu.date_note
    walikale = events["DRC35210"]  # time_precision 3 and geo_precision 2
    assert walikale.when.describe() == "March 2025"
    assert walikale.location.precision is LocationPrecision.NEAR
    assert walikale.title == "Strategic developments: M23 in Walikale"


def test_acled_older_export_in_latin1_with_day_first_dates():
    parsed = read_file(DATA / "acled_old_latin1.csv")
    goma = by_id(parsed)["DRC5020"]
    assert goma.when.start == date(2012, 11, 20)
    assert goma.description == "Le M23 prend Goma et l'aéroport."
    assert goma.extra["gwno"] == "490" and goma.extra["event_id_no_cnty"] == "5020"
    assert any("Windows-1252" in w for w in parsed.warnings)


def test_semicolons_and_decimal_commas_read_like_the_original():
    assert (
        read_file(DATA / "acled_semicolon.csv").events
        == read_file(DATA / "acled_current.csv").events
    )


def test_extra_columns_are_kept():
    e = read_file(DATA / "acled_extra_column.csv").events[0]
    assert e.extra["analyst_comment"] == "checked by JM"


def test_mixed_encodings_are_read_line_by_line():
    parsed = read_file(DATA / "acled_mixed_encoding.csv")
    assert (
        by_id(parsed)["DRC35222"].description
        == "Tirs d'artillerie lourde à Walikale during the day."
    )
    assert parsed.warnings == ["1 line(s) were not UTF-8 and were read as Windows-1252 (Latin-1)"]


@pytest.mark.parametrize(
    ("name", "line", "field", "words"),
    [
        ("acled_bad_fatalities.csv", 5, "fatalities", "'a dozen' is not a number"),
        ("acled_swapped.csv", 6, "latitude", "looks swapped"),
        ("acled_truncated.csv", 5, "fatalities", "truncated"),  # the first column missing
        ("acled_mixed_date_order.csv", None, "event_date", "'23/01/2025'"),
        ("timelinejs_bad_year.json", None, "start_date.year", "-500"),
    ],
)
def test_bad_rows_name_file_line_field_and_value(store, name, line, field, words):
    before = snapshot(store.path)
    with pytest.raises(InputError) as err:
        store.import_file(DATA / name, dataset="Congo 2025")
    assert (err.value.line, err.value.field) == (line, field)
    assert words in str(err.value) and name in str(err.value)
    assert snapshot(store.path) == before


def test_ambiguous_slashed_dates_are_said_and_can_be_settled():
    parsed = read_file(DATA / "acled_ambiguous_dates.csv")
    assert parsed.events[0].when.start == date(2025, 1, 4)  # ACLED's own order: day first
    assert any("--date-order mdy" in w for w in parsed.warnings)
    month_first = read_file(DATA / "acled_ambiguous_dates.csv", date_order="mdy")
    assert month_first.events[0].when.start == date(2025, 4, 1)


def test_skip_bad_rows_imports_the_rest_and_writes_the_reasons(capsys, store_path, tmp_path):
    source = tmp_path / "acled_bad_fatalities.csv"
    source.write_bytes((DATA / "acled_bad_fatalities.csv").read_bytes())
    code = main(
        ["import", str(source), "--skip-bad-rows", "--dataset", "A", "--store", str(store_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "4 new, 0 updated, 0 unchanged, 0 no longer in the source, 1 refused" in out
    side = tmp_path / "acled_bad_fatalities.refused.csv"
    with side.open(encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert (row["refused_line"], row["refused_field"]) == ("5", "fatalities")
    assert row["event_id_cnty"] == "DRC35177" and "a dozen" in row["refused_reason"]


def test_acled_twice_is_all_unchanged_and_a_newer_export_is_reconciled(capsys, store_path):
    args = ["--dataset", "ACLED DRC", "--store", str(store_path)]
    assert main(["import", str(DATA / "acled_current.csv"), *args]) == 0
    assert main(["import", str(DATA / "acled_current.csv"), *args]) == 0
    out = capsys.readouterr().out
    assert "read as ACLED (current export)" in out
    assert "0 new, 0 updated, 5 unchanged, 0 no longer in the source" in out
    assert main(["import", str(DATA / "acled_newer.csv"), *args]) == 0
    assert "1 new, 1 updated, 3 unchanged, 1 no longer in the source" in capsys.readouterr().out
    # another period of the same source does not make these events "missing"
    assert main(["import", str(DATA / "acled_old_latin1.csv"), *args]) == 0
    assert "3 new, 0 updated, 0 unchanged, 0 no longer in the source" in capsys.readouterr().out
    assert main(["missing", "--dataset", "ACLED DRC", "--store", str(store_path)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1 and listed[0].startswith("DRC35177\t12–18 Feb 2025")
    assert main(["missing", "--remove", "--dataset", "ACLED DRC", "--store", str(store_path)]) == 0
    assert "removed 1 event(s)" in capsys.readouterr().out
    assert main(["stats", "--json", "--dataset", "ACLED DRC", "--store", str(store_path)]) == 0


def test_ucdp_with_and_without_header():
    with_header = read_file(DATA / "ucdp_ged.csv")
    assert with_header.events == read_file(DATA / "ucdp_ged_noheader.csv").events
    sake, goma, walikale = with_header.events
    assert sake.id == "ged-551001" and sake.fatalities == 17
    assert sake.extra["low"] == "12" and sake.extra["high"] == "25"
    assert sake.title == "Government of DR Congo (Zaire) - AFC: 17 deaths (Sake town)"
    assert [(a.name, a.role) for a in sake.actors] == [
        ("Government of DR Congo (Zaire)", Role.PRIMARY), ("AFC", Role.OPPOSING)]  # fmt: skip
    assert [s.name for s in sake.sources] == ["Reuters,2025-01-24,M23 takes Sake",
                                             "AFP,2025-01-24,Fighting near Goma"]  # fmt: skip
    assert sake.sources[0].date == "2025-01-24" and sake.event_type == "State-based conflict"
    assert goma.when.describe() == "26–28 Jan 2025" and goma.when.precision is Precision.WEEK
    assert walikale.when.describe() == "March 2025"
    assert walikale.location.precision is LocationPrecision.REGION


def test_timelinejs_json():
    parsed = read_file(DATA / "timelinejs.json")
    first, goma, walikale, old, era = parsed.events
    assert parsed.dataset_description == "The Kivu wars a briefing"
    assert first.id == "first-war" and first.when.describe() == "October 1996"
    assert first.description == "Rebels of the AFDL cross from the east.\nSecond paragraph & more."
    assert first.tags == ("Wars",) and first.event_type == "Wars"
    assert goma.when.describe() == "20 Nov 2012, 14:30 UTC"
    assert goma.sources[0].url == "https://example.org/goma-2012"
    assert goma.extra["display_date"] == "20 November 2012, afternoon"
    assert walikale.title == "M23 holds Walikale" and walikale.when.end == date(2025, 4, 3)
    assert old.when.describe() == "600" and old.when.bounds()[0] < -4e10
    assert era.event_type == "Era" and era.when.describe() == "1998–2003"


def test_timelinejs_spreadsheet():
    parsed = read_file(DATA / "timelinejs_sheet.csv")
    assert parsed.dataset_description == "The 2025 offensive"
    titles = [e.title for e in parsed.events]
    assert titles == ["M23 enters Goma", "Bukavu falls", "Doha meeting", "The offensive"]
    goma, bukavu, doha, era = parsed.events
    assert goma.description == "Rebels reach the city centre."
    assert bukavu.when.precision is Precision.MONTH
    assert doha.when.describe() == "18 Mar 2025, 10:00 UTC"
    assert era.event_type == "Era" and era.when.describe() == "1 Jan – 30 Apr 2025"


def test_timelinejs_skip_bad_rows():
    parsed = read_file(DATA / "timelinejs_bad_year.json", skip_bad_rows=True)
    assert [e.title for e in parsed.events] == ["Fine"]
    (refused,) = parsed.refused
    assert refused.field == "start_date.year" and "events 2" in refused.message


def test_a_cancelled_import_stores_nothing(store, tmp_path):
    big = tmp_path / "big.csv"
    lines = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0]
    row = next(line for line in lines if line.startswith("DRC35140"))  # a one-line row
    big.write_text(header + "\n" + "\n".join(
        row.replace("DRC35140", f"DRC{i}") for i in range(5000)) + "\n")  # fmt: skip
    before = snapshot(store.path)
    seen = []

    def cancel_half_way(share):
        seen.append(share)
        if share > 0.3:
            raise ImportCancelled

    with pytest.raises(ImportCancelled):
        store.import_file(big, dataset="Congo 2025", progress=cancel_half_way)
    assert snapshot(store.path) == before
    assert seen == sorted(seen) and len(seen) >= 2
    done = []
    summary = store.import_file(big, dataset="Congo 2025", progress=done.append)
    assert summary.new == 5000 and done[-1] >= 0.95
