"""File → Datasets…: the store's datasets with their event counts; new, rename, delete (after
a confirmation that says how many events go, and a backup of the store), merge one into
another; and "Copy to dataset…" for the events selected in the list."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from timeline_app.core.backend import is_server_url
from timeline_app.core.datasets import CopySummary
from timeline_app.core.errors import StoreError
from timeline_app.ui.i18n import tr
from timeline_app.ui.messages import warn
from timeline_app.ui.window_lanes import move_lane_settings

if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class DatasetsDialog(QDialog):
    """The list; its buttons call the window's commands, which ask what they need."""

    def __init__(self, window: DatasetActions) -> None:
        super().__init__(window)
        self.setObjectName("datasets_dialog")
        self.window_ = window
        self.setWindowTitle(tr("Datasets"))
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([tr("Dataset"), tr("Events")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemDoubleClicked.connect(lambda _item: self._run(window.open_dataset_named))
        self.note = QLabel(self)  # what the last command did
        self.note.setObjectName("datasets_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, command in (
            ("open", tr("&Open"), window.open_dataset_named),
            ("new", tr("&New…"), lambda _name: window.new_dataset()),
            ("rename", tr("&Rename…"), window.rename_dataset),
            ("merge", tr("&Merge into…"), window.merge_dataset),
            ("delete", tr("&Delete…"), window.delete_dataset),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"datasets_{name}")
            button.clicked.connect(lambda _on=False, c=command: self._run(c))
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.note)
        box.addWidget(close)
        self.resize(560, 340)
        self.refresh(window.session.dataset)
        # what a merge here put in the status bar is said in the note: it goes with the dialog
        self.finished.connect(lambda _result: window.statusBar().clearMessage())

    def refresh(self, select: str | None = None) -> None:
        """The datasets as the store has them now, `select` selected."""
        counts = {s["dataset"]: s["events"] for s in self.window_.store.stats()}
        loc = QLocale()
        self.table.setRowCount(len(counts))
        for i, (name, count) in enumerate(counts.items()):
            self.table.setItem(i, 0, QTableWidgetItem(name))
            number = QTableWidgetItem(loc.toString(count))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(i, 1, number)
            if name == select:
                self.table.selectRow(i)
        self._enable()

    def chosen(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._name(rows[0].row()) if rows else None

    def select(self, name: str) -> None:
        for i in range(self.table.rowCount()):
            if self._name(i) == name:
                self.table.selectRow(i)

    def _name(self, row: int) -> str:
        item = self.table.item(row, 0)
        assert item is not None, "refresh gives every row its name"
        return item.text()

    def _enable(self) -> None:
        chosen = self.chosen() is not None
        writable = not self.window_.store.read_only
        for name, button in self.buttons.items():
            needs = name != "new"
            button.setEnabled((chosen or not needs) and (writable or name == "open"))
        self.buttons["merge"].setEnabled(
            self.buttons["merge"].isEnabled() and self.table.rowCount() > 1
        )

    def _run(self, command: Callable[[str | None], str | None]) -> None:
        said = command(self.chosen())
        self.refresh(self.chosen())
        if said:
            self.note.setText(said)


class DatasetActions(_Window):
    """Mixed into MainWindow through EditActions. Each command returns what it did (for the
    dialog's note), or None when nothing was done."""

    def datasets(self) -> DatasetsDialog:
        self.datasets_dialog = DatasetsDialog(self)
        self.datasets_dialog.open()
        return self.datasets_dialog

    def _dataset_write(self, title: str, write: Callable[[], object]) -> bool:
        """Run a write to the store's datasets; say why if it could not be done."""
        if self.importer.running():
            warn(self, title, tr("An import is writing to the store: try again once it has "
                                 "finished."))  # fmt: skip
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a large merge takes seconds
        error = None
        try:
            write()
        except sqlite3.OperationalError as exc:
            error = tr("The store is busy ({error}): another program may be writing to it. "
                       "Try again in a moment.").format(error=exc)  # fmt: skip
        except StoreError as exc:
            error = tr("Nothing was changed: {error}").format(error=exc)
        finally:
            QApplication.restoreOverrideCursor()
        if error is not None:
            warn(self, title, error)
            return False
        return True

    def _datasets_changed(self, show: str | None) -> None:
        """The dataset box, the watch and the view after a change to the datasets."""
        names = [d.name for d in self.store.datasets()]
        if show not in names:
            show = self.store.default_dataset()
        if show != self.session.dataset:
            self.session.open_dataset(show)
        self._fill_dataset_box(show)
        self.watch.rebase()

    def open_dataset_named(self, name: str | None) -> str | None:
        if name is not None and name != self.session.dataset:
            self.session.open_dataset(name)
            self._fill_dataset_box(name)
        return None

    def new_dataset(self, name: str | None = None) -> str | None:
        if name is None:
            name, ok = QInputDialog.getText(self, tr("New dataset"), tr("Name of the dataset:"))
            if not ok:
                return None
        asked: str = name  # (a lambda does not keep the narrowing)
        if not self._dataset_write(tr("New dataset"), lambda: self.store.create_dataset(asked)):
            return None
        name = " ".join(name.split())
        self._datasets_changed(self.session.dataset)
        if getattr(self, "datasets_dialog", None) is not None:
            self.datasets_dialog.refresh(name)
        return tr("“{name}” made (empty).").format(name=name)

    def rename_dataset(self, name: str | None, new: str | None = None) -> str | None:
        if name is None:
            return None
        if new is None:
            new, ok = QInputDialog.getText(self, tr("Rename the dataset"), tr("New name:"),
                                           text=name)  # fmt: skip
            if not ok:
                return None
        new = " ".join(new.split())
        if not self._dataset_write(tr("Rename the dataset"),
                                   lambda: self.store.rename_dataset(name, new)):  # fmt: skip
            return None
        if name in self.undo_stacks:  # its undo history follows it
            self.undo_stacks[new] = self.undo_stacks.pop(name)
        move_lane_settings(self.settings, name, new)  # and its lanes
        if self.session.dataset == name:  # the same events (the view stays): its new name
            s = self.session
            s.open_dataset(new, s.state, s.columns)
        self._datasets_changed(self.session.dataset)
        if getattr(self, "datasets_dialog", None) is not None:
            self.datasets_dialog.refresh(new)
        return tr("“{name}” is now “{new}”.").format(name=name, new=new)

    def delete_dataset(self, name: str | None) -> str | None:
        """After a confirmation that says how many events go; the store is backed up first."""
        from timeline_app.ui.window_edits import ask

        if name is None:
            return None
        count = self.store.event_count(name)
        if count == 0:  # not "and its 0 events"
            question = tr("Delete the empty dataset “{name}”?").format(name=name)
        elif is_server_url(self.store.path):  # a team store: no backup here (the server's own)
            question = tr("Delete the dataset “{name}” and its %n event(s)?", None,
                          count).format(name=name)  # fmt: skip
        else:
            question = tr("Delete the dataset “{name}” and its %n event(s)? A copy of the store "
                          "as it is now is kept in its backups folder first.", None,
                          count).format(name=name)  # fmt: skip
        if not ask(self, tr("Delete the dataset"), question):
            return None
        backup: list[Path | None] = []

        def delete() -> None:
            backup.append(self.store.backup("before-delete"))
            self.store.delete_dataset(name)

        if not self._dataset_write(tr("Delete the dataset"), delete):
            return None
        self.undo_stacks.pop(name, None)
        self._datasets_changed(self.session.dataset)
        if backup[0] is None:
            return tr("“{name}” deleted (%n event(s)).", None, count).format(name=name)
        return tr("“{name}” deleted (%n event(s)); the store as it was is kept in {backup}.",
                  None, count).format(name=name, backup=backup[0])  # fmt: skip

    def merge_dataset(self, name: str | None, target: str | None = None) -> str | None:
        """Every event, actor and story of `name` into `target` (`name` stays)."""
        if name is None:
            return None
        others = [d.name for d in self.store.datasets() if d.name != name]
        if target is None:
            target, ok = QInputDialog.getItem(
                self, tr("Merge datasets"),
                tr("Copy every event, actor and story of “{name}” into:").format(name=name),
                others, 0, False,
            )  # fmt: skip
            if not ok:
                return None
        summary: list[CopySummary] = []
        merge = lambda: summary.append(self.store.merge_datasets(name, target))  # noqa: E731
        if not self._dataset_write(tr("Merge datasets"), merge):
            return None
        return self._copied(summary[0])

    def _copied(self, summary: CopySummary) -> str:
        """After a merge or a copy: the target shows it, and what was done is said."""
        if summary.target == self.session.dataset:
            self._show_after([], patch=False)  # read it all: many events may have come
        self.watch.rebase()
        text = tr("%n event(s) copied from “{source}” to “{target}”", None, summary.copied)
        text = text.format(source=summary.source, target=summary.target)
        if summary.already:
            text += tr("; %n already there", None, summary.already)
        if summary.renamed:
            text += tr("; %n under a new id (the target has another event of that id)", None,
                       len(summary.renamed))  # fmt: skip
        self.statusBar().showMessage(text + ".", 15000)
        return text + "."

    def copy_to_dataset(self, target: str | None = None) -> str | None:
        """The events selected in the list, copied to another dataset."""
        events = self.selected_events()
        name = self.session.dataset
        if not events or name is None:
            return None
        if target is None:
            others = [d.name for d in self.store.datasets() if d.name != name]
            if not others:
                said = tr("There is no other dataset: make one in File → Datasets… first.")
                warn(self, tr("Copy to dataset"), said)
                return None
            target, ok = QInputDialog.getItem(
                self, tr("Copy to dataset"),
                tr("Copy %n event(s) to:", None, len(events)), others, 0, False,
            )  # fmt: skip
            if not ok:
                return None
        uids = [e.id for e in events]
        summary: list[CopySummary] = []
        copy = lambda: summary.append(self.store.copy_events(name, target, uids))  # noqa: E731
        if not self._dataset_write(tr("Copy to dataset"), copy):
            return None
        return self._copied(summary[0])

    def _copy_menu(self, menu: QMenu) -> None:
        """In the list's menu: copy the selected events to another dataset."""
        count = len(self.table.selectionModel().selectedRows()) or (
            1 if self.session.selected is not None else 0
        )
        if count and not self.store.read_only:
            action = menu.addAction(tr("Copy %n event(s) to dataset…", None, count),
                                    lambda: self.copy_to_dataset())  # fmt: skip
            action.setObjectName("copy_to_dataset")
