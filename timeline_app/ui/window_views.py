"""The window's saved views (View → Saved views): name the filters, lanes and time range shown;
apply, rename and delete them. They are kept in the store per dataset (core/saved_views.py),
where `timeline-app export --view NAME` and `briefing --view NAME` find them."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.errors import StoreError
from timeline_app.core.lanes import LaneMode
from timeline_app.ui.i18n import tr
from timeline_app.ui.messages import Button, warn
from timeline_app.ui.plain import mnemonic_free

if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object


class SavedViewActions(_Window):
    """Mixed into MainWindow: the Saved views submenu, built each time it opens, and the
    dialog that manages the views."""

    views_menu: QMenu

    def _views_setup(self, view_menu: QMenu) -> None:
        self.views_menu = QMenu(tr("Saved &views"), view_menu)
        view_menu.addMenu(self.views_menu)
        self.views_menu.aboutToShow.connect(self._fill_views_menu)

    def _fill_views_menu(self) -> None:
        menu = self.views_menu
        menu.clear()
        dataset = self.session.dataset
        writable = dataset is not None and not self.store.read_only
        menu.addAction(tr("&Save the current view…"), self.ask_save_view).setEnabled(writable)
        menu.addAction(tr("&Manage saved views…"), self.manage_views).setEnabled(
            dataset is not None
        )
        if dataset is None:
            return
        menu.addSeparator()
        views = self.store.saved_views(dataset)
        for view in views:
            menu.addAction(mnemonic_free(view.name), partial(self.apply_view, view.name))
        if not views:
            menu.addAction(tr("(no saved views)")).setEnabled(False)

    # -- commands ------------------------------------------------------------------------

    def current_view_settings(self):
        """The view as shown: filters, lanes, and the time range on screen."""
        self.session.view.set_time_range(self.timeline.x_range())
        return self.session.view.settings

    def save_view(self, name: str) -> str | None:
        """Save the current view as `name` (replacing a view of that name); its name as kept."""
        dataset, settings = self.session.dataset, self.current_view_settings()
        if dataset is None:
            return None
        saved: list[str] = []

        def write() -> None:
            saved.append(self.store.save_view(dataset, name, settings))

        self.writes.run(
            write,
            tr("Saving the view '{name}'").format(name=name),
            tr("Saved the view '{name}'").format(name=" ".join(name.split())),
        )
        return saved[0] if saved else None

    def ask_save_view(self) -> None:
        dataset = self.session.dataset
        if dataset is None:
            return
        name, ok = QInputDialog.getText(self, tr("Save the current view"),
                                        tr("Name of the view (its filters, lanes and dates):"),
                                        QLineEdit.EchoMode.Normal)  # fmt: skip
        if not ok or not name.strip():
            return
        taken = {v.name.casefold() for v in self.store.saved_views(dataset)}
        if " ".join(name.split()).casefold() in taken:
            text = tr("Replace the saved view '{name}'?").format(name=name.strip())
            if warn(self, tr("Save the current view"), text, Button.Yes | Button.No) != Button.Yes:
                return
        self.save_view(name)

    def apply_view(self, name: str) -> bool:
        """Show the saved view: its lanes, its filters (less the names this dataset no longer
        has, which are said) and its time range."""
        dataset = self.session.dataset
        if dataset is None:
            return False
        try:
            saved = self.store.saved_view(dataset, name)
        except StoreError as exc:
            warn(self, tr("Saved views"), str(exc))
            return False
        settings = saved.settings
        # the view's lanes become the dataset's (remembered, as a choice from the Lanes menu)
        self.lane_mode = LaneMode(settings.lane_mode)
        self.lanes_box.blockSignals(True)
        self.lanes_box.setCurrentIndex(self.lanes_box.findData(self.lane_mode.value))
        self.lanes_box.blockSignals(False)
        self._remember_lanes(settings.control, settings.budget)
        before = self.session.view.filters
        gone = self.session.view.apply(settings)  # filters changed: laid out again
        if self.session.view.filters == before:
            self._relayout()
        if settings.time_range:
            self.timeline.set_x_range(*settings.time_range)
        said = tr("Showing the view '{name}'").format(name=saved.name)
        if gone:
            said += " · " + tr("no longer in the dataset, left out: {names}").format(
                names=", ".join(gone)
            )
        self.statusBar().showMessage(said, 15000)
        return True

    def rename_view(self, old: str, new: str) -> None:
        dataset = self.session.dataset
        if dataset is not None:
            self.writes.run(lambda: self.store.rename_view(dataset, old, new),
                            tr("Renaming the view '{name}'").format(name=old),
                            tr("Renamed the view '{name}'").format(name=old))  # fmt: skip

    def delete_view(self, name: str) -> None:
        dataset = self.session.dataset
        if dataset is not None:
            self.writes.run(lambda: self.store.delete_view(dataset, name),
                            tr("Deleting the view '{name}'").format(name=name),
                            tr("Deleted the view '{name}'").format(name=name))  # fmt: skip

    def manage_views(self) -> ViewsDialog | None:
        if self.session.dataset is None:
            return None
        dialog = ViewsDialog(self)
        dialog.open()
        return dialog


class ViewsDialog(QDialog):
    """The dataset's saved views: apply, rename or delete one (non-modal over the window)."""

    def __init__(self, window: SavedViewActions) -> None:
        parent = window if isinstance(window, QWidget) else None
        super().__init__(parent)
        self.window_ = window
        self.setWindowTitle(tr("Saved views"))
        self.list = QListWidget(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.apply())
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        buttons = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("apply", tr("&Apply"), self.apply),
                                ("rename", tr("&Rename…"), self.ask_rename),
                                ("delete", tr("&Delete"), self.ask_delete)):  # fmt: skip
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.note)
        box.addWidget(close)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.resize(460, 300)
        self.refresh()

    def refresh(self, current: str | None = None) -> None:
        w = self.window_
        dataset = w.session.dataset
        views = w.store.saved_views(dataset) if dataset is not None else []
        self.list.clear()
        for view in views:
            self.list.addItem(view.name)
        names = [v.name for v in views]
        self.list.setCurrentRow(names.index(current) if current in names else 0 if names else -1)
        text = tr(
            "Views of “{dataset}”. The command line uses them too: timeline-app export --view NAME"
        )
        self.note.setText(text.format(dataset=dataset or ""))
        self._enable()

    def _enable(self) -> None:
        chosen = self.list.currentItem() is not None
        writable = chosen and not self.window_.store.read_only
        self.buttons["apply"].setEnabled(chosen)
        self.buttons["rename"].setEnabled(writable)
        self.buttons["delete"].setEnabled(writable)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.text() if item is not None else None

    def apply(self) -> None:
        if (name := self.chosen()) is not None:
            self.window_.apply_view(name)

    def ask_rename(self) -> None:
        if (name := self.chosen()) is None:
            return
        new, ok = QInputDialog.getText(self, tr("Rename the view"), tr("New name:"),
                                       QLineEdit.EchoMode.Normal, name)  # fmt: skip
        if ok and new.strip():
            self.rename(name, new)

    def rename(self, name: str, new: str) -> None:
        self.window_.rename_view(name, new)
        self.refresh(" ".join(new.split()))

    def ask_delete(self) -> None:
        if (name := self.chosen()) is None:
            return
        text = tr("Delete the saved view '{name}'?").format(name=name)
        if warn(self, tr("Saved views"), text, Button.Yes | Button.No) == Button.Yes:
            self.delete(name)

    def delete(self, name: str) -> None:
        self.window_.delete_view(name)
        self.refresh()
