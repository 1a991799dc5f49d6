"""ACLED exports read by columns give exactly what the row reader gives, faster."""

import csv

import numpy as np
import pytest

from conftest import DATA, snapshot
from timeline_app.core.actors import ActorRegistry
from timeline_app.core.errors import InputError
from timeline_app.core.event_writer import Batch
from timeline_app.core.formats import read_file
from timeline_app.core.formats.acled_bulk import NotBulk, read_bulk
from timeline_app.core.store import SAMPLE_DATASET

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL

HEADER = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")


def write_export(path, rows):
    """An export in the current layout; each row gives only the cells that matter to it."""
    base = dict(
        event_id_cnty="",
        event_date="2025-01-26",
        year="2025",
        time_precision="1",
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="M23: March 23 Movement",
        assoc_actor_1="",
        inter1="Rebel group",
        actor2="",
        assoc_actor_2="",
        inter2="",
        interaction="",
        civilian_targeting="",
        iso="180",
        region="Middle Africa",
        country="Democratic Republic of Congo",
        admin1="Nord-Kivu",
        admin2="Nyiragongo",
        admin3="",
        location="Goma",
        latitude="-1.6792",
        longitude="29.2228",
        geo_precision="1",
        source="Reuters",
        source_scale="International",
        notes="",
        fatalities="0",
        tags="",
        timestamp="1737900000",
    )
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i, cells in enumerate(rows):
            row = base | {"event_id_cnty": f"T{i}"} | cells
            writer.writerow([row[h] for h in HEADER])


# Cells that exercise every branch of the conversion: precisions, roles, aliases, repeated
# names, quotes, newlines, accents, spaces around values, missing coordinates and counts.
VARIED = [
    {},
    {
        "time_precision": "2",
        "actor2": "Military Forces of the Democratic Republic of Congo (2019-)",
        "assoc_actor_1": "Wazalendo; FDLR: Democratic Forces for the Liberation of Rwanda",
        "notes": 'He said "Goma fell".\nA second line, à Bukavu.',
    },
    {"time_precision": "3", "actor2": "AFC: Alliance Fleuve Congo", "fatalities": ""},
    {"assoc_actor_1": "M23: March 23 Movement", "assoc_actor_2": "AFC: Alliance Fleuve Congo"},
    {"latitude": "", "longitude": "", "geo_precision": "3", "location": "", "admin2": ""},
    {
        "event_date": " 2025-02-14 ",
        "source": "Radio Okapi; Actualite.cd; Reuters",
        "sub_event_type": "",
        "tags": "crowd size=no report",
        "notes": "  padded  ",
    },
    {
        "event_type": "Strategic developments",
        "actor1": "Civilians (Democratic Republic of Congo)",
        "fatalities": "12",
        "admin3": "Kamuronza",
        "civilian_targeting": "Civilian targeting",
        "event_date": "0600-03-01",
    },
]


def both_ways(path, registry_actors=()):
    """(columns, rows): the batches each reader gives, actor names made canonical alike."""
    bulk_registry, row_registry = ActorRegistry(registry_actors), ActorRegistry(registry_actors)
    batches = list(read_bulk(path, bulk_registry, None))
    fast = [[item for b in batches for item in getattr(b, name)] for name in ("docs", "derived")]
    events = [row_registry.canonical_event(e) for e in read_file(path).events]
    slow = Batch.of_events(events)
    return fast, [list(slow.docs), list(slow.derived)]


@pytest.mark.parametrize("name", ["acled_current.csv", "acled_newer.csv", "acled_extra_column.csv"])
def test_columns_give_what_rows_give_on_the_test_files(name):
    fast, slow = both_ways(DATA / name)
    assert fast == slow


def test_columns_give_what_rows_give_on_every_kind_of_cell(tmp_path, store):
    path = tmp_path / "varied.csv"
    write_export(path, VARIED * 3)  # repeated values come from the per-file cache
    fast, slow = both_ways(path, store.actors(SAMPLE_DATASET))  # with the sample's aliases
    assert fast == slow
    assert len(fast[0]) == 21
    assert '"name":"M23/AFC"' in fast[0][3] and fast[0][3].count("M23/AFC") == 1


@pytest.mark.parametrize(
    ("cells", "why"),
    [
        ({"event_date": "04/01/2025"}, "slashed dates"),
        ({"fatalities": "a dozen"}, "not a number"),
        ({"latitude": "95"}, "outside"),
        ({"time_precision": "7"}, "not 1, 2 or 3"),
        ({"event_id_cnty": "T0"}, "repeated id"),
        ({"timestamp": ""}, "last cell"),
    ],
)
def test_anything_irregular_goes_to_the_row_reader(tmp_path, cells, why):
    path = tmp_path / "odd.csv"
    write_export(path, [{}, {}, cells])
    with pytest.raises(NotBulk, match=why):
        list(read_bulk(path, ActorRegistry(), None))


