"""The layout of an exported page: its size (a slide, A4, Letter), where the title, the
timeline, the legend and the footer go, and how many lanes fit.

A fixed page never grows and nothing on it overlaps: the lane budget (core.lanes.fold_lanes)
keeps as many lanes as fit at a readable height and folds the rest into one "Others" lane, and
the legend lists exactly the lanes drawn, in columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from timeline_app.core.columns import EventColumns
from timeline_app.core.lane_budget import RowRoom, trade_lanes
from timeline_app.core.lanes import LaneLayout, fold_lanes
from timeline_app.core.pages import DEFAULT_DPI
from timeline_app.ui.i18n import lane_text, tr
from timeline_app.ui.item_rows import LANE_PAD
from timeline_app.ui.timeline_item import EventsItem
from timeline_app.ui.timeline_view import MIN_LANE_PX

BASE_WIDTH = 1600.0  # the design width: sizes scale with width / BASE_WIDTH
LANE_PX = 40  # the thinnest lane an export draws (design pixels): markers and a label line
AXIS_PX = 40  # the date axis under the lanes (design pixels)


@dataclass
class ExportOptions:
    width: int = 2000  # pixels (for SVG and PDF: the page width in pixels at `dpi`)
    height: int | None = 1125  # None: the page grows to hold every lane
    dpi: int = DEFAULT_DPI
    title: str = ""
    subtitle: str = ""  # default: the time range and the filters in words
    dataset: str = ""
    sources: int = 0
    selected: int | None = None  # an event row to ring, as the window does
    theme: str = "light"  # "light" for print; "presentation" (dark, high contrast) on request
    max_lanes: int | None = None  # lanes besides "Others"; default: as many as the page holds


def font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(int(px), 1))
    f.setBold(bold)
    return f


def symbols() -> list[tuple[str, str]]:
    """The legend's entries for the marks, after the lanes."""
    return [(tr("Key event"), "key"), (tr("Known to the day"), "dot"),
            (tr("Known only to the week or month"), "hatch")]  # fmt: skip


class Page:
    """The layout of one exported page, in pixels: rectangles that never overlap."""

    def __init__(self, options: ExportOptions, layout: LaneLayout) -> None:
        self.o = options
        self.s = s = options.width / BASE_WIDTH
        self.margin = 40 * s
        self.title_font, self.sub_font = font(38 * s, True), font(20 * s)
        self.legend_font, self.foot_font = font(17 * s), font(15 * s)
        width = options.width - 2 * self.margin
        title_h = QFontMetricsF(self.title_font).height()
        sub_h = QFontMetricsF(self.sub_font).height()
        foot_h = QFontMetricsF(self.foot_font).height()
        self.title_rect = QRectF(self.margin, self.margin, width, title_h)
        self.subtitle_rect = QRectF(self.margin, self.title_rect.bottom() + 6 * s, width, sub_h)
        top = self.subtitle_rect.bottom() + 12 * s
        entries = [(lane_text(label), color)
                   for label, color in zip(layout.labels, layout.colors, strict=True)]  # fmt: skip
        self.legend = Legend(self, entries + symbols())
        n = max(len(layout.labels), 1)
        natural = top + n * LANE_PX * s + AXIS_PX * s + self.legend.height + foot_h + self.margin
        self.height = options.height or int(max(options.width * 9 / 16, natural + 20 * s))
        self.footer_rect = QRectF(self.margin, self.height - self.margin - foot_h, width, foot_h)
        legend_top = self.footer_rect.top() - 10 * s - self.legend.height
        self.legend_rect = QRectF(self.margin, legend_top, width, self.legend.height)
        self.timeline = QRectF(self.margin, top, width, max(legend_top - 10 * s - top, 1.0))
        # once drawn, for the tests: the lanes' y range, the time range, each lane's top and
        # bottom (lane units) and its count of events left out
        self.lanes_drawn: list[float] | None = None
        self.x_drawn: tuple[float, float] | None = None
        self.offsets: np.ndarray | None = None
        self.counts: np.ndarray | None = None
        self.drawn: tuple[np.ndarray, np.ndarray] | None = None  # (lane, event) drawn in detail

    def regions(self) -> dict[str, QRectF]:
        return {"title": self.title_rect, "subtitle": self.subtitle_rect,
                "timeline": self.timeline, "legend": self.legend_rect,
                "footer": self.footer_rect}  # fmt: skip


