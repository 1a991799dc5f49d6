"""Message boxes whose text is plain: what they say often quotes data (a file's name, a
title, a story's name), and Qt takes text that looks like HTML for rich text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def warn(parent: QWidget | None, title: str, text: str, buttons: Button = Button.Ok) -> Button:
    """A modal warning; returns the button pressed."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return Button(box.exec())
