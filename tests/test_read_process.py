"""A large file's reader runs in a process of its own (core/read_process.py): its items,
progress and errors come through whole, it ends when it is no longer wanted, and it never runs
the user's script again."""

import multiprocessing
import os
import subprocess
import sys
import textwrap

import pytest
from test_acled_bulk import ODD, VARIED, write_export

from timeline_app.core import importing
from timeline_app.core import store as store_module
from timeline_app.core.read_process import ReaderFailed, can_start, read_in_child
from timeline_app.core.store import Store


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "export.csv"
    write_export(path, (VARIED + ODD) * 3)
    return path


class Unpicklable(Exception):
    def __init__(self, a, b):  # (pickle gives it one argument back: it cannot be rebuilt)
        super().__init__(f"{a} and {b}")


def numbers(count, fail, progress):
    for i in range(count):
        if progress is not None:
            progress(i / count)
        yield {"n": i, "pid": os.getpid()}
    if fail == "value":
        raise ValueError("bad cell in row 7")
    if fail == "unpicklable":
        raise Unpicklable("this", "that")
    if fail == "die":
        os._exit(3)


def forever(progress):
    while True:
        yield b"x" * 100_000


def test_items_and_progress_come_from_another_process():
    shares = []
    items = list(read_in_child(numbers, (5, None), shares.append))
    assert [item["n"] for item in items] == [0, 1, 2, 3, 4]
    assert {item["pid"] for item in items} != {os.getpid()}
    assert shares == [0, 0.2, 0.4, 0.6, 0.8]
    assert not multiprocessing.active_children()


def test_its_errors_are_raised_here():
    with pytest.raises(ValueError, match="bad cell in row 7"):
        list(read_in_child(numbers, (2, "value"), None))
    with pytest.raises(RuntimeError, match="Unpicklable: this and that"):
        list(read_in_child(numbers, (2, "unpicklable"), None))
    with pytest.raises(ReaderFailed, match="ended unexpectedly \\(exit code 3;"):
        list(read_in_child(numbers, (2, "die"), None))
    assert not multiprocessing.active_children()


def test_stopping_early_ends_it():
    items = read_in_child(forever, (), None)
    assert len(next(items)) == 100_000
    assert multiprocessing.active_children()
    items.close()  # the writer failed, or the user cancelled
    assert not multiprocessing.active_children()


SCRIPT = """
import sys
sys.path[:0] = {paths!r}
from timeline_app.core.read_process import read_in_child
from test_read_process import numbers
print("the script ran", flush=True)
print(sum(item["n"] for item in read_in_child(numbers, (4, None), None)), flush=True)
"""


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    script = tmp_path / "script.py"
    here = os.path.dirname(__file__)
    script.write_text(textwrap.dedent(SCRIPT.format(paths=[here, *sys.path])))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["the script ran", "6"]


def import_in_a_daemon(store_path, export, out):
    importing.REINDEX_FROM = store_module.REINDEX_FROM = importing.CHILD_FROM = 0
    try:
        with Store.open(store_path, sample=False) as store:
            out.put((can_start(), store.import_file(export, dataset="ACLED").new))
    except BaseException as exc:
        out.put(repr(exc))


def test_a_daemon_process_reads_in_a_thread(tmp_path, export):
    """The window imports in a daemon child, which may have no children of its own."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=import_in_a_daemon,
                            args=(tmp_path / "store.sqlite", export, out), daemon=True)  # fmt: skip
    child.start()
    result = out.get(timeout=120)
    child.join(30)
    assert result == (False, len(VARIED + ODD) * 3)


def import_as_the_window_does(pipe, store_path, plan, flag):
    """background._import, with every file large enough for a reading process, and a note
    of whether one was started."""
    from timeline_app import background
    from timeline_app.core import read_process

    importing.REINDEX_FROM = store_module.REINDEX_FROM = importing.CHILD_FROM = 0
    real = read_process.read_in_child

    def noted(*args):
        flag.write_text("started")
        return real(*args)

    importing.read_in_child = noted
    background._import(pipe, store_path, plan, 1000)


def test_the_windows_import_reads_a_large_file_in_a_process_of_its_own(tmp_path, export):
    flag = tmp_path / "flag"
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=import_as_the_window_does, daemon=True, args=(
        theirs, str(tmp_path / "store.sqlite"), [(str(export), None)], flag))  # fmt: skip
    child.start()
    theirs.close()
    messages = []
    while not messages or messages[-1] != ("end",):
        messages.append(ours.recv())
    child.join(30)
    done = [m[1] for m in messages if m[0] == "done"]
    assert done and done[0].new == len(VARIED + ODD) * 3, messages
    assert flag.read_text() == "started"


def dies(path, registry, progress):
    yield from ()
    os._exit(9)  # as the system's out-of-memory killer would end it


def test_a_reader_that_dies_is_said_and_nothing_is_stored(store_path, export, monkeypatch,
                                                           capsys):  # fmt: skip
    from conftest import snapshot
    from timeline_app import cli

    Store.open(store_path).close()
    before = snapshot(store_path)
    monkeypatch.setattr(importing, "CHILD_FROM", 0)
    monkeypatch.setattr(importing, "read_bulk_for_store", dies)
    assert cli.main(["import", "--store", str(store_path), str(export)]) == 1
    err = capsys.readouterr().err
    assert "the process reading the file ended unexpectedly (exit code 9" in err
    assert "nothing of it was stored" in err and "Traceback" not in err
    assert snapshot(store_path) == before
