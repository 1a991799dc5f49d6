"""The command line. With no command it opens the window; commands never need a display."""

from __future__ import annotations

import argparse
import functools
import os
import shlex
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from timeline_app import __version__
from timeline_app.core.backups import backups, integrity, newest_good, restore, verify
from timeline_app.core.errors import InputError, StoreError
from timeline_app.core.formats import FORMATS, ColumnMap, NeedsMapping, auto_mapping, write_file
from timeline_app.core.formats.column_guess import ambiguous_date, preview_events
from timeline_app.core.formats.spreadsheet import missing_fields
from timeline_app.core.formats.tabular import write_refused
from timeline_app.core.model import Event, Role
from timeline_app.core.paths import STORE_ENV
from timeline_app.core.store import Store
from timeline_app.core.text import terminal_json, terminal_text
from timeline_app.dataset_cli import add_parsers as add_dataset_parsers
from timeline_app.dataset_cli import run_dataset
from timeline_app.export_cli import add_parsers as add_export_parsers
from timeline_app.export_cli import run_briefing, run_export
from timeline_app.map_export_cli import add_parser as add_map_parser
from timeline_app.map_export_cli import run_export_map
from timeline_app.sync_cli import add_parser as add_sync_parser
from timeline_app.sync_cli import run_sync
from timeline_app.views_cli import add_parsers as add_views_parsers
from timeline_app.views_cli import run_views

PROG = "timeline-app"
WRITE_WAIT = 1800.0  # seconds an import waits for another one to finish (a million rows: ~1 min)