class Legend:
    """Lane colours then the marks, in columns of equal width (down each column), names elided
    to their column only when they must be."""

    def __init__(self, page: Page, entries: list[tuple[str, str]]) -> None:
        s = page.s
        fm = QFontMetricsF(page.legend_font)
        self.row_height = fm.height() * 1.4
        self.columns, self.column_width = legend_columns(page, [e[0] for e in entries])
        self.rows = math.ceil(len(entries) / self.columns)
        room = self.column_width - 40 * s
        self.entries = [(fm.elidedText(label, Qt.TextElideMode.ElideRight, room), kind)
                        for label, kind in entries]  # fmt: skip
        self.height = self.rows * self.row_height

    def cells(self, rect: QRectF) -> list[tuple[QRectF, str, str]]:
        """(cell, label, kind) of each entry, within the legend's rectangle."""
        out = []
        for i, (label, kind) in enumerate(self.entries):
            col, row = divmod(i, self.rows)
            cell = QRectF(rect.left() + col * self.column_width, rect.top() + row * self.row_height,
                          self.column_width, self.row_height)  # fmt: skip
            out.append((cell, label, kind))
        return out


def legend_columns(page: Page, labels: list[str]) -> tuple[int, float]:
    """(columns, column width): as wide as the widest entry, at least three columns a page (a
    very long name is elided instead of taking a row of its own)."""
    s, fm = page.s, QFontMetricsF(page.legend_font)
    width = page.o.width - 2 * page.margin
    widest = max([fm.horizontalAdvance(label) for label in labels] + [60 * s]) + 40 * s
    column = min(widest, width / 3)
    count = max(int(width // column), 1)
    return count, width / count


def lanes_that_fit(options: ExportOptions, layout: LaneLayout) -> int:
    """How many lanes (an "Others" lane among them) a fixed page holds at LANE_PX or more,
    with their legend."""
    assert options.height is not None
    n, s = len(layout.labels), options.width / BASE_WIDTH
    others = f"Others ({n} actors)"  # as wide as the "Others" lane's name, near enough

    def fits(total: int) -> bool:
        labels = layout.labels if total >= n else [*layout.labels[: total - 1], others]
        none = layout.event[:0]
        trial = LaneLayout(labels, ["#000"] * len(labels), none, none, none)
        return Page(options, trial).timeline.height() >= (total * LANE_PX + AXIS_PX) * s

    lo, hi = 1, n  # the most that fit, by halves (each try measures every name)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    return lo


def page_layout(columns: EventColumns, layout: LaneLayout, options: ExportOptions,
                x_range: tuple[float, float] | None = None) -> LaneLayout:  # fmt: skip
    """The lanes a page draws: the budget asked for; else the lanes given if they fit; else
    as many as the page holds (the busiest, then one "Others" lane), or fewer when fewer
    lanes with more rows each draw more events and every key event (core.lane_budget),
    given the time range drawn."""
    if options.max_lanes is not None:
        return fold_lanes(columns, layout, max(options.max_lanes, 1))
    if options.height is None or len(layout.labels) <= 1:
        return layout
    fit = lanes_that_fit(options, layout)
    if fit >= len(layout.labels):  # the lanes asked for (a view's own budget) all fit
        return layout
    if x_range is None:
        return fold_lanes(columns, layout, max(fit - 1, 1))
    return trade_lanes(columns, layout, max(fit - 1, 1), row_room(options, layout, x_range))


def row_room(options: ExportOptions, layout: LaneLayout, x_range: tuple[float, float]) -> RowRoom:
    """What a page holds for its lanes, in pixels, with the sizes its timeline is drawn at
    (ui.timeline_item at the page's scale): for trading lanes for rows."""
    s = options.width / BASE_WIDTH
    page = Page(options, layout)
    item = EventsItem()
    item.set_scale(s)
    bold = QFontMetricsF(item.bold)
    row_px = max(bold.height(), 2 * item.key_r) + 4 * s
    names = QFontMetricsF(item.font)
    axis = min(max([names.horizontalAdvance(lane_text(x)) for x in layout.labels] + [40]) + 16,
               240 * s)  # the lane names' axis, as the view sizes it  # fmt: skip
    height = page.timeline.height() - (AXIS_PX + 16) * s  # the date axis and its period row
    return RowRoom(
        x_range=x_range, width=max(page.timeline.width() - axis, 1.0), height=height,
        lane_px=MIN_LANE_PX * s, row_px=row_px, pad=LANE_PAD,
        char_px=names.averageCharWidth(), label_max=item.label_max, marker_r=item.marker_r,
        key_r=item.key_r, gap=item.label_gap,
    )  # fmt: skip
