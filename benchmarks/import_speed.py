"""Issue 18's table: `timeline-app import` against a naive pandas.to_sql, then the window.

    python benchmarks/import_speed.py [--rows 1000000] [--repeat 3] [--keep DIR]

Two generated ACLED exports of `--rows` rows: `../shared/tools/gen_acled.py` (unsorted dates,
a long tail of actor combinations, 40% of events known to the week or month) and the one of
import_rate.py (dates in order, few actor combinations). For each, in the same run and as
whole processes (wall time from start to exit, peak resident memory of the process):

- `python -m timeline_app --store NEW import --no-sample FILE`: stored, search index built,
  column cache written, as a user runs it;
- the naive baseline: `pandas.read_csv(FILE)` then `DataFrame.to_sql` into a new SQLite file
  (no index, no search, no checks);
- the same import again (everything must be reported unchanged);
- the window (offscreen, 1600x900, scale.py's child): open to first paint from the column
  cache (median of `--repeat`) and once without it (first open of a store without a cache),
  and a filter change (an actor, a province, dates, none; median of three rounds).

Medians of `--repeat` runs; `--keep DIR` keeps the files and stores between runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from import_rate import generate
from scale import CHILD as WINDOW_CHILD

GEN_ACLED = Path(__file__).resolve().parents[2] / "shared" / "tools" / "gen_acled.py"

NAIVE = """
import sqlite3, sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])
with sqlite3.connect(sys.argv[2]) as conn:
    frame.to_sql("events", conn, index=False)
"""


def tree_rss(root: int) -> int:
    """Bytes resident in process `root` and all its descendants, now (Linux's /proc)."""
    parents, rss = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            statm = (stat.parent / "statm").read_text().split()
        except OSError:
            continue  # (ended meanwhile)
        pid, fields = int(stat.parent.name), text.rsplit(")", 1)[1].split()
        parents[pid], rss[pid] = int(fields[1]), int(statm[1]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def timed(args: list[str]) -> tuple[float, float, str, float]:
    """Run a command; (wall seconds, the peak resident memory of it and its children together
    in MB, sampled every 0.1 s, what it printed, and its and its children's CPU seconds).
    (An import reads a large file in a child
    process: the peak of one process would leave the other out.)"""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else ""
    stop.set()
    sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{out}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, max(peak[0] / 2**20, usage.ru_maxrss / 1024), out, cpu


def fresh(store: Path) -> Path:
    for old in store.parent.glob(store.name + "*"):
        old.unlink()
    for old in (store.parent / "cache").glob(f"{store.stem}-*"):
        old.unlink()
    return store


def window(store: Path, dataset: str, what: str) -> dict:
    import json

    done = subprocess.run(
        [sys.executable, "-c", WINDOW_CHILD, str(store), dataset, what],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(name: str, src: Path, rows: int, tmp: Path, repeat: int) -> list[tuple]:
    cli = [sys.executable, "-m", "timeline_app", "--store"]
    store = tmp / f"{name}.sqlite"
    imports, naive = [], []
    for _ in range(repeat):  # in turn, so that both see the same machine
        imports.append(timed([*cli, str(fresh(store)), "import", "--no-sample", str(src)]))
        db = fresh(tmp / f"{name}-naive.sqlite")
        naive.append(timed([sys.executable, "-c", NAIVE, str(src), str(db)]))
    again = timed([*cli, str(store), "import", "--no-sample", str(src)])
    unchanged = f"0 new, 0 updated, {rows} unchanged" in again[2]
    opens = [window(store, src.stem, "open")["open_s"] for _ in range(repeat)]
    filters = window(store, src.stem, "all")["filter_ms"]
    for old in (store.parent / "cache").glob(f"{store.stem}-*"):
        old.unlink()
    cold = window(store, src.stem, "open")["open_s"]

    def med(runs: list[tuple], i: int) -> float:
        return statistics.median(r[i] for r in runs)

    ours, base = med(imports, 0), med(naive, 0)
    return [
        (f"{name}: `timeline-app import` (stored + search index + column cache)",
         f"{ours:.1f} s = {rows / ours / 1000:.1f}k rows/s, {max(r[1] for r in imports):.0f} MB"
         f" (CPU {med(imports, 3):.0f} s)",
         "≥ 100k rows/s, ≤ 1 GB"),
        (f"{name}: naive `read_csv` + `to_sql`, same file",
         f"{base:.1f} s = {rows / base / 1000:.1f}k rows/s, {max(r[1] for r in naive):.0f} MB",
         "(we must beat it)"),
        (f"{name}: the same import again",
         f"{again[0]:.1f} s, {'all unchanged' if unchanged else 'NOT ALL UNCHANGED'}"
         f" (CPU {again[3]:.0f} s)", ""),
        (f"{name}: open in the window, column cache / first open",
         f"{statistics.median(opens):.2f} s / {cold:.2f} s", "≤ 2 s / ≤ 5 s"),
        (f"{name}: filter change (actor, province, dates, none)", f"{filters:.0f} ms",
         "≤ 50 ms"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder for the files, kept between runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = args.keep or Path(name)
        tmp.mkdir(parents=True, exist_ok=True)
        table = []
        for gen in ("gen_acled", "import_rate"):
            src = tmp / f"{gen}-{args.rows}.csv"
            if not src.exists():
                if gen == "gen_acled":
                    subprocess.run([sys.executable, str(GEN_ACLED), str(args.rows), str(src)],
                                   check=True)  # fmt: skip
                else:
                    generate(src, args.rows)
            table += measure(gen, src, args.rows, tmp, args.repeat)
        print(
            f"# {platform.platform()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; {args.rows:,} rows; medians of {args.repeat}"
        )
        width = max(len(r[0]) for r in table)
        print(f"| {'step':<{width}} | this project | target |")
        print(f"|{'-' * (width + 2)}|---:|---:|")
        for step, value, target in table:
            print(f"| {step:<{width}} | {value} | {target} |")


if __name__ == "__main__":
    main()
