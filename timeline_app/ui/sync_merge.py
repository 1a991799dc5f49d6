"""A sync conflict merged field by field: each field both sides changed differently, with
mine and theirs side by side, and which to keep (mine unless told)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.errors import StoreError
from timeline_app.core.sync_state import Conflict, merged_doc
from timeline_app.ui.history_dialog import FIELDS, value_text
from timeline_app.ui.i18n import tr
from timeline_app.ui.messages import warn
from timeline_app.ui.plain import plain_label


class MergeDialog(QDialog):
    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Merge field by field"))
        self.setObjectName("sync_merge")
        self.conflict = conflict
        self.merged: str | None = None
        self.fields = list(conflict.fields().items())
        self.table = QTableWidget(len(self.fields), 4, self)
        self.table.setHorizontalHeaderLabels([tr("Field"), tr("Mine"), tr("Theirs"), tr("Keep")])
        self.choices: dict[str, QComboBox] = {}
        for row, (field, (mine, theirs)) in enumerate(self.fields):
            name = tr(FIELDS[field]) if field in FIELDS else field
            for col, text in enumerate((name, value_text(mine), value_text(theirs))):
                item = QTableWidgetItem(text)  # (a table item's text is plain)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
            box = QComboBox(self.table)
            box.addItem(tr("Mine"), "mine")
            box.addItem(tr("Theirs"), "theirs")
            self.table.setCellWidget(row, 3, box)
            self.choices[field] = box
        self.table.resizeColumnsToContents()
        for col in (1, 2):  # mine and theirs share the room
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(tr("The event '{uid}' as both sides changed it:")
                                     .format(uid=conflict.name), self))  # fmt: skip
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def choose(self, field: str, side: str) -> None:
        box = self.choices[field]
        box.setCurrentIndex(box.findData(side))

    def accept(self) -> None:
        chosen = {field: box.currentData() for field, box in self.choices.items()}
        try:
            self.merged = merged_doc(self.conflict, chosen)
        except (StoreError, ValueError) as exc:  # a merge that is not an event: said
            said = tr("These choices do not make an event:\n{problem}").format(problem=exc)
            warn(self, tr("Merge field by field"), said)
            return
        super().accept()
