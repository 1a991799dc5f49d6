"""Which column holds which field, for a table of no known format; with the file's first rows
and a preview of the events the choices make of them.

Prefilled from the mapping last used for the same columns (remembered by header), or from
the guess by column name (core/formats/column_guess.py, which the command line uses too).
The day/month order is chosen already when the file settles it (7/21/2016); when the date
columns hold dates that read either way and the file does not settle it, it must be chosen.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.dates import Precision, localize
from timeline_app.core.errors import FieldError
from timeline_app.core.formats.column_guess import (
    PreviewRow,
    ambiguous_date,
    guess_mapping,
    preview_events,
)
from timeline_app.core.formats.loose_dates import slash_order
from timeline_app.core.formats.spreadsheet import (
    FIELDS,
    ColumnMap,
    header_key,
    missing_fields,
    sample,
    settle_order,
)
from timeline_app.core.model import Event, Role
from timeline_app.ui.i18n import QT_TR_NOOP, language, tr
from timeline_app.ui.plain import plain_label, tip, window_title
from timeline_app.ui.screens import fit_to_screen

NONE = QT_TR_NOOP("(none)")
SAMPLE_ROWS = 200  # read to guess the date order and check the choices
SHOWN_ROWS = 20  # of the file, as they are
PREVIEW_ROWS = 6  # events made of the first rows
PRECISION = {Precision.DAY: QT_TR_NOOP("day"), Precision.WEEK: QT_TR_NOOP("week"),
             Precision.MONTH: QT_TR_NOOP("month"), Precision.YEAR: QT_TR_NOOP("year")}  # fmt: skip
PREVIEW_COLUMNS = (QT_TR_NOOP("Line"), QT_TR_NOOP("Date"), QT_TR_NOOP("Precision"),
                   QT_TR_NOOP("Title"), QT_TR_NOOP("Place"), QT_TR_NOOP("Actors"))  # fmt: skip
TITLE_COLUMN = 3
SETTLED: dict[str | None, str] = {  # what the preselected order rests on
    "dmy": QT_TR_NOOP("The file settles it: {example} can only be day first."),
    "mdy": QT_TR_NOOP("The file settles it: {example} can only be month first."),
}


def remembered(settings: QSettings, header: list[str]) -> ColumnMap | None:
    raw = settings.value(f"mappings/{header_key(header)}")
    try:
        return ColumnMap.from_json(json.loads(raw)) if raw else None
    except Exception:  # an old or damaged entry is simply not used
        return None


def remember(settings: QSettings, header: list[str], mapping: ColumnMap) -> None:
    settings.setValue(f"mappings/{header_key(header)}", json.dumps(mapping.to_json()))


def error_colour(widget: QWidget) -> QColor:
    """A red that reads on the theme's background, light or dark."""
    dark = widget.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ff8a80" if dark else "#b00020")


def actors_text(event: Event) -> str:
    """ "M23, AFC · against FARDC · with MONUSCO"."""
    names = {role: ", ".join(a.name for a in event.actors if a.role is role) for role in Role}
    parts = [names[Role.PRIMARY]]
    if names[Role.OPPOSING]:
        parts.append(tr("against {names}").format(names=names[Role.OPPOSING]))
    if names[Role.ASSOCIATED]:
        parts.append(tr("with {names}").format(names=names[Role.ASSOCIATED]))
    return " · ".join(p for p in parts if p)


