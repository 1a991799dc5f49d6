"""A reader's batches made in a process of its own, beside the writer.

In one process the bulk reader (pandas, numpy and Python: ~17 s for a million ACLED rows)
and the writer (SQLite) took turns on one core: SQLite gives the interpreter lock back for each
row it writes and must wait to get it again while the reader's thread holds it, so the two
threads hardly overlapped (36 s of CPU in 38 s of wall time). In a child process the reading
runs on the other core; its batches come over a pipe, pickled (about 3 s to pickle and 2 s to
unpickle a million rows, against the 17 s moved off the writer's core).

Only for large files (a new process costs about a second), and not where this process is a
daemon (the window's import child: multiprocessing allows a daemon no children): there the
reader keeps its thread (importing.read_ahead).
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
import traceback
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from typing import Any

from timeline_app.core.errors import StoreError

Progress = Callable[[float], None]
Reader = Callable[..., Iterator[Any]]  # reader(*args, progress) -> its items


class ReaderFailed(StoreError):
    """The reading process ended without a word; the import is rolled back. (A StoreError:
    the command line and the window say it as they say a store's trouble, not as a bug.)"""


def can_start() -> bool:
    """Whether this process may start a reading process."""
    return not multiprocessing.current_process().daemon


def read_in_child(reader: Reader, args: tuple, progress: Progress | None) -> Iterator[Any]:
    """The items of `reader(*args, progress)`, made in a child process (`reader` must be a
    module's function, and `args` picklable). Its exceptions are raised here; closing this
    iterator early (the writer failed, the user cancelled) ends the child."""
    context = multiprocessing.get_context("spawn")  # no fork: a process may run Qt or threads
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_produce, args=(theirs, reader, args, progress is not None),
                            daemon=True, name="timeline-app reader")  # fmt: skip
    with _main_left_out():
        child.start()
    theirs.close()
    try:
        while True:
            try:
                kind, value = pickle.loads(ours.recv_bytes())
            except EOFError:  # killed (out of memory?) or crashed in C
                child.join(5)
                raise ReaderFailed(
                    "the process reading the file ended unexpectedly (exit code "
                    f"{child.exitcode}; killed for lack of memory?): nothing of it was stored"
                ) from None
            if kind == "item":
                yield value
            elif kind == "progress":
                if progress is not None:
                    progress(value)
            elif kind == "error":
                raise value
            else:
                return
    finally:
        ours.close()
        if child.is_alive():
            child.terminate()
        child.join()


@contextmanager
def _main_left_out() -> Iterator[None]:
    """spawn runs the parent's main module again in the child, so that functions defined
    there can be found: a user's script without a main guard would run twice (its import
    again, into a store this process holds). The reader is a package's function: the child
    needs no main module, and is told of none."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _produce(pipe: Connection, reader: Reader, args: tuple, with_progress: bool) -> None:
    def send(kind: str, value: object) -> None:
        pipe.send_bytes(pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL))

    def progress(share: float) -> None:
        send("progress", share)

    try:
        for item in reader(*args, progress if with_progress else None):
            send("item", item)
        send("end", None)
    except BaseException as exc:
        with suppress(OSError):  # (the parent has gone: nobody to tell)
            send("error", _picklable(exc))
    finally:
        pipe.close()


def _picklable(exc: BaseException) -> BaseException:
    """The exception itself if it comes through a pipe whole, else one that tells what it was."""
    try:
        again = pickle.loads(pickle.dumps(exc))
    except Exception:
        again = None
    if type(again) is type(exc):
        return exc
    text = "".join(traceback.format_exception(exc)).strip()
    return RuntimeError(f"the process reading the file failed: {text}")
