"""Merging a dataset into another and copying events between datasets: in the store (one
transaction, ids kept unique, history kept and added to) and from the command line."""

import dataclasses
import subprocess
import sys

import pytest

from timeline_app.core import datasets
from timeline_app.core.dates import When
from timeline_app.core.editing import new_event_id
from timeline_app.core.model import Actor, ActorRef, Event, Location, Story, StoryStep
from timeline_app.core.store import SAMPLE_DATASET, Store

D = SAMPLE_DATASET


def field_note(**fields) -> Event:
    base = dict(
        id=new_event_id(),
        when=When.parse("2025-03-04"),
        title="Checkpoint moved north of Sake",
        location=Location("Sake", "Masisi", "North Kivu", "DR Congo", -1.57, 29.04),
        actors=(ActorRef("Raia Mutomboki Hamakombo"),),
    )
    return Event(**(base | fields))


@pytest.fixture
def notes(store):
    """A second dataset: one event of its own (with an actor of its own, with a kind and
    aliases), one the same as a sample event, one with a sample event's id but changed."""
    store.create_dataset("Field notes")
    sample = store.events(D)
    store.create_event("Field notes", field_note())
    # "AFC" is an actor of its own there, and an alias of M23/AFC in the sample
    store.create_event("Field notes", field_note(id="afc-1", actors=(ActorRef("AFC"),)))
    store.create_event("Field notes", sample[0])
    store.create_event("Field notes", dataclasses.replace(sample[1], title="Another account"))
    with store._transaction() as conn:  # an actor as an import stores it
        conn.execute(
            "UPDATE actors SET kind = 'militia', aliases = '[\"RMH\"]' "
            "WHERE name = 'Raia Mutomboki Hamakombo' "
            "AND dataset_id = (SELECT id FROM datasets WHERE name = 'Field notes')"
        )
    first = store.events("Field notes")[0]
    store.save_story("Field notes", Story("Sake", (StoryStep(first.id, "the first"),)))
    return sample


def test_merge_copies_events_actors_stories_and_keeps_ids_unique(store, notes):
    store.user = "Amina"
    before = store.event_count(D)
    summary = store.merge_datasets("Field notes", D)
    assert (summary.copied, summary.already, summary.stories) == (3, 1, 1)
    assert store.event(D, "afc-1").actors == (ActorRef("M23/AFC"),)  # its name there
    assert "AFC" not in {a.name for a in store.actors(D)}
    assert summary.renamed == {notes[1].id: f"{notes[1].id}-2"}
    assert store.event_count(D) == before + 3
    assert store.event(D, notes[1].id).title == notes[1].title  # the target's own stays
    assert store.event(D, f"{notes[1].id}-2").title == "Another account"
    uids = [e.id for e in store.events(D)]
    assert len(uids) == len(set(uids))
    (actor,) = [a for a in store.actors(D) if a.name == "Raia Mutomboki Hamakombo"]
    assert (actor.kind, actor.aliases) == ("militia", ("RMH",))
    assert store.event_count("Field notes") == 4  # the source stays
    assert "Sake" in [s.name for s in store.stories(D)]
    # the copied event's history: its creation in the source, then the merge
    copied = f"{notes[1].id}-2"
    changes = store.history(D, copied)
    assert [c.action for c in changes] == ["created", "created"]
    assert changes[-1].origin == "merged from Field notes" and changes[-1].who == "Amina"
    assert changes[-1].doc["title"] == "Another account"
    assert store.search(D, "Checkpoint").size == 4  # searchable at once: the sources, copies
    assert copied in store.columns(D).uids.tolist()  # the views see it
    assert "3 events copied" in summary.describe()
    again = store.merge_datasets("Field notes", D)  # a second merge adds nothing
    assert (again.copied, again.already) == (0, 4)


def test_copy_some_events_to_another_dataset(store):
    store.create_dataset("Briefing")
    picked = [e.id for e in store.events(D)[:3]]
    summary = store.copy_events(D, "Briefing", [*picked, "no-such-id"])
    assert summary.copied == 3 and summary.missing == ("no-such-id",)
    assert [e.id for e in store.events("Briefing")] == picked
    assert store.history("Briefing", picked[0])[-1].origin == "copied from Congo 2025"
    names = {a.name for e in store.events("Briefing") for a in e.actors}
    assert names <= {a.name for a in store.actors("Briefing")}
    assert store.event_count(D) == 32


def test_a_copy_that_fails_half_way_leaves_nothing(store, monkeypatch):
    store.create_dataset("Briefing")

    def broken(*_a):
        raise OSError("disk gone")

    monkeypatch.setattr(datasets, "_copy_history", broken)
    with pytest.raises(OSError):
        store.merge_datasets(D, "Briefing")
    assert store.event_count("Briefing") == 0 and store.actors("Briefing") == []
    assert store.history("Briefing") == []


def test_a_dataset_cannot_be_merged_into_itself(store):
    with pytest.raises(Exception, match="same dataset"):
        store.merge_datasets(D, D.upper())


def cli(store_path, *argv):
    proc = subprocess.run(
        [sys.executable, "-m", "timeline_app", "--store", str(store_path), *argv],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return proc.returncode, proc.stdout, proc.stderr


def test_merge_and_copy_from_the_command_line(store_path):
    with Store.open(store_path) as store:
        ids = [e.id for e in store.events(D)[:2]]
        store.create_dataset("Field notes")
        store.create_event("Field notes", field_note())
    code, out, err = cli(store_path, "dataset", "merge", "Field notes", D)
    assert code == 0, err
    assert "'Field notes' -> 'Congo 2025': 1 events copied" in out
    assert cli(store_path, "dataset", "new", "Brief")[0] == 0
    code, out, err = cli(store_path, "dataset", "copy", D, "Brief", "--id", ids[0], "--id", ids[1])
    assert code == 0 and "2 events copied" in out, err
    code, out, _ = cli(store_path, "dataset", "copy", D, "Brief", "--id", "nope")
    assert code == 1 and "not in 'Congo 2025': nope" in out
    code, _, err = cli(store_path, "dataset", "merge", "Nope", "Brief")
    assert code == 1 and "no dataset 'Nope'" in err
    with Store.open(store_path) as store:
        assert store.event_count(D) == 33 and store.event_count("Brief") == 2
        assert Actor("Raia Mutomboki Hamakombo") in store.actors(D)
