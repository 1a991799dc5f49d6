"""A Qt table model over the in-memory columns: Qt asks only for the rows it shows."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QTableView

from timeline_app.core.columns import EventColumns
from timeline_app.core.dates import localize
from timeline_app.core.model import place_label
from timeline_app.ui.i18n import QT_TR_NOOP, language, tr
from timeline_app.ui.plain import tip

EVENT_ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the event's row in EventColumns.events
DATE_SAMPLE = 40  # the date column fits the widest of this many longest dates
DATE_SWATCH_PX = 44  # the colour swatch left of the date, and the cell's margins

_Index = QModelIndex | QPersistentModelIndex


def _category_texts(values: pd.Series, text: Callable[[str], str]) -> np.ndarray:
    """text(category) of each category of a categorical column, then "" (for missing)."""
    return np.array([text(str(c)) for c in values.cat.categories] + [""], dtype=object)


def _place_labels(ev: pd.DataFrame) -> np.ndarray:
    """place_label of each row, computed once per distinct (place, province, country)."""
    columns = [ev[c] for c in ("place", "admin1", "country")]
    key = np.zeros(len(ev), dtype=np.int64)
    for col in columns:  # one integer per combination of the three codes
        key = key * (len(col.cat.categories) + 1) + col.cat.codes.to_numpy(np.int64) + 1
    inverse, firsts = pd.factorize(key)
    first_row = np.zeros(len(firsts), dtype=np.int64)
    first_row[inverse[::-1]] = np.arange(len(ev))[::-1]  # any row of each combination
    codes = [col.cat.codes.to_numpy(np.int64) for col in columns]  # -1: no value
    pairs = list(zip(columns, codes, strict=True))
    labels = [
        place_label(*(str(col.iat[row]) if code[row] >= 0 else "" for col, code in pairs))
        for row in first_row.tolist()
    ]
    return np.array(labels, dtype=object)[inverse]


class EventTableView(QTableView):
    """The list of events, which selects whole rows and never scrolls sideways by itself.

    A click near the list's right edge, where a long title is cut, started Qt's drag
    auto-scroll (a hand's click moves the mouse a pixel; the margin is 16 px): the list
    slid to the last columns and the Date column went out of view. And scrollTo() a title
    wider than the list aligned it left, hiding the date too. While a button is held the
    sideways position is kept, and scrollTo() a cell already partly in view scrolls only
    up or down."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._held_at: int | None = None  # the sideways position while a button is held
        self.horizontalScrollBar().valueChanged.connect(self._keep_sideways)

    def _keep_sideways(self, value: int) -> None:
        if self._held_at is not None and value != self._held_at:
            self.horizontalScrollBar().setValue(self._held_at)

    def mousePressEvent(self, event) -> None:
        self._held_at = self.horizontalScrollBar().value()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        self._held_at = None

    def scrollTo(self, index: _Index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        bar = self.horizontalScrollBar()
        left = bar.value()
        x = self.columnViewportPosition(index.column()) if index.isValid() else -1
        seen = x < self.viewport().width() and x + self.columnWidth(index.column()) > 0
        super().scrollTo(index, hint)
        if index.isValid() and seen:
            bar.setValue(left)


class EventTableModel(QAbstractTableModel):
    """Shows `rows` (event rows of an EventColumns) as a table; `set_rows` changes them."""

    HEADERS = (QT_TR_NOOP("Date"), QT_TR_NOOP("Title"), QT_TR_NOOP("Place"), QT_TR_NOOP("Type"),
               QT_TR_NOOP("Actors"))  # fmt: skip

    def __init__(self, columns: EventColumns, parent=None) -> None:
        super().__init__(parent)
        ev = columns.events
        # each distinct date and place is written once, not once per event
        self._dates = _category_texts(ev["date_label"], lambda d: localize(d, language()))
        self._date = self._dates[ev["date_label"].cat.codes.to_numpy()]
        self._title = columns.titles
        self._place = _place_labels(ev)
        self._type = ev["event_type"].astype(object).to_numpy()
        self._start = ev["start_ts"].to_numpy()
        self._start_sorted = not (self._start[1:] < self._start[:-1]).any()
        n = len(ev)
        self._changed = ev["changed"].to_numpy() if "changed" in ev else np.zeros(n, bool)
        self._missing = ev["missing"].to_numpy() if "missing" in ev else np.zeros(n, bool)
        self._bold, self._italic = QFont(), QFont()
        self._bold.setBold(True)
        self._italic.setItalic(True)
        pairs_event = columns.pairs["event"].to_numpy()
        self._pair_actor = columns.pairs["actor"].to_numpy()
        self._pair_bounds = np.searchsorted(pairs_event, np.arange(len(ev) + 1))
        self._actor_names = columns.actors["name"].to_numpy()
        self._sort = (0, Qt.SortOrder.AscendingOrder)
        self._rows = np.arange(len(ev))
        self._colors: list[QColor] | None = None
        self._color_of = np.zeros(len(ev), dtype=np.int64)

    def date_width(self, fm: QFontMetrics) -> int:
        """The date column's width: its longest text ("31 Dec 2023 – 6 Jan 2024", a week
        across a year's end) and the colour swatch. Measured on the longest few of the
        distinct dates, not on every row (a million rows have a few thousand dates)."""
        longest = sorted(self._dates, key=len)[-DATE_SAMPLE:]
        widest = max((fm.horizontalAdvance(text) for text in longest), default=0)
        return max(widest, fm.horizontalAdvance("23–25 Sep 2025")) + DATE_SWATCH_PX

    def set_colors(self, palette: list[QColor], color_of: np.ndarray) -> None:
        """Each event's colour: `palette[color_of[row]]` (the colour of its first lane)."""
        self._colors, self._color_of = palette, color_of
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def position_of(self, row: int) -> int | None:
        """Where the event row stands in the table, or None if it is not shown."""
        hits = np.flatnonzero(self._rows == row)
        return int(hits[0]) if len(hits) else None

    def set_rows(self, rows: np.ndarray) -> None:
        """Show these event rows, in the table's current sort order."""
        self.beginResetModel()
        self._rows = self._sorted(np.asarray(rows))
        self.endResetModel()

    def actors_text(self, row: int) -> str:
        lo, hi = self._pair_bounds[row], self._pair_bounds[row + 1]
        return ", ".join(self._actor_names[self._pair_actor[lo:hi]])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = int(self._rows[index.row()])
        if role == EVENT_ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole:
            if index.column() == 0 and self._colors:
                return self._colors[int(self._color_of[row])]
            return None
        if role == Qt.ItemDataRole.FontRole:  # what the last import changed stands out
            return (
                self._bold if self._changed[row] else self._italic if self._missing[row] else None
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(120, 120, 120) if self._missing[row] else None
        if role == Qt.ItemDataRole.ToolTipRole and (self._changed[row] or self._missing[row]):
            return tr("New or changed in the last import") if self._changed[row] else tr(
                "No longer in its source (kept; see: timeline-app missing)")  # fmt: skip
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text of a cut cell; never HTML
            return tip(self.text(row, index.column()))
        return None

    def text(self, row: int, column: int) -> str:
        """What a cell of the event row says."""
        if column == 0:
            return self._date[row]
        if column == 1:
            return self._title[row]
        if column == 2:
            return self._place[row]
        if column == 3:
            return self._type[row]
        return self.actors_text(row)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        column, order = self._sort
        keys = [self._start, self._title, self._place, self._type, None][column]
        if keys is None:
            keys = np.array(
                [self.actors_text(int(r)) for r in range(len(self._start))], dtype=object
            )
        # Rows are numbered in time order: sorting from that order breaks ties by date.
        if len(rows) > 1 and (rows[1:] < rows[:-1]).any():
            rows = np.sort(rows)  # (the filters give them sorted: a sort cost ~4 ms)
        if column == 0 and self._start_sorted:  # by date: the rows' own order
            return rows[::-1].copy() if order == Qt.SortOrder.DescendingOrder else rows
        by = np.argsort(keys[rows], kind="stable")
        return rows[by[::-1] if order == Qt.SortOrder.DescendingOrder else by]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows = self._sorted(self._rows)
        self.layoutChanged.emit()
