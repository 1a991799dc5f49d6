"""`timeline-app export`: the timeline as an image, from the command line, with no window.

The same filters as the window, or a view saved in it (--view), so that a weekly briefing
image can be scripted. What is drawn is worked out by the same core ViewState as the window's.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

import numpy as np

from timeline_app.core.actors import ActorRegistry
from timeline_app.core.errors import StoreError
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.lanes import LaneMode
from timeline_app.core.pages import DEFAULT_DPI, DEFAULT_PAGE, PAGES, page_size
from timeline_app.core.steps import MAX_STEPS, default_steps
from timeline_app.core.store import Store
from timeline_app.core.text import terminal_text
from timeline_app.core.view_state import ViewState


def _filter_options(parser) -> None:
    """The window's filters, as options."""
    parser.add_argument(
        "--dataset", metavar="NAME", help="dataset (default: Congo 2025 or the first)"
    )
    parser.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="A",
        help="only events of this actor (repeat for more)",
    )
    parser.add_argument(
        "--location",
        action="append",
        default=[],
        metavar="L",
        help="only events in this country, province or place (repeat)",
    )
    parser.add_argument(
        "--type", action="append", default=[], metavar="T", help="only events of this type (repeat)"
    )
    parser.add_argument("--from", dest="start", type=_day, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=_day, metavar="YYYY-MM-DD")
    parser.add_argument("--text", default="", metavar="Q", help="full-text search")
    parser.add_argument("--key-only", action="store_true", help="key events only")
    parser.add_argument("--lanes", choices=[m.value for m in LaneMode],
                        help="lane mode (default: the saved view's, else actor)")  # fmt: skip
    parser.add_argument("--title", default="", metavar="T")
    parser.add_argument(
        "--view", metavar="NAME",
        help="a view saved in the window (View → Saved views): its filters, lanes and time "
        "range; the options above, where given, take the place of its own",
    )  # fmt: skip
    parser.add_argument(
        "--max-lanes", type=_positive, metavar="N",
        help="the N busiest lanes and one 'Others' lane for the rest (default: the saved "
        "view's, else as many as the page holds)",
    )  # fmt: skip


def add_parsers(commands) -> None:
    export = commands.add_parser(
        "export", help="write the timeline as a PNG, SVG or PDF image (no window is shown)"
    )
    export.add_argument("out", type=Path, metavar="OUT.png|OUT.svg|OUT.pdf")
    _filter_options(export)
    export.add_argument(
        "--subtitle", default="", metavar="S", help="default: the range and filters in words"
    )
    export.add_argument(
        "--page", choices=list(PAGES), default=DEFAULT_PAGE,
        help="the page's shape and, for a PDF, its size (default: a 16:9 slide)",
    )  # fmt: skip
    export.add_argument("--portrait", action="store_true", help="default: landscape")
    export.add_argument("--width", type=_positive, metavar="PX",
                        help="default: the page's width at --dpi; alone, keeps the page's shape")  # fmt: skip
    export.add_argument("--height", type=_positive, metavar="PX",
                        help="default: the page's height at --dpi; alone, keeps its shape")  # fmt: skip
    export.add_argument("--dpi", type=_positive, default=DEFAULT_DPI)
    export.add_argument(
        "--theme",
        choices=["light", "dark", "presentation"],
        default="light",
        help="light for print (default); dark or presentation: high contrast for a projector",
    )
    briefing = commands.add_parser(
        "briefing", help="write a deck that steps through the key events (PPTX or PDF)"
    )
    briefing.add_argument("out", type=Path, metavar="OUT.pptx|OUT.pdf")
    briefing.add_argument(
        "--story",
        metavar="NAME",
        help="the steps of this story (default: the key events shown; with none, the "
        f"{MAX_STEPS} with the most fatalities, spread over the period)",
    )
    _filter_options(briefing)


def _day(text: str) -> date:
    """A day as the options take it; argparse would say "invalid fromisoformat value"."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def state_from_args(
    store: Store, dataset: str, flt: EventFilter, args, base: FilterState | None = None
) -> FilterState:
    """The filters the options give; for those not given, `base`'s (a saved view's)."""
    base = base or FilterState()
    registry = ActorRegistry(store.actors(dataset))
    actors = set()
    for name in args.actor:
        found = registry.find(name)
        if found is None:
            raise StoreError(f"no actor '{name}' in '{dataset}'")
        actors.add(found)
    places: set[tuple[str, ...]] = set()
    for name in args.location:
        nodes = flt.find_places(name)
        if not nodes:
            raise StoreError(f"no country, province or place '{name}' in '{dataset}'")
        places |= nodes
    types = {str(t) for t in flt.columns.events["event_type"].cat.categories}
    for name in args.type:
        if name not in types:
            raise StoreError(f"no event type '{name}' in '{dataset}' ({', '.join(sorted(types))})")
    return base.with_(
        actors=frozenset(actors) if actors else base.actors,
        places=frozenset(places) if places else base.places,
        types=frozenset(args.type) if args.type else base.types,
        start=args.start or base.start, end=args.end or base.end, text=args.text or base.text,
        key_only=args.key_only or base.key_only,
    )  # fmt: skip


def headless_app():
    """Qt with no window, even with a display (exports lay out an offscreen view, so widgets):
    for the CLI, and for the window's child that writes a briefing."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_quiet_offscreen)
    return QApplication.instance() or QApplication([])


