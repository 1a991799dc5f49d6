"""The window's long jobs, each in a process of its own: imports and the search index.

A million-row import is Python work for twenty seconds: in the window's process it competed
with the window for the interpreter (the progress dialog stuttered), and the memory it used
stayed with the window afterwards (~140 MB, scattered where the allocator cannot give it
back). In a child process the window stays responsive, and its memory is the dataset's alone.
A child that dies mid-way (closed window, crash) leaves nothing half done: its transaction is
rolled back.

The window reads a child's messages from its own thread, on a timer (a thread of ours
emitting Qt signals deadlocked, now and then, with a closing modal dialog). It answers only
"stop"/"cancel", which the child finds at its next progress report.
"""

from __future__ import annotations

import functools
import multiprocessing
import sqlite3
import traceback
from contextlib import suppress
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from timeline_app.core.errors import ImportCancelled, InputError, StoreError
from timeline_app.core.formats import ColumnMap

Plan = list[tuple[str, ColumnMap | None]]  # files, each with the column mapping it needs
Child = tuple[Connection, BaseProcess]  # the pipe to a child, and the child


def _start(target, *args) -> Child:
    context = multiprocessing.get_context("spawn")  # no fork of a process that runs Qt
    ours, theirs = context.Pipe()
    process = context.Process(target=target, args=(theirs, *args), daemon=True)
    process.start()  # daemon: it ends with the window, and its transaction is rolled back
    theirs.close()
    return ours, process


def start_import(store_path: Path, plan: Plan, index_at_once: int) -> Child:
    """Import the files of `plan`.

    Messages: ("progress", share), ("stage", "prepare" | "import"), ("done", ImportSummary),
    ("invalid", text), ("cancelled", file name), ("failed", text, traceback), ("store", text),
    and last
    ("end",). Send "cancel" to roll back the file being imported and stop."""
    return _start(_import, str(store_path), plan, index_at_once)


def start_indexing(store_path: Path, index_at_once: int) -> Child:
    """Build the search index of what is pending.

    Messages: ("progress", done, total), ("failed", text, traceback), then last ("end", True
    if nothing is left). Send
    "stop" to stop after the current chunk (what is indexed stays indexed)."""
    return _start(_index, str(store_path), index_at_once)


def _quietly_if_orphaned(job):
    """A child whose window is gone (killed, say) stops at its next message, quietly: what it
    was writing is rolled back."""

    @functools.wraps(job)  # the same name: the child finds it by name
    def run(pipe: Connection, *args) -> None:
        with suppress(BrokenPipeError, ConnectionResetError, EOFError):
            job(pipe, *args)

    return run


@_quietly_if_orphaned
def _import(pipe: Connection, store_path: str, plan: Plan, index_at_once: int) -> None:
    from timeline_app.core import search_index
    from timeline_app.core.store import Store

    search_index.AT_ONCE = index_at_once  # the window's setting

    def report(share: float) -> None:
        pipe.send(("progress", share))
        if pipe.poll() and pipe.recv() == "cancel":
            raise ImportCancelled

    try:
        with Store.open(store_path, sample=False) as store:
            for path, mapping in plan:
                try:
                    summary = store.import_file(path, progress=report, mapping=mapping)
                    pipe.send(("stage", "prepare"))
                    store.prepare_columns(summary.dataset)  # the window then opens it at once
                    pipe.send(("stage", "import"))
                    pipe.send(("done", summary))
                except InputError as exc:
                    pipe.send(("invalid", str(exc)))
                except ImportCancelled:
                    pipe.send(("cancelled", Path(path).name))
                    break
                except Exception as exc:  # a full disk, say: rolled back, and said
                    pipe.send(("failed", f"{Path(path).name}: {exc}", traceback.format_exc()))
                    break
            store.checkpoint()  # here, not on the window's thread at its next write
    except StoreError as exc:
        pipe.send(("store", str(exc)))
    except Exception as exc:  # a damaged store, say
        pipe.send(("failed", str(exc), traceback.format_exc()))
    pipe.send(("end",))
    pipe.close()


class _Stopped(Exception):
    pass


@_quietly_if_orphaned
def _index(pipe: Connection, store_path: str, index_at_once: int) -> None:
    from timeline_app.core import search_index
    from timeline_app.core.store import Store

    search_index.AT_ONCE = index_at_once  # the window's setting

    def report(done: int, total: int) -> None:
        pipe.send(("progress", done, total))
        if pipe.poll() and pipe.recv() == "stop":
            raise _Stopped

    complete = False
    try:
        with Store.open(store_path, sample=False) as store:
            if pending := store.search_pending():
                pipe.send(("progress", 0, pending))
                store.build_search_index(report)
            complete = store.search_pending() == 0
    except (_Stopped, StoreError, sqlite3.OperationalError):
        pass  # stopped, or an import holds the store: the window starts it again after
    except Exception as exc:  # a damaged store, say: the window logs it
        pipe.send(("failed", str(exc), traceback.format_exc()))
    pipe.send(("end", complete))
    pipe.close()
