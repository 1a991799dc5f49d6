"""The presentation's card fits its room: its text is never cut mid-line (tester 2: at
1280×720 the descriptions of Doha and Walikale were cut through a line and their sources
hidden, Bukavu's sources too)."""

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from conftest import shown_window

BUNDLED_STORY = "Goma → Bukavu → Doha → Walikale"


def plain(html: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def presented(qtbot, w, size, story: str | None):
    p = w.present_story(story) if story else w.present()
    qtbot.addWidget(p)
    p.showNormal()  # full screen is the offscreen screen's size: the size under test instead
    p.resize(*size)
    qtbot.waitExposed(p)
    QApplication.processEvents()
    return p


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
@pytest.mark.parametrize("story", [None, BUNDLED_STORY], ids=["key events", "bundled story"])
def test_each_step_s_card_text_fits_its_room(qtbot, store, artifacts, size, story):
    w = shown_window(qtbot, store, size)
    p = presented(qtbot, w, size, story)
    for k in range(len(p.steps)):
        p.show_step(k, animate=False)
        card = p.card
        assert card.heightForWidth(card.width()) <= card.height(), (k, card.height())
        event = w.session.event_at(p.steps[k])
        text = plain(card.text())
        # the title, date, place and sources whole; the description whole or elided with …
        assert event.title in text and event.location.label in text
        names = ", ".join(s.name or s.url for s in event.sources)
        assert text.rstrip().endswith(f"Sources: {names}")
        if event.description not in text:
            kept = text.split("\n")[-2]
            assert kept.endswith("…") and event.description.startswith(kept[:-1].rstrip())
        if story is None:
            p.grab().save(str(artifacts / f"presentation-card-{size[0]}-{k + 1}.png"))
    p.close()


def test_a_card_with_room_keeps_its_full_size_text(qtbot, store):
    w = shown_window(qtbot, store, (1280, 720))
    p = presented(qtbot, w, (1920, 1080), None)
    p.show_step(0, animate=False)
    event = w.session.event_at(p.steps[0])
    assert "font-size:40px" in p.card.text() and event.description in plain(p.card.text())
    p.close()
