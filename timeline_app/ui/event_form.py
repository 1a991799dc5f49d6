"""The form that adds or edits one event, keyboard first: Tab from field to field, Enter saves.

Validation follows the imports' rules (serialize.event_from_dict and the model check every
field; the form only reads the widgets) and says what is wrong next to the field. A save that
fails (the store busy or read-only, a conflict) keeps the form open with what was typed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.dates import Precision, parse_date
from timeline_app.core.editing import new_event_id
from timeline_app.core.errors import FieldError, StoreError
from timeline_app.core.model import Actor, Event, Location, LocationPrecision
from timeline_app.core.serialize import event_from_dict, event_to_dict
from timeline_app.ui.actor_rows import ActorRows
from timeline_app.ui.i18n import QT_TR_NOOP, tr

PRECISIONS = ((Precision.DAY, QT_TR_NOOP("day")), (Precision.WEEK, QT_TR_NOOP("week")),
              (Precision.MONTH, QT_TR_NOOP("month")),
              (Precision.YEAR, QT_TR_NOOP("year")))  # fmt: skip
LOCATION_PRECISIONS = (
    (LocationPrecision.UNKNOWN, QT_TR_NOOP("(precision not known)")),
    (LocationPrecision.SITE, QT_TR_NOOP("a site")),
    (LocationPrecision.TOWN, QT_TR_NOOP("the town")),
    (LocationPrecision.NEAR, QT_TR_NOOP("near the town")),
    (LocationPrecision.REGION, QT_TR_NOOP("a region")),
    (LocationPrecision.COUNTRY, QT_TR_NOOP("the country")),
)
ACTOR_ROWS = 4
Save = Callable[[Event], None]  # raises StoreError to keep the form open


def place_text(loc: Location) -> str:
    """What the place completer offers: "Sake, Masisi, North Kivu, DR Congo"."""
    return ", ".join(p for p in (loc.place, loc.admin2, loc.admin1, loc.country) if p)


def _number(text: str) -> float | None:
    """A coordinate as typed: a comma may be the decimal sign."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)  # ValueError: said by the caller
    if not math.isfinite(value):
        raise ValueError(text)
    return value


