"""The window's Edit commands: new, edit and delete events, and undo / redo them.

Each change is written to the store at once (a form stays open if its save fails); the undo
stack of the dataset (one per dataset, in a QUndoGroup) records it. Undo and redo write to the
store first and move the stack only once that worked, so a failed undo (a conflict with
another window, a busy store) leaves both as they were, and can be tried again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import cast

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core import history
from timeline_app.core.dates import day_text, localize
from timeline_app.core.errors import EditConflict, StoreBusy, StoreError, StoreReadOnly
from timeline_app.core.history import Change
from timeline_app.core.model import Event
from timeline_app.core.serialize import event_from_dict
from timeline_app.ui.event_form import EventForm
from timeline_app.ui.history_dialog import HistoryDialog
from timeline_app.ui.i18n import language, tr
from timeline_app.ui.messages import warn
from timeline_app.ui.plain import mnemonic_free
from timeline_app.ui.timeline_edits import TimelineEdits
from timeline_app.ui.window_bulk import BulkEdits
from timeline_app.ui.window_datasets import DatasetActions

PREFERENCE = "edit/name"  # the name changes are recorded under (default: the OS user)


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question (tests answer it)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class EventChange(QUndoCommand):
    """A change to some events: (before, after) pairs as stored (None: the event is not
    there). The store writes are `write_undo` and `write_redo`, all or nothing; Qt's undo()
    and redo() only move the stack."""

    def __init__(self, text: str, before: Event | None = None, after: Event | None = None,
                 pairs: Sequence[tuple[Event | None, Event | None]] = ()) -> None:  # fmt: skip
        super().__init__(text)
        self.pairs = list(pairs) or [(before, after)]

    @staticmethod
    def _go(store, dataset: str, pairs: list[tuple[Event | None, Event | None]]) -> list[str]:
        uids = [_either(new, old).id for old, new in pairs]
        # only from the state this change left: what another window did since is not undone
        for (old, new), uid in zip(pairs, uids, strict=True):
            if store.event(dataset, uid) != old:
                raise EditConflict(tr("“{title}” was changed since, in another window or "
                                      "program: nothing was changed, so that its change is "
                                      "not lost.")
                                   .format(title=_either(old, new).title))  # fmt: skip
        with store.together():
            for (old, new), uid in zip(pairs, uids, strict=True):
                if old is None:  # bring back what was deleted (its record is in the history)
                    store.restore_event(dataset, uid)
                elif new is None:
                    store.delete_event(dataset, uid, store.revision(dataset, uid))
                else:
                    store.update_event(dataset, new, store.revision(dataset, uid))
        return uids

    def write_undo(self, store, dataset: str) -> list[str]:
        return self._go(store, dataset, [(new, old) for old, new in self.pairs])

    def write_redo(self, store, dataset: str) -> list[str]:
        return self._go(store, dataset, self.pairs)

    def undo(self) -> None:  # written already (write_undo)
        pass

    def redo(self) -> None:  # written already (first push, or write_redo)
        pass


def _either(first: Event | None, second: Event | None) -> Event:
    """The first of a change's two sides that is there: a change has a before or an after."""
    event = first or second
    assert event is not None, "a change with neither a before nor an after"
    return event


