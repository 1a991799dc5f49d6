"""Briefing packs: PPTX (python-pptx) and PDF (Qt), from the CLI and the window."""

import csv
import logging
import re
from datetime import date, timedelta

import pytest
from pptx import Presentation

from conftest import DATA
from timeline_app.cli import main

STORY = [
    "M23 claims Goma and enters the city centre",
    "M23 enters Bukavu",
    "Tshisekedi and Kagame meet in Doha",
    "M23 enters Walikale",
]


def acled_export(path, n):
    """An ACLED-like export of `n` events over two years: no key events, as ACLED's are; one
    with 99 fatalities, the rest 0 to 4."""
    header = (DATA / "acled_current.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    header = header.split(",")
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        for i in range(n):
            day = date(2023, 1, 1) + timedelta(days=i * 730 // n)
            row = dict.fromkeys(header, "") | {
                "event_id_cnty": f"T{i}", "event_date": day.isoformat(), "year": str(day.year),
                "time_precision": "1", "event_type": "Battles", "sub_event_type": "Armed clash",
                "actor1": f"Group {i % 7}", "actor2": f"Group {(i * 3) % 11}",
                "country": "Testland", "admin1": f"Province {i % 4}", "location": f"Place {i}",
                "latitude": "-1.5", "longitude": "29.1", "geo_precision": "1",
                "source": "Radio Okapi", "notes": f"Clash {i}.",
                "fatalities": "99" if i == n // 3 else str(i % 5), "timestamp": "1700000000",
            }  # fmt: skip
            out.writerow([row[h] for h in header])
    return path


@pytest.fixture
def acled_store(store, tmp_path):
    """The store with a 'Testland' dataset of 200 ACLED events (no key events)."""
    store.import_file(acled_export(tmp_path / "testland.csv", 200), dataset="Testland")
    return store


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
    assert len(pictures) == 1 + 2 * 4  # the overview, then a timeline and a map per step


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


def test_without_key_events_the_cli_briefs_on_twelve_and_says_why(acled_store, tmp_path, capsys):
    out = tmp_path / "testland.pptx"
    args = ["briefing", str(out), "--dataset", "Testland", "--store", str(acled_store.path)]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "No key events among the 200 events shown: 12 steps instead" in said
    assert "12 steps" in said.splitlines()[-1]
    texts, deck = slide_texts(out)
    assert len(deck.slides) == 1 + 1 + 12 + 1
    assert any("Clash 66." in t for slide in texts for t in slide)  # the one with 99 killed


def window_of(qtbot, store, dataset=None):
    from timeline_app.ui.main_window import MainWindow

    w = MainWindow(store, dataset)
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    return w


@pytest.mark.parametrize("suffix", [".pptx", ".pdf"])
def test_window_exports_a_briefing(qtbot, store, tmp_path, suffix):
    w = window_of(qtbot, store)
    with qtbot.waitSignal(w.briefer.finished, timeout=60000) as finished:
        out = w.export_briefing(tmp_path / f"deck{suffix}")
    assert finished.args[0] == out
    assert out.exists() and out.stat().st_size > 10_000
    assert not list(tmp_path.glob(".*"))  # no part file left behind
    assert w.statusBar().currentMessage() == f"Wrote {out}"


def test_the_window_briefs_on_twelve_in_a_child_process_and_says_why(qtbot, acled_store,
                                                                      tmp_path):  # fmt: skip
    w = window_of(qtbot, acled_store, "Testland")
    with qtbot.waitSignal(w.briefer.finished, timeout=60000) as finished:
        out = w.export_briefing(tmp_path / "testland.pptx")
        # the window's thread is back at once: a child process renders the slides
        assert w.briefer.running() and w.briefer.child.process.pid
        dialog = w.briefer.dialog  # says why, wrapped: not as wide as the screen
        assert "No key events among the 200 events shown" in dialog.labelText()
        assert dialog.sizeHint().width() < 800
    assert finished.args[0] == out
    _texts, deck = slide_texts(out)
    assert len(deck.slides) == 1 + 1 + 12 + 1
    said = w.statusBar().currentMessage()
    assert said.startswith(f"Wrote {out}. No key events among the 200 events shown: 12 steps")


def test_cancelling_the_briefing_writes_nothing(qtbot, acled_store, tmp_path):
    w = window_of(qtbot, acled_store, "Testland")
    (tmp_path / "decks").mkdir()
    out = tmp_path / "decks" / "testland.pptx"
    out.write_bytes(b"last week's deck")
    with qtbot.waitSignal(w.briefer.finished, timeout=60000) as finished:
        w.export_briefing(out)
        w.briefer.dialog.canceled.emit()  # what its Cancel button sends
    assert finished.args == [None, "Briefing cancelled: nothing was written."]
    assert out.read_bytes() == b"last week's deck" and list(out.parent.iterdir()) == [out]
    assert w.statusBar().currentMessage() == "Briefing cancelled: nothing was written."


def test_closing_the_window_stops_the_briefing(qtbot, acled_store, tmp_path):
    import multiprocessing

    w = window_of(qtbot, acled_store, "Testland")
    (tmp_path / "decks").mkdir()
    out = w.export_briefing(tmp_path / "decks" / "testland.pdf")
    assert w.briefer.running()
    w.close()
    assert not w.briefer.running() and multiprocessing.active_children() == []
    assert list(out.parent.iterdir()) == []


def test_a_briefing_that_fails_in_its_process_is_said_and_logged(qtbot, store, tmp_path, caplog):
    w = window_of(qtbot, store)
    with qtbot.waitSignal(w.briefer.finished, timeout=60000) as finished:
        w.export_briefing(tmp_path / "no such folder" / "deck.pdf")
    assert finished.args[0] is None
    assert w.briefer.box.isVisible()
    assert w.briefer.box.text().startswith("The briefing could not be written: ")
    assert "deck.pdf" in w.briefer.box.text()
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "Traceback (most recent call last)" in record.getMessage()
    w.briefer.box.close()


def test_presentation_without_key_events_steps_through_twelve(qtbot, acled_store):
    w = window_of(qtbot, acled_store, "Testland")
    p = w.present()
    qtbot.addWidget(p)
    assert len(p.steps) == 12 and p.counter.text() == "1 / 12"
    assert "No key events among the 200 events shown" in w.statusBar().currentMessage()
    p.close()


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


def test_a_long_title_stays_on_its_line(qapp):
    """ACLED's titles are long: on a step's slide their second line ran under the picture."""
    from PySide6.QtGui import QFont, QFontMetricsF

    from timeline_app.ui.briefing import one_line

    short = "1. M23 enters Bukavu"
    assert one_line(short, 1480, 40) == (short, 40)
    long = "1. Strategic developments: Armed Group 113 (DRC) vs Armed Group 169 (DRC) in Place 1875"
    for text in (long, long * 2):
        fitted, px = one_line(text, 1480, 40)
        font = QFont()
        font.setPixelSize(px)
        font.setBold(True)
        assert 24 <= px < 40 and QFontMetricsF(font).horizontalAdvance(fitted) <= 1480
    assert one_line(long * 2, 1480, 40)[0].endswith("…")
