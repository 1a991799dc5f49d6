"""Images of the timeline: PNG, SVG, PDF, from the command line and from the window."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QGuiApplication, QImage

from timeline_app.cli import main

BRIEF = ["--actor", "M23/AFC", "--from", "2025-01-01", "--to", "2025-04-30",
         "--title", "M23 offensive, Jan–Apr 2025"]  # fmt: skip


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    raw = np.frombuffer(image.constBits(), dtype=np.uint8)
    return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width()]


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
    assert QImage(str(out)).width() == 2400


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


def test_a_fixed_page_keeps_room_for_the_timeline_whatever_the_lanes(qapp):
    """A slide's overview of 200 actors' lanes: the legend took the page and ran over the
    title. It now keeps to a quarter of the page, the busiest lanes first."""
    from timeline_app.core.lanes import LaneLayout
    from timeline_app.ui.export_image import ExportOptions, Page

    labels = [f"Armed Group {i:03d} (DRC)" for i in range(200)]
    none = np.zeros(0, int)
    layout = LaneLayout(labels, ["#0072b2"] * 200, none, none, none)
    page = Page(ExportOptions(width=1600, height=780), layout)
    assert page.timeline.top() > 0 and page.timeline.height() > 780 / 2
    entries = [label for row in page.legend_rows for label, _ in row]
    assert entries[:3] == labels[:3] and entries[-3:] == [
        "Key event", "Known to the day", "Known only to the week or month"]  # fmt: skip
    more = next(e for e in entries if e.startswith("… and "))
    assert int(more.split()[2]) + entries.index(more) == 200
    # a page of natural height still lists every lane
    whole = Page(ExportOptions(width=1600), layout)
    assert sum(len(row) for row in whole.legend_rows) == 200 + 3
