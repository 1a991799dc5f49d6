"""Backups, integrity checks, recovery, a killed import, and no network at all."""

import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QUrl

from conftest import DATA, snapshot
from timeline_app.cli import main
from timeline_app.core.backups import KEEP, backups, integrity, make_backup
from timeline_app.core.store import SAMPLE_DATASET, Store


def damage(path):
    """Overwrite the middle of the file, as a bad disk or a half-copied file would."""
    data = bytearray(path.read_bytes())
    data[100:4000] = os.urandom(3900)
    path.write_bytes(bytes(data))


def test_check_and_restore(store_path, capsys):
    with Store.open(store_path) as store:
        make_backup(store._conn, store_path, "by-hand")
        store.import_file(DATA / "small.csv", dataset="After the backup")
    assert main(["check", "--store", str(store_path)]) == 0
    assert "integrity ok" in capsys.readouterr().out
    damage(store_path)
    assert main(["check", "--store", str(store_path)]) == 1
    out = capsys.readouterr().out
    assert "DAMAGED" in out and "by-hand" in out
    assert main(["check", "--restore", "--store", str(store_path)]) == 0
    assert "restored" in capsys.readouterr().out
    assert integrity(store_path) == "ok"
    with Store.open(store_path) as store:
        assert [d.name for d in store.datasets()] == [SAMPLE_DATASET]  # as at the backup
    assert list(store_path.parent.glob("store.sqlite.damaged-*"))  # the damaged one is kept


def test_backups_keep_the_newest(store_path):
    with Store.open(store_path) as store:
        for n in range(KEEP + 3):
            make_backup(store._conn, store_path, f"n{n}")
    kept = backups(store_path)
    assert len(kept) == KEEP and "n7" in kept[0].name


def test_a_damaged_store_at_start_asks_and_never_resets(qapp, store_path):
    from timeline_app.app import open_or_recover

    with Store.open(store_path) as store:
        make_backup(store._conn, store_path, "good")
    damage(store_path)
    before = store_path.read_bytes()
    assert open_or_recover(store_path, True, ask=lambda *_: ("quit", None)) is None
    assert store_path.read_bytes() == before  # quitting changes nothing
    store = open_or_recover(store_path, True, ask=lambda *_: ("restore", None))
    assert len(store.events(SAMPLE_DATASET)) == 32
    store.close()
    damage(store_path)
    store = open_or_recover(store_path, False, ask=lambda *_: ("new", None))
    assert store.datasets() == []
    store.close()
    # each damaged store is kept aside, even two in the same second
    assert len(list(store_path.parent.glob("store.sqlite.damaged-*"))) == 2


KILLED = """
import sys, time
from timeline_app.core.store import Store
def slow(share):
    print("importing", flush=True)
    time.sleep(0.2)
with Store.open(sys.argv[1]) as store:
    store.import_file(sys.argv[2], dataset="Half", progress=slow)
print("finished", flush=True)
"""


def test_killing_an_import_stores_nothing_of_it(store_path, tmp_path):
    big = tmp_path / "big.csv"
    lines = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").splitlines()
    row = next(line for line in lines if line.startswith("DRC35140"))
    big.write_text(
        lines[0] + "\n" + "\n".join(row.replace("DRC35140", f"K{i}") for i in range(6000))
    )
    with Store.open(store_path) as store:
        store.import_file(DATA / "small.csv", dataset="Before")
    before = snapshot(store_path)
    child = subprocess.Popen([sys.executable, "-c", KILLED, str(store_path), str(big)],
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout.readline().strip() == "importing"
    time.sleep(0.5)  # well inside the import: it reports every 2,000 rows and naps each time
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    with Store.open(store_path) as store:
        assert "Half" not in [d.name for d in store.datasets()]
        assert len(store.events("Before")) == 4 and len(store.events(SAMPLE_DATASET)) == 32
    assert snapshot(store_path) == before


@pytest.fixture
def no_network(monkeypatch):
    """Every way out through a socket raises, and is written down."""
    tries = []

    def refuse(*args, **kwargs):
        tries.append(args)
        raise OSError("the network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return tries


def test_a_whole_session_offline(qtbot, store_path, tmp_path, no_network):
    from timeline_app.ui.main_window import MainWindow

    store = Store.open(store_path)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.importFinished, timeout=10000):
        w.import_files([str(DATA / "acled_current.csv")])
    w.dataset_box.setCurrentText(SAMPLE_DATASET)
    w.filter_panel.text.setText("Goma")
    w.filter_panel._apply()
    w.session.select(int(np.flatnonzero(w.session.mask)[0]))
    w.card._follow(QUrl("tl-actor:M23%2FAFC"))  # an actor link on the card
    w.map_dock.show()  # the map: the shipped basemap, the events on it
    qtbot.waitUntil(lambda: w.map_view.basemap is not None and len(w.map_view.names) > 0)
    w.export_image(tmp_path / "offline.png")
    with qtbot.waitSignal(w.briefer.finished, timeout=60000):  # written by a child process
        w.export_briefing(tmp_path / "offline.pptx")
    p = w.present()
    qtbot.keyClick(p, Qt.Key.Key_Right)
    p.close()
    w.close()
    store.close()
    assert (tmp_path / "offline.png").exists() and (tmp_path / "offline.pptx").exists()
    assert no_network == []


def test_two_damaged_stores_in_the_same_second_are_both_kept(tmp_path, monkeypatch):
    import datetime as real

    from timeline_app.core import backups as backups_module

    class Frozen(real.datetime):
        @classmethod
        def now(cls, tz=None):
            return real.datetime(2026, 1, 2, 3, 4, 5)

    monkeypatch.setattr(backups_module, "datetime", Frozen)
    store = tmp_path / "store.sqlite"
    kept = []
    for text in ("first", "second"):
        store.write_text(text)
        kept.append(backups_module.move_aside(store))
    assert [p.read_text() for p in kept] == ["first", "second"]
    assert kept[0].name == "store.sqlite.damaged-20260102-030405"
