"""Adding, editing and deleting events from the real window, with undo and history."""

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from conftest import DATA, shown_window
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.ui import actor_rows, event_form, window_edits
from timeline_app.ui.event_table import EVENT_ROW_ROLE

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL

D = SAMPLE_DATASET
TITLE = "Shelling near Sake reported by Radio Okapi"


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store)


def table_uids(w):
    m = w.table_model
    rows = [m.index(r, 0).data(EVENT_ROW_ROLE) for r in range(m.rowCount())]
    return set(w.session.columns.uids[rows].tolist())


def timeline_uids(w):
    return set(w.session.columns.uids[np.unique(w.timeline.items.data.event)].tolist())


def save(qtbot, form):
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)  # fmt: skip


def retype(qtbot, edit, text):
    edit.clear()
    qtbot.keyClicks(edit, text)


def add_by_keyboard(qtbot, w):
    form = w.new_event()
    qtbot.keyClicks(form.title, TITLE)
    qtbot.keyClicks(form.start, "2025-03-04")
    qtbot.keyClicks(form.place, "Sake")
    qtbot.keyClicks(form.admin1, "North Kivu")
    qtbot.keyClicks(form.country, "Democratic Republic of Congo")
    qtbot.keyClicks(form.latitude, "-1,5736")  # a comma as the decimal sign
    qtbot.keyClicks(form.longitude, "29.0414")
    qtbot.keyClicks(form.actor_names[0], "M23")
    qtbot.keyClicks(form.event_type.lineEdit(), "Shelling")
    qtbot.keyClicks(form.description, "Heard on the morning news; two shells near the market.")
    qtbot.keyClicks(form.sources, "https://www.radiookapi.net/ | Radio Okapi | 2025-03-05")
    qtbot.keyClicks(form.tags, "radio, unverified")
    return form


def the_new_uid(w, before):
    (uid,) = set(w.store.columns(D).uids.tolist()) - before
    return uid


def test_add_an_event_by_keyboard_and_find_it_everywhere(window, qtbot, artifacts):
    w = window
    before = set(w.session.columns.uids.tolist())
    assert w.actions_["new_event"].shortcut() == QKeySequence("Ctrl+N")
    form = add_by_keyboard(qtbot, w)
    form.grab().save(str(artifacts / "event_form_new.png"))
    save(qtbot, form)
    assert not form.isVisible()
    uid = the_new_uid(w, before)
    event = w.store.event(D, uid)
    assert event.title == TITLE
    assert (event.location.latitude, event.location.longitude) == (-1.5736, 29.0414)
    assert event.actors[0].name == "M23/AFC"  # an alias names its actor
    assert event.sources[0].name == "Radio Okapi" and event.tags == ("radio", "unverified")
    assert w.session.columns.uids[w.session.selected] == uid  # selected, shown on the card
    assert uid in table_uids(w) and uid in timeline_uids(w)
    w.filter_panel.text.setText("Okapi")
    qtbot.waitUntil(lambda: w.session.state.text == "Okapi", timeout=2000)
    assert uid in table_uids(w)
    assert w.actions_["undo"].text() == "&Undo add “" + TITLE[:40] + "”"
    assert [c.action for c in w.store.history(D, uid)] == ["created"]
    assert w.edit_note.text().startswith("Added by ")


def test_validation_says_what_is_wrong_next_to_the_field(window, qtbot, artifacts):
    form = window.new_event()
    qtbot.keyClicks(form.start, "2025-03")  # day precision: the day would be invented
    qtbot.keyClicks(form.latitude, "95")
    qtbot.keyClicks(form.longitude, "29")
    save(qtbot, form)
    assert form.isVisible()
    errors = {name: label.text() for name, label in form.errors.items() if label.isVisible()}
    assert "title" in errors
    assert "gives no day" in errors["start"]
    assert "outside" in errors["location.latitude"]
    form.grab().save(str(artifacts / "event_form_errors.png"))
    form.precision.setCurrentIndex(form.precision.findData("month"))
    retype(qtbot, form.latitude, "-1.57")
    qtbot.keyClicks(form.title, "Fighting in March")
    before = set(window.session.columns.uids.tolist())
    save(qtbot, form)
    assert not form.isVisible()
    assert window.store.event(D, the_new_uid(window, before)).when.describe() == "March 2025"