def test_the_store_reads_a_clean_export_by_columns(store, monkeypatch, tmp_path):
    import timeline_app.core.store as store_module

    def no_row_reader(*args, **kwargs):
        raise AssertionError("the row reader was used")

    path = tmp_path / "clean.csv"
    write_export(path, VARIED)
    monkeypatch.setattr(store_module, "read_file", no_row_reader)
    summary = store.import_file(path, dataset="ACLED")
    assert (summary.new, summary.label) == (7, "ACLED (current export)")
    events = {e.id: e for e in store.events("ACLED")}
    assert [(a.name, a.role.value) for a in events["T1"].actors] == [
        ("M23: March 23 Movement", "primary"),
        ("Military Forces of the Democratic Republic of Congo (2019-)", "opposing"),
        ("Wazalendo", "associated"),
        ("FDLR: Democratic Forces for the Liberation of Rwanda", "associated"),
    ]
    assert events["T6"].when.start.year == 600


def test_a_bad_row_is_named_by_the_row_reader_and_nothing_is_stored(store, tmp_path):
    path = tmp_path / "bad.csv"
    write_export(path, [*VARIED, {"fatalities": "a dozen"}])
    before = snapshot(store.path)
    # line 10: the second row's notes take two lines
    with pytest.raises(InputError, match=r"line 10, field 'fatalities': 'a dozen'"):
        store.import_file(path, dataset="ACLED")
    assert snapshot(store.path) == before


def test_either_reader_then_the_other_finds_everything_unchanged(store, tmp_path):
    path = tmp_path / "varied.csv"
    write_export(path, VARIED)
    first = store.import_parsed(read_file(path), "ACLED")  # rows
    again = store.import_file(path, dataset="ACLED")  # columns
    assert (first.new, again.new, again.updated, again.unchanged) == (7, 0, 0, 7)


# Odd cells: an actor first met in another role or spelt otherwise (its first spelling names
# it), names repeated across roles, quotes, backslashes, tabs, emoji and non-Latin scripts,
# empty cells everywhere they may be, and a long tail of actor combinations.
ODD = [
    {"actor1": "Wazalendo", "actor2": "wazalendo", "assoc_actor_1": "WAZALENDO; Wazalendo"},
    {"actor1": "Mai-Mai  Group", "actor2": 'Armed "Group" 7', "assoc_actor_2": "Mai-Mai Group"},
    {"actor1": "Groupe \\ armé", "assoc_actor_1": "民兵; 🙂 Unit; ;", "notes": "tab\there"},
    {"actor1": "mai-mai group", "actor2": "Groupe \\ armé", "source": "", "fatalities": ""},
    {"actor1": "Civilians (Rwanda)", "actor2": "", "assoc_actor_1": "", "assoc_actor_2": "x; y"},
    {"location": "", "admin1": "", "admin2": "", "latitude": "", "longitude": "", "notes": ""},
    {"event_type": "Riots", "sub_event_type": "", "source": "A; A; B", "tags": "t\u00e9"},
    *(
        {
            "actor1": f"Group {i}",
            "actor2": f"Group {i * 7 % 11}",
            "time_precision": str(i % 3 + 1),
            "assoc_actor_1": f"Group {i % 4}; Group {i}",
        }
        for i in range(12)
    ),
]


def test_columns_give_what_rows_give_on_odd_cells_and_a_long_tail_of_actors(tmp_path, store):
    path = tmp_path / "odd.csv"
    write_export(path, ODD * 2)
    for actors in ((), store.actors(SAMPLE_DATASET)):
        fast, slow = both_ways(path, actors)
        assert fast == slow
    bulk, rows = ActorRegistry(), ActorRegistry()
    list(read_bulk(path, bulk, None))
    for e in read_file(path).events:
        rows.canonical_event(e)
    assert [a.name for a in bulk.actors] == [a.name for a in rows.actors]
    assert bulk.actors[0].name == "Wazalendo" and "Mai-Mai Group" in [a.name for a in bulk.actors]


def test_sorting_a_batch_by_id_keeps_each_rows_pieces_together(tmp_path):
    path = tmp_path / "varied.csv"
    write_export(path, VARIED * 3)  # ids T0, T1, ... T10: not in the order of their text
    (batch,) = read_bulk(path, ActorRegistry(), None)

    def rows(b):
        uids = b.columns["uid"].tolist()
        rows_, codes, roles, names = b.links
        out = {}
        for i, uid in enumerate(uids):
            out[uid] = (
                b.docs[i],
                b.derived[i],
                tuple(v[i] for v in b.columns.values()),
                tuple(c[i] for c in b.search.columns()),
                sorted((names[codes[j]], roles[j]) for j in np.flatnonzero(rows_ == i)),
                sorted(b.cited[1][b.cited[0] == i].tolist()),
            )
        return uids, out

    before_ids, before = rows(batch)
    after_ids, after = rows(batch.in_id_order())
    assert before_ids != sorted(before_ids) and after_ids == sorted(before_ids)
    assert after == before
