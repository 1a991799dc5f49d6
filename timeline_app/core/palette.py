"""One palette for lanes, list and legend: lanes drawn together never share a colour.

32 colours. The first are Okabe & Ito's (less the yellow, too pale on white) and Paul Tol's
"muted" set (colour-blind safe), their darkest and palest replaced by colours of the same
family that read on both themes; the rest were picked one at a time as the farthest (CIE Lab)
from those already chosen. Every one has a contrast of 2.2:1 or more against both the light
(#ffffff) and the dark (#101418) background, and none is grey: grey is the "Others" lane's.

A lane takes its category's colour when the category is among the dataset's 32 busiest (so
those keep their colour whatever the filters), else a colour no other lane drawn has. More
lanes than colours (a budget of "all" over 200 actors) are coloured by position, so that any
32 lanes in a row differ: a window shows fewer than that at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from timeline_app.core.lane_control import OTHERS_COLOR

PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#A80858", "#117733",
    "#3048A8", "#999933", "#AA4499", "#44AA99", "#CC6677", "#A07000", "#0088A0", "#784818",
    "#A090F8", "#E09060", "#A02020", "#604878", "#505810", "#88A870", "#106048", "#68B048",
    "#A098D0", "#F87060", "#804040", "#1890F8", "#988048", "#D888E0", "#F060A0", "#507800",
)  # fmt: skip


def lane_colors(ranks: Sequence[int | None], prefer: Sequence[str] | None = None) -> list[str]:
    """Colours of lanes drawn together, in lane order, given each lane's category rank in the
    dataset (None: the "Others" lane, grey). Each lane takes, if no lane before it has:
    the colour `prefer` gives it (its colour in the layout this one is cut from, so that an
    export of the window's lanes keeps the window's colours), else its rank's colour; else
    the first colour no lane has. Beyond len(PALETTE) lanes: by position."""
    real = [i for i, r in enumerate(ranks) if r is not None]
    out = [OTHERS_COLOR] * len(ranks)
    if len(real) > len(PALETTE):
        for n, i in enumerate(real):
            out[i] = PALETTE[n % len(PALETTE)]
        return out
    used: set[str] = set()
    left: list[int] = []
    choices = [[prefer[i]] if prefer is not None else [] for i in range(len(ranks))]
    for i in real:
        rank = ranks[i]
        assert rank is not None
        if rank < len(PALETTE):
            choices[i].append(PALETTE[rank])
        pick = next((c for c in choices[i] if c in PALETTE and c not in used), None)
        if pick is None:
            left.append(i)
        else:
            out[i] = pick
            used.add(pick)
    spare = (c for c in PALETTE if c not in used)
    for i in left:
        out[i] = next(spare)
    return out
