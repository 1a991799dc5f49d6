"""A briefing pack: a deck that tells the story one event at a time, as PPTX or PDF.

Slides: a title slide; the overview timeline; one slide per story step (the timeline around
the event, with it ringed, and its card: date with precision, place, actors, description,
sources as numbered footnotes); a closing list of every source cited. PPTX is written with
python-pptx, PDF with Qt alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from timeline_app.core.dates import localize
from timeline_app.core.lanes import LaneLayout, focus_lanes, lane_labels_of
from timeline_app.core.model import Event
from timeline_app.core.text import xml_text
from timeline_app.core.view_state import ViewState
from timeline_app.ui.event_card import PRECISION_NOTE
from timeline_app.ui.export_image import ExportOptions, lay_out, render_image
from timeline_app.ui.i18n import language, tr
from timeline_app.ui.timeline_item import DAY

SLIDE_W, SLIDE_H = 1600, 900  # pixels of a 16:9 slide (PDF pages at 96 dpi)
SOURCES_PER_SLIDE = 18


@dataclass
class Step:
    row: int
    event: Event
    note: str = ""  # a presenter's note for the step (stories will carry them)


@dataclass
class Briefing:
    title: str
    subtitle: str
    dataset: str
    steps: list[Step]
    overview: bytes  # PNG
    # one PNG per step: compressed, a long deck stays megabytes (as images, ~3.5 MB a slide)
    pictures: list[bytes] = field(default_factory=list)
    overview_lanes: list[str] = field(default_factory=list)  # the lanes drawn, top first
    slide_lanes: list[list[str]] = field(default_factory=list)  # each step's

    def sources(self) -> list[tuple[str, str, str]]:
        """Every source of the story, once, in order of first citation."""
        seen: dict[tuple[str, str, str], None] = {}
        for step in self.steps:
            for s in step.event.sources:
                seen.setdefault((s.name, s.url, s.date), None)
        return list(seen)


def build_briefing(
    view: ViewState,
    steps: list[Step],
    *,
    title: str,
    subtitle: str,
    sources: int,
    story: bool = False,
    max_lanes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Briefing:
    """Render the pictures: the overview (the view's lanes, as the window and the image
    export draw them), and each step's timeline around its event, the event's own lanes
    pinned so that no page folds them into "Others". A `story`'s steps show whatever the
    filters are. `progress(done, total)` is called before each picture (it may raise to
    stop)."""
    columns, dataset = view.columns, view.dataset or ""
    if columns is None:
        raise ValueError("no dataset is open")
    report = progress or (lambda done, total: None)
    report(0, len(steps) + 1)
    x_range = view.x_range()
    overview_options = ExportOptions(
        width=SLIDE_W, height=SLIDE_H - 120, title=tr("Overview"), subtitle=subtitle,
        dataset=dataset, sources=sources, max_lanes=max_lanes,
    )  # fmt: skip
    overview_lanes, page = lay_out(columns, view.layout(), overview_options, x_range)
    shown = [s.row for s in steps if view.mask[s.row]]  # (a story's may be filtered out)
    if _only_in_others(overview_lanes, shown):
        # a step drawn in "Others" alone: one lane of each step pinned (the page keeps pinned
        # lanes), one drawn already where it has one, so that no other step loses its own
        drawn = set(overview_lanes.labels)
        pins = []
        for row in shown:
            own = lane_labels_of(columns, view.lane_mode, [row])
            pins += [next((label for label in own if label in drawn), own[0])] if own else []
        overview_lanes, page = lay_out(columns, view.layout(pin=pins), overview_options,
                                        x_range)  # fmt: skip
    overview = render_image(columns, overview_lanes, x_range, overview_options, page)
    ev = columns.events
    starts, ends = ev["start_ts"].to_numpy(), ev["end_ts"].to_numpy()
    pictures, slide_lanes = [], []
    for n, step in enumerate(steps, 1):
        report(n, len(steps) + 1)
        start, end = float(starts[step.row]), float(ends[step.row])
        half = max((end - start) * 0.9, 21 * DAY)
        mid = (start + end) / 2
        window = (mid - half, mid + half * 1.5)
        around = view.layout(pin_rows=[step.row], everything=story)
        lanes = focus_lanes(around, starts, ends, window, step.row)
        options = ExportOptions(
            width=SLIDE_W, height=int(SLIDE_H * 0.62), title=" ", subtitle=" ",
            dataset=dataset, sources=len(step.event.sources), selected=step.row,
            max_lanes=max_lanes,
        )  # fmt: skip
        lanes, page = lay_out(columns, lanes, options, window)
        slide_lanes.append(lanes.labels)
        pictures.append(_png(render_image(columns, lanes, window, options, page)))
    return Briefing(title, subtitle, dataset, steps, _png(overview), pictures,
                    overview_lanes.labels, slide_lanes)  # fmt: skip


def _only_in_others(layout: LaneLayout, rows: list[int]) -> list[int]:
    """The `rows` drawn in no lane of `layout` but "Others" (or not at all)."""
    named = layout.event[layout.lane < len(layout.labels) - (1 if layout.others else 0)]
    return [r for r in rows if not np.any(named == r)]


def _made_line(b) -> str:
    """ "4 steps · Dataset: Congo 2025 · 2026-11-24" """
    return (
        tr("%n step(s)", "", len(b.steps))
        + " · "
        + tr("Dataset: {name}").format(name=b.dataset)
        + f" · {date.today().isoformat()}"
    )


def card_lines(event: Event) -> list[str]:
    w = event.when
    note = PRECISION_NOTE[w.precision]
    when = localize(w.describe(), language()) + (f" ({tr(note)})" if note else "")
    lines = [when]
    if event.date_note:
        lines.append(event.date_note)
    who_where = " · ".join(
        filter(None, [event.location.label, ", ".join(a.name for a in event.actors)])
    )
    if who_where:
        lines.append(who_where)
    if event.description:
        lines.append(event.description)
    return lines


def footnotes(event: Event) -> list[str]:
    return [
        f"[{i}] " + " · ".join(filter(None, [s.name, s.url, s.date]))
        for i, s in enumerate(event.sources, 1)
    ]


def one_line(text: str, width: float, px: float) -> tuple[str, int]:
    """A slide's title on one line of `width`: in smaller type, down to 60% of `px`, then cut
    short with "…". (ACLED's titles are long: their second line ran under the picture.)"""
    least, size = px * 0.6, px
    while True:
        font = QFont()
        font.setPixelSize(int(size))
        font.setBold(True)
        metrics = QFontMetricsF(font)
        if metrics.horizontalAdvance(text) <= width or size <= least:
            return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width), int(size)
        size = max(size * 0.92, least)


