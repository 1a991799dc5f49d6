"""`timeline-app dataset new|rename|delete|merge|copy`: the store's datasets from the command
line."""

from __future__ import annotations

import argparse
import sys

from timeline_app.core.datasets import copied_from, merged_from
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
    merge = actions.add_parser(
        "merge", help="copy every event, actor and story of SOURCE into TARGET (SOURCE stays)"
    )
    merge.add_argument("name", metavar="SOURCE")
    merge.add_argument("target", metavar="TARGET")
    copy = actions.add_parser("copy", help="copy some events of SOURCE into TARGET")
    copy.add_argument("name", metavar="SOURCE")
    copy.add_argument("target", metavar="TARGET")
    copy.add_argument("--id", dest="ids", action="append", required=True, metavar="ID",
                      help="an event's id (repeat for several)")  # fmt: skip
    return [dataset, new, rename, delete, merge, copy]


def run_dataset(store: Store, args: argparse.Namespace) -> int:
    name = args.name
    if args.dataset_command == "new":
        store.create_dataset(name, args.description)
        print(terminal_text(f"dataset '{' '.join(name.split())}' made (empty)"))
    elif args.dataset_command in ("merge", "copy"):
        if args.dataset_command == "merge":
            summary = store.merge_datasets(name, args.target, merged_from(name))
        else:
            summary = store.copy_events(name, args.target, args.ids, copied_from(name))
        print(terminal_text(summary.describe()))
        store.prepare_columns(args.target)  # as after an import: the window opens it at once
        from timeline_app.cli import _build_search_index  # (cli imports this module)

        if code := _build_search_index(store):  # many copied: as an import does
            return code
        if summary.missing:  # asked for, not there: said, and the status says it
            return 1
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