def test_edit_date_and_place_then_undo_twice_and_redo_once(window, qtbot, artifacts):
    w, store = window, window.store
    uid = "congo2025-20"
    w.session.select(w.session.columns.row_of(uid))
    original = store.event(D, uid)
    assert w.actions_["edit_event"].shortcut() == QKeySequence("F2")
    form = w.edit_event()
    assert form.title.text() == original.title
    form.grab().save(str(artifacts / "event_form_edit.png"))
    retype(qtbot, form.start, "2025-02-20")
    save(qtbot, form)
    assert store.event(D, uid).when.start.isoformat() == "2025-02-20"
    qtbot.mouseClick(w.edit_button, Qt.MouseButton.LeftButton)  # the card's Edit button
    form = w.event_form
    retype(qtbot, form.place, "Goma")
    retype(qtbot, form.latitude, "-1.6792")
    retype(qtbot, form.longitude, "29.2228")
    save(qtbot, form)
    assert store.event(D, uid).location.place == "Goma"
    assert w.edit_note.text().startswith("Edited 2 time(s), last by ")
    assert [c.action for c in store.history(D, uid)] == ["changed", "changed"]
    assert "location.place" in store.history(D, uid)[1].changes

    w.undo()
    assert store.event(D, uid).location == original.location
    assert store.event(D, uid).when.start.isoformat() == "2025-02-20"
    w.undo()
    assert store.event(D, uid) == original
    assert len(store.history(D, uid)) == 4  # every undo is in the history too
    assert w.actions_["redo"].text().startswith("&Redo edit")
    w.redo()
    assert store.event(D, uid).when.start.isoformat() == "2025-02-20"
    assert store.event(D, uid).location == original.location
    assert len(store.history(D, uid)) == 5
    assert w.session.columns.uids[w.session.selected] == uid


def test_delete_and_undo(window, qtbot, monkeypatch):
    w, store = window, window.store
    uid = "congo2025-20"
    w.session.select(w.session.columns.row_of(uid))
    monkeypatch.setattr(window_edits, "ask", lambda *a: True)
    assert w.actions_["delete_event"].shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    w.actions_["delete_event"].trigger()
    assert store.event(D, uid) is None and uid not in table_uids(w)
    w.undo()
    assert store.event(D, uid) is not None and uid in table_uids(w)
    assert [c.action for c in store.history(D, uid)] == ["deleted", "restored"]


def test_table_context_menu_offers_edit_and_delete(window):
    rect = window.table.visualRect(window.table_model.index(0, 0))
    menu = window._table_menu(rect.center())
    names = [a.objectName() for a in menu.actions()]
    assert names == ["edit_event", "delete_event", "new_event", "copy_to_dataset"]
    assert window.session.selected is not None
    menu.close()


def test_a_save_during_an_import_keeps_the_form_and_what_was_typed(window, qtbot, monkeypatch):
    monkeypatch.setattr(window.importer, "running", lambda: True)
    before = set(window.store.columns(D).uids.tolist())
    form = add_by_keyboard(qtbot, window)
    save(qtbot, form)
    assert form.isVisible() and form.problem.isVisible()
    assert "import is writing" in form.problem.text()
    assert form.title.text() == TITLE
    assert set(window.store.columns(D).uids.tolist()) == before
    monkeypatch.setattr(window.importer, "running", lambda: False)
    save(qtbot, form)  # once it has finished
    assert not form.isVisible()


def test_two_windows_on_one_store_do_not_lose_each_others_edits(qtbot, store, store_location):
    uid = "congo2025-20"
    with Store.open(store_location) as other_store:
        one, two = shown_window(qtbot, store), shown_window(qtbot, other_store)
        for w in (one, two):
            w.session.select(w.session.columns.row_of(uid))
        form_one, form_two = one.edit_event(), two.edit_event()
        retype(qtbot, form_two.title, "Changed in window two")
        save(qtbot, form_two)
        retype(qtbot, form_one.title, "Changed in window one")
        save(qtbot, form_one)
        assert form_one.isVisible() and "changed elsewhere" in form_one.problem.text()
        assert store.event(D, uid).title == "Changed in window two"
        assert form_one.title.text() == "Changed in window one"  # kept, to redo


def test_a_reimport_from_the_window_keeps_a_hand_edit(qtbot, empty_store):
    empty_store.import_file(DATA / "acled_current.csv", dataset="ACLED")
    w = shown_window(qtbot, empty_store)
    uid = next(e.id for e in empty_store.events("ACLED") if e.fatalities == 14)
    w.session.select(w.session.columns.row_of(uid))
    form = w.edit_event()
    retype(qtbot, form.title, "Governor killed (confirmed by phone)")
    save(qtbot, form)
    summary = empty_store.import_file(DATA / "acled_newer.csv", dataset="ACLED")
    assert summary.kept == 1
    assert empty_store.event("ACLED", uid).title == "Governor killed (confirmed by phone)"


