"""The default steps of a presentation or a briefing, when no story gives them.

The key events shown, in time order. ACLED and UCDP data mark none, and one step per event
shown made a 1,000-slide deck (a minute of work and gigabytes): with no key events, at most
MAX_STEPS events instead, spread over the period shown (each the most significant of its
stretch of time: most fatalities, then most actors), in time order. The window, presentation
mode and the CLI all take their steps from here, and say which rule chose them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from timeline_app.core.columns import EventColumns
from timeline_app.core.words import QT_TR_NOOP

MAX_STEPS = 12

CHOSEN_TEXT = QT_TR_NOOP(
    "No key events among the {shown} events shown: {count} steps instead, those with the most "
    "fatalities (then actors) spread over the period. Mark key events, or make a story, to "
    "choose your own."
)
ALL_TEXT = QT_TR_NOOP("No key events among the {shown} events shown: a step for each.")


class StepRule(StrEnum):
    KEY = "key"  # the key events shown
    ALL = "all"  # no key events, and few enough events shown to step through them all
    CHOSEN = "chosen"  # no key events: MAX_STEPS of those shown, spread over time


@dataclass(frozen=True)
class DefaultSteps:
    rows: list[int]  # event rows, in time order
    shown: int  # how many events the filters show
    rule: StepRule

    def describe(
        self,
        translate: Callable[[str], str] = str,
        number: Callable[[int], str] = "{:,}".format,
    ) -> str:
        """Why these steps, for the user ("" for key events: what they asked for). The window
        passes its `tr` and its locale's numbers."""
        if self.rule is StepRule.KEY:
            return ""
        text = CHOSEN_TEXT if self.rule is StepRule.CHOSEN else ALL_TEXT
        return translate(text).format(shown=number(self.shown), count=number(len(self.rows)))


def default_steps(columns: EventColumns, mask: np.ndarray, limit: int = MAX_STEPS) -> DefaultSteps:
    """The steps for the events `mask` shows: see the module's docstring."""
    rows = np.flatnonzero(mask)
    keys = rows[columns.events["key"].to_numpy()[rows]]
    if len(keys):
        return DefaultSteps([int(r) for r in keys], len(rows), StepRule.KEY)
    if len(rows) <= limit:
        return DefaultSteps([int(r) for r in rows], len(rows), StepRule.ALL)
    return DefaultSteps(_spread(columns, rows, limit), len(rows), StepRule.CHOSEN)


def _spread(columns: EventColumns, rows: np.ndarray, limit: int) -> list[int]:
    """`limit` of `rows`: the most significant of each of `limit` equal stretches of time,
    then (where a stretch has no event) the most significant of the rest."""
    fatalities = np.nan_to_num(columns.events["fatalities"].to_numpy()[rows], nan=0.0)
    actors = np.bincount(columns.pairs["event"].to_numpy(), minlength=len(columns))[rows]
    # most significant first; among equals, the earlier (lexsort's last key leads)
    order = np.lexsort((rows, -actors, -fatalities))
    start = columns.events["start_ts"].to_numpy()[rows].astype(np.float64)
    span = start.max() - start.min()
    stretch = np.zeros(len(rows), np.int64)
    if span > 0:
        stretch = np.minimum(((start - start.min()) / span * limit).astype(np.int64), limit - 1)
    # the first of each stretch in `order` is that stretch's most significant
    _, first = np.unique(stretch[order], return_index=True)
    chosen = order[first]
    if len(chosen) < limit:
        rest = order[~np.isin(order, chosen)]
        chosen = np.concatenate([chosen, rest[: limit - len(chosen)]])
    return [int(r) for r in np.sort(rows[chosen])]
