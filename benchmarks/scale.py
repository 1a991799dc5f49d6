"""Issue 6's table at scale: a real window on a store of N synthetic ACLED events.

    python benchmarks/scale.py [--events 1000000] [--store FILE] [--runs 3]

Builds the store once (a generated ACLED export, imported as `timeline-app import` does;
`--store` keeps it for the next run), then runs the window in child processes so that each
open and each figure of memory is its own: the first open reads the store (and writes the
column cache), the later ones read the cache. In the last child: redraw after zoom steps,
filter changes (an actor, a province, a date range), full-text search, selecting an event
(card), and a 4000 px PNG of the whole range. Medians; ms unless said. The window shows the
lanes that fit (about 14 of 200); timeline_redraw.py measures a redraw with every lane in view.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from import_rate import generate

DATASET = "scale"

CHILD = r"""
import json, os, resource, statistics, sys, tempfile, time
from datetime import date
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # never the user's settings
t_start = time.perf_counter()
from PySide6.QtWidgets import QApplication
from timeline_app.core.filters import FilterState
from timeline_app.core.store import Store
from timeline_app.ui import timeline_item
from timeline_app.ui.main_window import MainWindow
t_imported = time.perf_counter()

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024

painted = []
paint = timeline_item.EventsItem.paint
def first_paint(self, *args):
    if not painted:
        painted.append(time.perf_counter())
    return paint(self, *args)
timeline_item.EventsItem.paint = first_paint

app = QApplication([])
t0 = time.perf_counter()
store = Store.open(sys.argv[1], sample=False)
window = MainWindow(store, sys.argv[2])
window.resize(1600, 900)
window.show()
while not painted:
    app.processEvents()
out = {"open_s": painted[0] - t0, "modules_s": t_imported - t_start, "rss_open_mb": rss_mb(),
       "events": window.session.total}
if sys.argv[3] == "all":
    def median_ms(fn, runs):
        times = []
        for arg in runs:
            t = time.perf_counter()
            fn(arg)
            app.processEvents()
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1e3

    view = window.timeline
    ev = window.session.columns.events
    full = (float(ev["start_ts"].min()), float(ev["end_ts"].max()))
    window.timeline.set_x_range(*full)
    app.processEvents()
    mid, half = sum(full) / 2, (full[1] - full[0]) / 2
    windows = [(mid - half / 1.6**k, mid + half / 1.6**k) for k in range(1, 7)]
    windows = windows + windows[::-1] + [full]
    def redraw(w):
        view.set_x_range(*w)
        app.processEvents()
        t = time.perf_counter()
        view.graphics.viewport().repaint()
        redraw.times.append(time.perf_counter() - t)
    redraw.times = []
    for w in windows:
        redraw(w)
    out["redraw_ms"] = statistics.median(redraw.times) * 1e3

    cols = window.session.columns
    actors = list(cols.actors["name"][:2])
    country, admin1, _ = window.session.filter.locations[0]
    states = [
        FilterState(actors=frozenset(actors[:1])),
        FilterState(places=frozenset({(country, admin1)})),
        FilterState(start=date(2018, 3, 1), end=date(2019, 6, 30)),
        FilterState(),
    ] * 3
    out["filter_ms"] = median_ms(window.session.set_filters, states)

    words = ["Place 17", "event number 4242", "Reuters", "Armed group 5", "clash"]
    out["search_ms"] = median_ms(lambda w: store.search(sys.argv[2], w), words * 2)
    out["search_hits"] = len(store.search(sys.argv[2], "Place 17"))
    def like(w):
        store._conn.execute("SELECT id FROM events WHERE title LIKE ? OR doc LIKE ?",
                            (f"%{w}%", f"%{w}%")).fetchall()
    out["search_like_ms"] = median_ms(like, words[:2])
    out["text_filter_ms"] = median_ms(lambda w: window.session.set_filters(FilterState(text=w)),
                                      words + [""])

    rows = [int(r) for r in range(0, len(cols), max(1, len(cols) // 20))][:20]
    out["select_ms"] = median_ms(window.session.select, rows)

    from timeline_app.ui.export_image import ExportOptions, export_image
    target = os.path.join(tempfile.mkdtemp(), "whole.png")
    layout = window.timeline.layout_
    options = ExportOptions(width=4000, height=2250, dataset=sys.argv[2], title="Scale")
    out["export_ms"] = median_ms(lambda _: export_image(target, cols, layout, full, options),
                                 range(3))
    out["rss_end_mb"] = rss_mb()
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
window.close()
print(json.dumps(out))
"""


def child(store: Path, what: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(store), DATASET, what],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def build(store: Path, events: int) -> None:
    from timeline_app.core.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{DATASET}.csv"
        generate(src, events)
        t = time.perf_counter()
        with Store.open(store, sample=False) as s:
            s.import_file(src, dataset=DATASET)
            stored = time.perf_counter() - t
            s.build_search_index()
        print(f"built {store} ({events:,} events): stored in {stored:.0f} s, search index "
              f"built in {time.perf_counter() - t - stored:.0f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, help="build here once, reuse after")
    parser.add_argument("--runs", type=int, default=3, help="opens from the cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "scale.sqlite"
        if not store.exists():
            build(store, args.events)
        cache = store.parent / "cache"
        for old in cache.glob(f"{store.stem}-*.npz"):
            old.unlink()  # the first open reads the store
        print(f"# {platform.platform()}, {os.cpu_count()} cores; window 1600x900, offscreen")
        cold = child(store, "open")
        warm = [child(store, "open") for _ in range(args.runs - 1)] + [child(store, "all")]
        w = warm[-1]
        open_warm = statistics.median(r["open_s"] for r in warm)
        rows = [
            ("events", f"{w['events']:,}", ""),
            ("open to first paint, from the store (s)", f"{cold['open_s']:.2f}", "≤ 2"),
            ("open to first paint, column cache (s)", f"{open_warm:.2f}", "≤ 2"),
            ("  (Python and Qt modules loading first, s)", f"{w['modules_s']:.2f}", ""),
            ("redraw after a zoom step, the lanes in view (ms)", f"{w['redraw_ms']:.1f}", "≤ 16"),
            ("filter change: actor, province, dates, none (ms)", f"{w['filter_ms']:.0f}", "≤ 50"),
            ("full-text search, FTS5 (ms)", f"{w['search_ms']:.0f}", "≤ 200"),
            ("  the same, LIKE over every event (baseline, ms)", f"{w['search_like_ms']:.0f}", ""),
            ("  text typed in the filter, to the views (ms)", f"{w['text_filter_ms']:.0f}", ""),
            ("select an event, show its card (ms)", f"{w['select_ms']:.1f}", "≤ 20"),
            ("export a 4000 px PNG of the whole range (ms)", f"{w['export_ms']:.0f}", "≤ 2000"),
            ("resident memory, dataset open (MB)", f"{w['rss_open_mb']:.0f}", "≤ 600"),
            ("resident memory after all the above (MB)", f"{w['rss_end_mb']:.0f}", "≤ 600"),
            ("peak memory, first open from the store (MB)", f"{cold['peak_mb']:.0f}", ""),
        ]
        width = max(len(r[0]) for r in rows)
        print(f"| {'operation':<{width}} | measured | target |")
        print(f"|{'-' * (width + 2)}|---------:|-------:|")
        for name, value, target in rows:
            print(f"| {name:<{width}} | {value:>8} | {target:>6} |")


if __name__ == "__main__":
    main()
