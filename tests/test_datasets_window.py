"""File → Datasets…: the store's datasets with their counts; new, rename, merge, delete (with
a confirmation that counts the events, and a backup); Copy to dataset from the list."""

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from conftest import shown_window
from timeline_app.core.backups import backups
from timeline_app.core.store import SAMPLE_DATASET
from timeline_app.ui import window_datasets, window_edits
from timeline_app.ui.event_table import EVENT_ROW_ROLE

D = SAMPLE_DATASET


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store)


class Answers:
    """What the user types or picks in the input dialogs, in order."""

    def __init__(self, monkeypatch, *answers):
        self.answers, self.asked = list(answers), []
        monkeypatch.setattr(window_datasets.QInputDialog, "getText", self.give)
        monkeypatch.setattr(window_datasets.QInputDialog, "getItem", self.pick)

    def give(self, _parent, _title, label, *args, **kwargs):
        self.asked.append(label)
        return self.answers.pop(0), True

    def pick(self, _parent, _title, label, items, *args):
        self.asked.append((label, list(items)))
        answer = self.answers.pop(0)
        assert answer in items
        return answer, True


def rows(dialog):
    t = dialog.table
    return [(t.item(i, 0).text(), t.item(i, 1).text()) for i in range(t.rowCount())]


def click(qtbot, dialog, name):
    qtbot.mouseClick(dialog.buttons[name], Qt.MouseButton.LeftButton)


def test_the_datasets_dialog(window, qtbot, monkeypatch, artifacts):
    w = window
    w.actions_["datasets"].trigger()  # File → Datasets…
    dialog = w.datasets_dialog
    assert dialog.isVisible() and rows(dialog) == [(D, "32")]
    assert not dialog.buttons["merge"].isEnabled()  # nothing to merge into

    answers = Answers(monkeypatch, "Field  notes")
    click(qtbot, dialog, "new")
    assert rows(dialog) == [(D, "32"), ("Field notes", "0")]
    assert dialog.chosen() == "Field notes" and "made" in dialog.note.text()
    assert w.dataset_box.findText("Field notes") >= 0

    answers.answers.append("Kivu notes")
    click(qtbot, dialog, "rename")
    assert rows(dialog) == [(D, "32"), ("Kivu notes", "0")]
    assert w.dataset_box.findText("Kivu notes") >= 0 and w.dataset_box.findText("Field notes") < 0

    # three events copied into it from the list's menu
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for pos in (0, 1, 2):
        w.table.selectionModel().select(w.table_model.index(pos, 0), flags)
    uids = [str(w.session.columns.uids[w.table_model.index(p, 0).data(EVENT_ROW_ROLE)])
            for p in (0, 1, 2)]  # fmt: skip
    menu = w._table_menu(w.table.visualRect(w.table_model.index(1, 0)).center())
    (copy,) = [a for a in menu.actions() if a.objectName() == "copy_to_dataset"]
    assert copy.text() == "Copy 3 events to dataset…"
    menu.close()
    answers.answers.append("Kivu notes")
    copy.trigger()
    assert answers.asked[-1] == ("Copy 3 events to:", ["Kivu notes"])
    assert sorted(e.id for e in w.store.events("Kivu notes")) == sorted(uids)
    assert "3 events copied" in w.statusBar().currentMessage()
    dialog.refresh("Kivu notes")
    assert rows(dialog) == [(D, "32"), ("Kivu notes", "3")]

    # merged back: the three are there already, the same
    dialog.select("Kivu notes")
    answers.answers.append(D)
    click(qtbot, dialog, "merge")
    assert "0 events copied" in dialog.note.text() and "3 already there" in dialog.note.text()
    dialog.grab().save(str(artifacts / "datasets_dialog.png"))

    # deleted, after a question that says how many events go; a backup first
    questions = []
    monkeypatch.setattr(window_edits, "ask", lambda _p, _t, text: questions.append(text) or True)
    dialog.select("Kivu notes")
    click(qtbot, dialog, "delete")
    assert "“Kivu notes” and its 3 events" in questions[0]
    assert rows(dialog) == [(D, "32")]
    assert backups(w.store.path)  # the store as it was
    assert "before-delete" in dialog.note.text()
    assert w.dataset_box.findText("Kivu notes") < 0


