"""`timeline-app export`: the timeline as an image, from the command line, with no window.

The same filters as the window, so that a weekly briefing image can be scripted.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

import numpy as np

from timeline_app.core.actors import ActorRegistry
from timeline_app.core.dates import DAY_SECONDS, ordinal_seconds
from timeline_app.core.errors import StoreError
from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.lanes import LaneMode, layout_lanes
from timeline_app.core.store import Store


def add_parser(commands) -> None:
    export = commands.add_parser(
        "export", help="write the timeline as a PNG, SVG or PDF image (no window is shown)"
    )
    export.add_argument("out", type=Path, metavar="OUT.png|OUT.svg|OUT.pdf")
    export.add_argument(
        "--dataset", metavar="NAME", help="dataset (default: Congo 2025 or the first)"
    )
    export.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="A",
        help="only events of this actor (repeat for more)",
    )
    export.add_argument(
        "--location",
        action="append",
        default=[],
        metavar="L",
        help="only events in this country, province or place (repeat)",
    )
    export.add_argument(
        "--type", action="append", default=[], metavar="T", help="only events of this type (repeat)"
    )
    export.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    export.add_argument("--text", default="", metavar="Q", help="full-text search")
    export.add_argument("--key-only", action="store_true", help="key events only")
    export.add_argument("--lanes", choices=[m.value for m in LaneMode], default="actor")
    export.add_argument("--title", default="", metavar="T")
    export.add_argument(
        "--subtitle", default="", metavar="S", help="default: the range and filters in words"
    )
    export.add_argument("--width", type=int, default=2400, metavar="PX")
    export.add_argument("--height", type=int, metavar="PX", help="default: fits every lane")
    export.add_argument("--dpi", type=int, default=150)
    export.add_argument("--theme", choices=["light"], default="light")  # fmt: skip


def state_from_args(store: Store, dataset: str, flt: EventFilter, args) -> FilterState:
    registry = ActorRegistry(store.actors(dataset))
    actors = set()
    for name in args.actor:
        found = registry.find(name)
        if found is None:
            raise StoreError(f"no actor '{name}' in '{dataset}'")
        actors.add(found)
    places = set()
    for name in args.location:
        found = flt.find_places(name)
        if not found:
            raise StoreError(f"no country, province or place '{name}' in '{dataset}'")
        places |= found
    types = {str(t) for t in flt.columns.events["event_type"].cat.categories}
    for name in args.type:
        if name not in types:
            raise StoreError(f"no event type '{name}' in '{dataset}' ({', '.join(sorted(types))})")
    return FilterState(
        actors=frozenset(actors), places=frozenset(places), types=frozenset(args.type),
        start=args.start, end=args.end, text=args.text, key_only=args.key_only,
    )  # fmt: skip


def run_export(store: Store, args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window, even with a display
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from timeline_app.ui.export_image import FORMATS, ExportOptions, default_subtitle, export_image

    if args.out.suffix.lower() not in FORMATS:
        raise StoreError(f"cannot export '{args.out.suffix}' (one of {', '.join(FORMATS)})")
    dataset = args.dataset or store.default_dataset()
    if dataset is None:
        raise StoreError(f"{store.path} holds no datasets")
    columns = store.columns(dataset)
    flt = EventFilter(columns)
    state = state_from_args(store, dataset, flt, args)
    text_ids = store.search(dataset, state.text) if state.text.strip() else None
    mask = flt.mask(state, text_ids)
    if not mask.any():
        raise StoreError("no event passes these filters: nothing to draw")
    layout = layout_lanes(columns, args.lanes, mask)
    ev = columns.events
    lo = float(ev["start_ts"].to_numpy()[mask].min())
    hi = float(ev["end_ts"].to_numpy()[mask].max())
    pad = max(0.03 * (hi - lo), DAY_SECONDS)
    x0 = ordinal_seconds(args.start.toordinal()) if args.start else lo - pad
    x1 = ordinal_seconds(args.end.toordinal() + 1) if args.end else hi + pad
    qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication([])  # noqa: F841 - Qt must live while drawing
    options = ExportOptions(
        width=args.width, height=args.height, dpi=args.dpi, title=args.title,
        subtitle=args.subtitle or default_subtitle(state, (x0, x1)), dataset=dataset,
        sources=store.source_count(dataset, ev["id"].to_numpy()[mask]),
    )  # fmt: skip
    out = export_image(args.out, columns, layout, (x0, x1), options)
    print(f"wrote {out} ({int(np.count_nonzero(mask))} events)")
    return 0


def _quiet_offscreen(mode, context, message: str) -> None:
    """Qt's offscreen platform says it cannot propagate size hints each time a (never shown)
    view is laid out: true, and of no use to someone exporting an image. Others pass on."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)
