"""The event form's actors: a row each, with its role; an actor the dataset does not know yet
also gets a kind and aliases there, stored as an import stores its actors."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QGridLayout, QLabel, QLineEdit, QWidget

from timeline_app.core.actors import ActorRegistry, name_key
from timeline_app.core.errors import FieldError
from timeline_app.core.model import Actor, Role
from timeline_app.ui.i18n import QT_TR_NOOP, tr

ROLES = ((Role.PRIMARY, QT_TR_NOOP("primary")), (Role.OPPOSING, QT_TR_NOOP("opposing")),
         (Role.ASSOCIATED, QT_TR_NOOP("associated")))  # fmt: skip


class ActorRows:
    """The grid of actor rows (name, role, and for a new actor its kind and aliases)."""

    def __init__(self, parent: QWidget, actors: Sequence[Actor], rows: int) -> None:
        self.known = list(actors)
        self.registry = ActorRegistry(self.known)
        names = sorted({n for a in actors for n in (a.name, *a.aliases)}, key=str.casefold)
        kinds = sorted({a.kind for a in actors if a.kind}, key=str.casefold)
        self.names: list[QLineEdit] = []
        self.roles: list[QComboBox] = []
        self.kinds: list[QComboBox] = []
        self.aliases: list[QLineEdit] = []
        self.grid = QGridLayout()
        for col, text in enumerate((tr("name"), tr("role"), tr("kind (a new actor)"),
                                    tr("aliases (a new actor)"))):  # fmt: skip
            head = QLabel(text, parent)
            head.setStyleSheet("color: palette(mid)")
            self.grid.addWidget(head, 0, col)
        for i in range(rows):
            name, role = QLineEdit(parent), QComboBox(parent)
            name.setObjectName(f"actor_{i}")
            completer = QCompleter(names, parent)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            name.setCompleter(completer)
            for value, text in ROLES:
                role.addItem(tr(text), value.value)
            kind = QComboBox(parent)
            kind.setObjectName(f"actor_kind_{i}")
            kind.setEditable(True)
            kind.addItems(["", *kinds])
            # as wide as the room gives, not as the longest kind ("Pro-government militias")
            kind.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            kind.setMinimumContentsLength(8)
            alias = QLineEdit(parent)
            alias.setObjectName(f"actor_aliases_{i}")
            alias.setPlaceholderText(tr("other names, comma-separated"))
            for col, widget in enumerate((name, role, kind, alias)):
                self.grid.addWidget(widget, i + 1, col)
            for col, stretch in ((0, 4), (2, 2), (3, 3)):
                self.grid.setColumnStretch(col, stretch)
            self.names.append(name)
            self.roles.append(role)
            self.kinds.append(kind)
            self.aliases.append(alias)
            name.textChanged.connect(lambda _text, i=i: self._follow_name(i))
            self._follow_name(i)

    def _follow_name(self, i: int) -> None:
        """A known actor (or an empty row) keeps its own kind and aliases: theirs are off."""
        new = self.is_new(i)
        for widget in (self.kinds[i], self.aliases[i]):
            widget.setEnabled(new)
        tip = "" if new else tr("An actor of the dataset: its kind and aliases stay as they are.")
        self.kinds[i].setToolTip(tip)
        self.aliases[i].setToolTip(tip)

    def is_new(self, i: int) -> bool:
        text = self.names[i].text()
        return bool(text.strip()) and self.registry.find(text) is None

    def read(self) -> tuple[list[Actor], str | None]:
        """The new actors typed (with their kinds and aliases), or what is wrong with them."""
        registry = ActorRegistry(self.known)
        new: list[Actor] = []
        for i in range(len(self.names)):
            if not self.is_new(i):
                continue
            name = " ".join(self.names[i].text().split())
            aliases = [" ".join(a.split()) for a in self.aliases[i].text().split(",")]
            aliases = [a for a in aliases if a and name_key(a) != name_key(name)]
            for alias in aliases:
                other = registry.find(alias)
                if other is not None and other != name:
                    return [], tr("“{alias}” already names “{actor}”: a name leads to one "
                                  "actor.").format(alias=alias, actor=other)  # fmt: skip
            try:
                actor = Actor(name, tuple(dict.fromkeys(aliases)),
                              " ".join(self.kinds[i].currentText().split()))  # fmt: skip
                registry.merge(actor)
            except FieldError as exc:  # too long, a control character: as the model says
                return [], tr("Actor “{name}”: {error}").format(name=name, error=exc.message)
            new.append(actor)
        return new, None
