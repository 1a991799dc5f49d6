"""Columns read from the store by load_columns are exactly what the plain row-by-row reading
gave (the reading was rewritten for speed: a million events in seconds)."""

import numpy as np
import pandas as pd
import pytest
from test_column_cache import assert_same

from conftest import DATA
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
