"""Issue 18's filter change, kind by kind, in the real window on a store given.

    python benchmarks/filter_window.py STORE [--dataset acled] [--rounds 5] [--profile KIND]

Opens the dataset in a MainWindow (offscreen, 1600x900, the whole range in view), then
times the four changes of scale.py's child (an actor, a province, dates, none), each as
`Session.set_filters` plus the event processing it triggers (mask, lanes, timeline, list,
the filter panel's counts, the paints), `--rounds` times. Prints per kind the median wall
and CPU time of the process (CPU time moves less with other work on the machine), the
first round on its own (caches of the views empty: label widths, density images), and
the load average. `--profile KIND` adds a cProfile of one more change of that kind.
Old and new code are compared by running this file with PYTHONPATH set to each checkout.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())  # never the user's settings

from PySide6.QtWidgets import QApplication

from timeline_app.core.filters import FilterState
from timeline_app.core.store import Store
from timeline_app.ui.main_window import MainWindow


def kinds(window: MainWindow) -> dict[str, FilterState]:
    """scale.py's four changes: its first actor, the province of its first place, dates."""
    flt = window.session.filter
    assert flt is not None
    actor = str(window.session.open_columns.actors["name"].iloc[0])
    country, admin1, _ = flt.locations[0]
    return {
        "actor": FilterState(actors=frozenset({actor})),
        "province": FilterState(places=frozenset({(country, admin1)})),
        "dates": FilterState(start=date(2018, 3, 1), end=date(2019, 6, 30)),
        "none": FilterState(),
    }


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--dataset", default="acled")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", choices=["actor", "province", "dates", "none"])
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    store = Store.open(args.store, sample=False)
    window = MainWindow(store, args.dataset)
    window.resize(1600, 900)
    window.show()
    end = time.perf_counter() + 1.0  # the window idle a moment, as a user's would be
    while time.perf_counter() < end:
        app.processEvents()
    ev = window.session.open_columns.events
    window.timeline.set_x_range(float(ev["start_ts"].min()), float(ev["end_ts"].max()))
    app.processEvents()
    states = kinds(window)
    wall: dict[str, list[float]] = {k: [] for k in states}
    cpu: dict[str, list[float]] = {k: [] for k in states}
    for _ in range(args.rounds):
        for kind, state in states.items():
            t, c = time.perf_counter(), time.process_time()
            window.session.set_filters(state)
            app.processEvents()
            wall[kind].append((time.perf_counter() - t) * 1e3)
            cpu[kind].append((time.process_time() - c) * 1e3)
    print(f"# {len(ev):,} events; load average {os.getloadavg()[0]:.2f}; resident memory "
          f"{rss_mb():.0f} MB; ms; median of {args.rounds} rounds (first round)")  # fmt: skip
    print("| kind | wall | CPU |")
    print("|---|---:|---:|")
    for kind in states:
        print(f"| {kind} | {statistics.median(wall[kind]):.0f} ({wall[kind][0]:.0f}) | "
              f"{statistics.median(cpu[kind]):.0f} ({cpu[kind][0]:.0f}) |")  # fmt: skip
    every = [x for k in states for x in wall[k]]
    print(f"| all four | {statistics.median(every):.0f} | "
          f"{statistics.median([x for k in states for x in cpu[k]]):.0f} |")  # fmt: skip
    if args.profile:
        window.session.set_filters(states["dates" if args.profile == "none" else "none"])
        app.processEvents()
        profile = cProfile.Profile()
        profile.enable()
        window.session.set_filters(states[args.profile])
        app.processEvents()
        profile.disable()
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(30)
        print(text.getvalue())
    window.close()


if __name__ == "__main__":
    main()
