"""Columns read from the store by load_columns are exactly what the plain row-by-row reading
gave (the reading was rewritten for speed: a million events in seconds)."""

import sqlite3

import numpy as np
import pandas as pd
import pytest
from test_column_cache import assert_same

import timeline_app.core.columns as columns_module
from conftest import DATA
from timeline_app.core import column_text, query_ahead
from timeline_app.core.columns import _EVENT_COLUMNS, assemble, load_columns, text_array, typed_part
from timeline_app.core.formats import auto_mapping
from timeline_app.core.store import SAMPLE_DATASET

pytestmark = pytest.mark.both_backends


def reference_columns(conn, dataset_id):
    """load_columns as it was (rows as Python tuples, then frames): the reference."""
    cur = conn.execute(
        f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events WHERE dataset_id = ? "
        "ORDER BY start_ts, uid",
        (dataset_id,),
    )
    rows = cur.fetchall()
    part = pd.DataFrame.from_records(rows, columns=list(_EVENT_COLUMNS))
    uids, titles = text_array(part.pop("uid")), text_array(part.pop("title"))
    parts = [typed_part(part)]
    pair_rows = conn.execute(
        "SELECT ea.event_id, ea.actor_id, ea.role FROM event_actors AS ea "
        "JOIN events AS e ON e.id = ea.event_id WHERE e.dataset_id = ?",
        (dataset_id,),
    ).fetchall()
    raw = np.array(pair_rows, dtype=np.int64).reshape(-1, 3)
    return assemble(conn, dataset_id, parts, uids, titles, raw)


ODD_FILES = [  # missing fields, accents and other scripts, several actors, a re-import
    ("ACLED", "acled_current.csv"),
    ("UCDP", "ucdp_ged.csv"),
    ("ACLED", "acled_newer.csv"),  # after UCDP's: ACLED's ids are not one run
    ("TimelineJS", "timelinejs.json"),
    ("Sheet", "fiche_analyste_cp1252.csv"),
    ("Mixed", "acled_mixed_encoding.csv"),
    ("Small", "small.csv"),
]


def test_load_columns_gives_what_the_rows_gave(store):
    for name, file in ODD_FILES:
        path = DATA / file
        mapping = auto_mapping(path) if name == "Sheet" else None
        store.import_file(path, dataset=name, mapping=mapping)
    names = [SAMPLE_DATASET, *dict.fromkeys(name for name, _ in ODD_FILES)]
    store.create_dataset("Empty")
    names.append("Empty")
    for name in names:
        ds = store._dataset_id(name)
        new, old = load_columns(store._conn, ds), reference_columns(store._conn, ds)
        assert_same(new, old)
        assert new.uids.dtype == old.uids.dtype and new.titles.dtype == old.titles.dtype
    assert len(load_columns(store._conn, store._dataset_id("ACLED"))) > 0


def test_a_place_holding_the_separator_is_read_as_it_is(store):
    store.import_file(DATA / "acled_current.csv", dataset="ACLED")
    ds = store._dataset_id("ACLED")
    with store._transaction() as conn:  # (a name no importer writes: read the plain way)
        conn.execute(
            "UPDATE events SET admin2 = ? WHERE id = (SELECT MIN(id) FROM events "
            "WHERE dataset_id = ?)",
            ("Nord\x1fKivu", ds),
        )
    new = load_columns(store._conn, ds)
    assert_same(new, reference_columns(store._conn, ds))
    assert "Nord\x1fKivu" in new.events["admin2"].cat.categories


def assert_exactly(new, old):
    """assert_same, with floats compared bit for bit (assert_same allows a relative 1e-5)."""
    assert_same(new, old)
    for name in ("latitude", "longitude", "fatalities"):
        a, b = new.events[name].to_numpy(), old.events[name].to_numpy()
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), name
    pd.testing.assert_frame_equal(new.events, old.events, check_exact=True)


@pytest.fixture
def rows_read(monkeypatch):
    """How many times the columns were read row by row (the slow way, for odd texts)."""
    calls = []
    real = columns_module._read_rows

    def counted(*args):
        calls.append(args[1])
        return real(*args)

    monkeypatch.setattr(columns_module, "_read_rows", counted)
    return calls


def test_the_columns_come_as_texts_not_rows(store, rows_read, monkeypatch):
    monkeypatch.setattr(column_text, "CHUNK", 7)  # several chunks, some with no event of it
    for name, file in ODD_FILES[:3]:
        store.import_file(DATA / file, dataset=name)
    for name in (SAMPLE_DATASET, "ACLED", "UCDP"):
        ds = store._dataset_id(name)
        assert_exactly(load_columns(store._conn, ds), reference_columns(store._conn, ds))
    assert rows_read == []


def edit(store, ds, sql, params):
    """Change the first events of dataset `ds` (a store edited by hand: no importer writes
    such values)."""
    with store._transaction() as conn:
        conn.execute(
            f"UPDATE events SET {sql} WHERE id IN (SELECT id FROM events WHERE dataset_id = ? "
            "ORDER BY id LIMIT 3)",
            (*params, ds),
        )


ODD_TEXTS = [
    ("title", "Attack\x1eon the road"),  # the texts' separator
    ("uid", "A\x1e1"),
    ("date_label", "14\x1e16 Feb 2025"),
    ("place", "Goma\x1eNord"),
    ("title", "commas, quotes ' \" and NULL"),
    ("country", "Côte d’Ivoire 🇨🇮"),
]


