"""The timeline as an image for a slide or a report: PNG, SVG or PDF (vector, text as text).

The page: a title; a subtitle with the date range and the filters in words; the timeline as
the window draws it (one offscreen view laid out at the page's own size, so that labels sit
where they would on screen, never resampled); a legend of lane colours and symbols; a footer
with the number of sources and the dataset. Sizes follow the width: a 3000-px image has the
proportions of a 1600-px one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
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
from timeline_app.ui.export_page import ExportOptions, Page, page_layout
from timeline_app.ui.i18n import language, tr
from timeline_app.ui.themes import LIGHT, PRESENTATION
from timeline_app.ui.timeline_item import _diamond
from timeline_app.ui.timeline_view import TimelineView

FORMATS = (".png", ".svg", ".pdf")
SCREEN_DPI = 96
THEMES = {"light": LIGHT, "presentation": PRESENTATION, "dark": PRESENTATION}
__all__ = ["FORMATS", "ExportOptions", "Page", "default_subtitle", "export_image", "lay_out",
           "render_image"]  # fmt: skip


def default_subtitle(
    state: FilterState, x_range: tuple[float, float], period: tuple[float, float] | None = None
) -> str:
    """The filters in words, then the period shown, named as such (bare dates read like a
    date filter): the events' `period` (first start, last end) within the time range shown,
    not the margin around them."""
    words = state.describe(tr, language())
    lo, hi = x_range
    if period is not None and period[0] < hi and period[1] > lo:
        lo, hi = max(lo, period[0]), min(hi, period[1])
    last = hi - 1 if period is not None and hi == period[1] else hi  # an end is exclusive
    span = localize(f"{seconds_day_text(lo)} – {seconds_day_text(max(last, lo))}", language())
    shown = tr("Period shown: {span}").format(span=span)
    return f"{words} · {shown}" if words else shown


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

    painter.setPen(QColor(theme.text))
    painter.setFont(page.title_font)
    title = o.title or o.dataset or tr("Timeline")
    _line(painter, page.title_rect, title)
    painter.setFont(page.sub_font)
    painter.setPen(muted)
    subtitle = o.subtitle or localize(
        f"{seconds_day_text(x_range[0])} – {seconds_day_text(x_range[1])}", language()
    )
    _line(painter, page.subtitle_rect, subtitle)

    view = TimelineView(overview=False)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.set_scale(s)
    view.set_theme(theme)
    view.max_stretch = 3.5  # a slide is a fixed shape: few lanes may grow taller than on screen
    view.every_lane = True
    rect = page.timeline
    view.resize(QSize(int(rect.width()), int(rect.height())))
    view.show()
    QApplication.processEvents()
    view.set_data(columns, layout)
    # every lane in the room the plot has (not the page's guess of it: with the date axis
    # taller than guessed, the last lane was scrolled out of the picture and still in the legend)
    room = view.vb.height() / max(len(layout.labels), 1)
    view.lane_px = min(view.lane_px, max(room * (1 - 1e-6), 1.0))
    view._fit_lanes()
    if options.selected is not None:
        view.set_selected(options.selected)
    QApplication.processEvents()
    # the range asked for, not the first view's fit of the key events (which a resize of the
    # offscreen view redid: the picture showed Jan–Mar under a subtitle saying the whole year)
    view.move_to(*x_range)
    _grow_lanes(view, rect)
    # the scene itself, not the view: the view's own transform may lag an offscreen resize
    view.graphics.scene().render(painter, rect, view.graphics.ci.sceneBoundingRect())

    # for the tests: the lanes and the time in the picture, each lane's count of events left out
    page.lanes_drawn = view.vb.viewRange()[1]
    page.x_drawn = view.x_range()
    page.offsets, page.counts = view.items.offsets.copy(), view.items.overflow.copy()
    drawn = view.items.drawn_instances
    page.drawn = (view.items.data.lane[drawn].copy(), view.items.data.event[drawn].copy())
    view.close()
    view.deleteLater()

    painter.setFont(page.legend_font)
    fm = QFontMetricsF(page.legend_font)
    for cell, label, kind in page.legend.cells(page.legend_rect):
        mid = cell.top() + fm.height() / 2
        _legend_symbol(painter, kind, QPointF(cell.left() + 10 * s, mid), s)
        painter.setPen(QColor(theme.text))
        painter.drawText(QPointF(cell.left() + 26 * s, cell.top() + fm.ascent()), xml_text(label))

    painter.setFont(page.foot_font)
    painter.setPen(muted)
    footer = tr("%n source(s) cited", "", o.sources)
    if o.dataset:
        footer += " · " + tr("Dataset: {name}").format(name=o.dataset)
    footer += " · Timeline App"
    _line(painter, page.footer_rect, footer)


def _grow_lanes(view: TimelineView, rect: QRectF) -> None:
    """Lanes grown with their rows, as in the window, as far as the page's room allows: the
    rows a lane wants are known once it is drawn, so it is drawn first on a scratch image."""
    scratch = QImage(max(int(rect.width()), 1), max(int(rect.height()), 1),
                     QImage.Format.Format_ARGB32_Premultiplied)  # fmt: skip
    for _ in range(3):  # a lane grown may want no more: twice is the rule
        painter = QPainter(scratch)
        view.graphics.scene().render(painter, QRectF(scratch.rect()),
                                     view.graphics.ci.sceneBoundingRect())  # fmt: skip
        painter.end()
        if not view.grow_lanes():
            break
    if view.selected is not None:
        view.scroll_to_lanes(view.selected)


def _line(painter: QPainter, rect: QRectF, text: str) -> None:
    """One line of text in its rectangle, elided if it is too long (never over the next), with
    no character XML cannot hold (an SVG with one is ill-formed)."""
    fm = QFontMetricsF(painter.font())
    text = fm.elidedText(xml_text(text), Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(QPointF(rect.left(), rect.top() + fm.ascent()), text)


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


def lay_out(
    columns: EventColumns,
    layout: LaneLayout,
    options: ExportOptions,
    x_range: tuple[float, float] | None = None,
) -> tuple[LaneLayout, Page]:
    """The lanes the page draws (its lane budget applied, for the time range it draws) and
    the page laid out for them."""
    layout = page_layout(columns, layout, options, x_range)
    return layout, Page(options, layout)


def render_image(
    columns: EventColumns,
    layout: LaneLayout,
    x_range: tuple[float, float],
    options: ExportOptions,
    page: Page | None = None,
) -> QImage:
    """The page as an image (for a PNG, or the clipboard)."""
    if page is None:
        layout, page = lay_out(columns, layout, options, x_range)
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
    layout, page = lay_out(columns, layout, options, x_range)
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
