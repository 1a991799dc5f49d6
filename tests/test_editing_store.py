"""The store's editing API: create, update, delete, restore; revisions; history; re-imports."""

import dataclasses
import sqlite3

import pytest

from conftest import DATA, undo_version_5
from timeline_app.core import schema
from timeline_app.core.backups import backups
from timeline_app.core.dates import When
from timeline_app.core.editing import new_event_id
from timeline_app.core.errors import EditConflict, StoreReadOnly
from timeline_app.core.formats import read_file
from timeline_app.core.model import ActorRef, Event, Location
from timeline_app.core.store import SAMPLE_DATASET, Store

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL

D = SAMPLE_DATASET


def made_here(**fields) -> Event:
    base = dict(
        id=new_event_id(),
        when=When.parse("2025-03-04"),
        title="Shelling reported near Sake by a local radio",
        location=Location("Sake", "Masisi", "North Kivu", "DR Congo", -1.57, 29.04),
        actors=(ActorRef("M23"),),
    )
    return Event(**(base | fields))


def test_create_update_delete_restore_with_history(store):
    store.user = "Amina"
    event = made_here()
    assert store.create_event(D, event) == 1
    assert store.event(D, event.id).title == event.title
    assert store.search(D, "radio").size == 1  # indexed at once
    moved = dataclasses.replace(event, location=Location("Goma", country="DR Congo"))
    assert store.update_event(D, moved, 1) == 2
    assert store.search(D, "Goma").size > 0
    assert store.event(D, event.id).location.place == "Goma"
    changes = store.history(D, event.id)
    assert [c.action for c in changes] == ["created", "changed"]
    assert changes[1].who == "Amina" and changes[1].origin == "window"
    assert changes[1].changes["location.place"] == ["Sake", "Goma"]
    assert store.edit_note(D, event.id)[0] == 1
    store.delete_event(D, event.id, 2)
    assert store.event(D, event.id) is None
    assert store.search(D, "radio").size == 0
    assert [c.uid for c in store.deleted_events(D)] == [event.id]
    store.restore_event(D, event.id)
    back = store.event(D, event.id)
    assert (back.title, back.location) == (moved.title, moved.location)
    assert back.actors == (ActorRef("M23/AFC"),)  # "M23" is an alias of the sample's actor
    assert store.deleted_events(D) == []


def test_two_handles_on_one_store_do_not_lose_each_others_edits(store_path):
    with Store.open(store_path) as one, Store.open(store_path) as two:
        uid = one.events(D)[0].id
        rev = one.revision(D, uid)
        first = dataclasses.replace(one.event(D, uid), title="Edited in window one")
        second = dataclasses.replace(two.event(D, uid), title="Edited in window two")
        one.update_event(D, first, rev)
        with pytest.raises(EditConflict, match="changed elsewhere"):
            two.update_event(D, second, rev)
        assert two.event(D, uid).title == "Edited in window one"
        with pytest.raises(EditConflict):
            two.delete_event(D, uid, rev)
        assert two.event(D, uid) is not None


def test_columns_token_changes_with_an_edit(store):
    before = store.change_marks()[D]
    event = made_here()
    store.create_event(D, event)
    assert store.change_marks()[D] != before
    assert store.columns(D).row_of(event.id) is not None


def test_read_only_store_refuses_edits(store):
    store.read_only = True
    with pytest.raises(StoreReadOnly):
        store.create_event(D, made_here())


