"""export-data's JSON keeps each event's history, and importing it back brings the history."""

import dataclasses
import json
import subprocess
import sys

import pytest

from conftest import shown_window
from timeline_app.core.errors import InputError
from timeline_app.core.formats import read_file
from timeline_app.core.model import Location
from timeline_app.core.store import SAMPLE_DATASET, Store

D = SAMPLE_DATASET


def edit_some(store):
    """An edited event, a deleted one: (edited id, deleted id)."""
    store.user = "Amina"
    first, second = store.events(D)[:2]
    moved = dataclasses.replace(first, location=Location("Goma", country="DR Congo"))
    store.update_event(D, moved, store.revision(D, first.id))
    store.delete_event(D, second.id, store.revision(D, second.id))
    return first.id, second.id


def cli(store_path, *argv):
    proc = subprocess.run(
        [sys.executable, "-m", "timeline_app", "--store", str(store_path), *argv],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_export_data_json_keeps_the_history_and_imports_it_back(store_path, tmp_path):
    with Store.open(store_path) as store:
        edited, deleted = edit_some(store)
        before = [(c.uid, c.action, c.who, c.at, c.changes) for c in store.history(D)]
    out = tmp_path / "congo.json"
    cli(store_path, "export-data", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    by_event = {}
    for entry in doc["history"]:
        by_event.setdefault(entry["event"], []).append(entry)
    assert [e["action"] for e in by_event[edited]] == ["changed"]
    assert by_event[edited][0]["changes"]["location.place"][1] == "Goma"
    assert by_event[edited][0]["who"] == "Amina"
    assert by_event[deleted][0]["doc"]["id"] == deleted  # a deleted event: its whole record

    other = tmp_path / "other.db"
    cli(other, "--no-sample", "import", str(out), "--dataset", "Copy")
    with Store.open(other, sample=False) as store:
        after = [(c.uid, c.action, c.who, c.at, c.changes) for c in store.history("Copy")]
        assert after == before
        assert store.edit_note("Copy", edited)[0] == 1
        store.restore_event("Copy", deleted)  # from the history the file brought
        assert store.event("Copy", deleted) is not None
    cli(other, "import", str(out), "--dataset", "Copy")  # again: nothing doubled
    with Store.open(other, sample=False) as store:
        assert len(store.history("Copy")) == len(before) + 1  # (the restore)


def test_csv_export_has_no_history_and_still_reads(store_path, tmp_path):
    with Store.open(store_path) as store:
        edit_some(store)
    out = tmp_path / "congo.csv"
    cli(store_path, "export-data", str(out))
    assert len(read_file(out).events) == 31


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"event": "e1", "at": "yesterday", "who": "a", "origin": "window", "action": "changed"},
         "history.at"),
        ({"event": "e1", "at": "2025-03-05T09:00:00+00:00", "who": "a", "origin": "window",
          "action": "renamed"}, "history.action"),
        ({"event": "e1", "at": "2025-03-05T09:00:00+00:00", "who": "a", "origin": "window",
          "action": "deleted", "doc": {"id": "e1"}}, "start"),
        ("changed", "history"),
    ],
)  # fmt: skip
def test_a_bad_history_entry_is_refused_with_its_place(store, tmp_path, entry, field):
    out = tmp_path / "congo.json"
    from timeline_app.core.formats import write_file

    write_file(store.parsed(D), out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    good = {"event": "e0", "at": "2025-03-05T09:00:00+00:00", "who": "a", "origin": "window",
            "action": "created"}  # fmt: skip
    doc["history"] = [good, entry]
    out.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_file(out)
    assert "history entry 2" in str(info.value) and field in str(info.value)
    parsed = read_file(out, skip_bad_rows=True)  # the rest is read; the entry is refused
    assert len(parsed.history) == 1 and "history entry 2" in parsed.refused[0].message


def test_the_windows_export_data_keeps_the_history(qtbot, store, tmp_path):
    edited, _ = edit_some(store)
    w = shown_window(qtbot, store)
    out = w.export_data(tmp_path / "mine.json")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert edited in {e["event"] for e in doc["history"]}
