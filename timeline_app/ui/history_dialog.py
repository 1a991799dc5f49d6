"""An event's history (who changed what, when, from where), and the dataset's deleted events,
each of which can be restored. Values from the data are shown as text, never as markup."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
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
    """ "changed:", then a line per field: "place: Sake → Goma", translated."""
    words = tr(ACTIONS.get(change.action, change.action))
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
    if origin == history.WINDOW:
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
            self.act_button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            self.act_button.setEnabled(False)

            def chosen() -> Change | None:
                item = self.tree.currentItem()
                return None if item is None else item.data(0, CHANGE_ROLE)

            self.tree.currentItemChanged.connect(
                lambda *_: self.act_button.setEnabled(chosen() is not None and can(chosen()))
            )
            self.act_button.clicked.connect(lambda: do(chosen()) if chosen() else None)
        box = QVBoxLayout(self)
        box.addWidget(self.tree)
        box.addWidget(buttons)
        self.resize(780, 380)