def _store_options(parser: argparse.ArgumentParser, default: object) -> None:
    """--store and --no-sample, accepted before or after the command."""
    parser.add_argument(
        "--store",
        metavar="PATH",
        default=default,
        help=f"the store file, or a team store's postgresql://USER@HOST:PORT/DB (no password: "
        f"~/.pgpass or $PGPASSWORD) (default: ${STORE_ENV}, else the user data directory)",
    )
    parser.add_argument(
        "--no-sample",
        action="store_true",
        default=default if default is argparse.SUPPRESS else False,
        help="create a new store empty, without the bundled Congo 2025 dataset",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Offline timeline viewer for conflict events. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--portable", action="store_true",
        help="keep the store, settings and logs in folders beside the program (for a USB stick)",
    )  # fmt: skip
    _store_options(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    imp = commands.add_parser("import", help="import event files into the store")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="file format (default: auto, from the file's header or structure)",
    )
    imp.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and write the refused ones, with the reason, "
        "to FILE.refused.csv (default: refuse the whole file)",
    )
    imp.add_argument(
        "--map",
        metavar="auto|MAP.json",
        help="any other table: 'auto' takes the mapping guessed from its column names (an "
        "import without --map prints it); or a JSON file naming the column of each field, "
        'e.g. {"date": "Date", "title": "Event", "place": "Town"}',
    )
    imp.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="how to read slashed dates such as 04/01/2017 (day or month first)",
    )
    imp.add_argument(
        "--dataset", metavar="NAME",
        help="dataset to import into (default: the name in the file, else the file name)",
    )  # fmt: skip
    _store_options(imp, argparse.SUPPRESS)

    check = commands.add_parser(
        "check", help="check the store's integrity; --restore puts back the newest good backup"
    )
    check.add_argument("--restore", action="store_true", help="restore the newest good backup")
    check.add_argument(
        "--yes", action="store_true",
        help="with --restore: replace the store even if it passes its check (it is kept beside)",
    )  # fmt: skip
    _store_options(check, argparse.SUPPRESS)

    stats = commands.add_parser("stats", help="count events, actors and places per dataset")
    stats.add_argument("--dataset", metavar="NAME", help="only this dataset")
    stats.add_argument("--json", action="store_true", help="print JSON")
    _store_options(stats, argparse.SUPPRESS)

    add_export_parsers(commands)
    _store_options(commands.choices["export"], argparse.SUPPRESS)
    _store_options(commands.choices["briefing"], argparse.SUPPRESS)
    _store_options(add_map_parser(commands), argparse.SUPPRESS)
    _store_options(add_sync_parser(commands), argparse.SUPPRESS)
    for parser_ in [*add_dataset_parsers(commands), *add_views_parsers(commands)]:
        _store_options(parser_, argparse.SUPPRESS)

    missing = commands.add_parser(
        "missing", help="list (or remove) events their source no longer had at a re-import"
    )
    missing.add_argument(
        "--dataset", metavar="NAME", help="dataset (default: Congo 2025 or the first)"
    )
    missing.add_argument("--remove", action="store_true", help="delete them from the store")
    _store_options(missing, argparse.SUPPRESS)

    export = commands.add_parser("export-data", help="write a dataset to .csv or .json")
    export.add_argument("out", type=Path, metavar="OUT.csv|OUT.json")
    export.add_argument(
        "--dataset", metavar="NAME", help="dataset (default: Congo 2025 or the first)"
    )
    _store_options(export, argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv, files = _files_to_open(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    from timeline_app.core.paths import PORTABLE_ENV, program_dir, resolve_store_path

    if args.portable:
        os.environ[PORTABLE_ENV] = str(program_dir())

    store_path = resolve_store_path(args.store)
    if args.command is None:
        from timeline_app.app import run

        return run(store_path, sample=not args.no_sample, files=files)
    if args.command == "check":  # before opening: a damaged store must not stop it
        if isinstance(store_path, str):
            print(f"{PROG}: error: `check` is for a store file; a team store on PostgreSQL is "
                  "checked and backed up on its server", file=sys.stderr)  # fmt: skip
            return 1
        return _check(store_path, args.restore, args.yes)
    try:
        with Store.open(store_path, sample=not args.no_sample) as store:
            return COMMANDS[args.command](store, args)
    except (InputError, StoreError) as exc:
        print(f"{PROG}: error: {terminal_text(exc, lines=True)}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # a damaged page too large a store's open missed
        print(f"{PROG}: error: the store {store_path} cannot be read ({exc}); "
              f"`{PROG} check` says more", file=sys.stderr)  # fmt: skip
        return 1


def _files_to_open(argv: list[str]) -> tuple[list[str], list[Path]]:
    """`timeline-app FILE...` (how a file manager opens files with the app: the window opens
    and imports them): the arguments without the files, and the files. With a command,
    everything is the command's."""
    commands = {
        name for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction) for name in action.choices
    }  # fmt: skip
    rest, files, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        if arg in commands:
            return argv, []
        if arg == "--store":
            rest += argv[i : i + 2]
            i += 2
            continue
        if not arg.startswith("-") and Path(arg).is_file():
            files.append(Path(arg))
        else:
            rest.append(arg)  # an option, or for argparse to report
        i += 1
    return rest, files


def _import(store: Store, args: argparse.Namespace) -> int:
    failed = 0
    store.write_wait = WRITE_WAIT
    for path in args.files:
        bar = progress_bar(path.name)
        store.on_wait = functools.partial(_say_waiting, path)
        try:
            mapping = _mapping(args, path)
            summary = store.import_file(
                path, fmt=args.format, dataset=args.dataset, skip_bad_rows=args.skip_bad_rows,
                date_order=args.date_order, progress=bar, mapping=mapping,
            )  # fmt: skip
            store.prepare_columns(summary.dataset)  # the window then opens it at once
            if bar:
                bar(None)
            print(terminal_text(f"{path.name}: read as {summary.label}"))
            for warning in summary.warnings:
                print(f"  warning: {terminal_text(warning, lines=True)}")
            print(terminal_text(summary, lines=True))
        except InputError as exc:
            failed += 1
            if bar:
                bar(None)
            said = f"{exc}; nothing was imported from this file"
            print(f"{PROG}: error: {terminal_text(said, lines=True)}", file=sys.stderr)
            if isinstance(exc, NeedsMapping):
                print_guess(exc, args)
            continue
        except KeyboardInterrupt:
            if bar:
                bar(None)
            said = f"import of {path.name} cancelled; nothing of it was stored"
            print(f"{PROG}: {terminal_text(said)}", file=sys.stderr)
            return 130
        if summary.refused_rows:
            side = refused_path(path)
            write_refused(summary.refused_rows, summary.header, side)
            print(f"  {summary.refused} row(s) refused, with the reasons, in {terminal_text(side)}")
    return _build_search_index(store) or (1 if failed else 0)


def _say_waiting(path: Path) -> None:
    print(f"{path.name}: waiting for another import to finish… (Ctrl+C to give up)",
          file=sys.stderr, flush=True)  # fmt: skip


def _mapping(args: argparse.Namespace, path: Path) -> ColumnMap | None:
    if args.map == "auto":
        return auto_mapping(path, args.format)
    return ColumnMap.load(Path(args.map)) if args.map else None


def print_guess(exc: NeedsMapping, args: argparse.Namespace) -> None:
    """The guessed mapping as JSON on stdout (ready for --map FILE.json), and on stderr what
    it gives and how to take it or correct it."""
    guess, path = exc.guess, exc.path
    print(terminal_json(guess.to_json()), flush=True)

    def say(text: str) -> None:  # the file's column names and cells are quoted
        print(terminal_text(text, lines=True), file=sys.stderr)

    say("  The mapping printed on standard output is guessed from the column names.")
    if missing := missing_fields(guess):
        say(f"  It names no column for: {', '.join(missing)}; add it before importing.")
    left = [c for c in exc.sample.header if c not in guess.columns.values()]
    if left:
        say(f"  Columns kept as extra fields: {', '.join(left)}")
    if (ambiguous := ambiguous_date(exc.sample, guess)) and not args.date_order:
        say(f"  Dates such as {ambiguous} read either way: add \"date_order\": \"dmy\" or "
            "\"mdy\" to the mapping, or give --date-order.")  # fmt: skip
    rows = preview_events(path, exc.sample, guess)
    if rows:
        say("  With it, the first events would be:")
    for row in rows:
        say("    " + (preview_line(row.event) if row.event else row.error))
    saved = shlex.quote(str(path.with_name(path.stem + ".map.json")))
    say("  To import with this guess, run the same command with: --map auto")
    say(f"  To correct it first, save it to a file ({PROG} import ... > {saved}), edit it, "
        f"and run the same command with: --map {saved}")  # fmt: skip


def preview_line(event: Event) -> str:
    """ "27 Jan 2025 (day) | Goma falls | Goma, North Kivu | M23; opposing: FARDC"."""
    who = "; ".join(a.name if a.role is Role.PRIMARY else f"{a.role.value}: {a.name}"
                    for a in event.actors)  # fmt: skip
    parts = [f"{event.when.describe()} ({event.when.precision.label})", event.title,
             event.location.label, who]  # fmt: skip
    return " | ".join(p for p in parts if p)


def _build_search_index(store: Store) -> int:
    """After a large import: index its events for search (the window would do it later)."""
    if not store.search_pending():
        return 0
    bar = progress_bar("search index")
    try:
        count = store.build_search_index(bar and (lambda done, total: bar(done / total)))
    except KeyboardInterrupt:
        print(f"{PROG}: search index stopped; the app finishes it when it opens the store",
              file=sys.stderr)  # fmt: skip
        return 130
    except (StoreError, sqlite3.OperationalError) as exc:  # busy, or a full disk
        print(f"{PROG}: search index not built now ({exc}); the app builds it when it opens "
              "the store", file=sys.stderr)  # fmt: skip
        return 0
    finally:
        if bar:
            bar(None)
    print(f"search index: {count} event(s) indexed")
    return 0


def progress_bar(name: str):
    """A one-line progress bar on a terminal (stderr); None when stderr is not one."""
    if not sys.stderr.isatty():
        return None

    def show(share: float | None) -> None:
        if share is None:  # done: clear the line
            sys.stderr.write("\r" + " " * 60 + "\r")
        else:
            filled = int(30 * share)
            sys.stderr.write(f"\r{terminal_text(name)[:20]:20} [{'#' * filled:30}] {share:4.0%}")
        sys.stderr.flush()

    return show


def refused_path(path: Path) -> Path:
    """Beside the file if that folder can be written (a USB stick may not), else here."""
    beside = path.with_name(path.stem + ".refused.csv")
    return beside if os.access(path.parent, os.W_OK) else Path.cwd() / beside.name


def _missing(store: Store, args: argparse.Namespace) -> int:
    dataset = args.dataset or store.default_dataset()
    if dataset is None:
        raise StoreError(f"{store.path} holds no datasets")
    if args.remove:
        print(f"removed {store.remove_missing(dataset)} event(s) from '{terminal_text(dataset)}'")
        store.prepare_columns(dataset)  # as after an import: the window opens it at once
        return 0
    rows = store.missing(dataset)
    if not rows:
        print(f"'{terminal_text(dataset)}': every event is still in its source")
    for uid, when, title, since in rows:
        print("\t".join(map(terminal_text, (uid, when, title, f"(not in {since})"))))
    return 0


def _check(path: Path, wants_restore: bool, yes: bool) -> int:
    if not path.exists():
        print(f"{PROG}: error: no store at {path}", file=sys.stderr)
        return 1
    found = verify(path)
    print(f"{path}: {'integrity ok' if found == 'ok' else 'DAMAGED: ' + found}")
    kept = backups(path)
    for backup in kept:
        print(f"  backup {backup.name} ({verify(backup)})")
    if not kept:
        print("  no backups yet (one is taken before a schema upgrade or a large import)")
    if wants_restore:
        return _restore(path, found, yes)
    return 0 if found == "ok" else 1


def _restore(path: Path, found: str, yes: bool) -> int:
    """Put back the newest good backup; a store that SQLite finds sound (ours, of a newer
    version, another program's) is replaced only when the user says so."""
    used = newest_good(path)
    if used is None:
        print(f"{PROG}: error: no good backup to restore", file=sys.stderr)
        return 1
    if integrity(path) == "ok" and path.stat().st_size and not yes:
        why = "passes its check" if found == "ok" else f"is sound as a database ({found})"
        question = f"{path} {why}. Replace it with {used.name} (it is kept beside)? [y/N] "
        if not sys.stdin.isatty():
            print(f"{PROG}: error: {path} {why}: nothing was replaced; give --yes to replace "
                  f"it with {used.name} anyway (it would be kept beside)",
                  file=sys.stderr)  # fmt: skip
            return 1
        if input(question).strip().casefold() not in ("y", "yes", "o", "oui"):
            print("nothing was replaced")
            return 1
    try:
        aside = restore(path, used)
    except StoreError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    kept = f"; the previous store was kept beside it as {aside.name}" if aside else ""
    print(f"restored {used.name}{kept}")
    return 0


def _stats(store: Store, args: argparse.Namespace) -> int:
    rows = store.stats()
    if args.dataset:
        rows = [r for r in rows if r["dataset"].casefold() == args.dataset.casefold()]
        if not rows:
            raise StoreError(f"no dataset '{args.dataset}' in {store.path}")
    if args.json:
        print(terminal_json({"store": str(store.path), "datasets": rows}))
        return 0
    print(f"store: {terminal_text(store.path)}")
    if not rows:
        print("no datasets")
    for r in rows:
        span = f"{r['first']} to {r['last']}" if r["events"] else "no events"
        print(
            f"{terminal_text(r['dataset'])}: {r['events']} events ({r['key_events']} key), "
            f"{r['actors']} actors, {r['locations']} locations, {span}"
        )
    if pending := store.search_pending():
        print(f"search index: {pending} event(s) not indexed yet")
    return 0


def _export(store: Store, args: argparse.Namespace) -> int:
    dataset = args.dataset or store.default_dataset()
    if dataset is None:
        raise StoreError(f"{store.path} holds no datasets")
    parsed = store.parsed(dataset)
    write_file(parsed, args.out)
    said = f"wrote {len(parsed.events)} events of '{parsed.dataset_name}' to {args.out}"
    print(terminal_text(said))
    return 0


COMMANDS = {
    "import": _import,
    "dataset": run_dataset,
    "stats": _stats,
    "export-data": _export,
    "missing": _missing,
    "export": run_export,
    "briefing": run_briefing,
    "export-map": run_export_map,
    "views": run_views,
    "sync": run_sync,
}
