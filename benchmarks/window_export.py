"""The window's File → Export image of a large ACLED store, as a user runs it: the real
MainWindow (offscreen) on the store, its `export_image` action (the dialog's path given), and
a naive baseline in the same run: pyqtgraph's own ImageExporter of the window's plot at the
same width. Prints each run and the medians.

    python benchmarks/window_export.py [--rows 1000000] [--runs 3] [--dir DIR] [--profile]

The store is made once (in DIR, default a temporary folder kept between runs) from the
synthetic ACLED generator (unsorted dates, 200 actors) imported with the CLI, as
cli_export.py makes it; the window's load of the store is not timed, only the export.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "tools" / "gen_acled.py"
SIZE = (1400, 860)  # the window's size (the export's page is a 16:9 slide whatever it is)


def make_store(rows: int, folder: Path) -> Path:
    """The store cli_export.py uses: generated and imported with the CLI, once."""
    store = folder / f"acled{rows}.tlstore"
    if not store.exists():
        csv = folder / f"acled{rows}.csv"
        subprocess.run([sys.executable, str(GENERATOR), str(rows), str(csv)], check=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "timeline_app", "import", "--no-sample",
                        "--store", str(store), "--dataset", "acled", str(csv)],
                       check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        csv.unlink()
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "tl-export")
    parser.add_argument("--profile", action="store_true", help="profile one export (cProfile)")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    path = make_store(args.rows, args.dir)

    import pyqtgraph.exporters
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from timeline_app.core.store import Store
    from timeline_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(args.dir / "bench-settings.ini"), QSettings.Format.IniFormat)
    settings.clear()  # a first start: default lanes and view
    with Store.open(path) as store:
        t = time.perf_counter()
        window = MainWindow(store, settings=settings)
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        print(f"{args.rows:,} events; window open in {time.perf_counter() - t:.1f} s (not timed "
              f"below); {len(window.timeline.layout_.labels)} lanes in view")  # fmt: skip
        out = args.dir / "window-export.png"
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(window.export_image, out)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        for view, move in (("first view", None), ("all events (F)", window.timeline.fit_all)):
            if move is not None:
                move()
                app.processEvents()
            ours, naive = [], []
            for n in range(args.runs):
                t = time.perf_counter()
                assert window.export_image(out) == out
                ours.append(time.perf_counter() - t)
                # the baseline: pyqtgraph's exporter of the plot (lanes and axes, no page)
                t = time.perf_counter()
                exporter = pyqtgraph.exporters.ImageExporter(window.timeline.plot)
                exporter.parameters()["width"] = 2000
                exporter.export(str(args.dir / "naive-export.png"))
                naive.append(time.perf_counter() - t)
                print(f"{view}, run {n + 1}: window export {ours[-1]:.2f} s, "
                      f"naive {naive[-1]:.2f} s")  # fmt: skip
            print(f"{view}, median: window export {statistics.median(ours):.2f} s, "
                  f"naive {statistics.median(naive):.2f} s")  # fmt: skip
        window.close()
        window.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
