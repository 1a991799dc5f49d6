"""`timeline-app export` of a large ACLED store with default options, as a user runs it: a new
process each time; prints each run's wall time and peak memory (the child's own accounting).

    python benchmarks/cli_export.py [--rows 1000000] [--runs 3] [--generator PATH] [--dir DIR]

The store is made once (in DIR, default a temporary folder kept between runs) from the
synthetic ACLED generator (unsorted dates, 200 actors) imported with the CLI.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "tools" / "gen_acled.py"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "timeline_app", *args]


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak MB) of one child process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status:
        raise SystemExit(f"{' '.join(command)} failed ({status})")
    return wall, usage.ru_maxrss / 1024  # KB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--generator", type=Path, default=GENERATOR)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "tl-export")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    store = args.dir / f"acled{args.rows}.tlstore"
    if not store.exists():
        csv = args.dir / f"acled{args.rows}.csv"
        subprocess.run([sys.executable, str(args.generator), str(args.rows), str(csv)], check=True)
        wall, _ = timed(cli("import", "--no-sample", "--store", str(store), "--dataset", "acled",
                            str(csv)))  # fmt: skip
        print(f"store made in {wall:.1f} s (import, search index, caches)")
    out = args.dir / "export.png"
    command = cli("--store", str(store), "export", str(out))
    timed(command)  # warm-up: the system's file cache, as for a user's second export
    for n in range(args.runs):
        wall, peak = timed(command)
        print(f"run {n + 1}: {wall:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
