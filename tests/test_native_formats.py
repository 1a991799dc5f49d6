"""Our own CSV and JSON: every field survives import -> export -> import."""

import csv

import pytest

from conftest import DATA
from timeline_app.core.formats import read_file, write_file
from timeline_app.core.formats.native_csv import derived_id, join_values, split_values
from timeline_app.core.model import Role
from timeline_app.core.store import Store, sample_path


def test_small_csv_reads_every_field():
    parsed = read_file(DATA / "small.csv")
    assert [e.title for e in parsed.events] == [
        "M23 claims Goma",
        "=SUM(A1:A2) is not a formula",
        "An event without an id",
        "A very old event",
    ]
    assert parsed.lines == [2, 4, 5, 7]  # a quoted newline and a blank line are counted
    goma, bukavu, no_id, old = parsed.events
    assert goma.description == "Two lines:\nthe second one, quoted"
    assert [(a.name, a.role) for a in goma.actors] == [
        ("M23", Role.PRIMARY),
        ("Rwanda Defence Force", Role.PRIMARY),
        ("FARDC", Role.OPPOSING),
    ]
    (src,) = goma.sources
    assert (src.name, src.url, src.date) == (
        "Reuters",
        "https://example.org/goma?a=1;b=2",
        "2025-01-27",
    )
    assert goma.tags == ("capture", "city") and goma.key
    assert goma.extra == {"Analyst note": "checked twice"}
    assert bukavu.when.describe() == "February 2025" and bukavu.fatalities == 1200
    assert bukavu.sources[0].url == "https://example.org/only-a-url" and not bukavu.key
    assert no_id.id == derived_id("2025-03-19", "An event without an id", "Walikale")
    assert no_id.fatalities == 0 and no_id.location.latitude is None
    assert old.when.describe() == "June 600"


def test_derived_ids_are_stable():
    again = read_file(DATA / "small.csv")
    assert again.events[2].id == read_file(DATA / "small.csv").events[2].id


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_file_round_trip(tmp_path, suffix):
    parsed = read_file(DATA / "small.csv")
    out = tmp_path / f"out{suffix}"
    write_file(parsed, out)
    assert read_file(out).events == parsed.events


def test_csv_export_defuses_formulas(tmp_path):
    parsed = read_file(DATA / "small.csv")
    out = tmp_path / "out.csv"
    write_file(parsed, out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        titles = [row["title"] for row in csv.DictReader(f)]
    assert "'=SUM(A1:A2) is not a formula" in titles
    assert read_file(out).events[1].title == "=SUM(A1:A2) is not a formula"


def test_multi_value_escapes():
    values = ["a;b", "c|d", "back\\slash", "plain"]
    assert split_values(join_values(values)) == values


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_import_export_import_gives_identical_data(tmp_path, suffix):
    with Store.open(tmp_path / "s.sqlite", sample=False) as store:
        first = store.import_file(DATA / "small.csv", dataset="Mine")
        assert (first.new, first.updated, first.unchanged) == (4, 0, 0)
        out = tmp_path / f"mine{suffix}"
        write_file(store.parsed("Mine"), out)
        again = store.import_file(out, dataset="Mine")
        assert (again.new, again.updated, again.unchanged) == (0, 0, 4)
        store.import_file(out, dataset="Copy")
        assert store.events("Copy") == store.events("Mine")
        if suffix == ".json":
            assert store.actors("Copy") == store.actors("Mine")


def test_bundled_dataset_round_trips_through_csv(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        out = tmp_path / "congo.csv"
        write_file(store.parsed("Congo 2025"), out)
        summary = store.import_file(out, dataset="Congo 2025")
        assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 32)
        summary = store.import_file(sample_path())
        assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 32)


def test_aliases_resolve_to_canonical_actors(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        store.import_file(DATA / "small.csv", dataset="Congo 2025")
        goma = store.event("Congo 2025", "a1")
        assert [a.name for a in goma.actors] == ["M23/AFC", "RDF", "FARDC"]
        assert [
            a.name
            for a in store.event(
                "Congo 2025", derived_id("2025-03-19", "An event without an id", "Walikale")
            ).actors
        ] == ["M23/AFC"]


def test_two_names_of_one_actor_become_one(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        summary = store.import_file(DATA / "acled_current.csv", dataset="Congo 2025")
        assert summary.new == 5
        sake = store.event("Congo 2025", "DRC35101")
        # "M23: March 23 Movement" and "AFC: Alliance Fleuve Congo" are both M23/AFC
        roles = [(a.name, a.role.value) for a in sake.actors][:3]
        assert roles == [
            ("M23/AFC", "primary"),
            ("FARDC", "opposing"),
            ("VDP/Wazalendo", "associated"),
        ]
