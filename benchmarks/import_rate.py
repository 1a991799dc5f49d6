"""Import speed: rows per second and peak memory, for a generated ACLED-format CSV.

    python benchmarks/import_rate.py [--rows 1000000] [--baseline-rows 100000] [--repeat 3]

The file (current 31-column export, realistic cells) is generated in a temporary folder,
then imported into a new store by the same code as `timeline-app import` ("columns"), in a
child process so that its peak memory (max RSS) is its own. At --baseline-rows the row
reader that every other format uses ("rows") is measured too, for the ratio.

Two times from the start of the import: "stored" (committed; the window opens the dataset)
and "search index built" (which the window does after it, in the background, and the CLI
before it exits; until then search scans the events not yet indexed).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HEADER_LINE = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,tags,timestamp"
)
HEADER = HEADER_LINE.split(",")
TYPES = [
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Looting/property destruction"),
]


def generate(path: Path, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    actors = [f"Armed group {i}: The {i}th Movement" for i in range(200)]
    days = np.sort(rng.integers(0, 3650, rows))
    start = np.datetime64("2016-01-01")
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            etype, sub = TYPES[i % len(TYPES)]
            place = int(rng.integers(0, 2000))
            precision = str(1 + (i % 20 == 0) + (i % 50 == 0))
            assoc = actors[(i * 7) % 200] if i % 3 else ""
            other = actors[(i * 13) % 200] if i % 2 else ""
            w.writerow([
                f"SYN{i}", str(start + int(days[i])), "2020", precision, "Political violence",
                etype, sub, actors[i % 200], assoc, "Rebel group", other, "", "State forces",
                "Rebel group-State forces", "", "180", "Middle Africa",
                "Democratic Republic of Congo", f"Province {place % 26}",
                f"Territory {place % 145}", "", f"Place {place}", f"{-5 + place / 400:.4f}",
                f"{25 + place / 300:.4f}", "1", "Reuters; Radio Okapi", "International-National",
                f"On that day, event number {i} was reported near Place {place}.", str(i % 7),
                "", "1700000000",
            ])  # fmt: skip


CHILD = """
import json, resource, sys, time
from pathlib import Path
from timeline_app.core.formats import read_file
from timeline_app.core.store import Store
mode, src, store_path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
with Store.open(store_path, sample=False) as store:
    t0 = time.perf_counter()
    if mode == "columns":  # what `timeline-app import` and the window do
        summary = store.import_file(src, dataset="bench")
    else:  # the row reader every other format uses
        summary = store.import_parsed(read_file(src), "bench")
    seconds = time.perf_counter() - t0
    store.build_search_index()  # what the window does next, in the background
    indexed = time.perf_counter() - t0
print(json.dumps({"rows": summary.new, "seconds": seconds, "indexed": indexed,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(mode: str, src: Path, tmp: Path) -> dict:
    store = tmp / f"{mode}.sqlite"
    for leftover in tmp.glob(f"{mode}.sqlite*"):
        leftover.unlink()
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(src), str(store)],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(mode: str, src: Path, tmp: Path, repeat: int) -> None:
    runs = [run(mode, src, tmp) for _ in range(repeat)]
    seconds = statistics.median(r["seconds"] for r in runs)
    indexed = statistics.median(r["indexed"] for r in runs)
    rows = runs[0]["rows"]
    peak = max(r["peak_mb"] for r in runs)
    print(f"{mode:>7} {rows:>10,} rows  stored: median {seconds:6.1f} s  "
          f"{rows / seconds:>9,.0f} rows/s;  search index built: {indexed:6.1f} s  "
          f"{rows / indexed:>9,.0f} rows/s;  peak {peak:,.0f} MB  ({repeat} runs)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=100_000,
                        help="rows for the row-reader comparison (0: skip)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        sizes = sorted({args.rows, args.baseline_rows} - {0})
        for rows in sizes:
            src = tmp / f"acled-{rows}.csv"
            t = time.perf_counter()
            generate(src, rows)
            print(f"generated {rows:,} rows ({src.stat().st_size / 1e6:.0f} MB) "
                  f"in {time.perf_counter() - t:.1f} s")  # fmt: skip
            measure("columns", src, tmp, args.repeat)
            if rows == args.baseline_rows:
                measure("rows", src, tmp, args.repeat)
            src.unlink()


if __name__ == "__main__":
    main()
