"""Light or dark: following the system (the default) or chosen in View → Theme.

Dark uses Qt's Fusion style with a dark palette (native styles may ignore palettes); the
timeline takes the matching colours. The system's scheme is followed as it changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from timeline_app.ui.i18n import QT_TR_NOOP
from timeline_app.ui.themes import LIGHT, PRESENTATION, Theme

CHOICES = {"system": QT_TR_NOOP("Follow the system"), "light": QT_TR_NOOP("Light"),
           "dark": QT_TR_NOOP("Dark")}  # fmt: skip
_native_style: str | None = None
# Fusion outlines tick boxes in a shade of the window colour: invisible on a dark one
DARK_INDICATORS = """
QCheckBox::indicator, QAbstractItemView::indicator, QRadioButton::indicator {
    width: 12px; height: 12px; border: 1px solid #9aa4ad; background: #14181c; }
QRadioButton::indicator { border-radius: 7px; }
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked,
QRadioButton::indicator:checked { background: #4f93d8; border-color: #cfe3f7; }
"""


def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#1b1f24", role.WindowText: "#e8e8e8", role.Base: "#14181c",
        role.AlternateBase: "#1f242a", role.ToolTipBase: "#2a3038", role.ToolTipText: "#f0f0f0",
        role.Text: "#e8e8e8", role.Button: "#242a31", role.ButtonText: "#e8e8e8",
        role.BrightText: "#ff6b6b", role.Link: "#6cb6ff", role.Highlight: "#2f6db0",
        role.HighlightedText: "#ffffff", role.PlaceholderText: "#8a949e",
        # the bevels Fusion draws check boxes and frames with
        role.Light: "#59626c", role.Midlight: "#3a4148", role.Mid: "#6b747d",
        role.Dark: "#0e1114", role.Shadow: "#000000",
    }  # fmt: skip
    for r, c in colours.items():
        p.setColor(r, QColor(c))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#6b747d"))
    return p


def is_dark(choice: str) -> bool:
    if choice == "dark":
        return True
    if choice == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply(choice: str) -> Theme:
    """Set the application's look for `choice`; returns the timeline's theme to match."""
    global _native_style
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the window's application"
    if _native_style is None:
        _native_style = app.style().name()
    if is_dark(choice):
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
        app.setStyleSheet(DARK_INDICATORS)
        return PRESENTATION
    app.setStyleSheet("")
    app.setStyle(_native_style)
    app.setPalette(app.style().standardPalette())
    return LIGHT
