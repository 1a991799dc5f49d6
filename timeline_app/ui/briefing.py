"""A briefing pack: a deck that tells the story one event at a time, as PPTX or PDF.

Slides: a title slide; the overview timeline; one slide per story step (the timeline around
the event, with it ringed; its card: date with precision, place, actors, description, sources
as numbered footnotes; and a map inset centred on its place, ringed, with its legend and the
basemap's attribution); a closing list of every source cited. A step's slide is laid out in
rectangles that never overlap (step_regions). PPTX is written with
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
    maps: list[bytes] = field(default_factory=list)  # each step's map inset (PNG)

    def sources(self) -> list[tuple[str, str, str]]:
        """Every source of the story, once, in order of first citation."""
        seen: dict[tuple[str, str, str], None] = {}
        for step in self.steps:
            for s in step.event.sources:
                seen.setdefault((s.name, s.url, s.date), None)
        return list(seen)


def step_regions() -> dict[str, QRectF]:
    """Where each part of a step's slide goes, in slide pixels: rectangles with white gaps
    between them, within the slide (the PDF and the PPTX writers both place by these)."""
    m, gap = 60, 16
    timeline = QRectF(0, 84, SLIDE_W, 486)
    below = timeline.bottom() + gap
    text_w = 1000  # the card and the footnotes; the map takes the rest, right
    foot_top = below + 200 + gap
    regions = {
        "title": QRectF(m, 20, SLIDE_W - 2 * m, 56),
        "timeline": timeline,
        "card": QRectF(m, below, text_w, 200),
        "footnotes": QRectF(m, foot_top, text_w, SLIDE_H - gap - foot_top),
    }
    left = m + text_w + 2 * gap
    regions["map"] = QRectF(left, below, SLIDE_W - m - left, SLIDE_H - gap - below)
    return regions


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
    filters are. Each step also gets a map inset of the events shown (and the steps),
    centred on its place. `progress(done, total)` is called before each picture (it may
    raise to stop)."""
    from timeline_app.ui.map_inset import StepMaps  # (a widget: only once a deck is made)

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
    pictures, slide_lanes, maps = [], [], []
    inset = step_regions()["map"]
    # the map shows what the overview shows (in its colours), and every step (a story's
    # steps may be filtered out)
    rows = np.union1d(np.flatnonzero(view.mask), [s.row for s in steps]).astype(np.int64)
    step_maps = StepMaps(columns, overview_lanes, rows, (int(inset.width()), int(inset.height())))
    try:
        for n, step in enumerate(steps, 1):
            report(n, len(steps) + 1)
            lanes, picture = _step_timeline(view, step, story, max_lanes)
            slide_lanes.append(lanes)
            pictures.append(picture)
            maps.append(_png(step_maps.picture(step.row)))
    finally:
        step_maps.close()
    return Briefing(title, subtitle, dataset, steps, _png(overview), pictures,
                    overview_lanes.labels, slide_lanes, maps)  # fmt: skip


def _step_timeline(view: ViewState, step: Step, story: bool,
                   max_lanes: int | None) -> tuple[list[str], bytes]:  # fmt: skip
    """The lanes drawn and the picture of the timeline around a step's event."""
    columns = view.columns
    assert columns is not None
    ev = columns.events
    starts, ends = ev["start_ts"].to_numpy(), ev["end_ts"].to_numpy()
    start, end = float(starts[step.row]), float(ends[step.row])
    half = max((end - start) * 0.9, 21 * DAY)
    mid = (start + end) / 2
    window = (mid - half, mid + half * 1.5)
    around = view.layout(pin_rows=[step.row], everything=story)
    lanes = focus_lanes(around, starts, ends, window, step.row)
    options = ExportOptions(
        width=SLIDE_W, height=int(step_regions()["timeline"].height()), title=" ",
        subtitle=" ", dataset=view.dataset or "", sources=len(step.event.sources),
        selected=step.row, max_lanes=max_lanes,
    )  # fmt: skip
    lanes, page = lay_out(columns, lanes, options, window)
    return lanes.labels, _png(render_image(columns, lanes, window, options, page))


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
    p.setClipRect(rect)  # a long text is cut at its region, never drawn over the next one
    p.drawText(
        rect,
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        xml_text(text),  # a control character would show as a box
    )
    p.setClipping(False)


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
    for n in range(1, len(b.steps) + 1):
        page()
        paint_step(p, b, n)
    sources = b.sources()
    for start in range(0, max(len(sources), 1), SOURCES_PER_SLIDE):
        page()
        _text(p, QRectF(m, 30, SLIDE_W - 2 * m, 60), tr("Sources"), 40, bold=True)
        lines = [" · ".join(filter(None, s)) for s in sources[start : start + SOURCES_PER_SLIDE]]
        _text(p, QRectF(m, 110, SLIDE_W - 2 * m, SLIDE_H - 140), "\n".join(lines), 18)
    p.end()


def paint_step(p: QPainter, b: Briefing, n: int) -> None:
    """Step `n`'s slide (from 1), each part in its region (step_regions)."""
    r, step = step_regions(), b.steps[n - 1]
    title, px = one_line(f"{n}. {step.event.title}", r["title"].width(), 40)
    _text(p, r["title"], title, px, bold=True)
    p.drawImage(r["timeline"], QImage.fromData(b.pictures[n - 1]))
    _text(p, r["card"], "\n".join(card_lines(step.event)), 20)
    _text(p, r["footnotes"], "\n".join(footnotes(step.event)), 14, color="#505050")
    p.drawImage(r["map"], QImage.fromData(b.maps[n - 1]))


# -- PPTX (python-pptx) --------------------------------------------------------------------


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # (the stub: format as bytes only)
    return bytes(data.data())


def write_pptx(b: Briefing, path: Path) -> None:
    import io

    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
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
        # a text longer than its box is shrunk by the viewer, not run over the next box
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = xml_text(line)  # python-pptx would write "_x001B_" for ESC
            para.font.size, para.font.bold = Pt(size), bold

    def picture(slide, png: bytes, y: float, h: float, x: float = 0, w: float = SLIDE_W) -> None:
        slide.shapes.add_picture(
            io.BytesIO(png),
            Emu(int(x * emu)),
            Emu(int(y * emu)),
            Emu(int(w * emu)),
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
    r = step_regions()

    def at(slide, name: str, lines: list[str], size: float, bold: bool = False) -> None:
        rect = r[name]
        box(slide, rect.x(), rect.y(), rect.width(), rect.height(), lines, size, bold)

    for n, (step, image, inset) in enumerate(zip(b.steps, b.pictures, b.maps, strict=True), 1):
        slide = deck.slides.add_slide(blank)
        # in slide pixels (120 to the inch, of 72 points), with room for the text box's
        # margins and for the viewer's own text layout (LibreOffice's runs ~3% wider than Qt's)
        room = (r["title"].width() - 24) * 0.94
        title, px = one_line(f"{n}. {step.event.title}", room, 28 * 120 / 72)
        at(slide, "title", [title], px * 72 / 120, bold=True)
        t = r["timeline"]
        picture(slide, image, t.y(), t.height(), t.x(), t.width())
        at(slide, "card", card_lines(step.event), 13)
        at(slide, "footnotes", footnotes(step.event), 9)
        m = r["map"]
        picture(slide, inset, m.y(), m.height(), m.x(), m.width())
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
