"""Shared fixtures. Tests never touch the user's store or settings, and never need a display."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"

pytest_plugins = ("pg_server",)  # a throw-away PostgreSQL server (tests/pg_server.py)

DATA = Path(__file__).parent / "data"
BACKENDS = ("sqlite", "postgresql")
# A read-only member of a team store (README, "A team store")
READER_GRANTS = """
CREATE ROLE {role} LOGIN;
GRANT CONNECT ON DATABASE "{db}" TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};
"""
# An editing member (README): imports, edits, deletions, stories
EDITOR_GRANTS = """
CREATE ROLE {role} LOGIN;
GRANT CONNECT ON DATABASE "{db}" TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
"""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "both_backends: run the test's `store` on SQLite and on PostgreSQL"
    )
    config.addinivalue_line("markers", "sqlite_only: a test of the store's file (SQLite only)")


def pytest_generate_tests(metafunc):
    """Tests marked both_backends (a module's pytestmark, say) run once per back end."""
    marked = metafunc.definition.get_closest_marker("both_backends")
    if marked and "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("backend", BACKENDS[:1] if only else BACKENDS, indirect=True)


ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Point every per-user location at a temporary directory."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("TIMELINE_APP_STORE", raising=False)
    return home


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def backend(request) -> str:
    """The store's back end: SQLite unless the test is marked both_backends."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def store_location(backend, store_path, request) -> Path | str:
    """Where the test's store is: a file, or a new database of the test PostgreSQL server."""
    return store_path if backend == "sqlite" else request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_location):
    from timeline_app.core.store import Store

    with Store.open(store_location) as s:
        yield s


@pytest.fixture
def empty_store(store_location):
    from timeline_app.core.store import Store

    with Store.open(store_location, sample=False) as s:
        yield s


def snapshot(path: Path | str) -> list[str]:
    """Everything in a store (a file, or a PostgreSQL database), as text: equal snapshots
    mean an unchanged store."""
    if isinstance(path, str) and path.startswith("postgresql://"):
        return pg_snapshot(path)
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def undo_version_7(conn: sqlite3.Connection) -> None:
    """Take a store back to schema 6: no sync state."""
    for table in ("sync_state", "sync_base", "sync_pushing", "conflicts"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 6")


def undo_version_6(conn: sqlite3.Connection) -> None:
    """Take a store back to schema 5: no saved views."""
    undo_version_7(conn)
    conn.execute("DROP TABLE saved_views")
    conn.execute("PRAGMA user_version = 5")


def pg_snapshot(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )]  # fmt: skip
        lines = []
        for table in tables:
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            # every column decides the order: an event's two actor rows share the first one
            lines += sorted(f"{table}: {row!r}" for row in rows)
    return lines


def undo_version_5(conn: sqlite3.Connection) -> None:
    """Take a store back to schema 4: no revisions, no history."""
    undo_version_6(conn)
    conn.execute("DROP TABLE history")
    for column in ("revision", "source_hash"):
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.execute("ALTER TABLE imports DROP COLUMN kept")
    conn.execute("PRAGMA user_version = 4")


def undo_version_4(conn: sqlite3.Connection) -> None:
    """Take a store back to schema 3: its search index as that version made it."""
    undo_version_5(conn)
    for name in ("unindex", "update", "delete", "forget"):
        conn.execute(f"DROP TRIGGER events_search_{name}")
    conn.execute("DROP TABLE events_fts")
    conn.execute("DROP VIEW events_search")
    conn.execute("DROP TABLE search_pending")
    conn.execute(
        "CREATE VIRTUAL TABLE events_fts USING fts5(title, description, actors, location, "
        "sources, tags, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN "
        "DELETE FROM events_fts WHERE rowid = old.id; END"
    )
    conn.execute("PRAGMA user_version = 3")


def shown_window(qtbot, store, size: tuple[int, int] = (1400, 860)):
    """The real main window on `store`, shown at `size` and exposed."""
    from timeline_app.ui.main_window import MainWindow

    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def cli_process(store_path, *argv):
    """The command line as a user runs it: a new process on the store at `store_path`."""
    import subprocess
    import sys

    env = dict(os.environ, TIMELINE_APP_STORE=str(store_path),
               PYTHONPATH=str(Path(__file__).parent.parent))  # fmt: skip
    return subprocess.run([sys.executable, "-m", "timeline_app", *argv], capture_output=True,
                          text=True, env=env, timeout=180)  # fmt: skip
