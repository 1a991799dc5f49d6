"""Faulty and hostile conditions around the store's file (issue 13): failed backups, a full
disk, two imports at once, read-only stores, damaged and foreign files. Never a traceback,
never a store lost or replaced without asking."""

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, snapshot
from timeline_app import cli
from timeline_app.core import backups as backups_module
from timeline_app.core import schema, store_file
from timeline_app.core.backups import backups, make_backup, verify
from timeline_app.core.errors import DiskFull, StoreError, StoreReadOnly
from timeline_app.core.store import SAMPLE_DATASET, Store

ROOT = os.geteuid() == 0


def events_csv(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "start", "title", "description", "primary_actors", "place"])
        for i in range(count):
            out.writerow([f"e{i}", f"2020-01-{1 + i % 28:02d}", f"Event {i}", "x" * 120,
                          f"Group {i % 50}", f"Place {i % 300}"])  # fmt: skip
    return path


def full(message: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = sqlite3.SQLITE_FULL
    exc.sqlite_errorname = "SQLITE_FULL"
    return exc


# -- 2: backups and restore -------------------------------------------------------------------


def test_a_backup_that_fails_its_check_leaves_no_file(store, monkeypatch):
    monkeypatch.setattr(backups_module, "verify", lambda path, check="": "an empty file (0 bytes)")
    with pytest.raises(StoreError, match="did not pass its check"):
        make_backup(store._conn, store.path, "doomed")
    assert list(backups_module.backup_dir(store.path).iterdir()) == []


def test_a_backup_being_written_is_not_listed(store):
    folder = backups_module.backup_dir(store.path)
    made = make_backup(store._conn, store.path, "whole")
    (folder / f"{made.name}{backups_module.PARTIAL}").write_bytes(b"")  # another's, under way
    assert backups(store.path) == [made]
    assert sqlite3.connect(made).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_an_empty_backup_is_never_restored_over_a_healthy_store(store_path, capsys):
    with Store.open(store_path) as store:
        store.import_file(DATA / "small.csv", dataset="Mine")
    empty = backups_module.backup_dir(store_path) / "store-29990101-000000-000000-x.sqlite"
    empty.parent.mkdir()
    empty.write_bytes(b"")  # what a full disk left before backups were checked
    before = snapshot(store_path)
    assert cli.main(["check", "--store", str(store_path)]) == 0
    assert "an empty file (0 bytes)" in capsys.readouterr().out
    assert cli.main(["check", "--restore", "--store", str(store_path)]) == 1
    assert "no good backup" in capsys.readouterr().err
    assert snapshot(store_path) == before


def test_restore_asks_before_replacing_a_store_that_passes_its_check(store_path, capsys):
    with Store.open(store_path) as store:
        make_backup(store._conn, store_path, "older")
        store.import_file(DATA / "small.csv", dataset="Mine")
    before = snapshot(store_path)
    assert cli.main(["check", "--restore", "--store", str(store_path)]) == 1
    assert "passes its check: nothing was replaced; give --yes" in capsys.readouterr().err
    assert snapshot(store_path) == before
    assert cli.main(["check", "--restore", "--yes", "--store", str(store_path)]) == 0
    assert "restored" in capsys.readouterr().out
    (kept,) = store_path.parent.glob("store.sqlite.replaced-*")
    assert snapshot(kept) == before


def test_restore_never_pulls_the_store_from_under_an_import(store_path, capsys):
    with Store.open(store_path) as store:
        make_backup(store._conn, store_path, "older")
    importer = sqlite3.connect(store_path, isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")  # an import's transaction, under way
    try:
        assert cli.main(["check", "--restore", "--yes", "--store", str(store_path)]) == 1
        assert "being written to (an import under way?)" in capsys.readouterr().err
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    assert not list(store_path.parent.glob("store.sqlite.*-2*"))


def newer_store_with_a_backup(store_path) -> None:
    """A good backup, then the store marked as of a newer version of the app."""
    with Store.open(store_path) as store:
        make_backup(store._conn, store_path, "good")
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()


def test_a_newer_store_is_replaced_from_the_window_only_when_confirmed(qapp, store_path):
    from timeline_app.app import open_or_recover

    newer_store_with_a_backup(store_path)
    before = snapshot(store_path)
    asked = []

    def confirm(text):
        asked.append(text)
        return False

    assert open_or_recover(store_path, True, lambda *_: ("restore", None), confirm) is None
    assert asked and "not damaged" in asked[0]
    assert snapshot(store_path) == before
    store = open_or_recover(store_path, True, lambda *_: ("restore", None), lambda _: True)
    assert store is not None and [d.name for d in store.datasets()] == [SAMPLE_DATASET]
    store.close()
    assert list(store_path.parent.glob("store.sqlite.replaced-*"))


# -- 7: a full disk ---------------------------------------------------------------------------


def test_a_full_disk_says_so_and_stores_nothing(store, monkeypatch, tmp_path):
    """SQLite rolls back by itself on a full disk: our ROLLBACK then failed, and the user saw
    "cannot rollback - no transaction is active" over the real error."""
    from timeline_app.core import store as store_module

    def disk_fills(conn, parsed, dataset, progress=None):
        conn.execute("INSERT INTO meta VALUES ('half', 'written')")
        conn.execute("ROLLBACK")  # as SQLite does on SQLITE_FULL
        raise full("database or disk is full")

    monkeypatch.setattr(store_module, "store_parsed", disk_fills)
    before = snapshot(store.path)
    with pytest.raises(DiskFull) as caught:
        store.import_file(DATA / "small.csv")
    assert str(caught.value).startswith("the disk is full: nothing of small.csv was stored")
    assert "needs about" in str(caught.value) and "MB" in str(caught.value)
    assert snapshot(store.path) == before


def test_a_full_disk_after_the_commit_is_said(tmp_path):
    class Conn:
        def execute(self, sql):
            raise full("database or disk is full")

    warning = store_file.settle(Conn(), tmp_path / "s.sqlite", Path("a.csv"))
    assert "the disk is full: a.csv is stored" in warning and "-wal" in warning


@pytest.fixture
def small_disk():
    """A 3 MB file system (root only: elsewhere the test is skipped)."""
    if not ROOT or not shutil.which("mount") or sys.platform != "linux":
        pytest.skip("mounting a small file system needs root on Linux")
    folder = Path(f"/mnt/timeline-app-full-{os.getpid()}")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", str(folder)],
                          capture_output=True)  # fmt: skip
    if done.returncode:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)
    folder.rmdir()


