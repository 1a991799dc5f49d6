"""The timeline as an image for a slide or a report: PNG, SVG or PDF (vector, text as text).

The page: a title; a subtitle with the date range and the filters in words; the timeline as
the window draws it (one offscreen view laid out at the page's own size, so that labels sit
where they would on screen, never resampled); a legend of lane colours and symbols; a footer
with the number of sources and the dataset. Sizes follow the width: a 3000-px image has the
proportions of a 1600-px one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from timeline_app.core.columns import EventColumns
from timeline_app.core.dates import localize, seconds_day_text
from timeline_app.core.filters import FilterState
from timeline_app.core.lanes import LaneLayout
from timeline_app.core.text import xml_text
from timeline_app.ui.i18n import lane_text, language, tr
from timeline_app.ui.themes import LIGHT, PRESENTATION
from timeline_app.ui.timeline_item import _diamond
from timeline_app.ui.timeline_view import TimelineView

BASE_WIDTH = 1600.0  # the design width: sizes scale with width / BASE_WIDTH
FORMATS = (".png", ".svg", ".pdf")
SCREEN_DPI = 96
THEMES = {"light": LIGHT, "presentation": PRESENTATION, "dark": PRESENTATION}


@dataclass
class ExportOptions:
    width: int = 2400  # pixels (for SVG and PDF: the page width in pixels at `dpi`)
    height: int | None = None  # default: fits every lane, at least 9/16 of the width
    dpi: int = 150
    title: str = ""
    subtitle: str = ""  # default: the time range and the filters in words
    dataset: str = ""
    sources: int = 0
    selected: int | None = None  # an event row to ring, as the window does
    theme: str = "light"  # "light" for print; "presentation" (dark, high contrast) on request


def default_subtitle(state: FilterState, x_range: tuple[float, float]) -> str:
    """The filters in words, with the time range shown when the filters give none."""
    words = state.describe(tr, language())
    if state.start is None and state.end is None:
        span = localize(f"{seconds_day_text(x_range[0])} – {seconds_day_text(x_range[1])}",
                        language())  # fmt: skip
        words = f"{words} · {span}" if words else span
    return words


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(int(px), 1))
    font.setBold(bold)
    return font


class Page:
    """The layout of one exported page, in pixels."""

    def __init__(self, options: ExportOptions, layout: LaneLayout) -> None:
        self.o = options
        self.s = s = options.width / BASE_WIDTH
        self.margin = 40 * s
        self.title_font, self.sub_font = _font(38 * s, True), _font(20 * s)
        self.legend_font, self.foot_font = _font(17 * s), _font(15 * s)
        header = (QFontMetricsF(self.title_font).height() + QFontMetricsF(self.sub_font).height()
                  + 18 * s)  # fmt: skip
        footer = QFontMetricsF(self.foot_font).height() + 12 * s
        row_height = QFontMetricsF(self.legend_font).height() * 1.5
        most = None
        if options.height:  # a fixed page (a slide): the legend gets a quarter of it at most,
            # else hundreds of actors' lanes left the timeline no room and ran over the title
            room = options.height - header - footer - 2 * self.margin
            most = max(int(room / 4 / row_height), 2)
        self.legend_rows = self._legend_rows(layout, most)
        legend = len(self.legend_rows) * row_height + 10 * s
        lanes = max(len(layout.labels), 1) * 50 * s + 40 * s  # lanes and the date axis
        natural = header + legend + footer + lanes + 2 * self.margin
        self.height = options.height or int(max(options.width * 9 / 16, natural))
        top = self.margin + header
        self.timeline = QRectF(
            self.margin, top, options.width - 2 * self.margin,
            self.height - top - legend - footer - self.margin,
        )  # fmt: skip

    def _legend_rows(
        self, layout: LaneLayout, most: int | None = None
    ) -> list[list[tuple[str, str]]]:
        """Lane colours, then the symbols, flowed into rows that fit the width; at most `most`
        rows, the busiest lanes first and a count of the others."""
        lanes = [
            (lane_text(label), color)
            for label, color in zip(layout.labels, layout.colors, strict=True)
        ]
        symbols = [(tr("Key event"), "key"), (tr("Known to the day"), "dot"),
                   (tr("Known only to the week or month"), "hatch")]  # fmt: skip
        rows = self._flow(lanes + symbols)
        if most is None or len(rows) <= most:
            return rows
        symbol_rows = self._flow(symbols)
        kept = self._flow(lanes)[: max(most - len(symbol_rows), 1)]
        while True:  # the last row ends with how many lanes are left out
            shown = sum(len(row) for row in kept)
            more = (tr("… and {count} more").format(count=len(lanes) - shown), "more")
            last = self._flow([*kept[-1], more])
            if len(last) == 1:  # (an empty row always takes it)
                kept[-1] = last[0]
                return kept + symbol_rows
            kept[-1] = kept[-1][:-1]

    def _flow(self, entries: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
        fm = QFontMetricsF(self.legend_font)
        rows, row, used = [], [], 0.0
        width = self.o.width - 2 * self.margin
        for label, kind in entries:
            w = fm.horizontalAdvance(label) + 40 * self.s
            if row and used + w > width:
                rows.append(row)
                row, used = [], 0.0
            row.append((label, kind))
            used += w
        if row:
            rows.append(row)
        return rows


def render_page(
    painter: QPainter,
    columns: EventColumns,
    layout: LaneLayout,
    x_range: tuple[float, float],
    options: ExportOptions,
    page: Page,
) -> None:
    s, o = page.s, options
    theme = THEMES[o.theme]
    muted = QColor(theme.axis)
    painter.fillRect(QRectF(0, 0, o.width, page.height), QColor(theme.background))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    x = page.margin
    y = page.margin
    painter.setPen(QColor(theme.text))
    painter.setFont(page.title_font)
    fm = QFontMetricsF(page.title_font)
    painter.drawText(QPointF(x, y + fm.ascent()), xml_text(o.title or o.dataset or tr("Timeline")))
    y += fm.height() + 6 * s
    painter.setFont(page.sub_font)
    painter.setPen(muted)
    fm = QFontMetricsF(page.sub_font)
    subtitle = o.subtitle or localize(
        f"{seconds_day_text(x_range[0])} – {seconds_day_text(x_range[1])}", language()
    )
    painter.drawText(QPointF(x, y + fm.ascent()), xml_text(subtitle))

    view = TimelineView(overview=False)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.set_scale(s)
    view.set_theme(theme)
    view.max_stretch = 3.5  # a slide is a fixed shape: few lanes may grow taller than on screen
    rect = page.timeline
    view.resize(QSize(int(rect.width()), int(rect.height())))
    view.show()
    QApplication.processEvents()
    view.set_data(columns, layout)
    view.lane_px = min(view.lane_px, max((rect.height() - 40 * s) / max(len(layout.labels), 1), 1))
    view._fit_lanes()
    view.set_x_range(*x_range)
    if options.selected is not None:
        view.set_selected(options.selected)
        view.scroll_to_lanes(options.selected)
    QApplication.processEvents()
    # the scene itself, not the view: the view's own transform may lag an offscreen resize
    view.graphics.scene().render(painter, rect, view.graphics.ci.sceneBoundingRect())
    view.close()
    view.deleteLater()

    y = rect.bottom() + 10 * s
    painter.setFont(page.legend_font)
    fm = QFontMetricsF(page.legend_font)
    for row in page.legend_rows:
        x = page.margin
        mid = y + fm.height() / 2
        for text, kind in row:
            label = xml_text(text)
            _legend_symbol(painter, kind, QPointF(x + 10 * s, mid), s)
            painter.setPen(QColor(theme.text))
            painter.drawText(QPointF(x + 26 * s, y + fm.ascent()), label)
            x += fm.horizontalAdvance(label) + 40 * s
        y += fm.height() * 1.5

    painter.setFont(page.foot_font)
    painter.setPen(muted)
    fm = QFontMetricsF(page.foot_font)
    footer = tr("%n source(s) cited", "", o.sources)
    if o.dataset:
        footer += " · " + tr("Dataset: {name}").format(name=o.dataset)
    footer = xml_text(footer + " · Timeline App")
    painter.drawText(QPointF(page.margin, page.height - page.margin + fm.ascent()), footer)


def _legend_symbol(painter: QPainter, kind: str, at: QPointF, s: float) -> None:
    r = 7 * s
    if kind == "key":
        painter.setPen(QPen(QColor(20, 20, 20), 1.5 * s))
        painter.setBrush(QColor(200, 200, 200))
        painter.drawPolygon(_diamond(at.x(), at.y(), r * 1.2))
    elif kind == "dot":
        painter.setPen(QPen(QColor(60, 60, 60), s))
        painter.setBrush(QColor(160, 160, 160))
        painter.drawEllipse(at, r * 0.8, r * 0.8)
    elif kind == "hatch":
        box = QRectF(at.x() - r * 1.3, at.y() - r * 0.5, r * 2.6, r)
        painter.fillRect(box, QColor(120, 120, 120, 45))
        painter.fillRect(box, QBrush(QColor(90, 90, 90), Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(QColor(90, 90, 90), s, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
    elif kind == "more":  # the count of lanes left out: no symbol
        return
    else:  # a lane colour
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(kind))
        painter.drawRoundedRect(QRectF(at.x() - r, at.y() - r * 0.7, 2 * r, 1.4 * r), 2 * s, 2 * s)


def render_image(
    columns: EventColumns,
    layout: LaneLayout,
    x_range: tuple[float, float],
    options: ExportOptions,
    page: Page | None = None,
) -> QImage:
    """The page as an image (for a PNG, or the clipboard)."""
    page = page or Page(options, layout)
    image = QImage(options.width, page.height, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    render_page(painter, columns, layout, x_range, options, page)
    painter.end()
    return image


def export_image(
    path: Path | str,
    columns: EventColumns,
    layout: LaneLayout,
    x_range: tuple[float, float],
    options: ExportOptions,
) -> Path:
    """Write the page to `path`; the format follows its suffix (.png, .svg, .pdf)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot export '{path.suffix}' (one of {', '.join(FORMATS)})")
    page = Page(options, layout)
    w, h = options.width, page.height
    # Every device is drawn on at the screen's 96 dots per inch: pyqtgraph measures its axes'
    # text in points against the device, and re-lays itself out mid-drawing on another DPI.
    # The physical size goes into the PNG's metadata and the PDF's page size instead.
    if suffix == ".png":
        image = render_image(columns, layout, x_range, options, page)
        dots_per_metre = round(options.dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        if not image.save(str(path)):
            raise OSError(f"cannot write {path}")
    elif suffix == ".svg":
        svg = QSvgGenerator()
        svg.setFileName(str(path))
        svg.setSize(QSize(w, h))
        svg.setViewBox(QRectF(0, 0, w, h))
        svg.setResolution(SCREEN_DPI)
        svg.setTitle(xml_text(options.title or options.dataset))
        painter = QPainter(svg)
        render_page(painter, columns, layout, x_range, options, page)
        painter.end()
    else:
        pdf = QPdfWriter(str(path))
        pdf.setResolution(SCREEN_DPI)
        inches = QSizeF(w / options.dpi, h / options.dpi)
        pdf.setPageSize(QPageSize(inches, QPageSize.Unit.Inch, "Timeline"))
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0))
        pdf.setTitle(xml_text(options.title or options.dataset))
        painter = QPainter(pdf)
        painter.scale(SCREEN_DPI / options.dpi, SCREEN_DPI / options.dpi)
        render_page(painter, columns, layout, x_range, options, page)
        painter.end()
    return path
