"""The window's commands, declared once: menus and tool bar are built from this list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTextEdit,
    QToolBar,
    QWidget,
)

from timeline_app.ui.i18n import QT_TR_NOOP, tr

Key = QKeySequence.StandardKey
MENUS = (QT_TR_NOOP("&File"), QT_TR_NOOP("&Edit"), QT_TR_NOOP("&View"), QT_TR_NOOP("&Help"))


@dataclass(frozen=True)
class ActionSpec:
    name: str  # the handler is the window's method of this name
    text: str
    menu: str  # as written here: tr() shows it in the interface's language
    shortcut: Key | str | None = None
    toolbar: bool = False
    tip: str = ""
    checkable: bool = False


ACTIONS = (
    ActionSpec("import_files", QT_TR_NOOP("&Import…"), "&File", Key.Open, True, QT_TR_NOOP("Import CSV or JSON event files")),
    ActionSpec("open_team_store", QT_TR_NOOP("Open &team store…"), "&File", None, False, QT_TR_NOOP("Open a team's store on a PostgreSQL server, in a new window")),
    ActionSpec("sync_store", QT_TR_NOOP("S&ync…"), "&File", None, False, QT_TR_NOOP("Send this store's changes to a team store and get everyone else's")),
    ActionSpec("export_image", QT_TR_NOOP("Export &image…"), "&File", "Ctrl+E", True, QT_TR_NOOP("The timeline as PNG, SVG or PDF, with title, legend and sources")),
    ActionSpec("export_briefing", QT_TR_NOOP("Export &briefing…"), "&File", "Ctrl+Shift+B", False, QT_TR_NOOP("A deck that steps through the key events shown: PPTX or PDF")),
    ActionSpec("undo", QT_TR_NOOP("&Undo"), "&Edit", Key.Undo),
    ActionSpec("redo", QT_TR_NOOP("&Redo"), "&Edit", Key.Redo),
    ActionSpec("new_event", QT_TR_NOOP("&New event…"), "&Edit", Key.New, False, QT_TR_NOOP("Record an event by hand")),
    ActionSpec("edit_event", QT_TR_NOOP("&Edit event…"), "&Edit", "F2", False, QT_TR_NOOP("Change the selected event")),
    ActionSpec("delete_event", QT_TR_NOOP("&Delete event…"), "&Edit", Key.Delete, False, QT_TR_NOOP("Delete the selected event (Undo brings it back)")),
    ActionSpec("deleted_events", QT_TR_NOOP("Deleted e&vents…"), "&Edit", None, False, QT_TR_NOOP("The events deleted from this dataset, to restore")),
    ActionSpec("editor_name", QT_TR_NOOP("Your name in the &history…"), "&Edit", None, False, QT_TR_NOOP("The name your changes are recorded under")),
    ActionSpec("copy_image", QT_TR_NOOP("&Copy image"), "&Edit", "Ctrl+Shift+C", False, QT_TR_NOOP("Copy the timeline as an image, to paste into a slide")),
    ActionSpec("datasets", QT_TR_NOOP("&Datasets…"), "&File", None, False, QT_TR_NOOP("The store's datasets: new, rename, delete, merge")),
    ActionSpec("export_data", QT_TR_NOOP("&Export data…"), "&File", Key.SaveAs, False, QT_TR_NOOP("Write the dataset to CSV or JSON")),
    ActionSpec("close", QT_TR_NOOP("&Quit"), "&File", Key.Quit),
    ActionSpec("find", QT_TR_NOOP("&Find…"), "&Edit", Key.Find, False, QT_TR_NOOP("Search titles, descriptions, actors, places and sources")),
    ActionSpec("clear_filters", QT_TR_NOOP("&Clear filters"), "&Edit", "Ctrl+Shift+X", True, QT_TR_NOOP("Show every event again")),
    ActionSpec("fit_all", QT_TR_NOOP("&Fit all"), "&View", "Ctrl+0", True, QT_TR_NOOP("Show all the events shown (F)")),
    ActionSpec("zoom_in", QT_TR_NOOP("Zoom &in"), "&View", Key.ZoomIn, True, QT_TR_NOOP("Zoom in (+)")),
    ActionSpec("zoom_out", QT_TR_NOOP("Zoom &out"), "&View", Key.ZoomOut, True, QT_TR_NOOP("Zoom out (−)")),
    ActionSpec("previous_event", QT_TR_NOOP("&Previous event"), "&View", "Alt+Left", False, QT_TR_NOOP("Select the previous event in time (←)")),
    ActionSpec("next_event", QT_TR_NOOP("&Next event"), "&View", "Alt+Right", False, QT_TR_NOOP("Select the next event in time (→)")),
    ActionSpec("toggle_full_screen", QT_TR_NOOP("F&ull screen"), "&View", Key.FullScreen, True, checkable=True),
    ActionSpec("about", QT_TR_NOOP("&About Timeline App"), "&Help", None, False, QT_TR_NOOP("Version, where the data lives, the data's terms")),
    ActionSpec("present", QT_TR_NOOP("&Present"), "&View", "F5", True, QT_TR_NOOP("Full screen, one key event at a time: ←/→ or a clicker step, Esc leaves")),
)  # fmt: skip


# window shortcuts a text field keeps: in the search box, Ctrl+Z undoes the typing, Del deletes
# a letter (they still act on the events when the focus is elsewhere)
TEXT_KEEPS = ("undo", "redo", "delete_event")


class WindowShortcutsFirst(QObject):
    """The window's shortcuts work whatever has the focus. A text field claims the keys it
    edits with (Qt's ShortcutOverride); under X11 that includes Ctrl+E (end of line, as in
    Emacs), so Export image did nothing while the search box had the focus. For a key that
    is one of the window's commands (but those in TEXT_KEEPS), the text field is not asked."""

    def __init__(self, window: QMainWindow, actions: dict[str, QAction]) -> None:
        super().__init__(window)
        self.window_, self.actions = window, actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        if not isinstance(event, QKeyEvent):  # (a ShortcutOverride always is one)
            return False
        if watched is self.window_ or watched.window() is not self.window_:
            return False  # not a part of the window (a dialog, a menu): as Qt does
        key = QKeySequence(event.keyCombination())
        for name, action in self.actions.items():
            if not action.isEnabled() or (name in TEXT_KEEPS and _text_keeps(watched, name)):
                continue
            if any(s.matches(key) == QKeySequence.SequenceMatch.ExactMatch
                   for s in action.shortcuts()):  # fmt: skip
                event.ignore()  # not overridden: the window's shortcut fires
                return True
        return False


