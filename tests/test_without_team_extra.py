"""The app without its optional extras: psycopg comes with `pip install ".[team]"` only."""

import os
import subprocess
import sys
from pathlib import Path


def test_the_app_starts_without_psycopg():
    # psycopg is an optional extra ("team"): the command line and the window imported it at
    # start (the sync's modules), so `pip install .` then `timeline-app` failed
    code = (
        "import sys; sys.modules['psycopg'] = None\n"  # as if not installed
        "from timeline_app.cli import main\n"
        "import timeline_app.ui.main_window\n"
        "from timeline_app.core.store import Store\n"
        "from timeline_app.core.errors import StoreError\n"
        "try:\n"
        "    Store.open('postgresql://u@localhost/db')\n"
        "except StoreError as exc:\n"
        "    print(exc)\n"
        "sys.exit(main(['--version']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1]), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "needs psycopg: pip install 'timeline-app[team]'" in proc.stdout
    assert "timeline-app" in proc.stdout
