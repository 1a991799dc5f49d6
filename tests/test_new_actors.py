"""A new actor typed in the event form gets a kind and aliases, checked and stored as an
import stores its actors; a known actor keeps its own."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from conftest import shown_window
from timeline_app.core.store import SAMPLE_DATASET

D = SAMPLE_DATASET
NEW = "Raia Mutomboki Hamakombo"


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store)


def save(qtbot, form):
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip


def start(qtbot, w, title):
    form = w.new_event()
    qtbot.keyClicks(form.title, title)
    qtbot.keyClicks(form.start, "2025-03-04")
    return form


def test_a_new_actor_gets_its_kind_and_aliases(window, qtbot, artifacts):
    w = window
    form = start(qtbot, w, "Ambush on the Shabunda road")
    rows = form.actor_rows
    qtbot.keyClicks(form.actor_names[0], "M23")  # known (an alias): its own kind stays
    assert not rows.kinds[0].isEnabled() and not rows.aliases[0].isEnabled()
    qtbot.keyClicks(form.actor_names[1], NEW)
    assert rows.kinds[1].isEnabled() and rows.aliases[1].isEnabled()
    qtbot.keyClicks(rows.kinds[1].lineEdit(), "Militia")
    qtbot.keyClicks(rows.aliases[1], "RMH, Hamakombo, RMH")
    form.grab().save(str(artifacts / "event_form_new_actor.png"))
    save(qtbot, form)
    assert not form.isVisible()
    (actor,) = [a for a in w.store.actors(D) if a.name == NEW]
    assert (actor.kind, actor.aliases) == ("Militia", ("RMH", "Hamakombo"))
    assert not [a for a in w.store.actors(D) if a.name == "M23"]  # no second M23

    form = start(qtbot, w, "Another ambush")  # its alias now finds it
    qtbot.keyClicks(form.actor_names[0], "rmh")
    assert not form.actor_rows.kinds[0].isEnabled()
    save(qtbot, form)
    uid = w.session.columns.uids[w.session.selected]
    assert [a.name for a in w.store.event(D, str(uid)).actors] == [NEW]


def test_an_alias_that_names_another_actor_is_said_next_to_the_actors(window, qtbot):
    w = window
    form = start(qtbot, w, "Clash near Kalehe")
    qtbot.keyClicks(form.actor_names[0], NEW)
    qtbot.keyClicks(form.actor_rows.aliases[0], "RMH, AFC")  # AFC is M23/AFC's
    save(qtbot, form)
    assert form.isVisible()  # kept open, with what was typed
    error = form.errors["actors"]
    assert error.isVisible() and "“AFC” already names “M23/AFC”" in error.text()
    assert not [a for a in w.store.actors(D) if a.name == NEW]
    form.actor_rows.aliases[0].clear()
    qtbot.keyClicks(form.actor_rows.aliases[0], "RMH")
    save(qtbot, form)
    assert not form.isVisible()
    (actor,) = [a for a in w.store.actors(D) if a.name == NEW]
    assert actor.aliases == ("RMH",) and actor.kind == ""
