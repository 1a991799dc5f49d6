"""A team store on PostgreSQL: import rate against pandas.to_sql and plain COPY, and the time
to open a dataset, against the SQLite store, in one run.

    python benchmarks/pg_import.py [--rows 1000000] [--file ACLED.csv] [--skip-to-sql]

A throw-away PostgreSQL server is started for the run (tests/pg_server.py: Debian's
`postgresql` binaries, as the `postgres` user under root), in a temporary folder, with
fsync off as the tests have it (the figures are the code's, not the disk's). The ACLED file
(current 31-column export) is generated (import_rate.generate) unless --file is given.

  * `timeline-app import FILE --store postgresql://…` as a subprocess: wall time to exit,
    which includes building the search index (the command line does it before it exits);
    the same for `--store FILE.sqlite`.
  * pandas.read_csv + DataFrame.to_sql (SQLAlchemy over psycopg, method="multi", chunks of
    1,000 rows: PostgreSQL takes at most 65,535 parameters a statement) into a plain table of
    the same 31 text columns: what a hand-written loader would do; needs SQLAlchemy (skipped
    without it).
  * plain COPY of the CSV into that table: the floor, no parsing, no checks, no index.
  * opening the dataset: Store.open + columns(), first without the column cache (the rows
    read from the store), then with it, on both stores; each in a new process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

from import_rate import HEADER, generate  # noqa: E402
from pg_server import throwaway_server  # noqa: E402

OPEN = """
import json, shutil, sys, time
from timeline_app.core import column_cache
from timeline_app.core.store import Store
location, cached = sys.argv[1], sys.argv[2] == "cached"
t0 = time.perf_counter()
with Store.open(location, sample=False) as store:
    if not cached:
        shutil.rmtree(store._cache_base.parent / "cache", ignore_errors=True)
    cols = store.columns("bench")
    seconds = time.perf_counter() - t0
print(json.dumps({"rows": len(cols), "seconds": seconds}))
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return time.perf_counter() - t0


def cli_import(src: Path, store: str) -> float:
    return timed([sys.executable, "-m", "timeline_app", "import", str(src), "--dataset", "bench",
                  "--no-sample", "--store", store])  # fmt: skip


def open_time(store: str, cached: bool) -> float:
    out = subprocess.run([sys.executable, "-c", OPEN, store, "cached" if cached else "cold"],
                         check=True, capture_output=True, text=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


def plain_copy(url: str, src: Path) -> float:
    import psycopg

    columns = ", ".join(f'"{c}" text' for c in HEADER)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE plain_copy ({columns})")
        t0 = time.perf_counter()
        sql = "COPY plain_copy FROM STDIN WITH (FORMAT csv, HEADER)"
        with conn.cursor().copy(sql) as copy, src.open("rb") as f:
            while block := f.read(1 << 20):
                copy.write(block)
        return time.perf_counter() - t0


def to_sql(url: str, src: Path) -> float | None:
    try:
        import sqlalchemy
    except ImportError:
        return None
    import pandas as pd

    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    t0 = time.perf_counter()
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    frame.to_sql("to_sql", engine, index=False, chunksize=1_000, method="multi")
    engine.dispose()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, help="an ACLED export to use instead")
    parser.add_argument("--skip-to-sql", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name, throwaway_server() as server:
        tmp = Path(name)
        src = args.file
        if src is None:
            src = tmp / "acled.csv"
            generate(src, args.rows)
        rows = sum(1 for _ in src.open("rb")) - 1  # (a generated file has no quoted newlines)
        print(f"{rows:,} rows ({src.stat().st_size / 1e6:.0f} MB)")
        server.admin("CREATE DATABASE bench")
        server.admin("CREATE DATABASE loaders")
        url, loaders = server.url("bench"), server.url("loaders")
        sqlite = str(tmp / "bench.sqlite")

        def line(what: str, seconds: float | None) -> None:
            if seconds is None:
                print(f"{what:<44} skipped (no SQLAlchemy)")
                return
            print(f"{what:<44} {seconds:7.1f} s  {rows / seconds:>9,.0f} rows/s")

        line("timeline-app import, PostgreSQL", cli_import(src, url))
        line("timeline-app import, SQLite", cli_import(src, sqlite))
        line("plain COPY of the CSV (31 text columns)", plain_copy(loaders, src))
        if not args.skip_to_sql:
            line("pandas read_csv + to_sql (multi, 1k)", to_sql(loaders, src))
        for store, label in ((url, "PostgreSQL"), (sqlite, "SQLite")):
            cold = open_time(store, cached=False)
            warm = open_time(store, cached=True)
            print(f"open the dataset, {label:<11} {cold:6.1f} s from the store, "
                  f"{warm:5.1f} s with the column cache")  # fmt: skip


if __name__ == "__main__":
    main()
