"""A 100,000-event store (a generated ACLED export, imported as users do): filters, search and
selection give what the store itself says, through the columns, the cache and the window."""

import csv

import numpy as np
import pytest

from conftest import DATA
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.store import Store

N = 100_000
HEADER = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
TYPES = ("Battles", "Protests", "Riots", "Violence against civilians")


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """(store, dataset name): N events over ten years, 60 actors, 400 places."""
    folder = tmp_path_factory.mktemp("big")
    src = folder / "acled-100k.csv"
    rng = np.random.default_rng(7)
    days = np.sort(rng.integers(0, 3650, N))
    places = rng.integers(0, 400, N)
    with src.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(N):
            day = np.datetime64("2016-01-01") + np.timedelta64(int(days[i]), "D")
            p = int(places[i])
            row = dict.fromkeys(HEADER, "")
            row |= {
                "event_id_cnty": f"BIG{i}", "event_date": str(day), "year": str(day)[:4],
                "time_precision": "1" if i % 10 else "2", "event_type": TYPES[i % 4],
                "sub_event_type": "Armed clash", "actor1": f"Group {i % 60}",
                "actor2": f"Group {(i * 7) % 60}" if i % 3 else "", "country": "Testland",
                "admin1": f"Province {p % 20}", "location": f"Place {p}",
                "latitude": f"{-3 + p / 200:.4f}", "longitude": f"{27 + p / 300:.4f}",
                "geo_precision": "1", "source": "Radio Okapi", "fatalities": str(i % 5),
                "notes": f"Event {i} near Place {p}.", "timestamp": "1700000000",
            }  # fmt: skip
            out.writerow([row[h] for h in HEADER])
    store = Store.open(folder / "store.sqlite", sample=False)
    summary = store.import_file(src, dataset="Big")
    assert summary.new == N and summary.label == "ACLED (current export)"
    store.prepare_columns("Big")
    # an ACLED export read by columns is indexed for search in the same pass
    assert store.search_pending() == 0 and store.build_search_index() == 0
    scanned = {i for (i,) in store._conn.execute("SELECT id FROM events WHERE doc LIKE '%4242%'")}
    indexed = set(store.search("Big", "4242"))
    assert indexed and indexed < scanned  # the index matches "4242" only at a word's start
    yield store, "Big"
    store.close()


def store_uids(store, sql, *args):
    return {u for (u,) in store._conn.execute(sql, args)}


def test_filters_match_the_store(big):
    store, name = big
    cols = store.columns(name)  # from the column cache the import wrote
    assert len(cols) == N
    flt = EventFilter(cols)
    cases = [
        (FilterState(actors=frozenset({"Group 7"})),
         "SELECT e.uid FROM events e JOIN event_actors ea ON ea.event_id = e.id "
         "JOIN actors a ON a.id = ea.actor_id WHERE a.name = 'Group 7'"),
        (FilterState(places=frozenset({("Testland", "Province 3")})),
         "SELECT uid FROM events WHERE admin1 = 'Province 3'"),
        (FilterState(types=frozenset({"Riots"}), key_only=False),
         "SELECT uid FROM events WHERE event_type = 'Riots'"),
    ]  # fmt: skip
    for state, sql in cases:
        assert set(cols.uids[flt.mask(state)].tolist()) == store_uids(store, sql)
    counts = flt.counts(FilterState(actors=frozenset({"Group 7"})))
    assert counts.types == {
        t: len(store_uids(store, cases[0][1] + " AND e.event_type = ?", t)) for t in TYPES
    }


def test_text_search_matches_the_store(big):
    store, name = big
    cols = store.columns(name)
    state = FilterState(text="Event 4242")
    found = set(cols.uids[EventFilter(cols).mask(state, store.search(name, state.text))].tolist())
    assert "BIG4242" in found
    # "4242" is a prefix in FTS: events 4242 and 42420–42429
    assert found == {f"BIG{i}" for i in [4242, *range(42420, 42430)]}


def test_the_window_on_100k_events(big, qtbot):
    from timeline_app.ui.main_window import MainWindow

    store, name = big
    window = MainWindow(store, name)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    assert session.total == N
    session.set_filters(FilterState(actors=frozenset({"Group 12"})))
    shown = session.shown_rows
    assert window.table_model.rowCount() == len(shown) > 0
    assert set(np.unique(window.timeline.layout_.event)) == set(shown)
    row = int(shown[len(shown) // 2])
    session.select(row)
    uid = str(session.columns.uids[row])
    assert window.card.toPlainText().startswith(store.event(name, uid).title)
