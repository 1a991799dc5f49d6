"""Median redraw time of the timeline after a zoom step, against a naive baseline.

Ours: TimelineView (one EventsItem drawing from arrays, aggregates where dense).
Baseline: every event-in-a-lane as a point of one pg.ScatterPlotItem, coloured by lane.
Both repaint the same-sized widget, offscreen, for the same sequence of zoom steps.

    python benchmarks/timeline_redraw.py [--sizes 10000 100000 1000000] [--steps 12]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from timeline_app.core.lanes import LaneMode, layout_lanes
from timeline_app.core.synthetic import synthetic_columns
from timeline_app.ui.timeline_view import TimelineView

SIZE = (1600, 900)


def zoom_windows(lo: float, hi: float, steps: int) -> list[tuple[float, float]]:
    """Zoom in by 1.6x per step around the middle, then back out: what a wheel does."""
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    ins = [(mid - half / 1.6**k, mid + half / 1.6**k) for k in range(1, steps // 2 + 1)]
    return ins + ins[::-1][1:] + [(lo, hi)]


def time_repaints(widget, set_range, windows) -> list[float]:
    app = QApplication.instance()
    times = []
    for x0, x1 in windows:
        set_range(x0, x1)
        app.processEvents()
        t = time.perf_counter()
        widget.repaint()
        times.append(time.perf_counter() - t)
    return times


def dispose(widget) -> None:
    """Delete a widget now, while the QApplication lives: PySide deletes what is left at
    interpreter exit in no set order, and a scene freed before its items crashes."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def ours(cols, layout, windows) -> tuple[float, int]:
    view = TimelineView()
    view.resize(*SIZE)
    view.show()
    view.set_data(cols, layout)
    QApplication.instance().processEvents()
    times = time_repaints(view.graphics.viewport(), view.set_x_range, windows)
    aggregated = view.items.aggregated
    dispose(view)
    return statistics.median(times), aggregated


def baseline(cols, layout, windows) -> float:
    plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
    plot.resize(*SIZE)
    plot.show()
    colors = [pg.mkBrush(QColor(c)) for c in layout.colors]
    x = cols.events["start_ts"].to_numpy()[layout.event].astype(float)
    y = layout.lane + 0.5
    scatter = pg.ScatterPlotItem(x=x, y=y, size=9, pen=None,
                                 brush=[colors[i] for i in layout.lane])  # fmt: skip
    plot.addItem(scatter)
    plot.setYRange(0, len(layout.labels))
    QApplication.instance().processEvents()
    times = time_repaints(plot.viewport(), lambda a, b: plot.setXRange(a, b, padding=0), windows)
    dispose(plot)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps Qt alive
    print(f"# {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores; widget {SIZE[0]}x{SIZE[1]}, offscreen; "
          f"{args.steps} zoom steps, median repaint")  # fmt: skip
    header = ("events", 10), ("instances", 10), ("ours ms", 9), ("mode", 10), ("baseline ms", 12)
    print(" ".join(f"{name:>{width}}" for name, width in header), f"{'ratio':>7}")
    for n in args.sizes:
        cols = synthetic_columns(n)
        layout = layout_lanes(cols, LaneMode.ACTOR)
        ev = cols.events
        lo, hi = float(ev["start_ts"].min()), float(ev["end_ts"].max())
        windows = zoom_windows(lo, hi, args.steps)
        t_ours, aggregated = ours(cols, layout, windows)
        t_base = float("nan") if args.no_baseline else baseline(cols, layout, windows)
        mode = "aggregate" if aggregated else "detailed"
        print(f"{n:>10,} {len(layout):>10,} {t_ours * 1e3:>9.1f} {mode:>10} "
              f"{t_base * 1e3:>12.1f} {t_base / t_ours:>6.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