def view_from_args(store: Store, args: argparse.Namespace) -> ViewState:
    """The view the options ask for: the dataset, a saved view if named, then the filters,
    lanes and budget given on the command line in place of the view's."""
    dataset = args.dataset or store.default_dataset()
    if dataset is None:
        raise StoreError(f"{store.path} holds no datasets")
    view = ViewState(store.search)
    view.open(dataset, store.columns(dataset))
    assert view.filter is not None
    if args.view:
        saved = store.saved_view(dataset, args.view)
        if gone := view.apply(saved.settings):
            names = ", ".join(f"'{g}'" for g in gone)
            print(terminal_text(f"the view '{saved.name}' names what '{dataset}' no longer "
                                f"has ({names}): the rest of it applies"), file=sys.stderr)  # fmt: skip
    view.set_filters(state_from_args(store, dataset, view.filter, args, view.filters))
    if args.start or args.end:
        view.set_time_range(None)  # the dates asked for, not the view's range
    view.set_lanes(mode=args.lanes, budget=args.max_lanes)
    if not view.mask.any():
        raise StoreError("no event passes these filters: nothing to draw")
    return view


def _in_range(view: ViewState, x_range: tuple[float, float]) -> np.ndarray:
    """The events shown that the picture's period takes in (a saved view's range can leave
    some of the filters' events out of it)."""
    assert view.columns is not None
    ev = view.columns.events
    x0, x1 = x_range
    return view.mask & (ev["start_ts"].to_numpy() <= x1) & (ev["end_ts"].to_numpy() >= x0)


def _sources(store: Store, view: ViewState, mask: np.ndarray) -> int:
    assert view.columns is not None and view.dataset is not None
    # every event: no list of a million ids for the store to match (5 s of the export)
    ids = None if mask.all() else view.columns.events["id"].to_numpy()[mask]
    return store.source_count(view.dataset, ids)


def run_export(store: Store, args: argparse.Namespace) -> int:
    from timeline_app.ui.export_image import FORMATS, ExportOptions, default_subtitle, export_image

    if args.out.suffix.lower() not in FORMATS:
        raise StoreError(f"cannot export '{args.out.suffix}' (one of {', '.join(FORMATS)})")
    headless_app()
    view = view_from_args(store, args)
    assert view.columns is not None and view.dataset is not None
    x_range = view.x_range()
    drawn = _in_range(view, x_range)
    width, height = page_size(args.page, args.dpi, args.width, args.height, args.portrait)
    options = ExportOptions(
        width=width, height=height, dpi=args.dpi, title=args.title, theme=args.theme,
        subtitle=args.subtitle or default_subtitle(view.filters, x_range, view.shown_period()),
        dataset=view.dataset,
        sources=_sources(store, view, drawn), max_lanes=args.max_lanes,
    )  # fmt: skip
    out = export_image(args.out, view.columns, view.layout(), x_range, options)
    print(terminal_text(f"wrote {out} ({int(np.count_nonzero(drawn))} events)"))
    return 0


def briefing_from_args(store: Store, args: argparse.Namespace):
    """The deck the options ask for (its pictures rendered), and its steps' titles."""
    from timeline_app.ui.briefing import Step, build_briefing
    from timeline_app.ui.export_image import default_subtitle

    headless_app()
    view = view_from_args(store, args)
    columns, dataset = view.columns, view.dataset
    assert columns is not None and dataset is not None
    if args.story:
        wanted = [(st.event_id, st.note) for st in store.story(dataset, args.story).steps]
    else:
        chosen = default_steps(columns, view.mask)
        if why := chosen.describe():
            print(terminal_text(why, lines=True))
        wanted = [(str(columns.uids[r]), "") for r in chosen.rows]
    steps = []
    for uid, note in wanted:
        row, event = columns.row_of(uid), store.event(dataset, uid)
        if row is not None and event is not None:  # (a story's event deleted since)
            steps.append(Step(row, event, note))
    return build_briefing(
        view, steps, title=args.title or args.story or dataset,
        subtitle=default_subtitle(view.filters, view.x_range(), view.shown_period()),
        sources=_sources(store, view, _in_range(view, view.x_range())),
        story=bool(args.story), max_lanes=args.max_lanes,
    )  # fmt: skip


def run_briefing(store: Store, args: argparse.Namespace) -> int:
    from timeline_app.ui.briefing import write_briefing

    if args.out.suffix.lower() not in (".pptx", ".pdf"):
        raise StoreError(f"a briefing is a .pptx or a .pdf, not '{args.out.suffix}'")
    briefing = briefing_from_args(store, args)
    out = write_briefing(briefing, args.out)
    steps = briefing.steps
    titles = " → ".join(terminal_text(s.event.title) for s in steps[:6])
    print(f"wrote {terminal_text(out)}: {len(steps)} steps, {titles}")
    return 0


def _quiet_offscreen(mode, context, message: str) -> None:
    """Qt's offscreen platform says it cannot propagate size hints each time a (never shown)
    view is laid out: true, and of no use to someone exporting an image. Others pass on."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)
