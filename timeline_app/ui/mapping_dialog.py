"""Which column holds which field, for a table of no known format; with a preview.

Prefilled from the mapping last used for the same columns (remembered by header), or from
guesses by column name. When the chosen date columns hold dates that read either way
(4/1/2017) and the file does not settle it, the day/month order must be chosen.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.errors import FieldError
from timeline_app.core.formats.column_guess import guess_mapping
from timeline_app.core.formats.loose_dates import is_ambiguous, slash_order
from timeline_app.core.formats.spreadsheet import (
    FIELDS,
    REQUIRED,
    ColumnMap,
    header_key,
    missing_fields,
    preview,
)
from timeline_app.ui.i18n import QT_TR_NOOP, tr

NONE = QT_TR_NOOP("(none)")


def remembered(settings: QSettings, header: list[str]) -> ColumnMap | None:
    raw = settings.value(f"mappings/{header_key(header)}")
    try:
        return ColumnMap.from_json(json.loads(raw)) if raw else None
    except Exception:  # an old or damaged entry is simply not used
        return None


def remember(settings: QSettings, header: list[str], mapping: ColumnMap) -> None:
    settings.setValue(f"mappings/{header_key(header)}", json.dumps(mapping.to_json()))


class MappingDialog(QDialog):
    def __init__(self, path: Path, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import {file}: which column is which?").format(file=path.name))
        self.resize(900, 640)
        self.settings = settings
        self.header, self.rows = preview(path, rows=200)
        start = remembered(settings, self.header) or guess_mapping(self.header)

        table = QStandardItemModel(self)
        table.setHorizontalHeaderLabels(self.header)
        for cells in self.rows[:20]:
            table.appendRow([QStandardItem(c) for c in cells])
        view = QTableView(self)
        view.setModel(table)
        view.verticalHeader().hide()

        form = QGridLayout()  # two columns of fields, so that the preview keeps its room
        self.boxes: dict[str, QComboBox] = {}
        half = (len(FIELDS) + 1) // 2
        for n, (fld, label) in enumerate(FIELDS.items()):
            box = QComboBox(self)
            box.addItems([tr(NONE), *self.header])
            box.setCurrentText(start.columns.get(fld, tr(NONE)))
            box.currentTextChanged.connect(self._check)
            row, col = n % half, 2 * (n // half)
            form.addWidget(QLabel(tr(label) + (" *" if fld in REQUIRED else ""), self), row, col)
            form.addWidget(box, row, col + 1)
            self.boxes[fld] = box
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)

        self.day_first = QRadioButton(tr("day/month/year (4/1/2017 is 4 January)"), self)
        self.month_first = QRadioButton(tr("month/day/year (4/1/2017 is 1 April)"), self)
        self.order_group = QButtonGroup(self)
        for button in (self.day_first, self.month_first):
            self.order_group.addButton(button)
            button.toggled.connect(self._check)
        if start.date_order == "dmy":
            self.day_first.setChecked(True)
        elif start.date_order == "mdy":
            self.month_first.setChecked(True)
        order_row = QHBoxLayout()
        order_row.addWidget(QLabel(tr("Slashed dates are"), self))
        order_row.addWidget(self.day_first)
        order_row.addWidget(self.month_first)
        order_row.addStretch(1)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        box = QVBoxLayout(self)
        box.addWidget(QLabel(tr("The first rows of {file}:").format(file=path.name), self))
        box.addWidget(view, 1)
        box.addLayout(form)
        box.addLayout(order_row)
        box.addWidget(self.message)
        box.addWidget(self.buttons)
        self._check()

    def mapping(self) -> ColumnMap:
        columns = {f: b.currentText() for f, b in self.boxes.items() if b.currentText() != tr(NONE)}
        order = (
            "dmy" if self.day_first.isChecked() else "mdy" if self.month_first.isChecked() else None
        )
        return ColumnMap(columns, order)

    def problem(self) -> str:
        """Why OK cannot be pressed yet, or ""."""
        m = self.mapping()
        missing = [FIELDS[f] for f in missing_fields(m)]
        if missing:
            fields = ", ".join(tr(m) for m in missing)
            return tr("Choose a column for: {fields}").format(fields=fields)
        values = [
            cells[self.header.index(m.columns[f])]
            for f in ("date", "end_date") if f in m.columns
            for cells in self.rows if self.header.index(m.columns[f]) < len(cells)
        ]  # fmt: skip
        try:
            settled, _ = slash_order(values)
        except FieldError as exc:
            return tr("The dates mix both orders: {problem}.").format(problem=exc.message)
        if settled is None and m.date_order is None and any(is_ambiguous(v) for v in values):
            example = next(v for v in values if is_ambiguous(v))
            text = tr("Dates such as {example} read either way: say which order the file uses.")
            return text.format(example=example)
        return ""

    def _check(self, *_args) -> None:
        problem = self.problem()
        self.message.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _accept(self) -> None:
        if not self.problem():
            remember(self.settings, self.header, self.mapping())
            self.accept()
