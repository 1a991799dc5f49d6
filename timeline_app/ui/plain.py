"""Text from the data, shown as the text it is wherever Qt would read it otherwise.

Qt takes a tooltip, a label's or a message box's text for HTML when it looks like HTML: a
title "Clash <img src=/dev/zero>" in a tooltip read /dev/zero until the window died. A menu
item or a check box takes "&" for a shortcut; a window title takes "[*]" for its
modified mark. See ui/messages.py for message boxes.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # Qt's text functions live in QtGui's Qt
from PySide6.QtWidgets import QLabel, QWidget

TIP_LINE = 100  # characters: a longer tooltip wraps


def tip(text: str) -> str:
    """A tooltip that shows `text` as it is. Text Qt would read as plain stays as it is; text
    it would take for HTML is escaped into HTML (escaped text alone would show "&lt;"), on
    one line if short (a rich tooltip otherwise wraps after a few words)."""
    if not GuiQt.mightBeRichText(text):  # the test Qt's tooltip makes
        return text
    space = "pre" if len(text) <= TIP_LINE else "pre-wrap"
    return f"<p style='white-space:{space}'>{html.escape(text)}</p>"


def mnemonic_free(text: str) -> str:
    """For a menu item, button or check box: "&" shown, not taken as a shortcut."""
    return text.replace("&", "&&")


def window_title(text: str) -> str:
    """For a window title: "[*]" shown, not taken as the modified mark."""
    return text.replace("[*]", "[*][*]")


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label whose text is never read as HTML."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
