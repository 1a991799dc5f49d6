"""The map outside the dock: `export-map` through the one view state (filters, saved views),
the map inset on each briefing slide, the map beside each step's card in a presentation."""

import argparse
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from conftest import cli_process as run_cli
from timeline_app.core.filters import FilterState
from timeline_app.core.lane_control import LaneControl
from timeline_app.core.lanes import LaneMode
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.core.view_state import ViewSettings

REPO = Path(__file__).parent.parent
D = SAMPLE_DATASET


@pytest.fixture
def saved_store(store_path):
    with Store.open(store_path) as s:
        s.save_view(D, "Qatar", ViewSettings(
            FilterState(places=frozenset({("Qatar",)})), LaneMode.TYPE, LaneControl(), 3,
        ))  # fmt: skip
        s.save_view(D, "Early", ViewSettings(time_range=(1737331200.0, 1738368000.0)))
    return store_path


def test_export_map_with_a_saved_view_as_a_subprocess(saved_store, tmp_path, artifacts):
    out = tmp_path / "qatar.png"
    proc = run_cli(saved_store, "export-map", str(out), "--view", "qatar", "--width", "900",
                   "--height", "600")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "(4 events)" in proc.stdout  # Doha's four events, as the window's map shows them
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    image.save(str(artifacts / "export-map-view-qatar.png"))
    # an option given takes the place of the view's own (here its places), as for `export`
    proc = run_cli(saved_store, "export-map", str(out), "--view", "Qatar", "--location", "Goma")
    assert proc.returncode == 0, proc.stderr
    # a view with a time range draws the events of that period only (as the dock does)
    proc = run_cli(saved_store, "export-map", str(out), "--view", "Early")
    assert proc.returncode == 0, proc.stderr
    with Store.open(saved_store) as s:
        ev = s.columns(D).events
    start, end = ev["start_ts"].to_numpy(), ev["end_ts"].to_numpy()
    n = int(((start <= 1738368000.0) & (end >= 1737331200.0)).sum())
    assert 0 < n < 32 and f"({n} events)" in proc.stdout
    proc = run_cli(saved_store, "export-map", str(out), "--view", "Goma")
    assert proc.returncode != 0 and "no saved view 'Goma'" in proc.stderr
    assert "Traceback" not in proc.stderr


# -- the briefing's map insets ----------------------------------------------------------------

STORY_PLACES = ["Goma", "Bukavu", "Doha", "Walikale"]
RING = (220, 30, 30)


