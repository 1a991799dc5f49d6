"""`timeline-app views list|delete`: the views saved in the window, from the command line
(they are used by `export --view NAME` and `briefing --view NAME`)."""

from __future__ import annotations

import argparse

from timeline_app.core.errors import StoreError
from timeline_app.core.lanes import LaneMode
from timeline_app.core.store import Store
from timeline_app.core.text import terminal_text
from timeline_app.core.view_state import ViewSettings


def add_parsers(commands) -> list[argparse.ArgumentParser]:
    """The parsers of each action (the caller adds the store's options to them)."""
    views = commands.add_parser("views", help="list or delete a dataset's saved views")
    actions = views.add_subparsers(dest="views_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the saved views, with what each shows")
    delete = actions.add_parser("delete", help="delete a saved view")
    delete.add_argument("name")
    for parser in (listing, delete):
        parser.add_argument(
            "--dataset", metavar="NAME", help="dataset (default: Congo 2025 or the first)"
        )
    return [views, listing, delete]


def describe(settings: ViewSettings) -> str:
    """One line: "lanes: actor, 10 · Actors: M23/AFC · Text: “Goma”"."""
    budget = settings.budget if settings.budget != "auto" else "as many as fit"
    parts = [f"lanes: {LaneMode(settings.lane_mode).value}, {budget}"]
    if words := settings.filters.describe():
        parts.append(words)
    if settings.time_range:
        parts.append("its own time range")
    return " · ".join(parts)


def run_views(store: Store, args: argparse.Namespace) -> int:
    dataset = args.dataset or store.default_dataset()
    if dataset is None:
        raise StoreError(f"{store.path} holds no datasets")
    if args.views_command == "delete":
        name = store.saved_view(dataset, args.name).name
        store.delete_view(dataset, name)
        print(terminal_text(f"deleted the saved view '{name}' of '{dataset}'"))
        return 0
    views = store.saved_views(dataset)
    if not views:
        print(terminal_text(f"'{dataset}' has no saved views (View → Saved views in the window)"))
    for view in views:
        print(terminal_text(f"{view.name} — {describe(view.settings)} (saved {view.saved})"))
    return 0