def test_an_import_on_a_really_full_disk(small_disk, tmp_path, capsys):
    store_path = small_disk / "store.sqlite"
    Store.open(store_path).close()
    before = snapshot(store_path)
    big = events_csv(tmp_path / "big.csv", 12_000)
    assert cli.main(["import", "--store", str(store_path), str(big)]) == 1
    err = capsys.readouterr().err
    assert "the disk is full: nothing of big.csv was stored (needs about" in err
    assert "Traceback" not in err and "cannot rollback" not in err
    assert snapshot(store_path) == before
    assert all(verify(b) == "ok" for b in backups(store_path))  # never an empty one
    assert not list((small_disk / "backups").glob("*.partial*"))
    # the space the failed import took is given back: a small one fits
    assert cli.main(["import", "--store", str(store_path), str(DATA / "small.csv")]) == 0


# -- 8: two imports at once -------------------------------------------------------------------


def test_a_second_import_waits_for_the_first(store_path, monkeypatch, capsys):
    Store.open(store_path).close()
    first = sqlite3.connect(store_path, isolation_level=None)
    first.execute("BEGIN IMMEDIATE")  # the first import, writing
    said = []

    def waiting(path):
        said.append(path.name)
        first.execute("COMMIT")  # it finishes while the second waits

    monkeypatch.setattr(cli, "_say_waiting", waiting)
    assert cli.main(["import", "--store", str(store_path), str(DATA / "small.csv")]) == 0
    first.close()
    assert said == ["small.csv"]
    assert "4 new" in capsys.readouterr().out


def test_a_second_import_gives_up_clearly(store_path, monkeypatch, capsys):
    Store.open(store_path).close()
    first = sqlite3.connect(store_path, isolation_level=None)
    first.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(cli, "WRITE_WAIT", 0.3)
    try:
        assert cli.main(["import", "--store", str(store_path), str(DATA / "small.csv")]) == 1
    finally:
        first.close()
    err = capsys.readouterr().err
    assert "waiting for another import to finish" in err
    assert "is busy: another program (an import?) is writing to it" in err
    assert "Traceback" not in err