def ring_centre(image: QImage) -> tuple[float, float] | None:
    """Where the red ring of the step's place is in a picture (the mean of its pixels, right
    of the legend)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)  # kept: the array reads its bits
    a = np.frombuffer(rgb.constBits(), np.uint8)
    a = a.reshape(image.height(), image.width(), 4)  # B, G, R, X
    red = (abs(a[..., 2].astype(int) - RING[0]) < 20) & (a[..., 1] < 70) & (a[..., 0] < 70)
    red[:, : red.shape[1] // 4] = False  # the legend's own ring, top left, is not the place's
    ys, xs = np.nonzero(red)
    return (float(xs.mean()), float(ys.mean())) if len(xs) > 20 else None


def test_each_step_slide_has_a_map_of_its_place_from_the_cli(store_path, tmp_path, artifacts):
    from pptx import Presentation

    from timeline_app.ui.briefing import SLIDE_W, step_regions

    out = tmp_path / "brief.pptx"
    proc = run_cli(store_path, "briefing", str(out))
    assert proc.returncode == 0, proc.stderr
    deck = Presentation(str(out))
    emu = deck.slide_width / SLIDE_W
    region = step_regions()["map"]
    for n, slide in enumerate(list(deck.slides)[2:6]):
        shapes = list(slide.shapes)
        pictures = [sh for sh in shapes if sh.shape_type == 13]
        assert len(pictures) == 2  # the timeline and the map
        inset = next(p for p in pictures if abs(p.left / emu - region.x()) < 1)
        assert abs(inset.width / emu - region.width()) < 1
        image = QImage.fromData(inset.image.blob)
        image.save(str(artifacts / f"briefing-map-{n + 1}.png"))
        # centred on the step's place: its ring in the middle of the inset
        x, y = ring_centre(image)
        assert abs(x - image.width() / 2) < 12 and abs(y - image.height() / 2) < 12, n
        # no two shapes of a slide overlap
        boxes = [(sh.left, sh.top, sh.left + sh.width, sh.top + sh.height) for sh in shapes]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (n, a, b)
    # as a PDF too, a page a slide
    pdf = tmp_path / "brief.pdf"
    proc = run_cli(store_path, "briefing", str(pdf), "--location", "North Kivu")
    assert proc.returncode == 0, proc.stderr
    import re

    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) >= 1 + 1 + 2 + 1


def test_a_step_slide_keeps_its_parts_apart_with_white_gaps(qapp, store, artifacts):
    from PySide6.QtGui import QPainter

    from timeline_app.export_cli import add_parsers, briefing_from_args
    from timeline_app.ui.briefing import SLIDE_H, SLIDE_W, paint_step, step_regions
    from timeline_app.ui.map_inset import StepMaps

    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers(dest="command"))
    b = briefing_from_args(store, parser.parse_args(["briefing", "x.pdf"]))
    assert [s.event.location.label.split(",")[0] for s in b.steps] == STORY_PLACES
    assert len(b.maps) == len(b.steps) == 4
    regions = step_regions()
    names = list(regions)
    slide = QRectF(0, 0, SLIDE_W, SLIDE_H)
    for i, a in enumerate(names):
        assert slide.contains(regions[a]), a
        for other in names[i + 1 :]:
            assert not regions[a].intersects(regions[other]), (a, other)
    for n in range(1, 5):
        image = QImage(SLIDE_W, SLIDE_H, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_step(painter, b, n)
        painter.end()
        image.save(str(artifacts / f"briefing-slide-{n}.png"))
        grey = np.frombuffer(image.constBits(), np.uint8).reshape(SLIDE_H, SLIDE_W, 4)[..., :3]
        white = (grey == 255).all(axis=2)
        t, card, m = regions["timeline"], regions["card"], regions["map"]
        assert white[int(t.bottom()) + 1 : int(card.top()) - 1].all()  # under the timeline
        assert white[int(m.top()) :, int(card.right()) + 1 : int(m.left()) - 1].all()  # beside
        assert white[int(m.bottom()) + 1 :].all()  # under the map and the footnotes
        inside = white[
            int(m.top()) + 2 : int(m.bottom()) - 2, int(m.left()) + 2 : int(m.right()) - 2
        ]
        assert inside.mean() < 0.2  # the map fills its inset: land and sea, not paper
    # the inset names its basemap and carries a legend of its markers
    maps = StepMaps(b.dataset and store.columns(b.dataset), store_layout(store, b), np.arange(32),
                    (int(m.width()), int(m.height())))  # fmt: skip
    try:
        maps.picture(b.steps[0].row)
        view = maps.view
        assert view.attribution.text().endswith("Natural Earth") and view.attribution.isVisible()
        assert QRectF(view.rect()).contains(QRectF(view.attribution.geometry()))
        assert "Goma" in list(view.names)
    finally:
        maps.close()


def store_layout(store, b):
    from timeline_app.core.lanes import LaneMode, layout_lanes

    return layout_lanes(store.columns(b.dataset), LaneMode.ACTOR, None)


def test_the_window_s_briefing_has_the_map_insets(qtbot, store, tmp_path):
    from pptx import Presentation

    from conftest import shown_window

    w = shown_window(qtbot, store)
    with qtbot.waitSignal(w.briefer.finished, timeout=60000) as finished:
        w.export_briefing(tmp_path / "deck.pptx")
    deck = Presentation(str(finished.args[0]))
    pictures = [sh for slide in deck.slides for sh in slide.shapes if sh.shape_type == 13]
    assert len(pictures) == 1 + 2 * 4  # the overview, then a timeline and a map per step


# -- the presentation's map -------------------------------------------------------------------


def test_the_presentation_shows_the_map_beside_each_step_s_card(qtbot, store, artifacts):
    from conftest import shown_window

    w = shown_window(qtbot, store, (1366, 768))
    p = w.present()
    qtbot.addWidget(p)
    p.resize(1366, 768)
    qtbot.waitExposed(p)
    assert p.map.isVisible() and p.map.basemap is not None
    card, pic = p.card.geometry(), p.map.geometry()
    assert card.right() < pic.left() and pic.width() > 300  # beside the card, not over it
    assert int(p.map.count.sum()) == 32  # every event the filters show
    cols = w.session.columns
    for k, place in enumerate(STORY_PLACES):
        p.show_step(k, animate=False)
        row = p.steps[k]
        assert cols.events["place"].iat[row] == place
        ring = p.map.chosen.data
        assert ring["x"].size == 1
        assert abs(ring["x"][0] - cols.events["longitude"].iat[row]) < 1e-6
        (x0, x1), (y0, y1) = p.map.box.viewRange()
        assert abs((x0 + x1) / 2 - ring["x"][0]) < 0.01 and abs((y0 + y1) / 2 - ring["y"][0]) < 0.01
        qtbot.wait(80)  # the labels, once the view settles
        p.grab().save(str(artifacts / f"presentation-map-{k + 1}.png"))
    p.close()
