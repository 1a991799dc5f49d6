"""Changes to several events at once, from the list's selection: mark as key, add a tag, set
the type, delete. Each is one transaction and one step of undo."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QInputDialog, QMenu

from timeline_app.core.dates import localize
from timeline_app.core.errors import FieldError, StoreError
from timeline_app.core.model import Event
from timeline_app.ui.event_table import EVENT_ROW_ROLE
from timeline_app.ui.i18n import language, tr
from timeline_app.ui.messages import warn
from timeline_app.ui.plain import mnemonic_free

if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class BulkEdits(_Window):
    """Mixed into MainWindow through EditActions (which gives _write, _push, EventChange)."""

    def selected_events(self) -> list[Event]:
        """The events selected in the list (or the one selected elsewhere), in time order."""
        rows = {i.data(EVENT_ROW_ROLE) for i in self.table.selectionModel().selectedRows()}
        if not rows and self.session.selected is not None:
            rows = {self.session.selected}
        events = (self.session.event_at(row) for row in sorted(rows))
        return [e for e in events if e is not None]

    def _bulk(self, what: str, change: Callable[[Event], Event | None]) -> bool:
        """Apply `change` to every selected event, as one write and one step of undo."""
        from timeline_app.ui.window_edits import EventChange

        ds = self.session.open_name
        try:
            pairs = [(e, change(e)) for e in self.selected_events()]
        except FieldError as exc:  # a tag or type the model refuses (too long, say)
            warn(self, tr("Change events"), tr("Nothing was changed: {error}").format(error=exc))
            return False
        pairs = [(old, new) for old, new in pairs if old != new]
        if not pairs:
            return False
        command = EventChange(what, pairs=pairs)
        try:
            self._write(lambda: command.write_redo(self.store, ds))
        except StoreError as exc:
            warn(self, tr("Change events"), tr("Nothing was changed: {error}").format(error=exc))
            return False
        self._select_in_list([old.id for old, new in pairs if new is not None])
        # as stored (actor names made canonical): what an undo expects to find
        command.pairs = [(old, None if new is None else self.store.event(ds, old.id))
                         for old, new in pairs]  # fmt: skip
        self._push(command)
        return True

    def _select_in_list(self, uids: list[str]) -> None:
        """Keep the changed events selected, for the next change (the list was rebuilt)."""
        if self.table_model is None:
            return
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for uid in uids:
            row = self.session.open_columns.row_of(uid)
            pos = None if row is None else self.table_model.position_of(row)
            if pos is not None:
                self.table.selectionModel().select(self.table_model.index(pos, 0), flags)

    def set_key(self, on: bool = True) -> bool:
        count = len(self.selected_events())
        what = (tr("mark %n event(s) as key", None, count) if on
                else tr("unmark %n key event(s)", None, count))  # fmt: skip
        return self._bulk(what, lambda e: dataclasses.replace(e, key=on))

    def add_tag(self, tag: str | None = None) -> bool:
        if tag is None:
            tag, ok = QInputDialog.getText(self, tr("Add a tag"), tr("Tag:"))
            if not ok:
                return False
        tag = " ".join(tag.split())
        if not tag:
            return False
        count = len(self.selected_events())
        what = tr("tag %n event(s) “{tag}”", None, count).format(tag=mnemonic_free(tag))
        return self._bulk(
            what, lambda e: e if tag in e.tags else dataclasses.replace(e, tags=(*e.tags, tag))
        )

    def set_type(self, kind: str | None = None) -> bool:
        if kind is None:
            types = self.session.open_columns.events["event_type"].cat.categories
            kinds = sorted(str(t) for t in types)
            kind, ok = QInputDialog.getItem(self, tr("Set the type"), tr("Type:"), kinds, 0, True)
            if not ok:
                return False
        kind = " ".join(kind.split())
        count = len(self.selected_events())
        what = tr("set the type of %n event(s)", None, count)
        return self._bulk(what, lambda e: dataclasses.replace(e, event_type=kind))

    def delete_event(self) -> bool:
        """Delete the selected event(s), once confirmed; Undo brings them back."""
        from timeline_app.ui import window_edits

        events = self.selected_events()
        if not events:
            return False
        if len(events) == 1:
            event = events[0]
            question = tr("Delete “{title}” ({date})? Undo (Ctrl+Z) brings it back.").format(
                title=event.title, date=localize(event.when.describe(), language())
            )
            what = tr("delete “{title}”").format(title=mnemonic_free(event.title[:40]))
        else:
            question = tr("Delete these %n events? Undo (Ctrl+Z) brings them back.", None,
                          len(events))  # fmt: skip
            what = tr("delete %n events", None, len(events))
        if not window_edits.ask(self, tr("Delete event"), question):
            return False
        return self._bulk(what, lambda _e: None)

    def _bulk_menu(self, menu: QMenu) -> None:
        """The list's menu when several events are selected."""
        count = len(self.table.selectionModel().selectedRows())
        if count < 2 or self.store.read_only:
            return
        menu.addSeparator()
        menu.addAction(tr("Mark %n events as key", None, count), lambda: self.set_key(True))
        menu.addAction(tr("Unmark %n key events", None, count), lambda: self.set_key(False))
        menu.addAction(tr("Add a tag to %n events…", None, count), lambda: self.add_tag())
        menu.addAction(tr("Set the type of %n events…", None, count), lambda: self.set_type())