class EditActions(BulkEdits, TimelineEdits, DatasetActions):
    """Mixed into MainWindow; `_setup_editing` is called once its actions exist."""

    def _setup_editing(self) -> None:
        self.store.user = str(self.settings.value(PREFERENCE, "") or "") or None
        self.undo_group = QUndoGroup(self)
        self.undo_stacks: dict[str, QUndoStack] = {}
        acts = self.actions_
        acts["redo"].setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_group.undoTextChanged.connect(lambda _t: self._undo_texts())
        self.undo_group.redoTextChanged.connect(lambda _t: self._undo_texts())
        self.undo_group.canUndoChanged.connect(lambda _t: self._undo_texts())
        self.undo_group.canRedoChanged.connect(lambda _t: self._undo_texts())
        self.session.datasetChanged.connect(self._undo_stack_of_dataset)
        self.session.selectionChanged.connect(self._show_edit_note)
        self._card_bar()
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)  # bulk edits
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self._timeline_editing()  # double-click and context menu (ui/timeline_edits.py)
        if self.store.read_only:
            for name in ("new_event", "edit_event", "delete_event"):
                acts[name].setEnabled(False)
        self._undo_stack_of_dataset()

    def _card_bar(self) -> None:
        """Above the card: who edited the event last, and its Edit and Delete buttons."""
        splitter = cast(QSplitter, self.card.parentWidget())  # main_window.py puts it there
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit_note = QLabel(panel)
        self.edit_note.setObjectName("edit_note")
        self.edit_note.setTextFormat(Qt.TextFormat.PlainText)
        self.edit_note.setWordWrap(True)
        self.edit_button = QPushButton(tr("Edit…"), panel)
        self.edit_button.setObjectName("card_edit")
        self.edit_button.clicked.connect(self.edit_event)
        self.history_button = QPushButton(tr("History…"), panel)
        self.history_button.setObjectName("card_history")
        self.history_button.clicked.connect(self.event_history)
        row.addWidget(self.edit_note, 1)
        row.addWidget(self.history_button)
        row.addWidget(self.edit_button)
        splitter.replaceWidget(splitter.indexOf(self.card), panel)
        column.addLayout(row)
        column.addWidget(self.card, 1)
        self.card.show()
        self._show_edit_note(None)

    def _undo_stack_of_dataset(self) -> None:
        name = self.session.dataset
        if name is None:
            # Qt takes a null stack (none active); PySide6's stub says QUndoStack only
            self.undo_group.setActiveStack(None)  # type: ignore[arg-type]
        else:
            if name not in self.undo_stacks:
                self.undo_stacks[name] = QUndoStack(self.undo_group)
            self.undo_group.setActiveStack(self.undo_stacks[name])
        self._undo_texts()

    def _undo_texts(self) -> None:
        group, acts = self.undo_group, self.actions_
        writable = not self.store.read_only
        acts["undo"].setEnabled(writable and group.canUndo())
        acts["redo"].setEnabled(writable and group.canRedo())
        acts["undo"].setText(
            tr("&Undo {what}").format(what=group.undoText()) if group.canUndo() else tr("&Undo")
        )
        acts["redo"].setText(
            tr("&Redo {what}").format(what=group.redoText()) if group.canRedo() else tr("&Redo")
        )

    def _show_edit_note(self, row: int | None) -> None:
        event = self._selected_event() if row is not None else None
        self.edit_button.setEnabled(event is not None and not self.store.read_only)
        self.history_button.setEnabled(event is not None)
        self.actions_["edit_event"].setEnabled(event is not None and not self.store.read_only)
        self.actions_["delete_event"].setEnabled(event is not None and not self.store.read_only)
        if event is None:
            self.edit_note.setText("")
            return
        edits, last = self.store.edit_note(self.session.open_name, event.id)
        if last is None:
            self.edit_note.setText("")
            return
        day = localize(day_text(datetime.fromisoformat(last.at).date()), language())
        if edits:
            text = tr("Edited %n time(s), last by {who} on {date}", None, edits)
        else:
            text = tr("Added by {who} on {date}")
        self.edit_note.setText(text.format(who=last.who, date=day))

    def _selected_event(self) -> Event | None:
        row = self.session.selected
        return None if row is None else self.session.event_at(row)

    # -- writing ---------------------------------------------------------------------------

    def _write(self, write: Callable[[], str | list[str] | None]) -> None:
        """Run one store write and show its result; raises StoreError (said in the
        interface's language where it can be) when nothing was written."""
        if self.store.read_only:
            raise StoreReadOnly(tr("The store is read-only: nothing can be saved to it."))
        if self.importer.running():
            raise StoreBusy(tr("An import is writing to the store: save again once it has "
                               "finished (what you typed is kept)."))  # fmt: skip
        # what another program changed and the window does not show yet: read it all after
        ds = self.session.open_name
        up_to_date = self.store.change_marks().get(ds) == self.watch.marks.get(ds)
        try:
            uids = write()
        except sqlite3.OperationalError as exc:
            said = tr("The store is busy ({error}): another program may be writing to it. "
                      "Save again in a moment.")  # fmt: skip
            raise StoreBusy(said.format(error=exc)) from exc
        except EditConflict:
            self.session.reload()  # show the other change
            raise
        uids = [uids] if isinstance(uids, str) else uids or []
        self._show_after(uids, up_to_date)

    def _show_after(self, uids: list[str], patch: bool = True) -> None:
        """Read the events changed again (`patch`; else the whole dataset) and select the
        first (if it is still there)."""
        with self.timeline.kept_view():  # not the first view again: the user's
            self.session.reload(uids if patch else ())
        uid = uids[0] if uids else None
        row = None if uid is None else self.session.open_columns.row_of(uid)
        if row is not None:
            self.session.select(row)
            self.timeline.center_on(row)

    def _push(self, change: EventChange) -> None:
        self.undo_stacks[self.session.open_name].push(change)

    def _form(self, event: Event | None, save: Callable[[Event], None]) -> EventForm:
        ds = self.session.open_name
        kinds = self.session.open_columns.events["event_type"].cat.categories
        types = sorted({str(t) for t in kinds if str(t)})
        return EventForm(self, save, event, self.store.places(ds), self.store.actors(ds), types)

    # -- actions (names as declared in ui/actions.py) -------------------------------------

    def new_event(self) -> EventForm | None:
        if self.session.dataset is None:
            return None
        ds = self.session.dataset

        def save(event: Event) -> None:
            actors = self.event_form.new_actors  # with their kinds and aliases
            self._write(lambda: (self.store.create_event(ds, event, actors=actors), event.id)[1])
            what = tr("add “{title}”").format(title=mnemonic_free(event.title[:40]))
            self._push(EventChange(what, None, self.store.event(ds, event.id)))

        self.event_form = self._form(None, save)
        self.event_form.open()
        return self.event_form

    def edit_event(self) -> EventForm | None:
        before = self._selected_event()
        if before is None:
            return None
        ds = self.session.open_name
        revision = self.store.revision(ds, before.id)

        def save(event: Event) -> None:
            actors = self.event_form.new_actors
            self._write(
                lambda: (self.store.update_event(ds, event, revision, actors=actors), event.id)[1]
            )
            what = tr("edit “{title}”").format(title=mnemonic_free(event.title[:40]))
            self._push(EventChange(what, before, self.store.event(ds, event.id)))

        self.event_form = self._form(before, save)
        self.event_form.open()
        return self.event_form

    def undo(self) -> None:
        self._undo_or_redo(undo=True)

    def redo(self) -> None:
        self._undo_or_redo(undo=False)

    def _undo_or_redo(self, *, undo: bool) -> None:
        stack = self.undo_group.activeStack()
        if stack is None or not (stack.canUndo() if undo else stack.canRedo()):
            return
        # the stacks hold only EventChange (_push)
        change = cast(EventChange, stack.command(stack.index() - 1 if undo else stack.index()))
        ds = self.session.open_name
        write = change.write_undo if undo else change.write_redo
        try:
            self._write(lambda: write(self.store, ds))
        except StoreError as exc:  # the stack stays where it was: it can be tried again
            title = tr("Undo") if undo else tr("Redo")
            warn(self, title, tr("{what} failed: {error}").format(what=change.text(), error=exc))
            return
        stack.undo() if undo else stack.redo()

    def _table_menu(self, pos: QPoint) -> QMenu | None:
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        menu = QMenu(self)
        for name in ("edit_event", "delete_event", "new_event"):
            action: QAction = self.actions_[name]
            menu.addAction(action)
        self._bulk_menu(menu)
        self._copy_menu(menu)
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self.table_menu = menu
        return menu

    def editor_name(self, name: str | None = None) -> None:
        """The name changes are recorded under (asked for if not given); empty: the OS user."""
        if name is None:
            name, ok = QInputDialog.getText(
                self, tr("Your name in the history"),
                tr("Changes you make are recorded under this name (empty: your login name, "
                   "{user}):").format(user=history.os_user()),
                text=self.store.user or "",
            )  # fmt: skip
            if not ok:
                return
        self.store.user = name.strip() or None
        self.settings.setValue(PREFERENCE, name.strip())
        self._show_edit_note(self.session.selected)

    # -- history ---------------------------------------------------------------------------

    def event_history(self) -> HistoryDialog | None:
        """The selected event's changes; a source's newer version can be taken from them."""
        event = self._selected_event()
        if event is None:
            return None
        ds = self.session.open_name
        take = (tr("Take the source's version"),
                lambda c: c.action == history.SOURCE and not self.store.read_only,
                lambda c: self._take_source(c))  # fmt: skip
        title = tr("History of “{title}”").format(title=event.title)
        self.history_dialog = HistoryDialog(self, title, self.store.history(ds, event.id), take)
        self.history_dialog.open()
        return self.history_dialog

    def deleted_events(self) -> HistoryDialog | None:
        """The dataset's deleted events, each of which can be restored."""
        if self.session.dataset is None:
            return None
        changes = self.store.deleted_events(self.session.dataset)
        restore = (tr("Restore"), lambda _c: not self.store.read_only, self._restore_deleted)
        self.history_dialog = HistoryDialog(self, tr("Deleted events"), changes, restore, True)
        self.history_dialog.open()
        return self.history_dialog

    def _restore_deleted(self, change: Change) -> None:
        ds = self.session.open_name
        try:
            self._write(lambda: (self.store.restore_event(ds, change.uid), change.uid)[1])
        except StoreError as exc:
            warn(self, tr("Restore"), tr("Nothing was restored: {error}").format(error=exc))
            return
        event = self.store.event(ds, change.uid)
        assert event is not None, "restored, so there"
        what = tr("restore “{title}”").format(title=mnemonic_free(event.title[:40]))
        self._push(EventChange(what, None, event))
        self.history_dialog.accept()

    def _take_source(self, change: Change) -> None:
        """The source's version replaces the edit here (undoable); it stays marked as
        edited, so a later re-import still asks before overwriting."""
        ds = self.session.open_name
        before = self.store.event(ds, change.uid)
        if before is None or change.doc is None:
            return
        source = event_from_dict(change.doc)
        revision = self.store.revision(ds, change.uid)
        try:
            self._write(lambda: (self.store.update_event(ds, source, revision), change.uid)[1])
        except StoreError as exc:
            warn(self, tr("History"), tr("Nothing was changed: {error}").format(error=exc))
            return
        what = tr("take the source's “{title}”").format(title=mnemonic_free(source.title[:40]))
        self._push(EventChange(what, before, self.store.event(ds, change.uid)))
        self.history_dialog.accept()
