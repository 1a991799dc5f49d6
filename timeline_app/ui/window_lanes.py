"""The window's lanes: what the user chose about them (order, hidden, pinned, budget), from
the Lanes menu or a lane name's context menu, remembered per dataset; and the layout the
view shows, computed from that choice, the filters and the room the view has.

The automatic budget keeps as many lanes as fit the view's height at the view's minimum lane
height, the busiest ones, and folds the rest into one "Others" lane (core.lanes). Exports of
the view (File → Export image, Copy image) draw the view's own layout: the same lanes.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import quote

import numpy as np
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QActionGroup, QColor, QCursor
from PySide6.QtWidgets import QInputDialog, QMenu

from timeline_app.core.columns import EventColumns
from timeline_app.core.lane_control import LaneControl, LaneOrder, others_count
from timeline_app.core.lanes import LaneLayout, LaneMode, is_full_layout
from timeline_app.core.view_state import ALL, AUTO, budget_from
from timeline_app.ui.actions import submenu
from timeline_app.ui.i18n import QT_TR_NOOP, lane_text, tr
from timeline_app.ui.plain import mnemonic_free

if TYPE_CHECKING:  # the window's parts, declared for the type checker (ui/window_base.py)
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object

ROOM_DELAY_MS = 150  # a resize relayouts once it pauses, not at every pixel
BUDGET_NUMBERS = (5, 10, 20, 50)
ORDERS: tuple[tuple[str, LaneOrder], ...] = ((QT_TR_NOOP("By events shown"), LaneOrder.EVENTS),
          (QT_TR_NOOP("By name"), LaneOrder.NAME),
          (QT_TR_NOOP("By first date"), LaneOrder.FIRST))  # fmt: skip


def _key(dataset: str, what: str) -> str:
    """A settings key of the dataset's; its name quoted: a "/" would open a settings group."""
    return f"lanes/{quote(dataset, safe='')}/{what}"


def move_lane_settings(settings: QSettings, old: str, new: str) -> None:
    """A renamed dataset's lanes (order, hidden, pinned, budget) go with its name."""
    settings.beginGroup(f"lanes/{quote(old, safe='')}")
    kept = {key: settings.value(key) for key in settings.childKeys()}
    settings.remove("")  # the group's keys
    settings.endGroup()
    for key, value in kept.items():
        settings.setValue(_key(new, key), value)


def _first_lanes(columns: EventColumns, layout: LaneLayout) -> np.ndarray:
    """Each event's first lane (layouts are ordered by lane): the colour the list gives it.
    Kept for an unfiltered layout, as its instances are (a million events: ~4 ms)."""
    cached = columns.memo.get("first lanes")
    if cached is not None and cached[0] is layout:
        return cached[1]
    lane = layout.lane
    first = np.full(len(columns), len(layout.labels), dtype=lane.dtype)
    np.minimum.at(first, layout.event, lane)  # same dtypes: numpy's fast path
    first[first == len(layout.labels)] = 0
    if is_full_layout(columns, layout):
        columns.memo["first lanes"] = (layout, first)
    return first


