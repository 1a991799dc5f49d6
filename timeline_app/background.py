"""The window's long jobs, each in a process of its own: imports, the search index, and
briefing decks.

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
import os
import pickle
import sqlite3
import traceback
from contextlib import suppress
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from timeline_app.core.backend import StoreLocation
from timeline_app.core.errors import ImportCancelled, InputError, StoreError
from timeline_app.core.formats import ColumnMap

WRITE_WAIT = 1800.0  # seconds an import waits for another process's to finish
Plan = list[tuple[str, ColumnMap | None]]  # files, each with the column mapping it needs
Child = tuple[Connection, BaseProcess]  # the pipe to a child, and the child


def _start(target, *args) -> Child:
    context = multiprocessing.get_context("spawn")  # no fork of a process that runs Qt
    ours, theirs = context.Pipe()
    process = context.Process(target=target, args=(theirs, *args), daemon=True)
    process.start()  # daemon: it ends with the window, and its transaction is rolled back
    theirs.close()
    return ours, process


def start_import(store_path: StoreLocation, plan: Plan, index_at_once: int) -> Child:
    """Import the files of `plan`.

    Messages: ("progress", share), ("stage", "prepare" | "import" | "wait"), ("done",
    ImportSummary),
    ("invalid", text), ("cancelled", file name), ("failed", text, traceback), ("store", text),
    and last
    ("end",). Send "cancel" to roll back the file being imported and stop."""
    return _start(_import, str(store_path), plan, index_at_once)


def start_indexing(store_path: StoreLocation, index_at_once: int) -> Child:
    """Build the search index of what is pending.

    Messages: ("progress", done, total), ("failed", text, traceback), then last ("end", True
    if nothing is left). Send
    "stop" to stop after the current chunk (what is indexed stays indexed)."""
    return _start(_index, str(store_path), index_at_once)


@dataclass(frozen=True)
class BriefingJob:
    """What a briefing deck needs of the window, as plain data (the child reads the rest from
    the store itself)."""

    out: str  # .pptx or .pdf
    dataset: str
    view: str  # the window's view state: core.view_state.ViewSettings' JSON
    x_range: tuple[float, float]  # the overview's time window
    steps: tuple[tuple[str, str], ...]  # (event id, note), in order
    title: str
    subtitle: str
    sources: int
    language: str  # the window's ("en" or "fr"): the deck's words follow it


def start_briefing(store_path: StoreLocation, job: BriefingJob) -> Child:
    """Render and write a briefing deck.

    Messages: ("progress", done, total) while rendering, ("stage", "write"), then last
    ("end", "done", path) | ("end", "cancelled") | ("end", "failed", text, traceback).
    Send "cancel" to stop at the next picture (nothing is written)."""
    return _start(_briefing, str(store_path), job)


def _quietly_if_orphaned(job):
    """A child whose window is gone (killed, say) stops at its next message, quietly: what it
    was writing is rolled back."""

    @functools.wraps(job)  # the same name: the child finds it by name
    def run(pipe: Connection, *args) -> None:
        with suppress(BrokenPipeError, ConnectionResetError, EOFError):
            job(_BytesPipe(pipe), *args)

    return run


class _BytesPipe:
    """The child's end of the pipe, sending each message pickled to plain bytes.

    Connection.send pickles into a BytesIO and sends a view of its buffer; when the send
    fails (the window is gone), that view is held by the failing frames, and on Python 3.12
    the garbage collector freed the BytesIO first ("deallocated BytesIO object has exported
    buffers") and the child died of SIGSEGV. The window's recv() reads these just the same."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def send(self, message: object) -> None:
        self.conn.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def poll(self) -> bool:
        return self.conn.poll()

    def recv(self) -> object:
        return self.conn.recv()

    def close(self) -> None:
        self.conn.close()


@_quietly_if_orphaned
def _import(pipe: _BytesPipe, store_path: str, plan: Plan, index_at_once: int) -> None:
    from timeline_app.core import search_index
    from timeline_app.core.store import Store

    search_index.AT_ONCE = index_at_once  # the window's setting
    # The window ends this process with itself (a daemon, as the window sees it); here it
    # may start a large file's reader in a process of its own (core/read_process.py), which
    # multiprocessing refuses a daemon. That reader ends with this process.
    multiprocessing.current_process().daemon = False

    def report(share: float) -> None:
        pipe.send(("progress", share))
        if pipe.poll() and pipe.recv() == "cancel":
            raise ImportCancelled

    try:
        with Store.open(store_path, sample=False) as store:
            # another import (the CLI's, say) holds the store: wait for it, and say so
            store.write_wait = WRITE_WAIT
            store.on_wait = lambda: pipe.send(("stage", "wait"))
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
    except StoreError as exc:
        pipe.send(("store", str(exc)))
    except Exception as exc:  # a damaged store, say
        pipe.send(("failed", str(exc), traceback.format_exc()))
    pipe.send(("end",))
    pipe.close()


class _Stopped(Exception):
    pass


@_quietly_if_orphaned
def _index(pipe: _BytesPipe, store_path: str, index_at_once: int) -> None:
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


@_quietly_if_orphaned
def _briefing(pipe: _BytesPipe, store_path: str, job: BriefingJob) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # it draws, and never shows a window
    from timeline_app.export_cli import headless_app

    class Cancelled(Exception):
        pass

    def report(done: int, total: int) -> None:
        pipe.send(("progress", done, total))
        if pipe.poll() and pipe.recv() == "cancel":
            raise Cancelled

    try:
        headless_app()
        from timeline_app.ui import i18n

        i18n.install(choice=job.language)
        out = _write_briefing(store_path, job, report, lambda: pipe.send(("stage", "write")))
        ending: tuple[str, ...] = ("end", "done", str(out))
    except Cancelled:
        ending = ("end", "cancelled")
    except (BrokenPipeError, ConnectionResetError, EOFError):
        raise  # the window is gone: nobody to tell
    except Exception as exc:  # anything: the window says it, and logs the traceback
        ending = ("end", "failed", str(exc) or type(exc).__name__, traceback.format_exc())
    pipe.send(ending)
    pipe.close()


def _write_briefing(store_path: str, job: BriefingJob, report, writing) -> Path:
    from timeline_app.core.store import Store
    from timeline_app.core.view_state import ViewSettings, ViewState
    from timeline_app.ui.briefing import Step, build_briefing, write_briefing

    with Store.open(store_path, sample=False) as store:
        view = ViewState(store.search)  # the window's, as it was when asked
        view.open(job.dataset, store.columns(job.dataset))
        view.apply(ViewSettings.from_json(job.view))
        view.set_time_range(job.x_range)
        columns = view.columns
        assert columns is not None
        steps = []
        for uid, note in job.steps:
            row, event = columns.row_of(uid), store.event(job.dataset, uid)
            if row is not None and event is not None:  # (gone since the window read it)
                steps.append(Step(row, event, note))
    briefing = build_briefing(
        view, steps, title=job.title, subtitle=job.subtitle, sources=job.sources,
        progress=report,
    )  # fmt: skip
    writing()
    return write_briefing(briefing, job.out)