def _text_keeps(widget: QWidget, name: str) -> bool:
    """Whether the text field has a use for the key: its own typing to undo or redo (an empty
    search box has none: Ctrl+Z there undoes the window's last edit), a letter to delete."""
    if isinstance(widget, QLineEdit):
        if name == "undo":
            return widget.isUndoAvailable()
        if name == "redo":
            return widget.isRedoAvailable()
        return True
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        document = widget.document()
        if name == "undo":
            return document.isUndoAvailable()
        if name == "redo":
            return document.isRedoAvailable()
    return True


def build_actions(
    window: QMainWindow, toolbar: QToolBar
) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Create every action, with its menu entry, shortcut and tool bar button."""
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    for spec in ACTIONS:
        action = QAction(tr(spec.text), window)
        action.setObjectName(spec.name)
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setToolTip(tr(spec.tip))
            action.setStatusTip(tr(spec.tip))
        action.setCheckable(spec.checkable)
        handler: Callable = getattr(window, spec.name)
        if spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        if spec.menu not in menus:
            menus[spec.menu] = submenu(window.menuBar(), tr(spec.menu))
        menus[spec.menu].addAction(action)
        if spec.toolbar:
            toolbar.addAction(action)
        actions[spec.name] = action
    app = QApplication.instance()
    assert app is not None, "the window is made after the application"
    app.installEventFilter(WindowShortcutsFirst(window, actions))  # gone with the window
    return actions, menus


def submenu(parent: QMenu | QMenuBar, title: str) -> QMenu:
    """A menu added to `parent` and owned by it. (PySide 6.7's addMenu(title) leaves the new
    menu to its Python reference: a submenu built in a function was gone once it returned.)"""
    menu = QMenu(title, parent)
    parent.addMenu(menu)
    return menu
