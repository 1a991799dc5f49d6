"""A date axis whose finer ticks make room for the coarser ones ("Apr" never meets "02"), and
a second row that names the period the ticks are in: days over "March 2025", months over
"2025" (so the year is always in sight, however far one zooms); where the ticks are years
already, or name a year themselves, the row does not repeat them."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from timeline_app.core.dates import MONTH_NAMES, MONTHS, localize
from timeline_app.ui import i18n

MIN_GAP_PX = 8.0  # px: the least room left between two tick texts
DAY = 86_400.0
MAX_PERIODS = 120  # periods in view beyond which the second row is left empty
KEPT_TICKS = 8  # ranges whose ticks are kept


def _periods(x0: float, x1: float, finest: float) -> list[tuple[float, str]]:
    """(start, name) of each period the second row names, from the one holding x0 to x1:
    days under hours, months under days, years under months; none under years."""
    if finest >= 300 * DAY or not (np.isfinite(x0) and np.isfinite(x1)) or x1 <= x0:
        return []
    period = DAY if finest < DAY else 30 * DAY if finest < 28 * DAY else 365 * DAY
    if (x1 - x0) / period > MAX_PERIODS:  # too many to name: the ticks say enough
        return []
    try:
        first = datetime.fromtimestamp(x0, UTC)
        datetime.fromtimestamp(x1, UTC)
    except (OverflowError, OSError, ValueError):  # beyond the years a date can hold
        return []
    if finest < DAY:
        cur = first.replace(hour=0, minute=0, second=0, microsecond=0)

        def name(d):
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"

        def step(d):
            return datetime.fromordinal(d.toordinal() + 1).replace(tzinfo=UTC)
    elif finest < 28 * DAY:
        cur = first.replace(day=1, hour=0, minute=0, second=0, microsecond=0)

        def name(d):
            return f"{MONTH_NAMES[d.month - 1]} {d.year}"

        def step(d):
            return d.replace(year=d.year + d.month // 12, month=d.month % 12 + 1)
    else:
        cur = first.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)

        def name(d):
            return str(d.year)

        def step(d):
            return d.replace(year=d.year + 1)

    out: list[tuple[float, str]] = []
    while cur.timestamp() < x1 and len(out) <= MAX_PERIODS:
        out.append((cur.timestamp(), name(cur)))
        if cur.year >= 9999:
            break
        cur = step(cur)
    return out


def _is_year(text: str) -> bool:
    """A tick that names a year ("2016", "950"), not a day of the month ("02")."""
    return text.isdigit() and len(text) >= 3


class DateAxis(pg.DateAxisItem):
    def __init__(self, *, periods: bool = True, **kwargs) -> None:
        self.periods = periods  # the second row (the overview strip, whose ticks span the
        # whole dataset, has years among its ticks and no room for a row more)
        # the ticks of the last ranges: (range, size, font...) -> (zoom level, spacing, ticks)
        self._kept_ticks: dict[tuple, tuple] = {}
        super().__init__(orientation="bottom", utcOffset=0, **kwargs)

    def tickStrings(self, values, scale, spacing):
        language = i18n.language()  # pyqtgraph writes month names in English
        return [localize(text, language) for text in super().tickStrings(values, scale, spacing)]

    def tickValues(self, minVal, maxVal, size):
        """pyqtgraph's ticks, less those whose text would touch another's (_spaced). The last
        few ranges' are kept: a filter change, or clearing it, often comes back to a range
        (measuring the texts took ~1-3 ms a range)."""
        font = self.style.get("tickFont")
        fm = getattr(self, "fontMetrics", None)  # the painter's: pyqtgraph sizes ticks by it
        sized = (fm.height(), fm.horizontalAdvance("00 Sep 2025")) if fm else None
        key = (minVal, maxVal, size, font.key() if font else "", i18n.language(), self.utcOffset,
               sized)  # fmt: skip
        kept = self._kept_ticks
        if key in kept:
            # what pyqtgraph's tickValues sets, and its tickStrings and drawing read
            self.zoomLevel, self.minSpacing, out = kept[key]
            self.zoomLevel.utcOffset = self.utcOffset
            return out
        out = self._spaced(minVal, maxVal, size)
        kept[key] = (self.zoomLevel, self.minSpacing, out)
        if len(kept) > KEPT_TICKS:
            del kept[next(iter(kept))]
        return out

    def _spaced(self, minVal, maxVal, size):
        """pyqtgraph's ticks, less those whose text would touch another's: each text is
        measured in the axis's font and the interface's language ("févr." is wider than
        "Feb", and a slide's font is bigger than the window's), coarser ticks first, then
        left to right within a level ("Mar 03", "févr.mars" ran together)."""
        levels = super().tickValues(minVal, maxVal, size)
        if size <= 0 or maxVal <= minVal:
            return levels
        fm = self._row_metrics()
        per_px = size / (maxVal - minVal)
        gap = max(fm.horizontalAdvance("00"), MIN_GAP_PX)  # room between two texts
        kept: list[tuple[float, float]] = []  # the texts' [left, right) px, of ticks kept
        coarser = np.empty(0)  # the values of the coarser levels' ticks kept
        out = []
        for spacing, values in levels:
            values = sorted(float(v) for v in values)
            if len(coarser) and values:  # a finer tick less than half its step (days go
                # by fives) from a coarser one reads as one date with it: "Mar 03"
                step = float(np.diff(values).min()) if len(values) > 1 else spacing
                near = np.abs(np.asarray(values)[:, None] - coarser[None, :]).min(axis=1)
                values = [v for v, d in zip(values, near, strict=True) if d >= step / 2]
            texts = self.tickStrings(values, 1.0, spacing) if values else []
            level = []
            for value, text in zip(values, texts, strict=True):
                half = fm.horizontalAdvance(text) / 2 + gap / 2
                x = (value - minVal) * per_px
                box = (x - half, x + half)
                if all(box[1] <= a or box[0] >= b for a, b in kept):
                    kept.append(box)
                    level.append(value)
            out.append((spacing, level))
            coarser = np.concatenate([coarser, level])
        return out

    def _row_metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.style.get("tickFont") or QFont())

    def _updateHeight(self) -> None:
        """One more text row than pyqtgraph makes room for: the periods'."""
        super()._updateHeight()
        if self.periods and self.isVisible() and self.style["showValues"]:
            h = self.maximumHeight() + self._row_metrics().height()
            self.setMaximumHeight(h)
            self.setMinimumHeight(h)

    def generateDrawSpecs(self, p):
        specs = super().generateDrawSpecs(p)
        view = self.linkedView()
        level = getattr(self, "zoomLevel", None)
        if specs is None or view is None or level is None or not self.periods:
            return specs
        axis, ticks, texts = specs
        fm = self._row_metrics()
        top = max(
            [r.bottom() for r, _, _ in texts], default=self.boundingRect().top() + 4 + fm.height()
        )
        finest = min(spec.spacing for spec in level.tickSpecs)
        x0, x1 = self.range
        left, right = self.boundingRect().left(), self.boundingRect().right()
        language = i18n.language()

        def px(value: float) -> float:
            return self.mapFromScene(view.mapViewToScene(QPointF(value, 0))).x()

        periods = _periods(float(x0), float(x1), finest)
        # what the ticks already say is not said again: over a decade the ticks are years,
        # and the row repeated each of them; over two years it repeated the year ticks
        named = {text for _, _, text in texts}
        if named and all(_is_year(text) for text in named):
            periods = []
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for n, (start, name) in enumerate(periods):
            x = max(px(start), left) + 3  # the period holding the left edge stays in sight
            end = px(periods[n + 1][0]) - 6 if n + 1 < len(periods) else right
            text = localize(name, language)
            if text in named:
                continue
            if fm.horizontalAdvance(text) <= end - x:  # whole, or not at all ("20…" said nothing)
                rect = QRectF(x, top, fm.horizontalAdvance(text) + 2, fm.height())
                texts.append((rect, flags, text))
                if px(start) > left:  # a boundary: a tick across both rows
                    ticks.append(
                        (p.pen(), QPointF(px(start), top), QPointF(px(start), rect.bottom()))
                    )
        return axis, ticks, texts