class EventForm(QDialog):
    def __init__(
        self,
        parent: QWidget,
        save: Save,
        event: Event | None = None,
        places: Sequence[Location] = (),
        actors: Sequence[Actor] = (),
        types: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("event_form")
        self.save, self.original = save, event
        self.places = {place_text(p): p for p in places}
        self.setWindowTitle(tr("New event") if event is None else tr("Edit event"))
        self.errors: dict[str, QLabel] = {}
        self.problem = QLabel(self)  # a save that failed: why
        self.problem.setObjectName("save_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020; font-weight: bold")
        self.problem.hide()

        self.title = QLineEdit(self)
        self.start = QLineEdit(self)
        self.start.setPlaceholderText(tr("YYYY-MM-DD, YYYY-MM or YYYY"))
        self.precision = QComboBox(self)
        for value, text in PRECISIONS:
            self.precision.addItem(tr(text), value.label)
        self.end = QLineEdit(self)
        self.end.setPlaceholderText(tr("optional"))
        self.date_note = QLineEdit(self)
        self.date_note.setPlaceholderText(tr("why the date is uncertain, what sources disagree on"))
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(tr("a place of the dataset, or a new one"))
        completer = QCompleter(list(self.places), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._place_chosen)
        self.place.setCompleter(completer)
        self.admin2, self.admin1, self.country = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.latitude, self.longitude = QLineEdit(self), QLineEdit(self)
        self.latitude.setPlaceholderText("-1.5792")
        self.longitude.setPlaceholderText("29.0417")
        self.location_precision = QComboBox(self)  # what the coordinates stand for
        for where, text in LOCATION_PRECISIONS:
            self.location_precision.addItem(tr(text), where.value)
        rows = max(ACTOR_ROWS, len(event.actors) + 1 if event else 0)  # all of them
        self.actor_rows = ActorRows(self, actors, rows)  # (new ones: kind and aliases too)
        self.actor_names, self.actor_roles = self.actor_rows.names, self.actor_rows.roles
        self.new_actors: list[Actor] = []  # read with the event: the save stores them
        self.event_type = QComboBox(self)
        self.event_type.setEditable(True)
        self.event_type.addItems(["", *types])
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(80)
        self.sources = QPlainTextEdit(self)
        self.sources.setTabChangesFocus(True)
        self.sources.setFixedHeight(60)
        self.sources.setPlaceholderText(tr("one a line: URL | title | date accessed"))
        self.key = QCheckBox(tr("Key event"), self)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(tr("comma-separated"))

        form = QFormLayout()
        form.addRow(tr("&Title"), self._with_error(self.title, "title"))
        when = QHBoxLayout()
        when.addWidget(self.start, 2)
        when.addWidget(QLabel(tr("precision"), self))
        when.addWidget(self.precision, 1)
        when.addWidget(QLabel(tr("to"), self))
        when.addWidget(self.end, 2)
        form.addRow(tr("&Date"), self._with_error(when, "start", "end", "precision"))
        form.addRow(tr("Date note"), self._with_error(self.date_note, "date_note"))
        form.addRow(tr("&Place"), self._with_error(self.place, "location.place"))
        regions = QHBoxLayout()
        for widget, hint in ((self.admin2, tr("district")), (self.admin1, tr("province")),
                             (self.country, tr("country"))):  # fmt: skip
            widget.setPlaceholderText(hint)
            regions.addWidget(widget)
        form.addRow(tr("Region"), self._with_error(regions, "location.admin2", "location.admin1",
                                                   "location.country"))  # fmt: skip
        coords = QHBoxLayout()
        coords.addWidget(self.latitude)
        coords.addWidget(self.longitude)
        coords.addWidget(self.location_precision)
        coords_row = self._with_error(coords, "location.latitude", "location.longitude")
        form.addRow(tr("Latitude, longitude"), coords_row)
        form.addRow(tr("&Actors"), self._with_error(self.actor_rows.grid, "actors"))
        form.addRow(tr("T&ype"), self._with_error(self.event_type, "event_type"))
        form.addRow(tr("D&escription"), self._with_error(self.description, "description"))
        form.addRow(tr("&Sources"), self._with_error(self.sources, "sources"))
        form.addRow("", self.key)
        form.addRow(tr("Ta&gs"), self._with_error(self.tags, "tags"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.problem)
        box.addLayout(form)
        box.addWidget(self.buttons)
        if event is not None:
            self._fill(event)
        self.title.setFocus()  # the keyboard starts where an analyst starts
        self.resize(700, self.sizeHint().height())

    def _with_error(self, field: QWidget | QHBoxLayout | QGridLayout, *names: str) -> QWidget:
        """The field with a line under it for what is wrong with it (hidden until then)."""
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        if isinstance(field, QWidget):
            column.addWidget(field)
        else:
            column.addLayout(field)
        error = QLabel(holder)
        error.setObjectName(f"error_{names[0]}")
        error.setWordWrap(True)
        error.setStyleSheet("color: #b00020")
        error.hide()
        column.addWidget(error)
        for name in names:
            self.errors[name] = error
        return holder

    def _fill(self, event: Event) -> None:
        w, loc = event.when, event.location
        self.title.setText(event.title)
        self.start.setText(w.start_text)
        self.precision.setCurrentIndex(self.precision.findData(w.precision.label))
        self.end.setText(w.end_text)
        self.date_note.setText(event.date_note)
        self._show_location(loc)
        for name, role, actor in zip(
            self.actor_names, self.actor_roles, event.actors, strict=False
        ):
            name.setText(actor.name)
            role.setCurrentIndex(role.findData(actor.role.value))
        self.event_type.setCurrentText(event.event_type)
        self.description.setPlainText(event.description)
        self.sources.setPlainText(
            "\n".join(" | ".join((s.url, s.name, s.date)).rstrip(" |") for s in event.sources)
        )
        self.key.setChecked(event.key)
        self.tags.setText(", ".join(event.tags))

    def _place_chosen(self, text: str) -> None:
        """A known place: its regions and coordinates come with it."""
        loc = self.places.get(text)
        if loc is None:
            return
        # after the line edit has taken the whole completion ("Sake, Masisi, North Kivu, …"),
        # which it does once this signal is handled: then the place is the place alone
        QTimer.singleShot(0, self, lambda: self._show_location(loc))

    def _show_location(self, loc: Location) -> None:
        self.place.setText(loc.place)
        self.admin2.setText(loc.admin2)
        self.admin1.setText(loc.admin1)
        self.country.setText(loc.country)
        if loc.latitude is not None:  # str(): every digit stored (":g" rounded to six)
            self.latitude.setText(str(loc.latitude))
            self.longitude.setText(str(loc.longitude))
        self.location_precision.setCurrentIndex(
            self.location_precision.findData(loc.precision.value)
        )

    # -- reading and checking ---------------------------------------------------------------

    def read(self) -> Event | None:
        """The event typed, or None after saying next to each field what is wrong."""
        for label in self.errors.values():
            label.hide()
        problems: dict[str, str] = {}
        if not self.title.text().strip():
            problems["title"] = tr("An event needs a title.")
        precision = Precision.parse(self.precision.currentData())
        for name, edit in (("start", self.start), ("end", self.end)):
            text = edit.text().strip()
            if not text:
                if name == "start":
                    problems[name] = tr("An event needs a date.")
                continue
            try:
                given = parse_date(text, name).given
            except FieldError:
                problems[name] = tr("“{text}” is not a date: write YYYY-MM-DD, YYYY-MM or "
                                    "YYYY.").format(text=text)  # fmt: skip
                continue
            if given > precision and given is Precision.YEAR:  # no invented month or day
                problems[name] = tr("“{text}” gives only the year: choose the year precision, "
                                    "or write the month and day.").format(text=text)  # fmt: skip
            elif given > precision:  # no invented day
                problems[name] = tr("“{text}” gives no day: choose the month or year precision, "
                                    "or write the day it was.").format(text=text)  # fmt: skip
        coords = []
        for name, edit, limit in (("location.latitude", self.latitude, 90),
                                  ("location.longitude", self.longitude, 180)):  # fmt: skip
            try:
                value = _number(edit.text())
            except ValueError:
                problems[name] = tr("“{text}” is not a number.").format(text=edit.text())
                continue
            if value is not None and not -limit <= value <= limit:
                problems[name] = tr("{value} is outside −{limit}…{limit}.").format(
                    value=edit.text().strip(), limit=limit
                )
            coords.append(value)
        if len(coords) == 2 and (coords[0] is None) != (coords[1] is None):
            problems["location.latitude"] = tr("Give both latitude and longitude, or neither.")
        self.new_actors, actor_problem = self.actor_rows.read()
        if actor_problem:
            problems["actors"] = actor_problem
        if problems:
            self._say(problems)
            return None
        try:
            return event_from_dict(self._as_dict(coords))
        except FieldError as exc:  # what the model refuses beyond these: said as it says it
            field = next((f for f in self.errors if exc.field.startswith(f)), "title")
            self._say({field: exc.message})
            return None

    def _as_dict(self, coords: list[float | None]) -> dict:
        original = event_to_dict(self.original) if self.original is not None else {}
        data = {k: v for k, v in original.items() if k in ("fatalities", "extra")}
        actors = [
            {"name": " ".join(name.text().split()), "role": role.currentData()}
            for name, role in zip(self.actor_names, self.actor_roles, strict=True)
            if name.text().strip()
        ]
        sources = []
        for line in self.sources.toPlainText().splitlines():
            parts = [p.strip() for p in line.split("|")] + ["", ""]
            if any(parts):
                url, name, date = parts[:3]
                if not url.startswith(("http://", "https://")) and not name:
                    url, name = "", url  # a name alone ("Radio Okapi")
                sources.append({"url": url, "name": name, "date": date})
        location = {
            "place": self.place.text().strip(),
            "admin2": self.admin2.text().strip(),
            "admin1": self.admin1.text().strip(),
            "country": self.country.text().strip(),
            "latitude": coords[0] if coords else None,
            "longitude": coords[1] if len(coords) > 1 else None,
            "precision": self.location_precision.currentData(),
        }
        return data | {
            "id": self.original.id if self.original is not None else new_event_id(),
            "title": self.title.text().strip(),
            "start": self.start.text().strip(),
            "end": self.end.text().strip(),
            "precision": self.precision.currentData(),
            "date_note": self.date_note.text().strip(),
            "location": {k: v for k, v in location.items() if v not in ("", None)},
            "actors": actors,
            "event_type": self.event_type.currentText().strip(),
            "description": self.description.toPlainText().strip(),
            "sources": sources,
            "key": self.key.isChecked(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
        }

    def _say(self, problems: dict[str, str]) -> None:
        """Each problem next to its field; the first such field takes the focus."""
        for field, text in problems.items():
            label = self.errors.get(field, self.errors["title"])
            label.setText(text)
            label.show()
        return None

    def try_save(self) -> None:
        """Save and close; a save that fails leaves the form as it is, and says why."""
        self.problem.hide()
        event = self.read()
        if event is None:
            return
        if self.original is not None and event == self.original:
            self.accept()  # nothing changed
            return
        try:
            self.save(event)
        except StoreError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.accept()
