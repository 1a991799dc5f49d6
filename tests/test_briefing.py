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


def test_the_bundled_story_and_briefing_from_it(store_path, tmp_path, capsys):
    out = tmp_path / "story.pptx"
    name = "Goma → Bukavu → Doha → Walikale"
    assert main(["briefing", str(out), "--story", name, "--store", str(store_path)]) == 0
    texts, deck = slide_texts(out)
    assert texts[0][0] == name
    assert [t[0] for t in texts[2:6]] == [f"{n}. {title}" for n, title in enumerate(STORY, 1)]
    notes = deck.slides[3].notes_slide.notes_text_frame.text
    assert notes.startswith("Mid-February: Bukavu")
    assert main(["briefing", str(out), "--story", "Nope", "--store", str(store_path)]) == 1
    assert "no story 'Nope'" in capsys.readouterr().err


def test_stories_are_kept_by_the_store_and_our_json(store, tmp_path):
    from timeline_app.core.formats import read_file, write_file
    from timeline_app.core.model import Story, StoryStep

    (bundled,) = store.stories("Congo 2025")
    assert [s.event_id for s in bundled.steps] == [
        "congo2025-06", "congo2025-12", "congo2025-19", "congo2025-20"]  # fmt: skip
    mine = Story(
        "Peace process", (StoryStep("congo2025-26", "Washington"), StoryStep("congo2025-29"))
    )
    store.save_story("Congo 2025", mine)
    out = tmp_path / "with-stories.json"
    write_file(store.parsed("Congo 2025"), out)
    assert read_file(out).stories == [bundled, mine]
    with pytest.raises(Exception, match="no event 'nope'"):
        store.save_story("Congo 2025", Story("Bad", (StoryStep("nope"),)))


def test_story_editing_and_presenting_from_the_window(qtbot, store, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from timeline_app.ui.main_window import MainWindow
    from timeline_app.ui.story_dialog import StoryDialog

    w = MainWindow(store)
    qtbot.addWidget(w)

    def edit(dialog):  # reverse the bundled story, add a note, rename it
        dialog.steps.setCurrentRow(3)
        for _ in range(3):
            dialog.move(-1)
        dialog.note.setPlainText("Start with Walikale")
        dialog.name.setText("Backwards")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StoryDialog, "exec", edit)
    w.edit_story("Goma → Bukavu → Doha → Walikale")
    (story,) = store.stories("Congo 2025")
    assert story.name == "Backwards"
    assert (
        story.steps[0].event_id == "congo2025-20" and story.steps[0].note == "Start with Walikale"
    )
    p = w.present_story("Backwards")
    qtbot.addWidget(p)
    assert "Start with Walikale" in p.card.text() and "M23 enters Walikale" in p.card.text()
    p.close()
