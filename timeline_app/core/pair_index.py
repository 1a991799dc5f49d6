"""Which pairs (an event's actors, its instances in lanes) belong to the events shown, without
a pass over every pair when few are shown.

Pairs sorted by event are indexed by offsets (built once per dataset): the pairs of event
`r` are `offsets[r]:offsets[r + 1]`. A filter that shows a few events takes their ranges
only; one that shows many reads a mask over every pair, which is then cheaper (a million
events have ~2.7 million actor pairs: the mask took ~3.5 ms whatever it showed, the ranges
of 1% of the events 0.4 ms).
"""

from __future__ import annotations

import numpy as np

SPARSE = 0.25  # below this share of events shown, their ranges; above, a mask over the pairs


def offsets(pair_event: np.ndarray, n: int) -> np.ndarray:
    """Where each event's pairs start in `pair_event` (sorted), and the end: n + 1 values."""
    counts = np.bincount(pair_event, minlength=n)
    dtype = np.int32 if len(pair_event) < 2**31 else np.int64
    out = np.zeros(n + 1, dtype=dtype)
    np.cumsum(counts, out=out[1:])
    return out


def ranges(offsets: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The pairs of the events `rows`, their ranges one after the other (int64): a running
    sum of steps of one, jumping at the start of each range (np.repeat took twice as long)."""
    starts = offsets[rows].astype(np.int64)
    lengths = offsets[rows + 1] - starts
    some = lengths > 0
    starts, lengths = starts[some], lengths[some]
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    step = np.ones(total, dtype=np.int64)
    if total:
        step[0] = starts[0]
        step[ends[:-1]] = starts[1:] - (starts[:-1] + lengths[:-1] - 1)
    return np.cumsum(step)


def pairs_of(shown: np.ndarray, pair_event: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Indices, ascending, of the pairs whose event is `shown` (a mask over events), where
    `pair_event` is sorted and `offsets` its offsets: the same as np.flatnonzero(shown[
    pair_event]), at the cost of the events shown when they are few."""
    rows = np.flatnonzero(shown)
    if len(rows) < SPARSE * len(shown):
        return ranges(offsets, rows)
    return np.flatnonzero(shown[pair_event])