# -- PDF (Qt only) -------------------------------------------------------------------------


def _text(p: QPainter, rect: QRectF, text: str, px: float, *, bold=False, color="#141414") -> None:
    font = QFont()
    font.setPixelSize(int(px))
    font.setBold(bold)
    p.setFont(font)
    p.setPen(QColor(color))
    p.drawText(
        rect,
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        xml_text(text),  # a control character would show as a box
    )


def write_pdf(b: Briefing, path: Path) -> None:
    pdf = QPdfWriter(str(path))
    pdf.setResolution(96)
    pdf.setPageSize(QPageSize(QSizeF(SLIDE_W / 96, SLIDE_H / 96), QPageSize.Unit.Inch, "Slide"))
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0))
    pdf.setTitle(xml_text(b.title))
    p = QPainter(pdf)
    m = 60

    def page(first: bool = False) -> None:
        if not first:
            pdf.newPage()
        p.fillRect(QRectF(0, 0, SLIDE_W, SLIDE_H), QColor("white"))

    page(first=True)
    _text(p, QRectF(m, 300, SLIDE_W - 2 * m, 100), b.title, 64, bold=True)
    _text(p, QRectF(m, 400, SLIDE_W - 2 * m, 80), b.subtitle, 30, color="#505050")
    _text(
        p,
        QRectF(m, 480, SLIDE_W - 2 * m, 60),
        _made_line(b),
        22,
        color="#707070",
    )
    page()
    p.drawImage(QRectF(0, 60, SLIDE_W, SLIDE_H - 120), QImage.fromData(b.overview))
    for n, (step, picture) in enumerate(zip(b.steps, b.pictures, strict=True), 1):
        page()
        title, px = one_line(f"{n}. {step.event.title}", SLIDE_W - 2 * m, 40)
        _text(p, QRectF(m, 24, SLIDE_W - 2 * m, 60), title, px, bold=True)
        p.drawImage(QRectF(0, 80, SLIDE_W, SLIDE_H * 0.62), QImage.fromData(picture))
        body = "\n".join(card_lines(step.event))
        _text(p, QRectF(m, 80 + SLIDE_H * 0.62, SLIDE_W * 0.62, 200), body, 20)
        _text(
            p,
            QRectF(SLIDE_W * 0.66, 80 + SLIDE_H * 0.62, SLIDE_W * 0.34 - m, 200),
            "\n".join(footnotes(step.event)),
            14,
            color="#505050",
        )
    sources = b.sources()
    for start in range(0, max(len(sources), 1), SOURCES_PER_SLIDE):
        page()
        _text(p, QRectF(m, 30, SLIDE_W - 2 * m, 60), tr("Sources"), 40, bold=True)
        lines = [" · ".join(filter(None, s)) for s in sources[start : start + SOURCES_PER_SLIDE]]
        _text(p, QRectF(m, 110, SLIDE_W - 2 * m, SLIDE_H - 140), "\n".join(lines), 18)
    p.end()


