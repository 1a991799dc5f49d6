"""The map with many events: basemap load, redraw after pan/zoom, update after a filter change,
against a naive pyqtgraph ScatterPlotItem of all the points, in the same run.

Ours: MapView (basemap paths; events gathered per place into one scatter of sized markers, or a
density image of events per 4×4 pixels when more than 4,000 places are in play). A frame
is one full repaint after a pan or zoom step (what each frame costs while the mouse moves);
settle is the work done once the view stops, 40 ms after the last move (province borders in
view, the density image cut from its grid, labels). A filter update is from the new mask to
the map updated (events per place by one bincount, the items' data), with the repaint.
Baseline: one pg.ScatterPlotItem of every event shown (one brush), in a PlotWidget of the same
size: the same steps, setData on a filter change.

Two layouts of the same synthetic events (core/synthetic.py, 10 years, over the eastern DR
Congo): `spread`, every event at its own random point (the worst case: a million places), and
`places`, the events at 2,000 places (as real data are: ACLED's million events sit at tens of
thousands of places).

    python benchmarks/map_redraw.py [--sizes 100000 1000000] [--steps 10] [--clock wall|cpu]

--clock cpu times the main thread's CPU time instead of the wall clock: what a frame costs
with a core of its own, on a machine whose cores are shared (the drawing is on that thread).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from timeline_app.core import geo
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.synthetic import synthetic_columns
from timeline_app.ui.map_places import PlaceNames, place_counts, place_index
from timeline_app.ui.map_view import MapView

SIZE = (1366, 480)
PALETTE = [QColor(c) for c in ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")]


def views(steps: int) -> list[tuple[float, float, float, float]]:
    """Zoom in on the Kivus by 1.5× a step, then pan east and west: x0, x1, y0, y1."""
    cx, cy, w, h = 21.5, -2.5, 24.0, 18.0
    out = []
    for k in range(steps // 2):
        s = 1.5**k
        out.append((29 - w / 2 / s, 29 + w / 2 / s, -2 - h / 2 / s, -2 + h / 2 / s))
    for k in range(steps - steps // 2):
        dx = (k - (steps - steps // 2) / 2) * 1.5
        out.append((cx - w / 2 + dx, cx + w / 2 + dx, cy - h / 2, cy + h / 2))
    return out


def dispose(widget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


CLOCKS = {"wall": time.perf_counter, "cpu": time.thread_time}
clock = CLOCKS["wall"]


def timed(fn) -> float:
    t = clock()
    fn()
    return clock() - t


def filter_states(cols) -> list[FilterState]:
    actors = list(cols.actors["name"][:3])
    types = list(cols.events["event_type"].cat.categories[:2])
    return [
        FilterState(actors=frozenset(actors[:1])),
        FilterState(types=frozenset(types[:1])),
        FilterState(actors=frozenset(actors[:2])),
        FilterState(key_only=True),
        FilterState(),
    ]


def ours(cols, windows, masks) -> dict[str, float]:
    index = place_index(cols)
    lanes = np.arange(len(cols)) % len(PALETTE)
    view = MapView()
    view.resize(*SIZE)
    view.show()
    view.load_basemap()
    app = QApplication.instance()

    def show(rows):
        ids, counts = place_counts(index, rows)
        none = np.zeros(len(ids), dtype=bool)
        view.set_places(index.lon[ids], index.lat[ids], counts, PlaceNames(index.paths, ids),
                        lanes[index.first[ids]], PALETTE, none, np.zeros(len(ids)))  # fmt: skip
        view.plot.viewport().repaint()

    show(np.arange(len(cols)))
    app.processEvents()
    redraw, settle = [], []
    for x0, x1, y0, y1 in windows:
        view.box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        app.processEvents()
        settle.append(timed(view.settle))
        redraw.append(timed(view.plot.viewport().repaint))
    update = [timed(lambda m=m: show(np.flatnonzero(m))) for m in masks]
    mode = view.mode
    dispose(view)
    return {"redraw": statistics.median(redraw), "settle": statistics.median(settle),
            "update": statistics.median(update), "mode": mode}  # fmt: skip


def baseline(cols, windows, masks) -> dict[str, float]:
    lon = cols.events["longitude"].to_numpy()
    lat = cols.events["latitude"].to_numpy()
    plot = pg.PlotWidget()
    plot.resize(*SIZE)
    plot.show()
    scatter = pg.ScatterPlotItem(x=lon, y=lat, size=6, pen=None, brush=pg.mkBrush(PALETTE[0]))
    plot.addItem(scatter)
    app = QApplication.instance()
    app.processEvents()
    redraw = []
    for x0, x1, y0, y1 in windows:
        plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        app.processEvents()
        redraw.append(timed(plot.viewport().repaint))

    def show(m):
        scatter.setData(x=lon[m], y=lat[m], size=6, pen=None, brush=pg.mkBrush(PALETTE[0]))
        plot.viewport().repaint()

    update = [timed(lambda m=m: show(m)) for m in masks]
    dispose(plot)
    return {"redraw": statistics.median(redraw), "update": statistics.median(update)}


def at_places(cols, places: int = 2000, seed: int = 1):
    """The same events moved to `places` distinct points, by their place name's code."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(26, 30, places), rng.uniform(-5, 1, places)
    code = cols.events["place"].cat.codes.to_numpy() % places
    cols.events["longitude"] = lon[code]
    cols.events["latitude"] = lat[code]
    cols.memo.clear()
    return cols


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--clock", choices=list(CLOCKS), default="wall")
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    app = QApplication.instance() or QApplication([])  # noqa: F841 - keeps Qt alive
    loads = []
    for _ in range(3):
        geo.load_basemap.cache_clear()
        loads.append(timed(geo.load_basemap))
    view = MapView()
    view.resize(*SIZE)
    drawn = timed(view.load_basemap)
    dispose(view)
    print(f"# {platform.platform()}, {os.cpu_count()} cores; map {SIZE[0]}x{SIZE[1]}, offscreen; "
          f"{args.clock} clock; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"basemap: read {statistics.median(loads) * 1e3:.0f} ms (median of 3), "
          f"+ items built {drawn * 1e3:.0f} ms")  # fmt: skip
    print(f"{'events':>10} {'layout':>7} {'places':>8} {'mode':>8} {'index ms':>9} "
          f"{'frame ms':>9} {'base ms':>8} {'settle ms':>10} "
          f"{'update ms':>10} {'base ms':>8}")  # fmt: skip
    windows = views(args.steps)
    for n in args.sizes:
        for layout in ("spread", "places"):
            cols = synthetic_columns(n)
            if layout == "places":
                at_places(cols)
            flt = EventFilter(cols)
            masks = [flt.mask(s) for s in filter_states(cols)]
            t_index = timed(lambda cols=cols: place_index(cols))
            places = len(place_index(cols).lon)
            a = ours(cols, windows, masks)
            b = baseline(cols, windows, masks)
            print(f"{n:>10,} {layout:>7} {places:>8,} {a['mode']:>8} {t_index * 1e3:>9.0f} "
                  f"{a['redraw'] * 1e3:>9.1f} {b['redraw'] * 1e3:>8.1f} {a['settle'] * 1e3:>10.1f} "
                  f"{a['update'] * 1e3:>10.1f} {b['update'] * 1e3:>8.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
