"""Every view shows text from the data as text: markup in a title, a place, an actor, a file
or a story's name is shown literally, never rendered, and never loaded (an <img src=/dev/zero>
in a tooltip took the window down)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hostile import HOSTILE, IMG, hostile_file
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip

from timeline_app.core.model import Story, StoryStep
from timeline_app.ui.main_window import MainWindow
from timeline_app.ui.settings import open_settings

NAME = "<b>Hostile</b> & co [*]"
FILE = "<i>feed<i> & co [*].json"
STORY = "<b>Story</b> & [*]"
LITERALS = [HOSTILE[k] for k in ("title", "place", "event_type", "actor", "opposing")]


def shown(text: str) -> str:
    """What Qt shows of a tooltip's or a rich label's text (parsed only: never laid out, so
    an image in it is not loaded)."""
    if GuiQt.mightBeRichText(text):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def unmenu(text: str) -> str:
    """A menu item's text as shown: "&&" is "&", a lone "&" marks the shortcut."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


@pytest.fixture
def window(qtbot, store):
    store.import_parsed(hostile_file(), NAME)
    again = hostile_file()  # a re-import that changes an event: the list marks it
    again.path = Path(FILE)
    again.events[-1] = dataclasses.replace(again.events[-1], description="changed")
    store.import_parsed(again, NAME)
    store.save_story(NAME, Story(STORY, (StoryStep("h1", f"note {IMG}"),)))
    w = MainWindow(store, dataset=NAME)
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    qtbot.waitExposed(w)
    yield w
    QToolTip.hideText()


def tooltips_of(model, parent=QModelIndex()):  # noqa: B008
    """Every (display, tooltip) of a model, its tree walked."""
    for r in range(model.rowCount(parent)):
        for c in range(model.columnCount(parent)):
            index = model.index(r, c, parent)
            yield index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.ToolTipRole)
        yield from tooltips_of(model, model.index(r, 0, parent))


def hover(view, index) -> str:
    """Hover over a cell as a user does; what the tooltip shows."""
    QToolTip.hideText()
    at = view.visualRect(index).center()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at))
    QApplication.sendEvent(view.viewport(), event)
    return shown(QToolTip.text())


def test_the_event_list_shows_hostile_text_literally(window):
    model = window.table_model
    tips = [shown(tip) for display, tip in tooltips_of(model) if tip]
    for literal in LITERALS:  # the tooltip data first: a failure must not load the image
        assert any(literal in t for t in tips), literal
    texts = " | ".join(display for display, _ in tooltips_of(model))
    assert all(literal in texts for literal in LITERALS)
    row = next(r for r in range(model.rowCount()) if "Clash" in model.index(r, 1).data())
    hovered = [hover(window.table, model.index(row, c)) for c in range(model.columnCount())]
    assert hovered[1] == HOSTILE["title"] and HOSTILE["event_type"] in hovered[3]
    assert HOSTILE["place"] in hovered[2] and HOSTILE["actor"] in hovered[4]


def test_the_timeline_card_and_filter_lists_show_hostile_text_literally(window):
    row = int(window.session.columns.row_of("h1"))
    tip = shown(window.timeline.tooltip_text(row))
    assert HOSTILE["title"] in tip and HOSTILE["place"] in tip
    QToolTip.showText(QPoint(10, 10), window.timeline.tooltip_text(row), window.timeline)
    assert HOSTILE["title"] in shown(QToolTip.text())
    window.session.select(row)
    card = window.card.toPlainText()
    assert all(literal in card for literal in [*LITERALS, "<h1>big</h1>", HOSTILE["source"]])
    panel = window.filter_panel
    for model in (panel.actors.proxy, panel.types.proxy, panel.places.model()):
        items = list(tooltips_of(model))
        assert all(tip is None or "<" not in shown(tip) for _, tip in items)
    names = " ".join(d for d, _ in tooltips_of(panel.actors.proxy))
    places = " ".join(d for d, _ in tooltips_of(panel.places.model()))
    assert HOSTILE["actor"] in names and HOSTILE["opposing"] in names
    assert HOSTILE["place"] in places and HOSTILE["country"] in places
    assert unmenu(panel.changed_only.text()).endswith(f"{FILE})")


def test_titles_menus_and_boxes_show_hostile_names_literally(window, qtbot):
    assert window.windowHandle().title() == f"{NAME} — Timeline App"
    assert window.dataset_box.currentText() == NAME
    window._fill_story_menu()
    menus = [a.text() for a in window.story_menu.actions()]
    assert STORY in [unmenu(t) for t in menus]

    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        seen.append((box.textFormat(), box.text()))
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer)
    window._ask_delete(STORY)
    assert seen == [(Qt.TextFormat.PlainText, f"Delete the story '{STORY}'?")]


def test_the_presentation_shows_hostile_text_literally(window, qtbot):
    p = window.present_story(STORY)
    qtbot.addWidget(p)
    text = shown(p.card.text())
    assert HOSTILE["title"] in text and f"note {IMG}" in text and "<h1>big</h1>" in text
    p.close()


def test_the_mapping_dialog_shows_hostile_cells_literally(qtbot, tmp_path):
    from timeline_app.ui.mapping_dialog import MappingDialog

    sheet = tmp_path / "<b>sheet<b> & co.csv"
    sheet.write_text(
        f"when,what,where\n2025-01-27,{HOSTILE['title']},{HOSTILE['place']}\n"
        f"not a date,<a href=x>bad</a>,{IMG}\n",
        encoding="utf-8",
    )
    dialog = MappingDialog(sheet, open_settings())
    qtbot.addWidget(dialog)
    dialog.boxes["date"].setCurrentText("when")
    dialog.boxes["title"].setCurrentText("what")
    dialog.boxes["place"].setCurrentText("where")
    tips = [shown(item.toolTip()) for item in _items(dialog.events)]
    assert HOSTILE["title"] in tips and any("not a date" in t for t in tips)
    from PySide6.QtWidgets import QLabel, QTableView

    sample = next(v for v in dialog.findChildren(QTableView) if v is not dialog.events)
    sample_tips = [shown(t) for _, t in tooltips_of(sample.model()) if t]
    assert HOSTILE["title"] in sample_tips and IMG in sample_tips
    labels = [(lb.textFormat(), lb.text()) for lb in dialog.findChildren(QLabel)]
    assert (Qt.TextFormat.PlainText, f"The first rows of {sheet.name}:") in labels
    assert "Line 3" in dialog.message.text()
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText


def _items(table):
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            if table.item(r, c) is not None:
                yield table.item(r, c)


def test_the_story_dialog_shows_hostile_titles_literally(window, qtbot):
    from timeline_app.ui.story_dialog import StoryDialog

    story = window.store.story(NAME, STORY)
    dialog = StoryDialog(window.session, dataclasses.replace(story), window)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == STORY
    assert dialog.steps.item(0).text().endswith(HOSTILE["title"])
    assert dialog.note.toPlainText() == f"note {IMG}"