def test_the_form_labels_go_through_tr(qtbot, window, monkeypatch):
    monkeypatch.setattr(event_form, "tr", lambda text, *a: f"«{text}»")
    monkeypatch.setattr(actor_rows, "tr", lambda text, *a: f"«{text}»")  # the actors' rows
    form = window.new_event()
    texts = [label.text() for label in form.findChildren(QLabel) if label.text()]
    assert texts and all(t.startswith("«") for t in texts)
    assert form.windowTitle() == "«New event»"


def click_act(qtbot, dialog, row=0):
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(row))
    assert dialog.act_button.isEnabled()
    qtbot.mouseClick(dialog.act_button, Qt.MouseButton.LeftButton)


def test_restore_a_deleted_event_from_the_history(window, qtbot, monkeypatch, artifacts):
    w, store = window, window.store
    uid = "congo2025-20"
    w.session.select(w.session.columns.row_of(uid))
    monkeypatch.setattr(window_edits, "ask", lambda *a: True)
    w.delete_event()
    dialog = w.deleted_events()
    assert dialog.tree.topLevelItemCount() == 1
    assert dialog.tree.topLevelItem(0).text(0) == store.history(D, uid)[0].doc["title"]
    dialog.grab().save(str(artifacts / "deleted_events.png"))
    click_act(qtbot, dialog)
    assert store.event(D, uid) is not None and uid in table_uids(w)
    assert w.actions_["undo"].text().startswith("&Undo restore")
    w.undo()
    assert store.event(D, uid) is None


def test_take_the_sources_version_from_the_history(qtbot, empty_store, artifacts):
    s = empty_store
    s.import_file(DATA / "acled_current.csv", dataset="ACLED")
    w = shown_window(qtbot, s)
    uid = next(e.id for e in s.events("ACLED") if e.fatalities == 14)
    w.session.select(w.session.columns.row_of(uid))
    w.editor_name("Amina")
    form = w.edit_event()
    retype(qtbot, form.title, "Governor killed (confirmed by phone)")
    save(qtbot, form)
    s.import_file(DATA / "acled_newer.csv", dataset="ACLED")
    w.session.reload()
    w.session.select(w.session.columns.row_of(uid))
    assert w.edit_note.text().startswith("Edited 1 time(s), last by Amina on ")
    dialog = w.event_history()
    texts = [dialog.tree.topLevelItem(i).text(3) for i in range(dialog.tree.topLevelItemCount())]
    assert texts[0].startswith("the source now says") and "fatalities: 14 → 17" in texts[0]
    assert texts[1].startswith("changed:\ntitle: ")
    assert dialog.tree.topLevelItem(0).text(2) == "import of acled_newer.csv"
    dialog.grab().save(str(artifacts / "event_history.png"))
    click_act(qtbot, dialog)
    assert s.event("ACLED", uid).fatalities == 17
    w.undo()
    assert s.event("ACLED", uid).fatalities == 14


