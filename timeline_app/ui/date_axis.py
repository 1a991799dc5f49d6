"""A date axis whose finer ticks make room for the coarser ones ("Apr" never meets "02")."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from timeline_app.core.dates import localize
from timeline_app.ui import i18n

MIN_GAP_PX = 34  # a finer tick closer than this to a coarser one is dropped


class DateAxis(pg.DateAxisItem):
    def __init__(self, **kwargs) -> None:
        super().__init__(orientation="bottom", utcOffset=0, **kwargs)

    def tickStrings(self, values, scale, spacing):
        language = i18n.language()  # pyqtgraph writes month names in English
        return [localize(text, language) for text in super().tickStrings(values, scale, spacing)]

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        if size <= 0 or maxVal <= minVal:
            return levels
        gap = MIN_GAP_PX * (maxVal - minVal) / size
        taken = np.empty(0)
        out = []
        for spacing, values in levels:
            values = np.asarray(values, dtype=float)
            if len(taken):
                nearest = np.abs(values[:, None] - taken[None, :]).min(axis=1)
                values = values[nearest >= gap]
            out.append((spacing, list(values)))
            taken = np.concatenate([taken, values])
        return out
