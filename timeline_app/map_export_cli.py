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
    view = view_from_args(store, args)
    assert view.columns is not None and view.dataset is not None  # view_from_args opened it
    mask = view.mask
    title = args.title or view.dataset
    size = (args.width, args.height)
    try:
        out = export_map(args.out, view.columns, view.layout(), mask, size, title)
    except OSError as exc:
        raise StoreError(str(exc)) from exc
    print(terminal_text(f"wrote {out} ({int(np.count_nonzero(mask))} events)"))
    return 0