@pytest.mark.parametrize(("column", "text"), ODD_TEXTS)
def test_a_text_holding_a_separator_is_read_as_it_is(store, column, text):
    store.import_file(DATA / "acled_current.csv", dataset="ACLED")
    ds = store._dataset_id("ACLED")
    value = [f"{text}{i}" for i in range(3)] if column == "uid" else [text]
    with store._transaction() as conn:
        first = conn.execute(
            "SELECT id FROM events WHERE dataset_id = ? ORDER BY id LIMIT 3", (ds,)
        ).fetchall()
        for (event_id,), v in zip(first, value * 3, strict=False):
            conn.execute(f"UPDATE events SET {column} = ? WHERE id = ?", (v, event_id))
    new = load_columns(store._conn, ds)
    assert_exactly(new, reference_columns(store._conn, ds))
    held = new.uids if column == "uid" else new.titles if column == "title" else None
    if held is not None:
        assert value[0] in held.tolist()
    else:
        assert text in new.events[column].cat.categories


ODD_FLOATS = [
    None, 0.1, -0.1, 1 / 3, -179.99999999999997, 45.123456789012345, 2.0**-20, -(2.0**-40),
    1e-300, 5e-324, 1e300, -0.0, 2.0**62, 123456789.00000001,
]  # fmt: skip


def test_floats_and_unknown_numbers_are_read_exactly(store, rows_read):
    store.import_file(DATA / "ucdp_ged.csv", dataset="UCDP")  # its ids after the sample's
    ds = store._dataset_id(SAMPLE_DATASET)
    with store._transaction() as conn:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM events WHERE dataset_id = ? ORDER BY id", (ds,)
        ).fetchall()]  # fmt: skip
        assert len(ids) >= len(ODD_FLOATS)
        conn.execute(
            "UPDATE events SET latitude = 1.5, longitude = 2.5, fatalities = 3 "
            "WHERE dataset_id = ?",
            (ds,),
        )
        for event_id, x in zip(ids, ODD_FLOATS, strict=False):
            conn.execute(
                "UPDATE events SET latitude = ?, longitude = ?, fatalities = ? WHERE id = ?",
                (x, None if x is None else -x, None if x is None else 7, event_id),
            )
    new, old = load_columns(store._conn, ds), reference_columns(store._conn, ds)
    assert_exactly(new, old)
    assert new.events["latitude"].isna().sum() == 1
    assert new.events["fatalities"].isna().sum() == 1
    assert rows_read == []  # (the floats of a chunk that do not split are read as rows)


def test_the_columns_come_without_a_second_connection(store, monkeypatch):
    store.import_file(DATA / "acled_current.csv", dataset="ACLED")
    ds = store._dataset_id("ACLED")
    old = reference_columns(store._conn, ds)
    monkeypatch.setattr(column_text, "CHUNK", 5)
    monkeypatch.setattr(query_ahead, "_second_connection", lambda conn: None)
    assert_exactly(load_columns(store._conn, ds), old)

    class Broken:  # a second connection that cannot read (a read-only folder, say)
        def execute(self, *args):
            raise sqlite3.OperationalError("unable to open database file")

        def close(self):
            pass

    monkeypatch.setattr(query_ahead, "_second_connection", lambda conn: Broken())
    assert_exactly(load_columns(store._conn, ds), old)


def test_queries_ahead_come_in_order_once_each(store, monkeypatch):
    monkeypatch.setattr(query_ahead, "AHEAD", 1)
    queries = [("SELECT ? + 1", (i,)) for i in range(20)]
    rows = query_ahead.results(store._conn, queries)
    assert [r[0] for r in rows] == list(range(1, 21))
    partly = query_ahead.results(store._conn, queries)  # left half-way: the worker stops
    assert next(partly)[0] == 1
    partly.close()


def test_inside_a_transaction_the_columns_are_read_on_its_connection(store, monkeypatch):
    """A second connection would not see what the transaction wrote."""
    monkeypatch.setattr(column_text, "CHUNK", 5)
    opened = []
    monkeypatch.setattr(query_ahead, "_second_connection", lambda conn: opened.append(conn))
    ds = store._dataset_id(SAMPLE_DATASET)
    with store._transaction() as conn:
        conn.execute("UPDATE events SET title = 'Not yet committed' WHERE dataset_id = ?", (ds,))
        cols = load_columns(conn, ds)
        assert set(cols.titles.tolist()) == {"Not yet committed"}
        assert_exactly(cols, reference_columns(conn, ds))
        conn.execute("UPDATE events SET title = 'x' WHERE id < 0")
    assert opened == []


def test_a_fraction_in_a_whole_number_column_is_read_as_it_is(store, rows_read, backend):
    """SQLite keeps 2.5 as it is in an INTEGER column (PostgreSQL's BIGINT rounds it)."""
    ds = store._dataset_id(SAMPLE_DATASET)
    edit(store, ds, "fatalities = ?", (2.000000000000001,))
    new = load_columns(store._conn, ds)
    assert_exactly(new, reference_columns(store._conn, ds))
    if backend == "sqlite":
        assert 2.000000000000001 in new.events["fatalities"].tolist()
        assert rows_read  # (the row by row reading, as exact as it was)
