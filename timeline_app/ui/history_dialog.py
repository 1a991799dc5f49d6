"""An event's history (who changed what, when, from where), and the dataset's deleted events,
each of which can be restored. Values from the data are shown as text, never as markup."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core import history
from timeline_app.core.history import Change
from timeline_app.ui.i18n import QT_TR_NOOP, tr

FIELDS = {
    "title": QT_TR_NOOP("title"), "start": QT_TR_NOOP("date"), "end": QT_TR_NOOP("end"),
    "precision": QT_TR_NOOP("precision"), "date_note": QT_TR_NOOP("date note"),
    "location.place": QT_TR_NOOP("place"), "location.admin2": QT_TR_NOOP("district"),
    "location.admin1": QT_TR_NOOP("province"), "location.country": QT_TR_NOOP("country"),
    "location.latitude": QT_TR_NOOP("latitude"), "location.longitude": QT_TR_NOOP("longitude"),
    "actors": QT_TR_NOOP("actors"), "event_type": QT_TR_NOOP("type"),
    "description": QT_TR_NOOP("description"), "sources": QT_TR_NOOP("sources"),
    "key": QT_TR_NOOP("key event"), "tags": QT_TR_NOOP("tags"),
    "fatalities": QT_TR_NOOP("fatalities"), "decision": QT_TR_NOOP("decision"),
}  # fmt: skip
ACTIONS = {
    history.CREATED: QT_TR_NOOP("added"), history.CHANGED: QT_TR_NOOP("changed"),
    history.DELETED: QT_TR_NOOP("deleted"), history.RESTORED: QT_TR_NOOP("restored"),
    history.SOURCE: QT_TR_NOOP("the source now says (the edit here was kept)"),
    history.RESOLVED: QT_TR_NOOP("sync conflict decided"),
}  # fmt: skip
CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_PADDING = 10  # px between two changes


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):  # actors, sources
        value = ", ".join(v.get("name") or v.get("url", "") for v in value)
    elif isinstance(value, list):
        value = ", ".join(map(str, value))
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def change_text(change: Change) -> str:
    """ "changed:", then a line per field: "place: Sake → Goma", translated; an undo or a
    redo says so ("undone:")."""
    words = tr(ACTIONS.get(change.action, change.action))
    step = {history.UNDO: tr("undone"), history.REDO: tr("redone")}.get(change.origin)
    if step is not None:  # "undone:" with the fields put back, or "undone: deleted"
        words = step if change.action == history.CHANGED else tr("{what}:").format(
            what=step) + " " + words  # fmt: skip
    if not change.changes:
        return words
    # the colons are in the translations: French writes a (no-break) space before them
    parts = [
        tr("{field}: {old} → {new}").format(
            field=tr(FIELDS[k]) if k in FIELDS else k, old=value_text(old), new=value_text(new)
        )
        for k, (old, new) in change.changes.items()
    ]
    return tr("{what}:").format(what=words) + "\n" + "\n".join(parts)  # a line each


def origin_text(origin: str) -> str:
    if origin in (history.WINDOW, history.UNDO, history.REDO):
        return tr("window")
    if origin.startswith("sync with "):
        return tr("sync with {store}").format(store=origin.removeprefix("sync with "))
    if origin.startswith("import of "):
        return tr("import of {file}").format(file=origin.removeprefix("import of "))
    return origin


def when_text(at: str) -> str:
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


class _Roomy(QStyledItemDelegate):
    """Rows with room between them: a change's lines were flush with the next row's."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + ROW_PADDING)


class HistoryDialog(QDialog):
    """A list of changes, newest first; `act` (if given) is offered for the chosen change
    when `can_act(change)`: restore a deletion, take a source's version."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        changes: Sequence[Change],
        act: tuple[str, Callable[[Change], bool], Callable[[Change], None]] | None = None,
        titles: bool = False,
        empty: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle(title)
        self.tree = QTreeWidget(self)
        headers = [tr("When"), tr("Who"), tr("Where"), tr("What")]
        if titles:
            headers.insert(0, tr("Event"))
        self.tree.setHeaderLabels(headers)
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)  # a change of two lines reads as one row
        self.tree.setItemDelegate(_Roomy(self.tree))
        self.note = QLabel(empty, self)  # when there is no change: since when
        self.note.setObjectName("history_note")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(empty) and not changes)
        for change in reversed(changes):
            cells = [when_text(change.at), change.who, origin_text(change.origin),
                     change_text(change)]  # fmt: skip
            if titles:
                cells.insert(0, (change.doc or {}).get("title", change.uid))
            item = QTreeWidgetItem(cells)
            item.setData(0, CHANGE_ROLE, change)
            item.setToolTip(len(cells) - 1, cells[-1])
            self.tree.addTopLevelItem(item)
        for col, width in enumerate((220, 130, 90, 160) if titles else (130, 90, 160)):
            self.tree.setColumnWidth(col, width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        buttons.rejected.connect(self.reject)
        self.act_button: QPushButton | None = None
        if act is not None:
            text, can, do = act
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.setEnabled(False)
            self.act_button = button

            def chosen() -> Change | None:
                item = self.tree.currentItem()
                return None if item is None else item.data(0, CHANGE_ROLE)

            def enable(*_: object) -> None:
                change = chosen()
                button.setEnabled(change is not None and can(change))

            def act_on_chosen() -> None:
                change = chosen()
                if change:
                    do(change)

            self.tree.currentItemChanged.connect(enable)
            button.clicked.connect(act_on_chosen)
        box = QVBoxLayout(self)
        box.addWidget(self.note)
        box.addWidget(self.tree)
        box.addWidget(buttons)
        self.resize(780, 380)
