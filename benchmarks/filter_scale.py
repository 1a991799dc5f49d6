"""The core of a filter change at scale, without a window: mask, faceted counts, lane layout.

    python benchmarks/filter_scale.py [--sizes 100000 1000000]

Synthetic events (timeline_app.core.synthetic); median of 5 runs of each kind of change. The
baseline is a Python loop over the events for the same actor filter. "counts" is the mask
and the faceted counts together, as a change asks for them; "lanes" is the layout of what is
shown (the per-dataset parts, worked out on the first call, are kept).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from timeline_app.core.filters import EventFilter, FilterState
from timeline_app.core.lanes import LaneMode, layout_lanes
from timeline_app.core.synthetic import synthetic_columns


def median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def measure(n: int) -> str:
    cols = synthetic_columns(n)
    flt = EventFilter(cols)
    state = FilterState(
        actors=frozenset({"Actor 001", "Actor 007"}),
        places=frozenset({("Syntheland", "Province 3")}),
    )
    mask = flt.mask(state)
    pairs_event = cols.pairs["event"].to_numpy().tolist()
    pairs_actor = cols.pairs["actor"].to_numpy().tolist()

    def loop() -> None:  # the naive way: one Python step per event-actor pair
        hit = [False] * n
        for e, a in zip(pairs_event, pairs_actor, strict=True):
            if a in (1, 7):
                hit[e] = True

    def fresh(fn):  # the filter keeps the last state's masks: measure without them
        def run():
            flt._last_parts = (None, None, {})
            fn()

        return run

    times = (
        median_ms(fresh(lambda: flt.mask(state))),
        median_ms(fresh(lambda: (flt.mask(state), flt.counts(state)))),
        median_ms(lambda: layout_lanes(cols, LaneMode.ACTOR, mask)),
        median_ms(loop, runs=1),
    )
    shown = int(np.count_nonzero(mask))
    return f"{n:>10,} " + " ".join(f"{t:>8.1f}" for t in times) + f"  ({shown:,} shown)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(f"{'events':>10} {'mask':>8} {'counts':>8} {'lanes':>8} {'loop':>8}  (ms, median of 5)")
    for n in args.sizes:
        print(measure(n))


if __name__ == "__main__":
    main()