def test_merge_into_the_dataset_shown_shows_the_new_events(window, qtbot, monkeypatch):
    w = window
    w.store.create_dataset("Field notes")
    w.store.copy_events(D, "Field notes", [str(w.session.columns.uids[0])])
    changed = w.store.event("Field notes", str(w.session.columns.uids[0]))
    import dataclasses

    w.store.update_event("Field notes", dataclasses.replace(changed, title="Another account"),
                         w.store.revision("Field notes", changed.id))  # fmt: skip
    dialog = w.datasets()
    dialog.select("Field notes")
    Answers(monkeypatch, D)
    click(qtbot, dialog, "merge")
    assert len(w.session.columns) == 33
    assert f"{changed.id}-2" in w.session.columns.uids.tolist()
    assert rows(dialog)[0] == (D, "33")


def test_deleting_the_dataset_shown_shows_another(window, qtbot, monkeypatch):
    w = window
    w.store.create_dataset("Field notes")
    dialog = w.datasets()
    monkeypatch.setattr(window_edits, "ask", lambda *a: True)
    dialog.select(D)
    click(qtbot, dialog, "delete")
    assert w.session.dataset == "Field notes" and w.session.total == 0
    assert w.dataset_box.currentText() == "Field notes"


def test_a_refused_question_deletes_nothing(window, qtbot, monkeypatch):
    w = window
    dialog = w.datasets()
    monkeypatch.setattr(window_edits, "ask", lambda *a: False)
    dialog.select(D)
    click(qtbot, dialog, "delete")
    assert rows(dialog) == [(D, "32")] and w.store.event_count(D) == 32


def test_a_name_the_store_refuses_is_said(window, monkeypatch):
    said = []
    monkeypatch.setattr(window_datasets, "warn", lambda _p, _t, text: said.append(text))
    dialog = window.datasets()
    assert window.new_dataset("congo  2025") is None  # the same name, spaced and in lower case
    assert "already" in said[0]
    assert rows(dialog) == [(D, "32")]


def test_a_read_only_store_lists_its_datasets_and_changes_none(qtbot, store):
    store.read_only = True  # (as a store on read-only media opens)
    w = shown_window(qtbot, store)
    dialog = w.datasets()
    assert rows(dialog) == [(D, "32")]
    enabled = {name for name, button in dialog.buttons.items() if button.isEnabled()}
    assert enabled == {"open"}


def test_deleting_a_dataset_of_a_team_store_promises_no_backup(qtbot, pg_url, monkeypatch):
    """A team store keeps no backup here (the server's are its administrator's): neither the
    question nor the note says one was made (the note said "kept in None")."""
    from conftest import DATA
    from timeline_app.core.store import Store

    with Store.open(pg_url) as store:
        store.import_file(DATA / "small.csv", dataset="Kivu notes")
        w = shown_window(qtbot, store)
        dialog = w.datasets()
        questions = []
        monkeypatch.setattr(window_edits, "ask",
                            lambda _p, _t, text: questions.append(text) or True)  # fmt: skip
        dialog.select("Kivu notes")
        click(qtbot, dialog, "delete")
        assert rows(dialog) == [(D, "32")]
        assert "“Kivu notes” and its 4 events?" in questions[0]
        assert "backups folder" not in questions[0]
        assert "“Kivu notes” deleted (4 events)" in dialog.note.text()
        assert "None" not in dialog.note.text() and "kept in" not in dialog.note.text()


def test_a_renamed_dataset_keeps_its_lanes(window):
    # the lane settings are kept under the dataset's name: a rename left them behind
    window.set_lane_budget(5)
    window.rename_dataset(D, "Kivu 2025")
    assert window.session.dataset == "Kivu 2025"
    window.session.view.set_lanes(budget="auto")  # as another dataset would leave it
    window._load_lanes()  # what opening the dataset again reads
    assert window.lane_budget() == 5


def test_deleting_an_empty_dataset_asks_in_words(window, qtbot, monkeypatch):
    # "Delete the dataset “Field notes” and its 0 events?"
    w = window
    w.store.create_dataset("Field notes")
    dialog = w.datasets()
    questions = []
    monkeypatch.setattr(window_edits, "ask", lambda _w, _t, q: questions.append(q) or False)
    dialog.select("Field notes")
    click(qtbot, dialog, "delete")
    assert questions == ["Delete the empty dataset “Field notes”?"]