# -- PPTX (python-pptx) --------------------------------------------------------------------


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def write_pptx(b: Briefing, path: Path) -> None:
    import io

    from pptx import Presentation
    from pptx.util import Emu, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    blank = deck.slide_layouts[6]
    emu = 12192000 / SLIDE_W  # one slide pixel in EMU

    def box(slide, x, y, w, h, lines: list[str], size: float, bold: bool = False) -> None:
        frame = slide.shapes.add_textbox(
            Emu(int(x * emu)), Emu(int(y * emu)), Emu(int(w * emu)), Emu(int(h * emu))
        ).text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = xml_text(line)  # python-pptx would write "_x001B_" for ESC
            para.font.size, para.font.bold = Pt(size), bold

    def picture(slide, png: bytes, y: float, h: float) -> None:
        slide.shapes.add_picture(
            io.BytesIO(png),
            Emu(0),
            Emu(int(y * emu)),
            Emu(int(SLIDE_W * emu)),
            Emu(int(h * emu)),
        )

    slide = deck.slides.add_slide(blank)
    box(slide, 60, 300, SLIDE_W - 120, 100, [b.title], 40, bold=True)
    box(
        slide,
        60,
        410,
        SLIDE_W - 120,
        120,
        [b.subtitle, _made_line(b)],
        20,
    )
    slide = deck.slides.add_slide(blank)
    picture(slide, b.overview, 60, SLIDE_H - 120)
    for n, (step, image) in enumerate(zip(b.steps, b.pictures, strict=True), 1):
        slide = deck.slides.add_slide(blank)
        # in slide pixels (120 to the inch, of 72 points), with room for the text box's
        # margins and for the viewer's own text layout (LibreOffice's runs ~3% wider than Qt's)
        title, px = one_line(f"{n}. {step.event.title}", (SLIDE_W - 144) * 0.94, 28 * 120 / 72)
        box(slide, 60, 20, SLIDE_W - 120, 60, [title], px * 72 / 120, bold=True)
        picture(slide, image, 80, SLIDE_H * 0.62)
        box(slide, 60, 80 + SLIDE_H * 0.62, SLIDE_W * 0.6, 200, card_lines(step.event), 13)
        box(
            slide,
            SLIDE_W * 0.66,
            80 + SLIDE_H * 0.62,
            SLIDE_W * 0.34 - 60,
            200,
            footnotes(step.event),
            9,
        )
        if step.note:
            slide.notes_slide.notes_text_frame.text = xml_text(step.note)
    sources = b.sources()
    for start in range(0, max(len(sources), 1), SOURCES_PER_SLIDE):
        slide = deck.slides.add_slide(blank)
        box(slide, 60, 30, SLIDE_W - 120, 60, [tr("Sources")], 28, bold=True)
        lines = [" · ".join(filter(None, s)) for s in sources[start : start + SOURCES_PER_SLIDE]]
        box(slide, 60, 110, SLIDE_W - 120, SLIDE_H - 140, lines, 12)
    deck.save(str(path))


def part_file(path: Path) -> Path:
    """Where a deck is written before it replaces `path` (with its suffix: the writers go by
    it)."""
    return path.with_name(f".{path.stem}.part{path.suffix}")


def write_briefing(b: Briefing, path: Path | str) -> Path:
    """Write the deck; a failed write leaves no half deck, and an older one as it was."""
    path = Path(path)
    writer = {".pptx": write_pptx, ".pdf": write_pdf}.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"a briefing is a .pptx or a .pdf, not '{path.suffix}'")
    part = part_file(path)
    try:
        writer(b, part)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path
