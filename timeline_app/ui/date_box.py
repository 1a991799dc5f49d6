"""A date box that takes a date as it is typed ("15 Mar 2025", "2025-03-15", "15/03/2025"),
and says so when what was typed is not a date.

It replaces QDateEdit, which edits its text section by section: with the whole text selected
(Ctrl+A), a typed "1" is refused (the text "1" does not match "d MMM yyyy"), the space after
it moves on to the month section, and the rest is typed into the month and the year; so "1 Jan
2020" typed over "29 Dec 2014" gave 29 Jan 2020, and "2025-03-15" changed nothing, silently.
Here the text is a line edit's, read when Enter is pressed or the box loses the focus; ↑/↓
step a day, Page Up/Down a month, and the button opens a calendar.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
WORDS = ("d MMM yyyy", "d MMMM yyyy", "MMM d yyyy", "MMMM d yyyy")
SHOWN = "d MMM yyyy"


def read_date(text: str, locale: QLocale | None = None) -> QDate:
    """The date `text` names, or an invalid QDate. Numbers are read day first unless the
    locale writes the month first (en_US); month names in the locale's language or English."""
    text = " ".join(text.replace(",", " ").split())
    if m := ISO.fullmatch(text):
        return QDate(int(m[1]), int(m[2]), int(m[3]))
    locale = locale or QLocale()
    if m := NUMERIC.fullmatch(text):
        month_first = locale.dateFormat(QLocale.FormatType.ShortFormat).lstrip().startswith("M")
        day, month = (int(m[2]), int(m[1])) if month_first else (int(m[1]), int(m[2]))
        return QDate(int(m[3]), month, day)
    for loc in (locale, QLocale(QLocale.Language.English)):
        for fmt in WORDS:
            for candidate in (text, text.lower(), text.title()):
                date = loc.toDate(candidate, fmt)
                if date.isValid():
                    return date
    return QDate()


class _Edit(QLineEdit):
    """The text part: arrows step the date."""

    def __init__(self, box: DateBox) -> None:
        super().__init__(box)
        self.box = box

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0), Qt.Key.Key_PageUp: (0, 1),
                 Qt.Key.Key_PageDown: (0, -1)}  # fmt: skip
        key = Qt.Key(event.key())
        if key in steps and self.box.read():
            days, months = steps[key]
            self.box.setDate(self.box.date().addDays(days).addMonths(months))
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # not for the calendar
            self.box.read()
        super().focusOutEvent(event)


class DateBox(QWidget):
    """`date()` and `setDate()` as QDateEdit's; `dateChanged` when the date changes,
    `unreadable(text)` when what was typed is not a date in range (the date stays)."""

    dateChanged = Signal(QDate)
    unreadable = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date = QDate.currentDate()
        self._min, self._max = QDate(100, 1, 1), QDate(9999, 12, 31)
        self.edit = _Edit(self)
        self.edit.returnPressed.connect(self.read)
        self.calendar = QCalendarWidget(self)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(lambda: self.calendar.setSelectedDate(self._date))
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(menu)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self._show()

    def lineEdit(self) -> QLineEdit:
        return self.edit

    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, date: QDate) -> None:
        date = max(self._min, min(self._max, date))
        changed = date != self._date
        self._date = QDate(date)
        self._show()
        if changed:
            self.dateChanged.emit(QDate(date))

    def setDateRange(self, low: QDate, high: QDate) -> None:
        self._min, self._max = QDate(low), QDate(high)
        self.calendar.setDateRange(low, high)
        self.setDate(self._date)

    def minimumDate(self) -> QDate:
        return QDate(self._min)

    def maximumDate(self) -> QDate:
        return QDate(self._max)

    def text(self) -> str:
        return self.edit.text()

    def shown(self, date: QDate) -> str:
        """A date as the box writes it: "15 Mar 2025", "15 mars 2025"."""
        return self.locale().toString(date, SHOWN)

    def _show(self) -> None:
        self.edit.setText(self.shown(self._date))

    def _picked(self, date: QDate) -> None:
        self.button.menu().hide()
        self.setDate(date)

    def read(self) -> bool:
        """Take the date typed; False (after saying so) if it is not one."""
        text = self.edit.text().strip()
        if text == self.shown(self._date):
            return True
        date = read_date(text, self.locale())
        if not date.isValid() or not self._min <= date <= self._max:
            self.unreadable.emit(text)
            return False
        self.setDate(date)
        return True
