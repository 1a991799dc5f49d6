"""The next open of a large dataset after a hand edit (issue 15): its column cache patched with
the events the edit changed, instead of the whole dataset read again.

    python benchmarks/edit_then_open.py [--events 100000] [--store FILE]

Builds a store of N synthetic ACLED events once (`--store` keeps it), then: open the dataset's
columns with a fresh cache; edit one event as the window does (save, then patch the window's
columns); open again (the cache is a step behind: patched, and saved); and once more.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from import_rate import generate

from timeline_app.core.store import Store

DATASET = "edits"


def opened(path: Path) -> float:
    t = time.perf_counter()
    with Store.open(path, sample=False) as store:
        store.columns(DATASET)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = args.store or folder / "store.db"
    if not path.exists():
        csv = folder / "acled.csv"
        generate(csv, args.events)
        with Store.open(path, sample=False) as store:
            store.import_file(csv, dataset=DATASET)
            store.prepare_columns(DATASET)
    print(f"open, cache fresh: {opened(path):.2f} s")
    with Store.open(path, sample=False) as store:
        cols = store.columns(DATASET)
        event = store.event(DATASET, str(cols.uids[len(cols) // 2]))
        t = time.perf_counter()
        changed = dataclasses.replace(event, title=event.title + " (checked)")
        store.update_event(DATASET, changed, store.revision(DATASET, event.id))
        store.patched_columns(DATASET, cols, [event.id])
        print(f"edit and patch the window's columns: {time.perf_counter() - t:.2f} s")
    print(f"open after the edit: {opened(path):.2f} s")
    print(f"open again: {opened(path):.2f} s")


if __name__ == "__main__":
    main()
