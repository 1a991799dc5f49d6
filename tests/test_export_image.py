"""Images of the timeline: PNG, SVG, PDF, from the command line and from the window."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage

from timeline_app.cli import main

BRIEF = ["--actor", "M23/AFC", "--from", "2025-01-01", "--to", "2025-04-30",
         "--title", "M23 offensive, Jan–Apr 2025"]  # fmt: skip


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    raw = np.frombuffer(image.constBits(), dtype=np.uint8)
    # a copy: the converted image, and the memory the view points into, go with this frame
    return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width()].copy()


def test_png_has_the_width_a_title_and_content(store_path, tmp_path, capsys, artifacts):
    out = tmp_path / "brief.png"
    assert main(["export", str(out), *BRIEF, "--width", "3000", "--store", str(store_path)]) == 0
    assert "wrote" in capsys.readouterr().out
    image = QImage(str(out))
    assert image.width() == 3000 and image.height() >= 3000 * 9 // 16
    assert round(image.dotsPerMeterX() * 0.0254) == 150
    gray = pixels(image)
    assert gray.std() > 20  # not blank
    s = 3000 / 1600
    title_band = gray[int(40 * s) : int(85 * s)]
    assert (title_band[:, int(40 * s) : int(400 * s)] < 80).mean() > 0.05  # dark title text
    assert (title_band[:, int(2000 * s) :] > 250).all()  # and nothing after it
    image.save(str(artifacts / "export_brief.png"))


def test_svg_holds_the_titles_as_text(store_path, tmp_path):
    out = tmp_path / "brief.svg"
    assert main(["export", str(out), *BRIEF, "--store", str(store_path)]) == 0
    root = ET.parse(out).getroot()
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for words in ("M23 offensive, Jan–Apr 2025", "M23 enters Bukavu", "M23 enters Walikale",
                  "Actors: M23/AFC", "Dataset: Congo 2025"):  # fmt: skip
        assert words in texts


def test_pdf_is_one_page(store_path, tmp_path):
    out = tmp_path / "brief.pdf"
    assert main(["export", str(out), *BRIEF, "--store", str(store_path)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1


@pytest.mark.parametrize(
    ("args", "points"),
    [
        ([], (960, 540)),  # a 16:9 slide, 13.33 × 7.5 in
        (["--page", "a4"], (842, 595)),
        (["--page", "letter", "--portrait"], (612, 792)),
        (["--page", "4:3", "--height", "1350"], (864, 648)),  # the page's shape kept
    ],
)
def test_pdf_pages_have_the_pages_size(store_path, tmp_path, args, points):
    out = tmp_path / "page.pdf"
    assert main(["export", str(out), *args, "--store", str(store_path)]) == 0
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", out.read_bytes())
    assert (round(float(box.group(1))), round(float(box.group(2)))) == points


def test_max_lanes_keeps_the_busiest_and_one_others_lane(store_path, tmp_path, monkeypatch):
    from timeline_app.ui import export_image

    seen = {}
    real = export_image.lay_out

    def spy(columns, layout, options, x_range=None):
        seen["layout"], seen["page"] = real(columns, layout, options, x_range)
        return seen["layout"], seen["page"]

    monkeypatch.setattr(export_image, "lay_out", spy)
    out = tmp_path / "few.png"
    args = ["export", str(out), "--max-lanes", "4", "--width", "1600", "--store", str(store_path)]
    assert main(args) == 0
    labels = seen["layout"].labels
    assert labels[:4] == ["M23/AFC", "DRC government", "FARDC", "Rwanda government"]
    assert labels[4] == "Others (14 actors)" and len(labels) == 5
    assert QImage(str(out)).size().toTuple() == (1600, 900)
    assert seen["page"].lanes_drawn[1] >= 5


def test_bad_page_options_are_refused(store_path, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["export", str(tmp_path / "x.png"), "--max-lanes", "0", "--store", str(store_path)])
    assert "must be 1 or more, not 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export", str(tmp_path / "x.png"), "--page", "a3", "--store", str(store_path)])
    assert "invalid choice: 'a3'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--actor", "Nobody"], "no actor 'Nobody'"),
        (["--location", "Atlantis"], "no country, province or place 'Atlantis'"),
        (["--from", "2030-01-01"], "no event passes these filters"),
    ],
)
def test_export_errors(store_path, tmp_path, capsys, args, words):
    assert main(["export", str(tmp_path / "x.png"), *args, "--store", str(store_path)]) == 1
    assert words in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_filters_by_alias_place_and_type(store_path, tmp_path):
    out = tmp_path / "nk.png"
    args = ["--actor", "March 23 Movement", "--location", "North Kivu", "--type", "Capture"]
    assert main(["export", str(out), *args, "--lanes", "type", "--store", str(store_path)]) == 0
    # the default page: a 16:9 slide at 150 dpi
    assert QImage(str(out)).size().toTuple() == (2000, 1125)


def test_export_is_headless_in_a_fresh_process(store_path, tmp_path):
    out = tmp_path / "fresh.png"
    env = {"TIMELINE_APP_STORE": str(store_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "timeline_app", "export", str(out), "--width", "1200"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no warnings in normal use
    assert QImage(str(out)).width() == 1200


def test_window_export_and_clipboard(qtbot, store, tmp_path):
    from timeline_app.ui.main_window import MainWindow

    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    out = w.export_image(tmp_path / "view.svg")
    assert "M23 enters Walikale" in out.read_text(encoding="utf-8")
    w.copy_image()
    copied = QGuiApplication.clipboard().image()
    assert copied.width() == 1600 and pixels(copied).std() > 20


def test_presentation_theme_is_dark(store_path, tmp_path):
    out = tmp_path / "dark.png"
    args = ["export", str(out), "--theme", "presentation", "--key-only", "--width", "1600"]
    assert main([*args, "--store", str(store_path)]) == 0
    gray = pixels(QImage(str(out)))
    assert np.median(gray) < 60 and gray.std() > 10  # a dark page, with things on it


def test_a_saved_name_gets_the_chosen_types_suffix():
    from timeline_app.ui.window_exports import with_suffix

    assert with_suffix("/tmp/brief", "SVG drawing (*.svg)").name == "brief.svg"
    assert with_suffix("/tmp/brief.png", "PDF document (*.pdf)").name == "brief.png"
    assert with_suffix("/tmp/deck", "PowerPoint (*.pptx)").name == "deck.pptx"


SIZES = [(2000, 1125), (1600, 900), (1920, 1080), (1800, 1350), (1024, 768), (1240, 1754),
         (1600, 780), (3000, 1000)]  # fmt: skip


@pytest.fixture(scope="module")
def actors200():
    from timeline_app.core.synthetic import synthetic_columns

    return synthetic_columns(5000)  # 200 actors: a few busy, most rare


@pytest.mark.parametrize("size", SIZES)
def test_a_fixed_page_draws_the_lanes_its_legend_lists_and_nothing_overlaps(qapp, actors200, size):
    """200 actors' lanes on a slide: the legend ran over the title and the timeline vanished;
    now the busiest lanes that fit are drawn, the rest in "Others", and the legend lists
    exactly the lanes drawn, in columns, clear of the title, timeline and footer."""
    from timeline_app.core.lanes import LaneMode, layout_lanes, others_count
    from timeline_app.ui.export_image import ExportOptions, lay_out, render_image
    from timeline_app.ui.export_page import LANE_PX

    cols = actors200
    full = layout_lanes(cols, LaneMode.ACTOR)
    width, height = size
    options = ExportOptions(width=width, height=height, title="A long title " * 3)
    layout, page = lay_out(cols, full, options)
    n = len(layout.labels)
    assert 3 <= n < 200 and page.height == height
    assert others_count(layout.labels[-1])[0] == 200 - (n - 1)  # every lane is accounted for
    image = render_image(cols, layout, (cols.events["start_ts"].min(), cols.events["end_ts"].max()),
                         options, page)  # fmt: skip
    assert (image.width(), image.height()) == (width, height)
    lo, hi = page.lanes_drawn
    assert lo <= 0 and hi >= n  # every lane in the picture
    assert page.timeline.height() / (hi - lo) >= LANE_PX * width / 1600 * 0.75
    legend = [label for _, label, _ in page.legend.cells(page.legend_rect)]
    assert legend[:n] == [lane_text_(x) for x in layout.labels] and len(legend) == n + 3
    regions = list(page.regions().items())
    bounds = QRectF(0, 0, width, height)
    for i, (name, rect) in enumerate(regions):
        assert bounds.contains(rect), name
        for other, rect2 in regions[i + 1 :]:
            assert not rect.intersects(rect2), (name, other)
    for cell, _, _ in page.legend.cells(page.legend_rect):
        assert page.legend_rect.adjusted(-0.5, -0.5, 0.5, 0.5).contains(cell)
    # pixels: the gaps between the regions are the page's plain background
    grey = pixels(image)
    for top, bottom in ((0, page.title_rect.top() - 1),
                        (page.timeline.bottom() + 1, page.legend_rect.top() - 1),
                        (page.legend_rect.bottom() + 1, page.footer_rect.top() - 1),
                        (page.footer_rect.bottom() + 1, height)):  # fmt: skip
        gap = grey[int(np.ceil(top)) : int(bottom)]
        assert len(gap) >= 3 and (gap == 255).all(), (top, bottom)  # white: the light theme


def lane_text_(label):
    from timeline_app.ui.i18n import lane_text

    return lane_text(label)


def test_a_page_of_natural_height_lists_every_lane(qapp):
    from timeline_app.core.lanes import LaneLayout
    from timeline_app.ui.export_image import ExportOptions, Page

    labels = [f"Armed Group {i:03d} (DRC)" for i in range(200)]
    none = np.zeros(0, int)
    layout = LaneLayout(labels, ["#0072b2"] * 200, none, none, none)
    whole = Page(ExportOptions(width=1600, height=None), layout)
    assert len(whole.legend.entries) == 200 + 3
    assert whole.timeline.height() >= 200 * 40


def test_sources_cited_by_a_large_dataset_come_from_a_cache_that_follows_writes(
    tmp_path, monkeypatch
):
    """A million events' footer ("N sources cited") took nine seconds of JSON per export;
    large datasets now keep their citations beside the store, renewed with every write."""
    from timeline_app.core import column_cache, source_cache
    from timeline_app.core.store import Store

    monkeypatch.setattr(column_cache, "SMALLEST", 3)  # six events count as large here
    store_path = tmp_path / "s.tlstore"
    csv = tmp_path / "six.csv"

    def write(sources: list[str]) -> None:
        rows = ["event_id_cnty,event_date,event_type,actor1,country,location,source,notes"]
        rows += [f"E{i},2025-01-0{i + 1},Battles,A,DRC,Goma,{src},n"
                 for i, src in enumerate(sources)]  # fmt: skip
        csv.write_text("\n".join(rows) + "\n")
        args = ["import", str(csv), "--dataset", "six", "--store", str(store_path), "--no-sample"]
        assert main(args) == 0

    write(["Radio 0", "Radio 1", "Radio 2", "Radio 0", "Radio 1", "Radio 2"])
    with Store.open(store_path, sample=False) as st:
        ds = st._dataset_id("six")
        assert source_cache.cache_path(st.path, ds).exists()  # written at the import
        assert st.source_count("six") == 3
        ids = st.columns("six").events["id"].to_numpy()
        assert st.source_count("six", ids[:1]) == 1 and st.source_count("six", ids[:4]) == 3
    write(["Radio 0", "Radio 1", "Radio 2", "Radio 3", "Radio 4", "Radio 2"])  # re-imported
    with Store.open(store_path, sample=False) as st:
        assert st.source_count("six") == 5
