"""The window's imports run in a process of their own.

A million-row import is Python work for twenty seconds: in the window's process it competed
with the window for the interpreter (the progress dialog stuttered), and the memory it used
stayed with the window afterwards (~140 MB, scattered where the allocator cannot give it
back). In a child process the window stays responsive, and its memory is the dataset's alone.
A child that dies mid-import (closed window, crash) leaves nothing behind: its transaction
is rolled back.

The child reports through a pipe; the window's Cancel sends "cancel" back, which the child
finds at its next progress report.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path

from timeline_app.core.errors import ImportCancelled, InputError, StoreError
from timeline_app.core.formats import ColumnMap

Plan = list[tuple[str, ColumnMap | None]]  # files, each with the column mapping it needs


def start(store_path: Path, plan: Plan, index_at_once: int) -> tuple[Connection, object]:
    """Start importing in a child process: (the pipe to it, the process).

    Messages: ("progress", share), ("stage", "prepare" | "import"),
    ("done", ImportSummary), ("invalid", text), ("cancelled", file name), ("failed", text),
    ("store", text), and last ("end",)."""
    context = multiprocessing.get_context("spawn")  # no fork of a process that runs Qt
    ours, theirs = context.Pipe()
    process = context.Process(
        target=_run, args=(theirs, str(store_path), plan, index_at_once), name="import",
        daemon=True,  # ends with the window; its transaction is then rolled back
    )  # fmt: skip
    process.start()
    theirs.close()
    return ours, process


def _run(pipe: Connection, store_path: str, plan: Plan, index_at_once: int) -> None:
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
                    pipe.send(("failed", f"{Path(path).name}: {exc}"))
                    break
    except StoreError as exc:
        pipe.send(("store", str(exc)))
    pipe.send(("end",))
    pipe.close()
