"""The map outside the dock: `export-map` through the one view state (filters, saved views),
the map inset on each briefing slide, the map beside each step's card in a presentation."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from timeline_app.core.filters import FilterState
from timeline_app.core.lane_control import LaneControl
from timeline_app.core.lanes import LaneMode
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.core.view_state import ViewSettings

REPO = Path(__file__).parent.parent
D = SAMPLE_DATASET


def run_cli(store_path, *argv):
    env = dict(os.environ, TIMELINE_APP_STORE=str(store_path), PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "timeline_app", *argv], capture_output=True,
                          text=True, env=env, timeout=180)  # fmt: skip


@pytest.fixture
def saved_store(store_path):
    with Store.open(store_path) as s:
        s.save_view(D, "Qatar", ViewSettings(
            FilterState(places=frozenset({("Qatar",)})), LaneMode.TYPE, LaneControl(), 3,
        ))  # fmt: skip
        s.save_view(D, "Early", ViewSettings(time_range=(1737331200.0, 1738368000.0)))
    return store_path


def test_export_map_with_a_saved_view_as_a_subprocess(saved_store, tmp_path, artifacts):
    out = tmp_path / "qatar.png"
    proc = run_cli(saved_store, "export-map", str(out), "--view", "qatar", "--width", "900",
                   "--height", "600")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "(4 events)" in proc.stdout  # Doha's four events, as the window's map shows them
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    image.save(str(artifacts / "export-map-view-qatar.png"))
    # an option given takes the place of the view's own (here its places), as for `export`
    proc = run_cli(saved_store, "export-map", str(out), "--view", "Qatar", "--location", "Goma")
    assert proc.returncode == 0, proc.stderr
    # a view with a time range draws the events of that period only (as the dock does)
    proc = run_cli(saved_store, "export-map", str(out), "--view", "Early")
    assert proc.returncode == 0, proc.stderr
    with Store.open(saved_store) as s:
        ev = s.columns(D).events
    start, end = ev["start_ts"].to_numpy(), ev["end_ts"].to_numpy()
    n = int(((start <= 1738368000.0) & (end >= 1737331200.0)).sum())
    assert 0 < n < 32 and f"({n} events)" in proc.stdout
    proc = run_cli(saved_store, "export-map", str(out), "--view", "Goma")
    assert proc.returncode != 0 and "no saved view 'Goma'" in proc.stderr
    assert "Traceback" not in proc.stderr
