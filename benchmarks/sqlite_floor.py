"""What SQLite alone takes to write what an import writes, with no reading and no Python work
around it: the floor under `timeline-app import`'s writer.

    python benchmarks/sqlite_floor.py STORE DATASET [--rows N]

Reads the dataset's stored rows, links and search text from STORE (one made by
`timeline-app import`), then writes them into a new SQLite file the way the import does
(one transaction, a rollback journal, rows in the order of their ids, batches of 25,000 through
executemany), piece by piece, and prints each piece's time: the events with their JSON
documents, the same without the documents, the actor links, the search index (FTS5, 32 MB
of terms in memory), and the indexes by time and by actor built after.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from timeline_app.core.schema import _V1

BATCH = 25_000
FTS = "events_fts (rowid, title, description, actors, location, sources, tags)"
COLUMNS = (
    "id, dataset_id, uid, start_ts, end_ts, precision, date_label, title, event_type, place, "
    "admin2, admin1, country, latitude, longitude, fatalities, key, doc, doc_hash"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("dataset")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    source = sqlite3.connect(f"{args.store.absolute().as_uri()}?mode=ro", uri=True)
    (ds,) = source.execute("SELECT id FROM datasets WHERE name = ?", (args.dataset,)).fetchone()
    rows = source.execute(
        f"SELECT {COLUMNS} FROM events WHERE dataset_id = ? ORDER BY id LIMIT ?",
        (ds, args.rows),
    ).fetchall()
    ids = [r[0] for r in rows]
    low, high = min(ids), max(ids)
    links = source.execute(
        "SELECT event_id, actor_id, role FROM event_actors WHERE event_id BETWEEN ? AND ? "
        "ORDER BY event_id, actor_id",
        (low, high),
    ).fetchall()
    search = source.execute(
        "SELECT * FROM events_search WHERE id BETWEEN ? AND ? ORDER BY id", (low, high)
    ).fetchall()
    source.close()
    print(f"{len(rows):,} events, {len(links):,} links; seconds:")
    with tempfile.TemporaryDirectory() as tmp:
        for name, step in (
            ("events with their documents", lambda c: insert(c, "events", rows)),
            ("events without documents", lambda c: insert(c, "events", blank_docs(rows))),
            ("actor links", lambda c: insert(c, "event_actors", links)),
            ("search index (FTS5)", lambda c: insert(c, FTS, search)),
            ("links, then their index by actor", lambda c: index_after(c, links)),
        ):
            conn = fresh(Path(tmp) / f"{len(name)}.sqlite")
            t = time.perf_counter()
            conn.execute("BEGIN")
            step(conn)
            conn.execute("COMMIT")
            print(f"  {name:34s} {time.perf_counter() - t:6.2f}")
            conn.close()


def fresh(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.executescript(_V1)
    conn.execute("DROP INDEX events_by_time")
    conn.execute("INSERT INTO datasets VALUES (1, 'x', '', '', '')")
    conn.execute("INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ?)", (32 << 20,))
    return conn


def insert(conn: sqlite3.Connection, table: str, rows: list[tuple]) -> None:
    marks = ", ".join("?" * len(rows[0]))
    for i in range(0, len(rows), BATCH):
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[i : i + BATCH])


def blank_docs(rows: list[tuple]) -> list[tuple]:
    return [(*r[:17], "", r[18]) for r in rows]


def index_after(conn: sqlite3.Connection, links: list[tuple]) -> None:
    conn.execute("DROP INDEX event_actors_by_actor")
    insert(conn, "event_actors", links)
    conn.execute("CREATE INDEX event_actors_by_actor ON event_actors (actor_id)")


if __name__ == "__main__":
    main()
