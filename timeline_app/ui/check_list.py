"""The filter panel's lists: checkable names (or a place tree) with the number of events
each would show, the count kept in view however long the name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QIdentityProxyModel, QLocale, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from timeline_app.ui.i18n import tr

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # what a tick stands for: a name, or a place path
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3  # the number alone, for the delegate
COUNT_GAP = 10  # between the name and its count (px)
if TYPE_CHECKING:  # _Counts is mixed into a proxy model, whose data() it extends
    from PySide6.QtCore import QAbstractProxyModel as _Proxy
else:
    _Proxy = object

GREY = QBrush(QColor(150, 150, 150))  # a choice that would show nothing
DISPLAY, FOREGROUND = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole


def natural_key(text: str) -> list:
    """Sorts "Group 2" before "Group 10", and without regard to case."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.casefold())]


class _Counts(_Proxy):
    """For a proxy model: "Goma  (12)", greyed when 0, made when the view asks for a row on
    screen. A change of counts replaces one dict and touches no item (a dataset can have
    thousands of places)."""

    counts: dict

    def data(self, index, role: int = DISPLAY):
        if role not in (DISPLAY, FOREGROUND, COUNT_ROLE) or not index.isValid():
            return super().data(index, role)
        source = self.mapToSource(index)
        key = source.data(KEY_ROLE)
        n = self.counts.get(tuple(key) if isinstance(key, list) else key, 0)
        if role == COUNT_ROLE:
            return n
        if role == DISPLAY:
            return f"{source.data(NAME_ROLE)}  ({n})"
        return GREY if n == 0 else None


class CountDelegate(QStyledItemDelegate):
    """Draws a choice as its name, cut short ("Armed Group 004 (DRC) vs…") where the room
    ends, then its count in a column of its own at the right edge, always in view. Its size
    hint asks for no more width than the count: a long name never widens the list (nor the
    panel), nor brings a sideways scroll bar that would hide the counts."""

    def _count_text(self, index) -> str:
        n = index.data(COUNT_ROLE)
        return "" if n is None else f"({QLocale().toString(int(n))})"

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        count = self._count_text(index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # the row's background (selection, hover) under the name and the count alike
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        width = opt.fontMetrics.horizontalAdvance(count) + COUNT_GAP if count else 0
        name = QStyleOptionViewItem(opt)
        name.text = str(index.data(NAME_ROLE) or opt.text)
        name.rect = opt.rect.adjusted(0, 0, -width, 0)
        name.textElideMode = Qt.TextElideMode.ElideRight
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, name, painter, widget)
        if count:
            painter.save()
            selected = opt.state & QStyle.StateFlag.State_Selected
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            color = index.data(FOREGROUND)
            painter.setPen(color.color() if color is not None and not selected
                           else opt.palette.color(role))  # fmt: skip
            box = opt.rect.adjusted(opt.rect.width() - width, 0, -COUNT_GAP // 2, 0)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             count)  # fmt: skip
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(option.fontMetrics.horizontalAdvance(self._count_text(index)) + 48,
                     hint.height())  # fmt: skip


class CountedTree(_Counts, QIdentityProxyModel):
    """The place tree, with each node's count."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.counts = {}


class CountedList(_Counts, QSortFilterProxyModel):
    """A searchable list of names, with each name's count."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.counts = {}


class CheckList(QWidget):
    """A searchable list of checkable names with counts, and All / None buttons."""

    changed = Signal()  # the ticks changed

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.proxy = CountedList(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(NAME_ROLE)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        # as wide with its clear button as without: the button appears with the first
        # letter typed, and a wider minimum would widen the whole panel at that moment
        self.search.setText(" ")
        self.search.setMinimumWidth(self.search.minimumSizeHint().width())
        self.search.setText("")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        # the ticked names, kept as they change (before `changed` is said): reading every
        # item's state cost ~2 ms for 200 actors, at each change of filters
        self._checked: set[str] = set()
        self.model.itemChanged.connect(self._note_tick)
        self.model.itemChanged.connect(lambda _item: self.changed.emit())
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
        self.view.setItemDelegate(CountDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        all_button, none_button = QPushButton(tr("All"), self), QPushButton(tr("None"), self)
        all_button.clicked.connect(lambda: self.set_all(True))
        none_button.clicked.connect(lambda: self.set_all(False))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(all_button)
        top.addWidget(none_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.view)

    def _note_tick(self, item: QStandardItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:
            self._checked.add(item.data(KEY_ROLE))
        else:
            self._checked.discard(item.data(KEY_ROLE))

    def set_names(self, names: list[str], checked: frozenset[str]) -> None:
        self.model.clear()
        self._checked = set(checked) & set(names)
        for name in names:
            item = QStandardItem(name)
            item.setCheckable(True)
            item.setData(name, KEY_ROLE)
            item.setData(name, NAME_ROLE)
            item.setCheckState(
                Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked
            )
            self.model.appendRow(item)

    def set_counts(self, counts: dict[str, int]) -> None:
        self.proxy.counts = counts
        self.view.viewport().update()

    def checked(self) -> frozenset[str]:
        return frozenset(self._checked)

    def set_all(self, on: bool) -> None:
        """Tick or untick the names the search box shows."""
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.model.blockSignals(True)  # one filter change for the lot, not one per name
        for r in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(r, 0))
            item = self.model.itemFromIndex(source)
            item.setCheckState(state)
            self._note_tick(item)  # (its signal is blocked)
        self.model.blockSignals(False)
        if self.model.rowCount():
            last = self.model.index(self.model.rowCount() - 1, 0)
            self.model.dataChanged.emit(self.model.index(0, 0), last)  # repaint the ticks
        self.changed.emit()
