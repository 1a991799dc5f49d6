"""The window's commands, declared once: menus and tool bar are built from this list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the handler is the window's method of this name
    text: str
    menu: str
    shortcut: Key | str | None = None
    toolbar: bool = False
    tip: str = ""
    checkable: bool = False


ACTIONS = (
    ActionSpec("import_files", "&Import…", "&File", Key.Open, True, "Import CSV or JSON event files"),
    ActionSpec("export_image", "Export &image…", "&File", "Ctrl+E", True, "The timeline as PNG, SVG or PDF, with title, legend and sources"),
    ActionSpec("export_briefing", "Export &briefing…", "&File", "Ctrl+Shift+B", False, "A deck that steps through the key events shown: PPTX or PDF"),
    ActionSpec("copy_image", "&Copy image", "&Edit", "Ctrl+Shift+C", False, "Copy the timeline as an image, to paste into a slide"),
    ActionSpec("export_data", "&Export data…", "&File", Key.SaveAs, False, "Write the dataset to CSV or JSON"),
    ActionSpec("close", "&Quit", "&File", Key.Quit),
    ActionSpec("find", "&Find…", "&Edit", Key.Find, False, "Search titles, descriptions, actors, places and sources"),
    ActionSpec("clear_filters", "&Clear filters", "&Edit", "Ctrl+Shift+X", True, "Show every event again"),
    ActionSpec("fit_all", "&Fit all", "&View", "Ctrl+0", True, "Show the whole time range (F)"),
    ActionSpec("zoom_in", "Zoom &in", "&View", Key.ZoomIn, True, "Zoom in (+)"),
    ActionSpec("zoom_out", "Zoom &out", "&View", Key.ZoomOut, True, "Zoom out (−)"),
    ActionSpec("previous_event", "&Previous event", "&View", "Alt+Left", False, "Select the previous event in time (←)"),
    ActionSpec("next_event", "&Next event", "&View", "Alt+Right", False, "Select the next event in time (→)"),
    ActionSpec("toggle_full_screen", "F&ull screen", "&View", Key.FullScreen, True, checkable=True),
    ActionSpec("about", "&About Timeline App", "&Help", None, False, "Version, where the data lives, the data's terms"),
    ActionSpec("present", "&Present", "&View", "F5", True, "Full screen, one key event at a time: ←/→ or a clicker step, Esc leaves"),
)  # fmt: skip


def build_actions(
    window: QMainWindow, toolbar: QToolBar
) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Create every action, with its menu entry, shortcut and tool bar button."""
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(spec.name)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        handler: Callable = getattr(window, spec.name)
        if spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        if spec.menu not in menus:
            menus[spec.menu] = window.menuBar().addMenu(spec.menu)
        menus[spec.menu].addAction(action)
        if spec.toolbar:
            toolbar.addAction(action)
        actions[spec.name] = action
    return actions, menus
