"""Sizes that fit the screen: a laptop's is often 1366 × 768 or 1280 × 720, and a window or
dialog taller than that hides its buttons below the screen's edge."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 0.92) -> None:
    """Resize `widget` to width × height, or to `share` of its screen's free area if smaller."""
    parent = widget.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    free = screen.availableGeometry()
    widget.resize(min(width, int(free.width() * share)), min(height, int(free.height() * share)))
