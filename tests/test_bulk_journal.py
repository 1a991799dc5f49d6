"""A large import into a store nobody else has open writes with a rollback journal, not the
write-ahead log (each page once, not twice); it is still all or nothing, and whoever opens the
store meanwhile is told it is busy, in words."""

import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from test_acled_bulk import ODD, VARIED, write_export

from conftest import snapshot
from timeline_app import cli
from timeline_app.core import importing, store_file
from timeline_app.core import store as store_module
from timeline_app.core.errors import StoreBusy
from timeline_app.core.store import Store


@pytest.fixture
def every_file_large(monkeypatch):
    monkeypatch.setattr(importing, "REINDEX_FROM", 0)
    monkeypatch.setattr(importing, "CHILD_FROM", 0)  # (read in a child process)
    monkeypatch.setattr(store_module, "REINDEX_FROM", 0)


@pytest.fixture
def switches(monkeypatch):
    """Whether each bulk import switched its journal."""
    seen = []
    real = store_file.bulk_journal

    def spy(conn):
        with real(conn) as switched:
            seen.append((switched, conn.execute("PRAGMA journal_mode").fetchone()[0]))
            yield switched

    monkeypatch.setattr(store_module, "bulk_journal", store_file.contextmanager(spy))
    return seen


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    write_export(path, (VARIED + ODD) * 3)
    return path


def test_a_large_import_alone_writes_without_the_log(store_path, export, every_file_large,
                                                       switches):  # fmt: skip
    with Store.open(store_path, sample=False) as store:
        summary = store.import_file(export, dataset="ACLED")
        assert switches == [(True, "delete")]
        assert store._file_conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert summary.new == len(store.events("ACLED")) > 0
        assert len(store.search("ACLED", "Bukavu")) == 3
    again = sqlite3.connect(store_path)
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again.close()
    assert not store_path.with_name(store_path.name + "-journal").exists()


def test_with_the_store_open_elsewhere_the_import_keeps_the_log(
    store_path, export, every_file_large, switches
):
    Store.open(store_path, sample=False).close()
    window = sqlite3.connect(store_path)  # another program reading it
    window.execute("SELECT COUNT(*) FROM events").fetchone()
    with Store.open(store_path, sample=False) as store:
        store.import_file(export, dataset="ACLED")
        assert switches == [(False, "wal")]
        assert len(store.events("ACLED")) > 0
    assert window.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0
    window.close()


def test_opening_the_store_during_such_an_import_says_it_is_busy(qapp, store_path, monkeypatch,
                                                                   capsys):  # fmt: skip
    from timeline_app.app import open_or_recover
    from timeline_app.ui import messages

    Store.open(store_path, sample=False).close()
    importer = sqlite3.connect(store_path, isolation_level=None)
    assert importer.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    importer.execute("BEGIN EXCLUSIVE")  # as a large import holds it while it writes
    monkeypatch.setattr(store_file, "BUSY_TIMEOUT", 0.2)
    try:
        with pytest.raises(StoreBusy, match="a large import is writing to it"):
            Store.open(store_path)
        assert cli.main(["stats", "--store", str(store_path)]) == 1
        warned = []
        monkeypatch.setattr(messages, "warn", lambda _parent, _title, text: warned.append(text))

        def ask(*_):
            raise AssertionError("a store in use is not damaged: never offer to replace it")

        assert open_or_recover(store_path, True, ask) is None
        assert "a large import is writing to it" in warned[0]
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    err = capsys.readouterr().err
    assert "a large import is writing to it" in err and "Traceback" not in err
    assert "not a Timeline App store" not in err
    with Store.open(store_path) as store:  # once it has ended, it opens as before
        assert store._file_conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


KILLED = """
import sys, time
from timeline_app.core import importing, store
importing.REINDEX_FROM = store.REINDEX_FROM = importing.CHILD_FROM = 0
def slow(share):
    print("importing", flush=True)
    time.sleep(0.2)
with store.Store.open(sys.argv[1]) as s:
    s.import_file(sys.argv[2], dataset="Half", progress=slow)
print("finished", flush=True)
"""


def test_killing_a_large_import_stores_nothing_of_it(store_path, tmp_path):
    path = tmp_path / "export.csv"
    write_export(path, (VARIED + ODD) * 400)
    with Store.open(store_path) as store:
        store.import_file(path, dataset="Before")
    before = snapshot(store_path)
    child = subprocess.Popen([sys.executable, "-c", KILLED, str(store_path), str(path)],
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout.readline().strip() == "importing"
    time.sleep(0.5)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    # killed while writing with its rollback journal: the journal rolls it back at the next open
    assert store_path.with_name(store_path.name + "-journal").exists()
    with Store.open(store_path) as store:
        assert "Half" not in [d.name for d in store.datasets()]
    assert snapshot(store_path) == before
