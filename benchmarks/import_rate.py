"""Import speed: rows per second and peak memory, for a generated ACLED-format CSV.

    python benchmarks/import_rate.py [--rows 1000000] [--keep FILE]

The file (current 31-column export, realistic cells) is generated in a temporary folder,
then imported into a new store by the same code as `timeline-app import`, in a child
process so that its peak memory (max RSS) is its own. Timings: reading and checking the
file (parse), and writing it in one transaction (store).
"""

from __future__ import annotations

import argparse
import csv
import json
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
src, store_path = Path(sys.argv[1]), Path(sys.argv[2])
with Store.open(store_path, sample=False) as store:
    t0 = time.perf_counter()
    parsed = read_file(src)
    t1 = time.perf_counter()
    summary = store.import_parsed(parsed, "bench")
    t2 = time.perf_counter()
print(json.dumps({"rows": summary.new, "parse": t1 - t0, "store": t2 - t1,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="also keep the generated file here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = args.keep or Path(tmp) / "acled.csv"
        t = time.perf_counter()
        generate(src, args.rows)
        print(f"generated {args.rows:,} rows ({src.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - t:.1f} s")  # fmt: skip
        out = subprocess.run([sys.executable, "-c", CHILD, str(src), str(Path(tmp) / "s.sqlite")],
                             capture_output=True, text=True, check=True)  # fmt: skip
        r = json.loads(out.stdout.strip().splitlines()[-1])
        total = r["parse"] + r["store"]
        print(f"imported {r['rows']:,} rows in {total:.1f} s: {r['rows'] / total:,.0f} rows/s "
              f"(parse {r['parse']:.1f} s, store {r['store']:.1f} s); "
              f"peak memory {r['peak_mb']:,.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
