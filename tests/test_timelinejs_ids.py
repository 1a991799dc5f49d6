"""TimelineJS slides without a headline (media only, as in TimelineJS's own examples), and
repeated ids under --skip-bad-rows in every reader."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import DATA
from timeline_app.core.errors import InputError
from timeline_app.core.formats import ColumnMap, read_file
from timeline_app.core.store import Store

MEDIA_ONLY = DATA / "timelinejs_media_only.json"


def test_media_only_slides_on_one_day_each_get_their_own_id():
    parsed = read_file(MEDIA_ONLY)  # no --skip-bad-rows needed
    assert parsed.refused == [] and len(parsed.events) == 12
    ids = [e.id for e in parsed.events]
    assert len(set(ids)) == len(ids)
    airport, road, road_later, video, video_again, quote = parsed.events[:6]
    assert {e.when.start for e in parsed.events[:6]} == {date(2025, 1, 27)}
    assert airport.when.end is None  # an end_date of empty parts is no end
    assert airport.title == "Smoke over the airport"  # a caption stands in for a headline
    assert road.id != road_later.id  # the same photo, another caption
    assert video_again.id == video.id + "-2"  # identical slides: told apart by their order
    assert quote.sources == () and quote.title == "(untitled)"


def test_unique_id_wins_and_derived_ids_are_stable():
    parsed = read_file(MEDIA_ONLY)
    given, same_photo = parsed.events[8:10]
    assert given.id == "grande-barriere" and same_photo.id.startswith("tljs-")
    assert [e.id for e in read_file(MEDIA_ONLY).events] == [e.id for e in parsed.events]


def test_a_derived_id_does_not_depend_on_other_slides(tmp_path):
    doc = json.loads(MEDIA_ONLY.read_text())
    ids = [e.id for e in read_file(MEDIA_ONLY).events]
    doc["events"] = doc["events"][::-1][:-1]  # reordered, the first photo gone
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(doc))
    assert {e.id for e in read_file(moved).events} == set(ids[1:])


def test_eras_and_events_do_not_share_ids():
    parsed = read_file(MEDIA_ONLY)
    airport, era = parsed.events[0], parsed.events[-1]
    assert era.event_type == "Era" and era.title == airport.title and era.id != airport.id


def _with_repeated_unique_id(tmp_path):
    doc = json.loads(MEDIA_ONLY.read_text())
    doc["events"][2]["unique_id"] = "grande-barriere"  # the id of events 9
    path = tmp_path / "repeated.json"
    path.write_text(json.dumps(doc))
    return path


def test_a_repeated_unique_id_is_named(tmp_path):
    with pytest.raises(InputError) as err:
        read_file(_with_repeated_unique_id(tmp_path))
    text = str(err.value)
    assert "repeated.json" in text and "events 9" in text and "unique_id" in text
    assert "first at events 3" in text


def test_skip_bad_rows_refuses_a_repeated_unique_id(tmp_path):
    parsed = read_file(_with_repeated_unique_id(tmp_path), skip_bad_rows=True)
    assert len(parsed.events) == 11
    (refused,) = parsed.refused
    assert refused.field == "unique_id" and refused.message.startswith("events 9:")


def test_the_spreadsheet_template_reads_media_only_rows(tmp_path):
    sheet = tmp_path / "template.csv"
    sheet.write_text(
        "Year,Month,Day,Time,Headline,Text,Media,Media Credit,Media Caption,Type,Group\n"
        ",,,,Goma in pictures,,,,,title,\n"
        "2025,1,27,,,,https://example.org/a.jpg,Field team,Airport,,\n"
        "2025,1,27,,,,https://example.org/b.jpg,Field team,Road,,\n"
        "2025,1,27,,,,https://example.org/b.jpg,Field team,Road,,\n"
    )
    parsed = read_file(sheet)
    assert parsed.dataset_description == "Goma in pictures"
    assert [e.title for e in parsed.events] == ["Airport", "Road", "Road"]
    assert len({e.id for e in parsed.events}) == 3


@pytest.mark.parametrize("flag", [[], ["--skip-bad-rows"]])
def test_the_cli_imports_media_only_slides(store_path, capsys, flag):
    from timeline_app.cli import main

    assert main(["--store", str(store_path), "import", str(MEDIA_ONLY), *flag]) == 0
    assert "12 new" in capsys.readouterr().out


# -- every reader: a repeated id is one bad row, refused with --skip-bad-rows -------------


def _acled(tmp_path):
    lines = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").splitlines()
    row = next(line for line in lines if line.startswith("DRC35140"))
    path = tmp_path / "acled_repeated.csv"
    path.write_text("\n".join([*lines, row]) + "\n", encoding="utf-8")
    return path, {}


def _ucdp(tmp_path):
    lines = (DATA / "ucdp_ged.csv").read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "ucdp_repeated.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    return path, {}


def _native_csv(tmp_path):
    return DATA / "bad_duplicate_ids.csv", {}


def _native_json(tmp_path):
    event = {"id": "d1", "start": "2025-01-27", "title": "First"}
    doc = {"format": "timeline-app", "version": 1, "dataset": {"name": "x"},
           "events": [event, {**event, "title": "Second"}]}  # fmt: skip
    path = tmp_path / "repeated.json"
    path.write_text(json.dumps(doc))
    return path, {}


def _timelinejs(tmp_path):
    return _with_repeated_unique_id(tmp_path), {}


def _spreadsheet(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text("Ref,Date,Event\nr1,2025-01-27,a\nr2,2025-01-28,b\nr1,2025-01-29,c\n")
    return path, {"mapping": ColumnMap({"id": "Ref", "date": "Date", "title": "Event"})}


@pytest.mark.parametrize(
    "make", [_acled, _ucdp, _native_csv, _native_json, _timelinejs, _spreadsheet],
    ids=lambda f: f.__name__.strip("_"),
)  # fmt: skip
def test_every_reader_refuses_a_repeated_id_only_with_skip_bad_rows(tmp_path, make):
    path, options = make(tmp_path)
    with pytest.raises(InputError) as err:
        read_file(path, **options)
    assert err.value.field in ("id", "unique_id") and "used again" in str(err.value)
    parsed = read_file(path, skip_bad_rows=True, **options)
    assert len(parsed.refused) == 1 and parsed.refused[0].field in ("id", "unique_id")
    assert "used again (first at" in parsed.refused[0].message
    assert len(parsed.events) == len({e.id for e in parsed.events}) > 0


def test_the_store_refuses_a_repeated_acled_id_with_skip_bad_rows(tmp_path):
    # a plain ACLED export goes to the column reader first; a repeated id sends it to the rows
    path, _ = _acled(tmp_path)
    with Store.open(tmp_path / "s.sqlite", sample=False) as store:
        with pytest.raises(InputError):
            store.import_file(path, dataset="acled")
        summary = store.import_file(path, dataset="acled", skip_bad_rows=True)
    assert summary.new == 5 and summary.refused == 1