# -- 9: read-only stores ----------------------------------------------------------------------


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder with a store in it, then made read-only: by its mode for a user, by a
    read-only bind mount for root (who ignores modes)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    with Store.open(folder / "store.sqlite") as store:
        store.import_file(DATA / "small.csv", dataset="Mine")
    if not ROOT:
        os.chmod(folder, 0o555)
        yield folder
        os.chmod(folder, 0o755)
        return
    done = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if done.returncode:
        pytest.skip("root ignores file modes, and a read-only bind mount is not allowed here")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_read_only_store_opens_read_only(read_only_folder, capsys):
    path = read_only_folder / "store.sqlite"
    with Store.open(path) as store:
        assert store.read_only
        assert len(store.events("Mine")) == 4
        with pytest.raises(StoreReadOnly, match=r"read-only: nothing of small\.csv was stored"):
            store.import_file(DATA / "small.csv")
        with pytest.raises(StoreReadOnly):
            store.remove_missing("Mine")
    assert cli.main(["check", "--store", str(path)]) == 0
    assert "integrity ok" in capsys.readouterr().out
    assert cli.main(["import", "--store", str(path), str(DATA / "small.csv")]) == 1
    err = capsys.readouterr().err
    assert "is read-only" in err and "Traceback" not in err
    assert cli.main(["stats", "--store", str(path)]) == 0


@pytest.mark.skipif(ROOT, reason="root writes a 0444 file anyway: it is not read-only for root")
def test_a_read_only_file_opens_read_only(store_path, capsys):
    with Store.open(store_path) as store:
        store.import_file(DATA / "small.csv", dataset="Mine")
    os.chmod(store_path, 0o444)
    assert cli.main(["import", "--store", str(store_path), str(DATA / "small.csv")]) == 1
    assert "is read-only" in capsys.readouterr().err
    with Store.open(store_path) as store:
        assert store.read_only and len(store.events("Mine")) == 4


def test_the_window_on_a_read_only_store(qtbot, read_only_folder, monkeypatch):
    from timeline_app.ui import window_writes
    from timeline_app.ui.main_window import MainWindow

    told = []
    monkeypatch.setattr(window_writes, "warn", lambda _p, _t, text, *_: told.append(text))
    store = Store.open(read_only_folder / "store.sqlite")
    window = MainWindow(store, dataset="Mine")
    qtbot.addWidget(window)
    try:
        assert "(read-only)" in window.windowTitle()
        assert not window.actions_["import_files"].isEnabled()
        window.delete_story("any")
        assert told and "read-only" in told[0]
    finally:
        window.close()
        store.close()


# -- 10: damaged, foreign and empty files -----------------------------------------------------


def test_a_damaged_page_is_found_at_open(store_path):
    with Store.open(store_path) as store:
        store.import_file(events_csv(store_path.parent / "e.csv", 500))
    page = sqlite3.connect(store_path).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(store_path.read_bytes())
    middle = len(data) // page // 2 * page
    data[middle + 8 : middle + page] = os.urandom(page - 8)  # one page of the events
    store_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"(?s)is damaged .*check --restore"):
        Store.open(store_path)


def test_a_foreign_database_is_refused_not_adopted(tmp_path, capsys):
    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE accounts (id INTEGER, balance REAL)")
    conn.commit()
    conn.close()
    before = snapshot(foreign)
    with pytest.raises(StoreError, match="an SQLite database of another program"):
        Store.open(foreign)
    assert snapshot(foreign) == before
    assert cli.main(["stats", "--store", str(foreign)]) == 1
    assert "another program" in capsys.readouterr().err
    assert snapshot(foreign) == before


def test_an_empty_file_does_not_become_a_new_store(tmp_path):
    empty = tmp_path / "store.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match=r"empty file \(0 bytes\)"):
        Store.open(empty)
    assert empty.stat().st_size == 0
    assert verify(empty) == "an empty file (0 bytes)"


def test_a_newer_store_is_not_replaced_by_check_restore(store_path, capsys):
    newer_store_with_a_backup(store_path)
    before = snapshot(store_path)
    assert cli.main(["check", "--restore", "--store", str(store_path)]) == 1
    assert "nothing was replaced" in capsys.readouterr().err
    assert snapshot(store_path) == before


# -- 11: unwritable logs and settings ---------------------------------------------------------


def test_an_unwritable_log_directory_falls_back(qapp, tmp_path, monkeypatch, capsys):
    from timeline_app import logs

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(logs, "log_dir", lambda: blocker / "logs")
    path = logs.setup_logging()
    assert path is not None and path.exists() and blocker not in path.parents
    assert len(logs.notes) == 1 and str(path) in logs.notes[0]
    assert "the log cannot be written" in capsys.readouterr().err


def test_unsaved_settings_are_said_once(qtbot, store, tmp_path, monkeypatch):
    from timeline_app import app
    from timeline_app.ui import messages
    from timeline_app.ui import settings as settings_module
    from timeline_app.ui.main_window import MainWindow

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(settings_module, "settings_path", lambda: blocker / "settings.ini")
    settings = settings_module.open_settings()
    told = []
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text, *_: told.append(text))
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)
    app.say_what_was_worked_around(window, settings)
    qtbot.waitUntil(lambda: bool(told))
    assert len(told) == 1 and "settings cannot be saved" in told[0]
