"""`timeline-app sync postgresql://…`: sync this store (a laptop's file) with a team store."""

from __future__ import annotations

import argparse
import sys

from timeline_app.core.errors import LostConnection
from timeline_app.core.store import Store
from timeline_app.core.text import terminal_text

PROG = "timeline-app"
WRITE_WAIT = 600.0  # seconds a batch waits for another writer of either store (an import)


def add_parser(commands) -> argparse.ArgumentParser:
    sync = commands.add_parser(
        "sync",
        help="push this store's changes to a team store and pull everyone else's",
        description="Push this store's changes since the last sync (imports, edits, deletions, "
        "stories, saved views) to a team store and pull everyone else's. An event changed on "
        "both sides is a conflict: listed, kept as it is on both, and decided in the window "
        "(File → Sync…). Safe to interrupt: the next sync completes it.",
    )
    sync.add_argument("url", metavar="postgresql://USER@HOST:PORT/DB",
                      help="the team store (no password: ~/.pgpass or $PGPASSWORD)")  # fmt: skip
    sync.add_argument(
        "--dataset", metavar="NAME", action="append",
        help="sync only this dataset (repeatable; default: every dataset of either side)",
    )  # fmt: skip
    return sync


def run_sync(store: Store, args: argparse.Namespace) -> int:
    from timeline_app.cli import progress_bar
    from timeline_app.core.sync import sync

    store.write_wait = WRITE_WAIT
    bar = progress_bar("sync")
    try:
        report = sync(store, args.url, args.dataset,
                      bar and (lambda done, total: bar(done / max(total, 1))))  # fmt: skip
    except LostConnection as exc:
        print(f"{PROG}: error: {terminal_text(exc)}; what was synced before is kept on both "
              "sides: run the same sync again to finish it", file=sys.stderr)  # fmt: skip
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: sync stopped; what was synced is kept on both sides: run it again "
              "to finish it", file=sys.stderr)  # fmt: skip
        return 130
    finally:
        if bar:
            bar(None)
    for line in report.lines():
        print(terminal_text(line))
    if report.changed:
        from timeline_app.cli import _build_search_index

        _build_search_index(store)
    return 0
