"""Briefing packs: PPTX (python-pptx) and PDF (Qt), from the CLI and the window."""

import re

import pytest
from pptx import Presentation

from timeline_app.cli import main

STORY = [
    "M23 claims Goma and enters the city centre",
    "M23 enters Bukavu",
    "Tshisekedi and Kagame meet in Doha",
    "M23 enters Walikale",
]


def slide_texts(path):
    deck = Presentation(str(path))
    return [
        [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame] for slide in deck.slides
    ], deck


def test_pptx_steps_goma_bukavu_doha_walikale(store_path, tmp_path, capsys):
    out = tmp_path / "brief.pptx"
    assert main(["briefing", str(out), "--store", str(store_path)]) == 0
    assert " → ".join(STORY) in capsys.readouterr().out
    texts, deck = slide_texts(out)
    assert len(deck.slides) == 1 + 1 + 4 + 1  # title, overview, the steps, sources
    assert texts[0][0] == "Congo 2025"
    assert [t[0] for t in texts[2:6]] == [f"{n}. {title}" for n, title in enumerate(STORY, 1)]
    assert "14–16 Feb 2025 (the exact day is not known)" in texts[3][1]
    assert "[1] Devdiscourse" in texts[3][2]  # sources as footnotes
    assert texts[-1][0] == "Sources" and "ktpress.rw" in texts[-1][1]
    pictures = [sh for slide in deck.slides for sh in slide.shapes if sh.shape_type == 13]
    assert len(pictures) == 5  # the overview and one timeline per step


def test_pdf_has_a_page_per_slide(store_path, tmp_path):
    out = tmp_path / "brief.pdf"
    args = [
        "briefing",
        str(out),
        "--actor",
        "FARDC",
        "--title",
        "FARDC",
        "--store",
        str(store_path),
    ]
    assert main(args) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1 + 1 + 3 + 1


def test_briefing_needs_a_deck_format(store_path, tmp_path, capsys):
    assert main(["briefing", str(tmp_path / "x.docx"), "--store", str(store_path)]) == 1
    assert "a briefing is a .pptx or a .pdf" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".pptx", ".pdf"])
def test_window_exports_a_briefing(qtbot, store, tmp_path, suffix):
    from timeline_app.ui.main_window import MainWindow

    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    out = w.export_briefing(tmp_path / f"deck{suffix}")
    assert out.exists() and out.stat().st_size > 10_000
