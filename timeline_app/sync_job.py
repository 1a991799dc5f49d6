"""The window's sync (File → Sync…) in a child process of its own (background.py's way): the
window stays responsive, and a sync cut short (the window closed, killed) leaves both stores
whole (core/sync.py: every batch is a transaction on each side)."""

from __future__ import annotations

import traceback
from pathlib import Path

from timeline_app.background import Child, _BytesPipe, _quietly_if_orphaned, _start
from timeline_app.core.errors import StoreError

WRITE_WAIT = 600.0  # seconds a batch waits for another writer (an import) of either store


class _Stopped(Exception):
    pass


def start_sync(store_path: Path | str, url: str, datasets: list[str] | None) -> Child:
    """Sync the store with the team store at `url`.

    Messages: ("progress", done, total), then last ("end", "done", SyncReport) |
    ("end", "stopped") | ("end", "failed", text, traceback). Send "stop" to stop after the
    current batch (what is synced stays synced)."""
    return _start(_sync, str(store_path), url, datasets)


@_quietly_if_orphaned
def _sync(pipe: _BytesPipe, store_path: str, url: str, datasets: list[str] | None) -> None:
    from timeline_app.core.store import Store
    from timeline_app.core.sync import sync

    def report(done: int, total: int) -> None:
        pipe.send(("progress", done, total))
        if pipe.poll() and pipe.recv() == "stop":
            raise _Stopped

    try:
        with Store.open(store_path, sample=False) as store:
            store.write_wait = WRITE_WAIT
            ending: tuple = ("end", "done", sync(store, url, datasets, report))
    except _Stopped:
        ending = ("end", "stopped")
    except StoreError as exc:  # the server away, a role that may only read: said as it is
        ending = ("end", "failed", str(exc), "")
    except Exception as exc:  # anything: the window says it, and logs the traceback
        ending = ("end", "failed", str(exc) or type(exc).__name__, traceback.format_exc())
    pipe.send(ending)
    pipe.close()
