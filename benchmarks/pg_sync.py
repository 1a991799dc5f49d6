"""Sync between a laptop's store (SQLite) and a team store (PostgreSQL): 100,000 changed
events each way, and both ways in one sync.

    python benchmarks/pg_sync.py [--rows 100000]

A throw-away PostgreSQL server is started for the run (tests/pg_server.py, fsync off as in
the tests: the figures are the code's, not the disk's), and two laptops' stores in a
temporary folder. The events are ACLED-like rows (import_rate.generate). Each sync is timed
in this process (core.sync.Sync, what `timeline-app sync` runs, without the program's start
and the stores' opening; the search indexes built after it, on each side, are timed apart):

  1. laptop A imports the rows and syncs: every event pushed (new on the server);
  2. laptop B, empty, syncs: every event pulled (new there);
  3. B re-imports another version of every row and syncs: every event pushed as a change;
  4. A syncs: every event pulled as a change;
  5. A changes the even rows, B the odd ones; B syncs, then A's sync pushes half and pulls
     half (both ways in one sync);
  6. A syncs again: nothing to do (the cost of finding so).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from import_rate import generate  # noqa: E402
from pg_server import throwaway_server  # noqa: E402

from timeline_app.core.store import Store  # noqa: E402
from timeline_app.core.sync import Sync  # noqa: E402


def half_changed(src: Path, out: Path, parity: int) -> None:
    """The file with the notes of every other row (by parity) changed."""
    with src.open(encoding="utf-8", newline="") as f, out.open("w", encoding="utf-8",
                                                               newline="") as g:  # fmt: skip
        rows, w = csv.reader(f), csv.writer(g)
        header = next(rows)
        w.writerow(header)
        notes = header.index("notes")
        for i, row in enumerate(rows):
            if i % 2 == parity:
                row[notes] += f" Corrected on laptop {'AB'[parity]}."
            w.writerow(row)


def timed_sync(label: str, path: Path, url: str) -> None:
    with Store.open(path, sample=False) as store, Store.open(url, sample=False) as team:
        t0 = time.perf_counter()
        report = Sync(store, team).run()  # type: ignore[arg-type]
        seconds = time.perf_counter() - t0
        pushed, pulled = report.pushed["event"], report.pulled["event"]
        moved = pushed + pulled
        rate = f"{moved / seconds:8,.0f} events/s" if moved else " " * 17
        print(f"{label:44} {seconds:7.1f} s  {rate}  (pushed {pushed:,}, pulled {pulled:,}, "
              f"conflicts {len(report.conflicts)})", flush=True)  # fmt: skip
        for side, s in (("laptop", store), ("team store", team)):
            t0 = time.perf_counter()
            if s.search_pending() and s.build_search_index():
                print(f"{'  then the ' + side + ' search index':44} "
                      f"{time.perf_counter() - t0:7.1f} s", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name, throwaway_server() as server:
        tmp = Path(name)
        db = server.new_database()
        url = server.url(db)
        first, second = tmp / "v1.csv", tmp / "v2.csv"
        generate(first, args.rows, seed=1)
        generate(second, args.rows, seed=2)
        a, b = tmp / "a.sqlite", tmp / "b.sqlite"
        n = f"{args.rows:,}"
        with Store.open(a, sample=False) as store:
            store.import_file(first, dataset="bench")
        Store.open(url, sample=False).close()  # the team store's tables, made before timing
        timed_sync(f"1. push {n} new events", a, url)
        timed_sync(f"2. pull {n} new events (an empty laptop)", b, url)
        with Store.open(b, sample=False) as store:
            store.import_file(second, dataset="bench")
        timed_sync(f"3. push {n} changed events", b, url)
        timed_sync(f"4. pull {n} changed events", a, url)
        half_changed(second, tmp / "a.csv", 0)
        half_changed(second, tmp / "b.csv", 1)
        with Store.open(a, sample=False) as store:
            store.import_file(tmp / "a.csv", dataset="bench")
        with Store.open(b, sample=False) as store:
            store.import_file(tmp / "b.csv", dataset="bench")
        timed_sync("5a. B pushes its half", b, url)
        timed_sync("5b. A: half pushed, half pulled, one sync", a, url)
        timed_sync("6. again: nothing to sync", a, url)


if __name__ == "__main__":
    main()