def test_reimport_keeps_a_hand_edit_and_records_the_source(empty_store):
    s = empty_store
    s.import_file(DATA / "acled_current.csv", dataset="ACLED")
    target = next(e for e in s.events("ACLED") if e.fatalities == 14)
    edited = dataclasses.replace(target, title="Governor killed (checked by phone)")
    s.update_event("ACLED", edited, s.revision("ACLED", target.id))
    summary = s.import_file(DATA / "acled_newer.csv", dataset="ACLED")  # the bulk reader
    assert summary.kept == 1
    assert "1 kept (edited here)" in str(summary)
    after = s.event("ACLED", target.id)
    assert (after.title, after.fatalities) == ("Governor killed (checked by phone)", 14)
    source = s.history("ACLED", target.id)[-1]
    assert source.action == "source" and source.origin == "import of acled_newer.csv"
    assert source.changes["fatalities"] == [14, 17]
    assert source.doc["fatalities"] == 17  # the source's version, to take from
    again = s.import_file(DATA / "acled_newer.csv", dataset="ACLED")
    assert (again.kept, again.updated) == (0, 0)  # the same source version: said once


def test_reimport_of_a_parsed_file_keeps_a_hand_edit(empty_store):
    parsed = read_file(DATA / "small.csv")
    empty_store.import_parsed(parsed, "D")
    uid = parsed.events[0].id
    mine = dataclasses.replace(empty_store.event("D", uid), date_note="Checked by phone")
    empty_store.update_event("D", mine, empty_store.revision("D", uid))
    parsed.events[0] = dataclasses.replace(parsed.events[0], title="Their new title")
    summary = empty_store.import_parsed(parsed, "D")
    assert (summary.kept, summary.updated) == (1, 0)
    assert empty_store.event("D", uid).date_note == "Checked by phone"
    assert empty_store.event("D", uid).title != "Their new title"


def test_version_4_store_is_backed_up_and_gains_history(store_path):
    Store.open(store_path).close()
    conn = sqlite3.connect(store_path)
    undo_version_5(conn)
    conn.commit()
    conn.close()
    with Store.open(store_path) as s:
        uid = s.events(D)[0].id
        assert s.revision(D, uid) == 1
        assert s.history(D, uid) == []
    assert any("schema-v4" in p.name for p in backups(store_path))
    assert schema.SCHEMA_VERSION >= 5


def test_removing_missing_events_keeps_them_in_the_history(empty_store):
    s = empty_store
    s.import_file(DATA / "acled_current.csv", dataset="ACLED")
    s.import_file(DATA / "acled_newer.csv", dataset="ACLED")
    (uid, *_) = s.missing("ACLED")[0]
    assert s.remove_missing("ACLED") == 1
    (change,) = s.deleted_events("ACLED")
    assert change.uid == uid and change.origin == "removed as no longer in its source"
    s.restore_event("ACLED", uid)
    assert s.event("ACLED", uid) is not None


def run_cli(capsys, *argv):
    from timeline_app.cli import main

    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_places_offered_in_the_form(store):
    places = store.places(D)
    assert len({(p.place, p.admin2, p.admin1, p.country) for p in places}) == len(places)
    walikale = next(p for p in places if p.place == "Walikale")
    assert walikale.latitude is not None and walikale.admin1 == "North Kivu"


def test_datasets_from_the_command_line(capsys, store_location, backend):
    at = ("--store", str(store_location))
    assert run_cli(capsys, "dataset", "new", "Field notes", *at)[0] == 0
    code, _, err = run_cli(capsys, "dataset", "new", "field  notes", *at)
    assert code == 1 and "already" in err
    assert run_cli(capsys, "dataset", "rename", "Field notes", "Kivu notes", *at)[0] == 0
    code, _, err = run_cli(capsys, "dataset", "rename", "Kivu notes", D, *at)
    assert code == 1 and "already" in err
    code, out, _ = run_cli(capsys, "dataset", "delete", D, "--yes", *at)
    kept = "before-delete" if backend == "sqlite" else "the server's own backups"
    assert code == 0 and "(32 events)" in out and kept in out
    with Store.open(store_location) as s:
        assert [d.name for d in s.datasets()] == ["Kivu notes"]
        assert s.event_count("Kivu notes") == 0
    code, _, err = run_cli(capsys, "dataset", "delete", "Nope", "--yes", *at)
    assert code == 1 and "no dataset 'Nope'" in err