class MappingDialog(QDialog):
    def __init__(self, path: Path, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = tr("Import {file}: which column is which?").format(file=path.name)
        self.setWindowTitle(window_title(title))
        fit_to_screen(self, 1000, 820)  # its OK button stays on a 768-pixel-high screen
        self.path, self.settings = path, settings
        self.sample = sample(path, SAMPLE_ROWS)
        self.header = self.sample.header
        self.rows = [cells for _, cells in self.sample.rows]
        start = remembered(settings, self.header) or guess_mapping(self.header, self.rows)
        with contextlib.suppress(FieldError, ValueError):  # mixed orders: problem() says so
            start = settle_order(start, self.sample.column)

        table = QStandardItemModel(self)
        table.setHorizontalHeaderLabels(self.header)
        for cells in self.rows[:SHOWN_ROWS]:
            items = [QStandardItem(c) for c in cells]
            for item in items:
                item.setToolTip(tip(item.text()))
            table.appendRow(items)
        view = QTableView(self)
        view.setModel(table)
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)  # one line a row: more rows in view; a cell's tooltip is whole

        form = QGridLayout()  # two columns of fields, so that the tables keep their room
        self.boxes: dict[str, QComboBox] = {}
        half = (len(FIELDS) + 1) // 2
        for n, (fld, label) in enumerate(FIELDS.items()):
            box = QComboBox(self)
            box.addItems([tr(NONE), *self.header])
            if fld in start.columns and start.columns[fld] in self.header:
                box.setCurrentIndex(1 + self.header.index(start.columns[fld]))
            box.currentIndexChanged.connect(self._update)
            row, col = n % half, 2 * (n // half)
            required = fld == "date" or fld == "title"
            form.addWidget(QLabel(tr(label) + (" *" if required else ""), self), row, col)
            form.addWidget(box, row, col + 1)
            self.boxes[fld] = box
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        hint = QLabel(tr("* required; without a title column, each title is the first sentence "
                         "of the description. Several names in one cell: separate them "
                         "with ;"), self)  # fmt: skip
        hint.setWordWrap(True)
        hint.setEnabled(False)  # greyed: a note, not a control

        self.day_first = QRadioButton(tr("day/month/year (4/1/2017 is 4 January)"), self)
        self.month_first = QRadioButton(tr("month/day/year (4/1/2017 is 1 April)"), self)
        self.order_group = QButtonGroup(self)
        for button in (self.day_first, self.month_first):
            self.order_group.addButton(button)
        if start.date_order == "dmy":
            self.day_first.setChecked(True)
        elif start.date_order == "mdy":
            self.month_first.setChecked(True)
        for button in (self.day_first, self.month_first):
            button.toggled.connect(self._update)
        self.settled = plain_label(parent=self)  # it quotes a date of the file
        order_row = QHBoxLayout()
        order_row.addWidget(QLabel(tr("Slashed dates are"), self))
        order_row.addWidget(self.day_first)
        order_row.addWidget(self.month_first)
        order_row.addStretch(1)

        self.events = QTableWidget(0, len(PREVIEW_COLUMNS), self)
        self.events.setHorizontalHeaderLabels([tr(c) for c in PREVIEW_COLUMNS])
        self.events.verticalHeader().hide()
        self.events.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events.setWordWrap(False)
        self.events.horizontalHeader().setSectionResizeMode(
            TITLE_COLUMN, QHeaderView.ResizeMode.Stretch
        )

        self.message = plain_label(parent=self)  # it quotes the file
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setBold(True)  # it says why OK is greyed
        self.message.setFont(font)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        page = QVBoxLayout(self)
        page.addWidget(plain_label(tr("The first rows of {file}:").format(file=path.name), self))
        page.addWidget(view, 2)
        page.addLayout(form)
        page.addWidget(hint)
        page.addLayout(order_row)
        page.addWidget(self.settled)  # a line of its own: the row is long already in French
        page.addWidget(QLabel(tr("What the import makes of the first rows:"), self))
        page.addWidget(self.events, 2)
        page.addWidget(self.message)
        page.addWidget(self.buttons)
        self._update()

    def mapping(self) -> ColumnMap:
        columns = {
            f: self.header[b.currentIndex() - 1] for f, b in self.boxes.items() if b.currentIndex()
        }
        order = (
            "dmy" if self.day_first.isChecked() else "mdy" if self.month_first.isChecked() else None
        )
        return ColumnMap(columns, order)

    def _dates(self, m: ColumnMap) -> list[str]:
        return [v for f in ("date", "end_date") if f in m.columns
                for v in self.sample.column(m.columns[f])]  # fmt: skip

    def problem(self, read: list[PreviewRow] | None = None) -> str:
        """Why OK cannot be pressed yet, or "". `read`: the sampled rows as the choices read
        them, if already at hand."""
        m = self.mapping()
        missing = missing_fields(m)
        if missing:
            names = [tr("Title, or a Description to take it from") if f == "title"
                     else tr(FIELDS[f]) for f in missing]  # fmt: skip
            return tr("Choose a column for: {fields}").format(fields=", ".join(names))
        try:
            slash_order(self._dates(m))
        except FieldError as exc:
            return tr("The dates mix both orders: {problem}.").format(problem=exc.message)
        if example := ambiguous_date(self.sample, m):
            text = tr("Dates such as {example} read either way: say which order the file uses.")
            return text.format(example=example)
        # a bad row refuses the whole file: better said here, where a choice can mend it
        bad = next((r for r in (self._read() if read is None else read) if r.event is None), None)
        if bad is not None:
            text = tr("Line {line} cannot be read with these choices (in red above): choose "
                      "other columns, or correct the file.")  # fmt: skip
            return text.format(line=bad.line)
        return ""

    def _read(self) -> list[PreviewRow]:
        """The sampled rows as the current choices read them."""
        return preview_events(self.path, self.sample, self.mapping(), len(self.sample.rows))

    def preview(self, read: list[PreviewRow] | None = None) -> list[PreviewRow]:
        """What the preview shows: the first rows, and the first bad row if it is further."""
        read = self._read() if read is None else read
        shown = read[:PREVIEW_ROWS]
        bad = next((r for r in read[PREVIEW_ROWS:] if r.event is None), None)
        return [*shown, bad] if bad is not None and all(r.event for r in shown) else shown

    def _update(self, *_args) -> None:
        read = self._read()
        problem = self.problem(read)
        self.message.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        try:
            order, example = slash_order(self._dates(self.mapping()))
        except FieldError:
            order, example = None, None
        text = SETTLED.get(order, "")
        self.settled.setText(tr(text).format(example=example) if text else "")
        self.settled.setVisible(bool(text))
        self._show_preview(self.preview(read))

    def _show_preview(self, rows: list[PreviewRow]) -> None:
        self.events.clearSpans()
        self.events.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.events.setItem(r, 0, QTableWidgetItem(str(row.line)))
            if row.event is None:  # the import's own message, naming the line and the column
                item = QTableWidgetItem(row.error)
                item.setForeground(QBrush(error_colour(self)))
                item.setToolTip(tip(row.error))
                self.events.setItem(r, 1, item)
                for c in range(2, len(PREVIEW_COLUMNS)):
                    self.events.setItem(r, c, QTableWidgetItem(""))
                self.events.setSpan(r, 1, 1, len(PREVIEW_COLUMNS) - 1)
                continue
            e = row.event
            cells = (localize(e.when.describe(), language()), tr(PRECISION[e.when.precision]),
                     e.title, e.location.label, actors_text(e))  # fmt: skip
            for c, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setToolTip(tip(text))
                self.events.setItem(r, c, item)
        self._fit_columns(rows)
        if not rows:
            self.events.setRowCount(1)
            item = QTableWidgetItem(tr("Choose the columns above to see the events."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.events.setItem(0, 0, item)
            self.events.setSpan(0, 0, 1, len(PREVIEW_COLUMNS))

    def _fit_columns(self, rows: list[PreviewRow]) -> None:
        """Each column as wide as its header and its events' cells (not the error messages,
        which span the row), within a third of the table; the title takes the rest."""
        metrics = self.events.fontMetrics()
        good = [r for r, row in enumerate(rows) if row.event is not None]
        for c in range(len(PREVIEW_COLUMNS)):
            if c == TITLE_COLUMN:
                continue
            header = self.events.horizontalHeaderItem(c)
            assert header is not None, "set with the columns"
            texts = [header.text()]
            texts += [item.text() for r in good if (item := self.events.item(r, c))]
            pad = 4 * metrics.averageCharWidth()
            widest = max(metrics.horizontalAdvance(t) for t in texts) + pad
            self.events.setColumnWidth(c, min(widest, self.width() // 3))

    def _accept(self) -> None:
        if not self.problem():
            remember(self.settings, self.header, self.mapping())
            self.accept()
