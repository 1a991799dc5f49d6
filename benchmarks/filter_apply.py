"""How long a filter change takes to reach the timeline, the list and the counts.

Times Session.set_filters in a real MainWindow (offscreen): the mask, the lane layout, the
timeline's data, the table's rows and the filter panel's counts, as a user's click does.

    python benchmarks/filter_apply.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())  # never the user's settings

from PySide6.QtWidgets import QApplication

from timeline_app.core.filters import FilterState
from timeline_app.core.store import Store
from timeline_app.ui.main_window import MainWindow


def states(window: MainWindow) -> list[FilterState]:
    cols = window.session.columns
    actors = list(cols.actors["name"][:3])
    country, admin1, _ = window.session.filter.locations[0]
    return [
        FilterState(actors=frozenset(actors[:1])),
        FilterState(actors=frozenset(actors[:2])),
        FilterState(actors=frozenset(actors[:2]), places=frozenset({(country, admin1)})),
        FilterState(places=frozenset({(country,)})),
        FilterState(key_only=True),
        FilterState(text="a"),
        FilterState(),
    ]


def measure(window: MainWindow, rounds: int = 5) -> float:
    app = QApplication.instance()
    times = []
    for _ in range(rounds):
        for state in states(window):
            t = time.perf_counter()
            window.session.set_filters(state)
            app.processEvents()
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    app = QApplication.instance() or QApplication([])  # noqa: F841
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
        window = MainWindow(store)
        window.resize(1400, 860)
        window.show()
        print(f"bundled dataset (32 events): median {measure(window) * 1e3:.1f} ms per change")
        window.close()


if __name__ == "__main__":
    main()
