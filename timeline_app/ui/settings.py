"""Settings: one readable INI file (QSettings) in the settings directory."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from timeline_app.core.paths import settings_path


def open_settings() -> QSettings:
    return QSettings(str(settings_path()), QSettings.Format.IniFormat)


def settings_problem(settings: QSettings) -> str | None:
    """Why the settings cannot be saved (an unwritable settings directory), or None. Qt
    would lose every change silently."""
    if settings.isWritable():
        return None
    return settings.fileName()
