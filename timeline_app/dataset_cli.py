"""`timeline-app dataset new|rename|delete`: the store's datasets from the command line."""

from __future__ import annotations

import argparse
import sys

from timeline_app.core.store import Store
from timeline_app.core.text import terminal_text


def add_parsers(commands) -> list[argparse.ArgumentParser]:
    """The parsers of each action (the caller adds the store's options to them)."""
    dataset = commands.add_parser("dataset", help="make, rename or delete a dataset")
    actions = dataset.add_subparsers(dest="dataset_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="a new, empty dataset")
    new.add_argument("name")
    new.add_argument("--description", default="")
    rename = actions.add_parser("rename", help="give a dataset another name")
    rename.add_argument("name")
    rename.add_argument("new_name", metavar="NEW_NAME")
    delete = actions.add_parser(
        "delete", help="delete a dataset and its events (a backup of the store is made first)"
    )
    delete.add_argument("name")
    delete.add_argument("--yes", action="store_true", help="do not ask for a confirmation")
    return [dataset, new, rename, delete]


def run_dataset(store: Store, args: argparse.Namespace) -> int:
    name = args.name
    if args.dataset_command == "new":
        store.create_dataset(name, args.description)
        print(terminal_text(f"dataset '{' '.join(name.split())}' made (empty)"))
    elif args.dataset_command == "rename":
        store.rename_dataset(name, args.new_name)
        print(terminal_text(f"dataset '{name}' is now '{' '.join(args.new_name.split())}'"))
    else:
        count = store.event_count(name)  # (an unknown name is an error here, said at once)
        if not args.yes:
            if not sys.stdin.isatty():
                print(terminal_text(f"deleting '{name}' ({count} events) needs --yes"),
                      file=sys.stderr)  # fmt: skip
                return 1
            answer = input(terminal_text(f"Delete '{name}' and its {count} events? [y/N] "))
            if answer.strip().lower() not in ("y", "yes"):
                print("nothing deleted")
                return 1
        backup = store.backup("before-delete")
        store.delete_dataset(name)
        kept = f"is kept in {backup}" if backup else "is in the server's own backups, if any"
        print(terminal_text(f"dataset '{name}' deleted ({count} events); the store as it was "
                            f"{kept}"))  # fmt: skip
    return 0
