"""The filter panel: text, key events, dates, actors, places and types, with counts.

A category with nothing ticked does not filter. Ticks within a category are OR; categories
combine with AND. Counts say how many events each choice would show with the other filters.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QIdentityProxyModel, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.filters import FilterState
from timeline_app.ui.i18n import tr
from timeline_app.ui.plain import mnemonic_free
from timeline_app.ui.session import Session

if TYPE_CHECKING:  # _Counts is mixed into a proxy model, whose data() it extends
    from PySide6.QtCore import QAbstractProxyModel as _Proxy
else:
    _Proxy = object

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # what a tick stands for: a name, or a place path
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
TEXT_DELAY_MS = 250
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
        if role not in (DISPLAY, FOREGROUND) or not index.isValid():
            return super().data(index, role)
        source = self.mapToSource(index)
        key = source.data(KEY_ROLE)
        n = self.counts.get(tuple(key) if isinstance(key, list) else key, 0)
        if role == DISPLAY:
            return f"{source.data(NAME_ROLE)}  ({n})"
        return GREY if n == 0 else None


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


def _to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


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
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.model.itemChanged.connect(lambda _item: self.changed.emit())
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformItemSizes(True)
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

    def set_names(self, names: list[str], checked: frozenset[str]) -> None:
        self.model.clear()
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
        return frozenset(
            self.model.item(r).data(KEY_ROLE)
            for r in range(self.model.rowCount())
            if self.model.item(r).checkState() == Qt.CheckState.Checked
        )

    def set_all(self, on: bool) -> None:
        """Tick or untick the names the search box shows."""
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.model.blockSignals(True)  # one filter change for the lot, not one per name
        for r in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(r, 0))
            self.model.itemFromIndex(source).setCheckState(state)
        self.model.blockSignals(False)
        if self.model.rowCount():
            last = self.model.index(self.model.rowCount() - 1, 0)
            self.model.dataChanged.emit(self.model.index(0, 0), last)  # repaint the ticks
        self.changed.emit()


class FilterPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._updating = False

        self.text = QLineEdit(self)
        self.text.setPlaceholderText(tr("Search titles, descriptions, actors, places, sources"))
        self.text.setClearButtonEnabled(True)
        self._text_timer = QTimer(self, singleShot=True, interval=TEXT_DELAY_MS)
        self._text_timer.timeout.connect(self._apply)
        self.text.textChanged.connect(lambda _t: self._text_timer.start())
        self.text.returnPressed.connect(self._apply)
        self.key_only = QCheckBox(tr("Key events only"), self)
        self.key_only.toggled.connect(self._apply)
        self.changed_only = QCheckBox(tr("Changed in the last import"), self)
        self.changed_only.toggled.connect(self._apply)

        self.use_from, self.use_to = QCheckBox(tr("From"), self), QCheckBox(tr("To"), self)
        self.date_from, self.date_to = QDateEdit(self), QDateEdit(self)
        for check, edit in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._apply)
            edit.dateChanged.connect(self._apply)
        dates = QFormLayout()
        dates.addRow(self.use_from, self.date_from)
        dates.addRow(self.use_to, self.date_to)

        self.actors = CheckList(tr("Find an actor"), self)
        self.types = CheckList(tr("Find a type"), self)
        self.places_model = QStandardItemModel(self)
        self.places_proxy = CountedTree(self)
        self.places_proxy.setSourceModel(self.places_model)
        self.places = QTreeView(self)
        self.places.setModel(self.places_proxy)
        self.places.setHeaderHidden(True)
        self.places.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actors.changed.connect(self._apply)
        self.types.changed.connect(self._apply)
        # the ticked places, kept as they change: a walk over thousands of items costs ms
        self._place_items: dict[tuple[str, ...], QStandardItem] = {}
        self._ticked_places: set[tuple[str, ...]] = set()
        self.places_model.itemChanged.connect(self._note_place_tick)  # before _apply
        self.places_model.itemChanged.connect(self._apply)

        clear = QPushButton(tr("Clear filters"), self)
        clear.clicked.connect(self.clear)

        box = QVBoxLayout(self)
        box.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.key_only)
        row.addStretch(1)
        row.addWidget(clear)
        box.addLayout(row)
        box.addWidget(self.changed_only)
        box.addLayout(dates)
        for title, widget, stretch in (
            (tr("Actors"), self.actors, 3),
            (tr("Places"), self.places, 3),
            (tr("Event types"), self.types, 2),
        ):
            group = QGroupBox(title, self)
            inner = QVBoxLayout(group)
            inner.setContentsMargins(4, 4, 4, 4)
            inner.addWidget(widget)
            box.addWidget(group, stretch)

        session.datasetChanged.connect(self._rebuild)
        session.filtersChanged.connect(self._refresh)
        self._rebuild()

    # -- from the session ----------------------------------------------------------------

    def _rebuild(self) -> None:
        """New dataset: new choices, ticked as the session's filters say."""
        self._updating = True
        s, cols = self.session.state, self.session.columns
        if cols is None:
            self.actors.set_names([], frozenset())
            self.types.set_names([], frozenset())
            self.places_model.clear()
            self._place_items, self._ticked_places = {}, set()
            self._updating = False
            return
        self.actors.set_names(sorted(map(str, cols.actors["name"]), key=natural_key), s.actors)
        types = sorted({str(t) for t in cols.events["event_type"].cat.categories if str(t)})
        self.types.set_names(types, s.types)
        self._build_places(s)
        changed = int(cols.events["changed"].sum()) if "changed" in cols.events else 0
        self.changed_only.setVisible(changed > 0)
        self.changed_only.setText(
            tr("Changed in the last import ({count}, {file})").format(
                count=changed, file=mnemonic_free(cols.last_import)
            )
            if changed
            else ""
        )
        self._set_dates()
        self._set_widgets_from_state(s)
        self._updating = False
        self._refresh()

    def _set_dates(self) -> None:
        """Date boxes start at the dataset's first and last day."""
        ev = self.session.open_columns.events
        if not len(ev):
            return
        first = datetime.fromtimestamp(int(ev["start_ts"].min()), UTC).date()
        last = datetime.fromtimestamp(int(ev["end_ts"].max()) - 1, UTC).date()
        for edit in (self.date_from, self.date_to):  # room to widen the range either way
            edit.setDateRange(
                _to_qdate(date(max(first.year - 50, 1), 1, 1)),
                _to_qdate(date(min(last.year + 50, 9999), 12, 31)),
            )
        self.date_from.setDate(_to_qdate(first))
        self.date_to.setDate(_to_qdate(last))

    def _note_place_tick(self, item: QStandardItem) -> None:
        key = tuple(item.data(KEY_ROLE) or ())
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked_places.add(key)
        else:
            self._ticked_places.discard(key)

    def _build_places(self, s: FilterState) -> None:
        self.places_model.clear()
        nodes = self._place_items = {}
        flt = self.session.filter
        assert flt is not None, "a dataset is open"
        for loc in sorted(flt.locations):
            parent = self.places_model.invisibleRootItem()
            for depth in (1, 2, 3):
                path = loc[:depth]
                if not path[-1]:
                    continue  # a missing level: the place hangs from the level above
                if path not in nodes:
                    item = QStandardItem(path[-1])
                    item.setCheckable(True)
                    item.setData(list(path), KEY_ROLE)
                    item.setData(path[-1], NAME_ROLE)
                    checked = path in s.places
                    item.setCheckState(
                        Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                    )
                    parent.appendRow(item)
                    nodes[path] = item
                parent = nodes[path]
        self._ticked_places = {p for p in s.places if p in nodes}
        self.places.expandToDepth(0)

    def _set_widgets_from_state(self, s: FilterState) -> None:
        self.text.setText(s.text)
        self.key_only.setChecked(s.key_only)
        self.changed_only.setChecked(s.changed_only)
        self.use_from.setChecked(s.start is not None)
        self.use_to.setChecked(s.end is not None)
        if s.start:
            self.date_from.setDate(_to_qdate(s.start))
        if s.end:
            self.date_to.setDate(_to_qdate(s.end))

    def _refresh(self) -> None:
        """Filters changed: update the counts (and the ticks, if the change came from elsewhere)."""
        counts = self.session.counts()
        if counts is None:
            return
        self._updating = True
        names = self.session.open_columns.actors["name"]
        self.actors.set_counts({str(n): int(c) for n, c in zip(names, counts.actors, strict=True)})
        self.types.set_counts(counts.types)
        self.places_proxy.counts = counts.places
        self.places.viewport().update()
        if self.current_state() != self.session.state:
            self._sync_ticks(self.session.state)
        self._updating = False

    def _sync_ticks(self, s: FilterState) -> None:
        for check_list, chosen in ((self.actors, s.actors), (self.types, s.types)):
            for r in range(check_list.model.rowCount()):
                item = check_list.model.item(r)
                assert item is not None  # (r < rowCount)
                on = item.data(KEY_ROLE) in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

        for path in self._ticked_places ^ set(s.places):  # only the ticks that differ
            if (node := self._place_items.get(path)) is not None:
                on = path in s.places
                node.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self._set_widgets_from_state(s)

    # -- to the session ------------------------------------------------------------------

    def current_state(self) -> FilterState:
        return FilterState(
            actors=self.actors.checked(),
            places=frozenset(self._ticked_places),
            types=self.types.checked(),
            start=_from_qdate(self.date_from.date()) if self.use_from.isChecked() else None,
            end=_from_qdate(self.date_to.date()) if self.use_to.isChecked() else None,
            text=self.text.text().strip(),
            key_only=self.key_only.isChecked(),
            changed_only=self.changed_only.isChecked(),
        )

    def _apply(self, *_args) -> None:
        if not self._updating and self.session.columns is not None:
            self.session.set_filters(self.current_state())

    def clear(self) -> None:
        self.session.set_filters(FilterState())
