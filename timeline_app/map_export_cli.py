"""`timeline-app export-map`: the map of the events the filters show, as an image, no window."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from timeline_app.core.errors import StoreError
from timeline_app.core.store import Store
from timeline_app.core.text import terminal_text
from timeline_app.export_cli import _filter_options, _positive, headless_app, view_from_args


def add_parser(commands) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "export-map",
        help="write the map of the events shown as a PNG, SVG or PDF image (no window)",
    )
    parser.add_argument("out", type=Path, metavar="OUT.png|OUT.svg|OUT.pdf")
    _filter_options(parser)
    parser.add_argument("--width", type=_positive, default=1600, metavar="PX")
    parser.add_argument("--height", type=_positive, default=1000, metavar="PX")
    return parser


def run_export_map(store: Store, args: argparse.Namespace) -> int:
    from timeline_app.ui.map_export import FORMATS, export_map

    if args.out.suffix.lower() not in FORMATS:
        raise StoreError(f"cannot export '{args.out.suffix}' (one of {', '.join(FORMATS)})")
    headless_app()
    # the same view as `export` draws (a saved view's filters and lanes, the options over
    # them): the map's markers take the colours of the timeline's lanes
    view = view_from_args(store, args)
    assert view.columns is not None
    title = args.title or view.dataset or ""
    mask = view.mask
    if view.time_range is not None:  # a saved view's period: the window's map shows that
        ev = view.columns.events
        x0, x1 = view.time_range
        mask = mask & (ev["start_ts"].to_numpy() <= x1) & (ev["end_ts"].to_numpy() >= x0)
        if not mask.any():
            raise StoreError("no event shown falls in the view's time range: nothing to draw")
    try:
        out = export_map(args.out, view.columns, view.layout(), mask, (args.width, args.height),
                         title)  # fmt: skip
    except OSError as exc:
        raise StoreError(str(exc)) from exc
    print(terminal_text(f"wrote {out} ({int(np.count_nonzero(mask))} events)"))
    return 0