class LaneActions(_Window):
    """Mixed into MainWindow: the lane layout (`_relayout`), the Lanes menu and the lane
    axis's context menu."""

    _budget_used: int | None = None
    _room_known = False  # whether the last layout had the shown view's height to go by

    def _lanes_setup(self, before: QMenu) -> None:
        """The Lanes menu (in the menu bar, before `before`), the lane axis's context menu
        and the timer that follows the view's height."""
        self.lanes_menu = QMenu(tr("La&nes"), self)
        self.menuBar().insertMenu(before.menuAction(), self.lanes_menu)
        self.lanes_menu.aboutToShow.connect(self._fill_lanes_menu)
        self._room_timer = QTimer(self)
        self._room_timer.setSingleShot(True)
        self._room_timer.setInterval(ROOM_DELAY_MS)
        self._room_timer.timeout.connect(self._room_changed)
        self.timeline.vb.sigResized.connect(self._view_resized)
        graphics = self.timeline.graphics
        graphics.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        graphics.customContextMenuRequested.connect(self._lane_axis_menu)

    # -- the user's choice, per dataset (and lane mode), held by the view state ------------

    @property
    def lane_mode(self) -> LaneMode:
        """By actor, place, type or one lane: the view state's."""
        return self.session.view.lane_mode

    @lane_mode.setter
    def lane_mode(self, mode: LaneMode) -> None:
        self.session.view.set_lanes(mode=mode)  # its control is read by _load_lanes

    def _load_lanes(self) -> None:
        """The dataset's lane control (for the lane mode) and budget, from the settings into
        the view state (a new dataset, or another lane mode)."""
        view, dataset = self.session.view, self.session.dataset
        if dataset is None:
            view.set_lanes(self.lane_mode, LaneControl(), AUTO)
            return
        text = self.settings.value(_key(dataset, self.lane_mode.value))
        control = LaneControl.from_json(text if isinstance(text, str) else None)
        budget = budget_from(self.settings.value(_key(dataset, "budget"), AUTO))
        view.set_lanes(self.lane_mode, control, budget)

    def lane_control(self) -> LaneControl:
        """Order, hidden and pinned lanes of this dataset and lane mode (budget not set)."""
        return self.session.view.control

    def _set_lane_control(self, control: LaneControl, budget: str | int | None = None) -> None:
        """Remembered (with the budget, if given), then laid out."""
        self._remember_lanes(control, budget)
        self._relayout()

    def _remember_lanes(self, control: LaneControl, budget: str | int | None = None) -> None:
        """The lane control (and budget, if given) of the dataset and lane mode: in the view
        state, and in the settings for the next time."""
        dataset = self.session.dataset
        if dataset is not None and budget is not None:
            self.settings.setValue(_key(dataset, "budget"), str(budget))
        if dataset is not None:
            self.settings.setValue(_key(dataset, self.lane_mode.value), control.to_json())
        self.session.view.set_lanes(self.lane_mode, control, budget)

    def lane_budget(self) -> str | int:
        """The budget: "auto" (as many lanes as fit the view), "all", or a number of lanes."""
        return self.session.view.budget

    def set_lane_budget(self, budget: str | int) -> None:
        self._set_lane_control(self.lane_control(), budget)

    def lanes_that_fit(self) -> int:
        """How many lanes the view's height holds at its minimum lane height ("Others"
        included); two at least, so that a busiest lane always shows."""
        return max(int(self.timeline.vb.height() // self.timeline.lane_px), 2)

    def _budget(self) -> int | None:
        self.session.view.set_room(self.lanes_that_fit())
        return self.session.view.lane_budget()

    # -- the layout ----------------------------------------------------------------------

    def _relayout(self, rows_changed: bool = True) -> None:
        """The view state's layout for the filters, the lane control and the room, shown;
        `rows_changed` False when only the lanes change (the events shown and the selection
        stay)."""
        cols = self.session.columns
        if cols is None:
            self._update_status()
            return
        self._budget_used = self._budget()
        self._room_known = self.timeline.isVisible()
        layout = self.session.view.layout()
        self.timeline.set_data(cols, layout, filters=self.session.state)
        self.map_refresh()  # its markers take the lanes' colours (a filter's change comes here)
        model = self.table_model
        if model is not None:
            model.set_colors([QColor(c) for c in layout.colors], _first_lanes(cols, layout))
        if rows_changed and model is not None:
            model.set_rows(self.session.shown_rows)
            # the same event, its list row moved: the filter's range stays (follow)
            self._selection_changed(self.session.selected, pan=False)
        self._update_status()

    def _view_resized(self, *_) -> None:
        if not self._room_known and self.timeline.isVisible():
            self._room_changed()  # the layout was made before the view had its size: now
        else:
            self._room_timer.start()

    def _room_changed(self) -> None:
        """After a resize: a new layout only if the automatic budget changed with it."""
        if not self.isVisible():  # closed meanwhile (its store may be closed too)
            return
        if self.lane_budget() == AUTO and self._budget() != self._budget_used:
            self._relayout(rows_changed=False)

    # -- commands ------------------------------------------------------------------------

    def set_lane_order(self, order: LaneOrder) -> None:
        self._set_lane_control(replace(self.lane_control(), order=order))

    def hide_lane(self, label: str, hidden: bool = True) -> None:
        c = self.lane_control()
        names = c.hidden | {label} if hidden else c.hidden - {label}
        pinned = tuple(p for p in c.pinned if p != label) if hidden else c.pinned
        self._set_lane_control(replace(c, hidden=frozenset(names), pinned=pinned))
        if hidden:  # with every lane hidden the view is empty: say how lanes come back
            text = tr("Hid “{name}”: Lanes → Show hidden lane brings it back")
            self.statusBar().showMessage(text.format(name=lane_text(label)), 10000)

    def pin_lane(self, label: str, pinned: bool = True) -> None:
        c = self.lane_control()
        rest = tuple(p for p in c.pinned if p != label)
        names = (*rest, label) if pinned else rest
        self._set_lane_control(replace(c, hidden=c.hidden - {label}, pinned=names))

    def show_all_lanes(self) -> None:
        c = self.lane_control()
        self._set_lane_control(replace(c, hidden=frozenset()), ALL)

    def reset_lanes(self) -> None:
        """As a new dataset's: by events shown, none hidden or pinned, budget automatic."""
        self._set_lane_control(LaneControl(), AUTO)

    def _ask_budget(self) -> None:
        budget = self.lane_budget()
        start = budget if isinstance(budget, int) else self.lanes_that_fit() - 1
        n, ok = QInputDialog.getInt(self, tr("Lanes"), tr("Lanes to show besides “Others”:"),
                                    start, 1, 10_000)  # fmt: skip
        if ok:
            self.set_lane_budget(n)

    # -- menus ---------------------------------------------------------------------------

    def _fill_lanes_menu(self) -> None:
        """Built when opened: the lanes shown and hidden change with the filters."""
        menu = self.lanes_menu
        menu.clear()
        layout = self.timeline.layout_
        if self.session.columns is None or layout is None:
            return
        self._add_common(menu)
        menu.addSeparator()
        control = self.lane_control()
        own = [label for label in layout.labels if not others_count(label)]
        hide = submenu(menu, tr("&Hide lane"))
        pin = submenu(menu, tr("&Pin lane on top"))
        for label in own:
            hide.addAction(mnemonic_free(lane_text(label)), partial(self.hide_lane, label))
            action = pin.addAction(mnemonic_free(lane_text(label)))
            action.setCheckable(True)
            action.setChecked(label in control.pinned)
            action.toggled.connect(partial(self.pin_lane, label))
        hidden = submenu(menu, tr("Show hi&dden lane"))
        for label in sorted(control.hidden, key=str.casefold):
            hidden.addAction(mnemonic_free(lane_text(label)), partial(self.hide_lane, label, False))
        for sub in (hide, pin, hidden):
            sub.setEnabled(not sub.isEmpty())

    def _add_common(self, menu: QMenu) -> None:
        """Order, budget, show all and reset: in the Lanes menu and the context menu."""
        control = self.lane_control()
        group = QActionGroup(menu)
        for text, order in ORDERS:
            action = menu.addAction(tr(text), partial(self.set_lane_order, order))
            action.setCheckable(True)
            action.setChecked(control.order is order)
            group.addAction(action)
        budget = self.lane_budget()
        sub = submenu(menu, tr("Lanes &shown"))
        group = QActionGroup(sub)
        choices: list[tuple[str, str | int]] = [(tr("As many as fit the view"), AUTO)]
        choices += [(tr("%n lane(s) and “Others”", "", n), n) for n in BUDGET_NUMBERS]
        if isinstance(budget, int) and budget not in BUDGET_NUMBERS:
            choices.append((tr("%n lane(s) and “Others”", "", budget), budget))
        choices.append((tr("All lanes"), ALL))
        for text, choice in choices:
            action = sub.addAction(text, partial(self.set_lane_budget, choice))
            action.setCheckable(True)
            action.setChecked(choice == budget)
            group.addAction(action)
        sub.addAction(tr("Another number…"), self._ask_budget)
        menu.addAction(tr("Show &all lanes"), self.show_all_lanes)
        menu.addAction(tr("&Reset lanes"), self.reset_lanes)

    def lane_menu(self, label: str) -> QMenu:
        """The context menu of one lane's name: hide it, pin it, and the common commands."""
        menu = QMenu(self)
        name = mnemonic_free(lane_text(label))
        if others_count(label):  # not a lane of its own: it cannot be hidden or pinned
            menu.addAction(tr("Show all lanes"), self.show_all_lanes)
        else:
            menu.addAction(tr("Hide “{name}”").format(name=name), lambda: self.hide_lane(label))
            if label in self.lane_control().pinned:
                menu.addAction(tr("Unpin “{name}”").format(name=name),
                               lambda: self.pin_lane(label, False))  # fmt: skip
            else:
                menu.addAction(tr("Pin “{name}” on top").format(name=name),
                               lambda: self.pin_lane(label))  # fmt: skip
        menu.addSeparator()
        self._add_common(menu)
        return menu

    def lane_at(self, pos: QPoint) -> str | None:
        """The lane whose name is at `pos` (the timeline's viewport coordinates), if any."""
        t = self.timeline
        scene = t.graphics.mapToScene(pos)
        if t.layout_ is None or not t.lane_axis.sceneBoundingRect().contains(scene):
            return None
        y = t.vb.mapSceneToView(scene).y()
        i = int(np.searchsorted(t.items.offsets, y, side="right")) - 1
        return t.layout_.labels[i] if 0 <= i < len(t.layout_.labels) else None

    def _lane_axis_menu(self, pos: QPoint) -> None:
        label = self.lane_at(pos)
        if label is not None:
            menu = self.lane_menu(label)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(QCursor.pos())