def test_a_new_incident_from_the_keyboard_alone(window, qtbot):
    """Ctrl+N, type, Tab from field to field, Enter: saved, and Ctrl+Z takes it back."""
    w = window
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=2000)
    before = set(w.session.columns.uids.tolist())
    qtbot.keyClick(w.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = w.event_form
    qtbot.waitUntil(form.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: form.focusWidget() is form.title, timeout=2000)
    for text in ("Checkpoint attack on the Goma road", "2025-04-02"):
        qtbot.keyClicks(form.focusWidget(), text)
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
    assert not form.isVisible()
    uid = the_new_uid(w, before)
    assert w.store.event(D, uid).when.start.isoformat() == "2025-04-02"
    w.activateWindow()  # (as the window system does when a dialog closes; offscreen does not)
    qtbot.waitUntil(lambda: w.isActiveWindow(), timeout=2000)
    qtbot.keyClick(w.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.store.event(D, uid) is None
    qtbot.keyClick(w.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert w.store.event(D, uid) is not None


def test_an_edit_shows_what_another_program_changed_meanwhile(qtbot, store, store_location):
    w = shown_window(qtbot, store)
    with Store.open(store_location) as other:
        elsewhere = other.events(D)[0]
        changed = dataclasses.replace(elsewhere, title="Changed by another program")
        other.update_event(D, changed, other.revision(D, elsewhere.id))
    uid = "congo2025-20"
    w.session.select(w.session.columns.row_of(uid))
    form = w.edit_event()
    retype(qtbot, form.title, "Edited here")
    save(qtbot, form)
    titles = set(w.session.columns.titles.tolist())
    assert {"Edited here", "Changed by another program"} <= titles


def select_rows(w, positions):
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for pos in positions:
        w.table.selectionModel().select(w.table_model.index(pos, 0), flags)
    return [w.session.columns.uids[w.table_model.index(p, 0).data(EVENT_ROW_ROLE)]
            for p in positions]  # fmt: skip


def test_bulk_edit_three_rows_and_undo(window, qtbot, monkeypatch):
    w, store = window, window.store
    uids = select_rows(w, [3, 4, 5])
    before = {u: store.event(D, u) for u in uids}
    menu = w._table_menu(w.table.visualRect(w.table_model.index(4, 0)).center())
    assert len(w.table.selectionModel().selectedRows()) == 3  # the menu kept the selection
    assert "Add a tag to 3 events…" in [a.text() for a in menu.actions()]
    menu.close()
    assert w.add_tag("verified")
    assert all("verified" in store.event(D, u).tags for u in uids)
    assert len(w.table.selectionModel().selectedRows()) == 3  # still selected, for the next
    assert w.set_type("Clash")
    assert {store.event(D, u).event_type for u in uids} == {"Clash"}
    assert w.actions_["undo"].text() == "&Undo set the type of 3 event(s)"
    w.undo()
    assert all(store.event(D, u).event_type == before[u].event_type for u in uids)
    w.undo()
    assert all(store.event(D, u) == before[u] for u in uids)
    select_rows(w, [3, 4, 5])
    monkeypatch.setattr(window_edits, "ask", lambda *a: True)
    assert w.delete_event()
    assert all(store.event(D, u) is None for u in uids)
    w.undo()
    assert all(store.event(D, u) == before[u] for u in uids)


def test_an_edit_keeps_every_digit_of_the_coordinates(window, qtbot):
    w, store = window, window.store
    uid = "congo2025-20"
    event = store.event(D, uid)
    precise = dataclasses.replace(
        event,
        location=dataclasses.replace(event.location, latitude=-1.573612, longitude=29.0414537),
    )
    store.update_event(D, precise, store.revision(D, uid))
    w.session.reload()
    w.session.select(w.session.columns.row_of(uid))
    form = w.edit_event()
    retype(qtbot, form.title, "Retitled only")
    save(qtbot, form)
    loc = store.event(D, uid).location
    assert (loc.latitude, loc.longitude) == (-1.573612, 29.0414537)
    assert [*store.history(D, uid)[-1].changes] == ["title"]


def test_a_known_place_fills_its_region_coordinates_and_precision(window, qtbot):
    form = window.new_event()
    qtbot.keyClicks(form.place, "Walik")
    completer = form.place.completer()
    choice = next(t for t in form.places if t.startswith("Walikale"))
    assert completer.completionCount() >= 1
    # as a user picks it: the list pops up, a click on it (the line edit then took the whole
    # completion, "Walikale, Walikale, North Kivu, …", and the card showed the regions twice)
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    row = next(r for r in range(popup.model().rowCount())
               if popup.model().index(r, 0).data() == choice)  # fmt: skip
    spot = popup.visualRect(popup.model().index(row, 0)).center()
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    known = form.places[choice]
    qtbot.waitUntil(lambda: form.place.text() == "Walikale")
    assert form.admin1.text() == known.admin1
    assert float(form.latitude.text()) == known.latitude
    assert form.location_precision.currentData() == known.precision.value


def test_an_undo_refused_by_a_conflict_leaves_the_stack_to_try_again(
    window, qtbot, monkeypatch, store_location
):
    w, store = window, window.store
    uid = "congo2025-20"
    w.session.select(w.session.columns.row_of(uid))
    form = w.edit_event()
    retype(qtbot, form.title, "Edited here")
    save(qtbot, form)
    with Store.open(store_location) as other:  # another window changes it again
        mine = other.event(D, uid)
        other.update_event(D, dataclasses.replace(mine, key=not mine.key), other.revision(D, uid))
    said = []
    monkeypatch.setattr(window_edits, "warn", lambda *a: said.append(a[2]))
    stack = w.undo_group.activeStack()
    w.undo()
    assert said and "changed since" in said[0]
    assert stack.index() == 1 and store.event(D, uid).title == "Edited here"
    assert w.actions_["undo"].isEnabled()


def test_the_import_summary_says_what_was_kept():
    from pathlib import Path

    from timeline_app.core.importing import ImportSummary
    from timeline_app.ui.import_runner import summary_text

    text = summary_text(ImportSummary(Path("a.csv"), "D", 0, 1, 5, 0, kept=2))
    assert text.endswith(", 2 kept (edited here)")
