"""Run the built bundle headless, as a user would: import a file into a fresh store, print the
stats, export a PNG, draw the map (the bundled basemap), write a briefing (a map on each
step's slide), import through the window; check each result.
Usage: python packaging/smoke_test.py dist/timeline-app
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE_FILE = HERE.parent / "tests" / "data" / "acled_current.csv"


def run(program: Path, *args: str, env: dict) -> str:
    out = subprocess.run(
        [str(program), *args], capture_output=True, text=True, env=env, timeout=300
    )
    if out.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args)}\n{out.stdout}\n{out.stderr}")
    if out.stderr.strip():
        sys.exit(f"FAILED: {' '.join(args)} printed warnings:\n{out.stderr}")
    return out.stdout


def main() -> None:
    bundle = Path(sys.argv[1])
    program = bundle / ("timeline-app.exe" if os.name == "nt" else "timeline-app")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store.sqlite"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": tmp,
               "XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_STATE_HOME": tmp}  # fmt: skip
        version = run(program, "--version", env=env)
        print("version:", version.strip())
        imported = run(
            program,
            "import",
            str(SAMPLE_FILE),
            "--dataset",
            "ACLED",
            "--store",
            str(store),
            env=env,
        )
        assert "5 new" in imported, imported
        stats = json.loads(run(program, "stats", "--json", "--store", str(store), env=env))
        counts = {d["dataset"]: d["events"] for d in stats["datasets"]}
        assert counts == {"ACLED": 5, "Congo 2025": 32}, counts
        png = Path(tmp) / "brief.png"
        run(
            program,
            "export",
            str(png),
            "--actor",
            "M23/AFC",
            "--width",
            "1600",
            "--store",
            str(store),
            env=env,
        )
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
        # the map: the bundled basemap (resources/basemap) drawn with the events on it
        map_png = Path(tmp) / "map.png"
        run(program, "export-map", str(map_png), "--store", str(store), env=env)
        assert map_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and map_png.stat().st_size > 50_000
        # a briefing: python-pptx's templates and a map inset on each step's slide
        deck = Path(tmp) / "brief.pptx"
        said = run(program, "briefing", str(deck), "--store", str(store), env=env)
        assert "4 steps" in said and deck.stat().st_size > 100_000, said
        window_import(program, Path(tmp) / "window.sqlite", env)
        print(f"smoke test passed: import, stats ({counts}), export ({png.stat().st_size} bytes), "
              f"map ({map_png.stat().st_size} bytes), briefing ({deck.stat().st_size} bytes), "
              "import by the window")  # fmt: skip


def window_import(program: Path, store: Path, env: dict) -> None:
    """`timeline-app FILE` opens the window, which imports the file in a child process (the
    frozen program started again by multiprocessing): wait for the dataset, then close."""
    args = [str(program), "--store", str(store), str(SAMPLE_FILE)]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    window = subprocess.Popen(args, env=env, **pipes)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and window.poll() is None:
            time.sleep(1)
            if not store.exists():
                continue
            stats = json.loads(run(program, "stats", "--json", "--store", str(store), env=env))
            if {d["dataset"]: d["events"] for d in stats["datasets"]}.get("acled_current") == 5:
                break
        else:
            window.kill()
            out, err = window.communicate()
            sys.exit(f"FAILED: the window did not import {SAMPLE_FILE.name}\n{out}\n{err}")
    finally:
        if window.poll() is None:
            window.terminate()
    _, err = window.communicate(timeout=30)
    if "Traceback" in err or "Error" in err:
        sys.exit(f"FAILED: the window printed errors:\n{err}")


if __name__ == "__main__":
    main()
