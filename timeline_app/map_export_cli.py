"""`timeline-app export-map`: the map of the events the filters show, as an image, no window."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from timeline_app.core.errors import StoreError
from timeline_app.core.store import Store
from timeline_app.core.text import terminal_text
from timeline_app.export_cli import _filter_options, _positive, _prepare


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
    _app, dataset, columns, _state, mask, layout, _x, _sources = _prepare(store, args)
    title = args.title or dataset
    try:
        out = export_map(args.out, columns, layout, mask, (args.width, args.height), title)
    except OSError as exc:
        raise StoreError(str(exc)) from exc
    print(terminal_text(f"wrote {out} ({int(np.count_nonzero(mask))} events)"))
    return 0
