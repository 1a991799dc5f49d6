"""Making and editing a story: its name, its steps in order, a note for each step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.dates import localize
from timeline_app.core.model import Story, StoryStep
from timeline_app.ui.i18n import language, tr
from timeline_app.ui.session import Session

UID_ROLE = Qt.ItemDataRole.UserRole + 1
NOTE_ROLE = Qt.ItemDataRole.UserRole + 2


class StoryDialog(QDialog):
    def __init__(self, session: Session, story: Story, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("Story"))
        self.resize(760, 560)
        self.name = QLineEdit(story.name, self)
        self.steps = QListWidget(self)
        for step in story.steps:
            self._append(step.event_id, step.note)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(tr("What to say at this step (optional)"))
        self.note.textChanged.connect(self._note_changed)
        self.steps.currentItemChanged.connect(self._step_changed)

        buttons = QVBoxLayout()
        choices = (
            (tr("Add the selected event"), self.add_selected),
            (tr("Remove"), self.remove),
            (tr("Move up"), lambda: self.move(-1)),
            (tr("Move down"), lambda: self.move(+1)),
        )
        for text, slot in choices:
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.steps, 1)
        middle.addLayout(buttons)
        ok = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok.accepted.connect(self.accept)
        ok.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(tr("Name"), self))
        box.addWidget(self.name)
        box.addWidget(QLabel(tr("Steps, in the order they are told"), self))
        box.addLayout(middle, 3)
        box.addWidget(self.note, 1)
        box.addWidget(ok)
        if self.steps.count():
            self.steps.setCurrentRow(0)

    def _append(self, uid: str, note: str = "") -> None:
        columns = self.session.open_columns
        row = columns.row_of(uid)
        if row is None:
            return  # the event is no longer in the dataset
        ev = columns.events
        day = localize(str(ev["date_label"].iat[row]), language())
        item = QListWidgetItem(f"{day} · {columns.titles[row]}")
        item.setData(UID_ROLE, uid)
        item.setData(NOTE_ROLE, note)
        self.steps.addItem(item)

    def _step_changed(self, current, _previous) -> None:
        self.note.blockSignals(True)
        self.note.setPlainText(current.data(NOTE_ROLE) if current else "")
        self.note.setEnabled(current is not None)
        self.note.blockSignals(False)

    def _note_changed(self) -> None:
        item = self.steps.currentItem()
        if item is not None:
            item.setData(NOTE_ROLE, self.note.toPlainText())

    def add_selected(self) -> None:
        row = self.session.selected
        if row is not None:
            self._append(str(self.session.open_columns.uids[row]))
            self.steps.setCurrentRow(self.steps.count() - 1)

    def remove(self) -> None:
        self.steps.takeItem(self.steps.currentRow())

    # moves the chosen step; QWidget.move(point), which it hides, is not called on this dialog
    def move(self, delta: int) -> None:  # type: ignore[override]
        row = self.steps.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.steps.count():
            return
        item = self.steps.takeItem(row)
        self.steps.insertItem(target, item)
        self.steps.setCurrentRow(target)

    def story(self) -> Story:
        items = [self.steps.item(i) for i in range(self.steps.count())]
        steps = tuple(StoryStep(i.data(UID_ROLE), i.data(NOTE_ROLE) or "") for i in items)
        return Story(self.name.text().strip() or tr("Untitled story"), steps)
