"""Issue 18's open: the real window (offscreen) switching its dataset box to a large dataset.

    python benchmarks/window_open.py STORE DATASET [--runs 3] [--cold] [--profile OUT]

STORE must hold DATASET and at least one other dataset (the window starts on that one, as
a user who picks the large one in the dataset box). Each run is a new process: from the
switch to the first paint of the timeline's events. `--cold` deletes the dataset's column
cache before each run (the first open of a store without it; the open writes it again).
`--profile OUT` runs once under cProfile and writes its stats to OUT.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import cProfile, json, os, sys, tempfile, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # never the user's settings
from PySide6.QtWidgets import QApplication
from timeline_app.core.store import Store
from timeline_app.ui import timeline_item
from timeline_app.ui.main_window import MainWindow

painted = []
paint = timeline_item.EventsItem.paint
def first_paint(self, *args):
    if not painted:
        painted.append(time.perf_counter())
    return paint(self, *args)
timeline_item.EventsItem.paint = first_paint

store_path, dataset, profile = sys.argv[1], sys.argv[2], sys.argv[3]
app = QApplication([])
store = Store.open(store_path, sample=False)
other = next(d.name for d in store.datasets() if d.name != dataset)
window = MainWindow(store, other)
window.resize(1600, 900)
window.show()
app.processEvents()
painted.clear()
prof = cProfile.Profile() if profile else None
t0 = time.perf_counter()
if prof:
    prof.enable()
window.dataset_box.setCurrentText(dataset)
while not painted:
    app.processEvents()
if prof:
    prof.disable()
    prof.dump_stats(profile)
print(json.dumps({"open_s": painted[0] - t0, "events": window.session.total}))
"""


def run(store: Path, dataset: str, cold: bool, profile: str = "") -> dict:
    if cold:
        for old in (store.parent / "cache").glob(f"{store.stem}-dataset*.npz"):
            if not old.name.endswith("-sources.npz"):
                old.unlink()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(store), dataset, profile],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("dataset")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cold", action="store_true", help="without the column cache")
    ap.add_argument("--profile", default="", help="one run under cProfile, stats to this file")
    args = ap.parse_args()
    if args.profile:
        print(run(args.store, args.dataset, args.cold, args.profile))
        return
    times = [run(args.store, args.dataset, args.cold)["open_s"] for _ in range(args.runs)]
    what = "without the column cache" if args.cold else "with the column cache"
    print(f"open {args.dataset} {what}: median {statistics.median(times):.2f} s "
          f"({', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip


if __name__ == "__main__":
    main()
