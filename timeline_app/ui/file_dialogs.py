"""The window's file dialogs: they never open a file to tell its type.

SQLite's locks on a POSIX system are fcntl locks, which belong to the process: any close()
of a file in the window's process drops every lock the process holds on it (SQLite's "How To
Corrupt", 2.2). Qt's own file dialog asks the MIME database for each file's icon and type,
which reads the content of files whose name does not settle it: listing the store's folder
opened and closed the store, its -wal and its -shm, and the window's connection lost its
locks without knowing. An import's process then took itself for the last connection,
checkpointed and deleted the write-ahead log under the window's feet.

So every dialog here gets an icon provider that answers from the file's name alone, and is
Qt's own dialog (a platform's dialog in our process, GTK's or KDE's, would sniff contents
too); on Windows locks belong to a handle, not the process, and the native dialog is safe.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo, QMimeDatabase, QMimeType, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

from timeline_app.ui.screens import fit_to_screen

LAST_FOLDER = "dialogs/folder"


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file's name, never its content."""

    def __init__(self) -> None:
        super().__init__()
        self._mime = QMimeDatabase()

    def _mime_of(self, info: QFileInfo) -> QMimeType | None:
        names = self._mime.mimeTypesForFileName(info.fileName())  # the name alone
        return names[0] if names else None

    def icon(self, what: QFileIconProvider.IconType | QFileInfo) -> QIcon:  # both overloads
        if isinstance(what, QFileIconProvider.IconType):
            return super().icon(what)
        if what.isDir():
            return super().icon(QFileIconProvider.IconType.Folder)
        generic = super().icon(QFileIconProvider.IconType.File)
        mime = self._mime_of(what)
        return QIcon.fromTheme(mime.iconName(), generic) if mime is not None else generic

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        mime = self._mime_of(info)
        if mime is not None:
            return mime.comment()
        return f"{info.suffix().upper()} file" if info.suffix() else "File"


def _dialog(parent: QWidget | None, title: str, folder: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, folder, filters)
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setIconProvider(NameOnlyIconProvider())
    fit_to_screen(dialog, 900, 560)  # Qt's default cuts the sizes, types and dates short
    return dialog


def _folder(settings: QSettings | None, fallback: str = "") -> str:
    folder = str(settings.value(LAST_FOLDER, "")) if settings is not None else ""
    return folder if folder and Path(folder).is_dir() else fallback


def _remember(settings: QSettings | None, path: str) -> None:
    if settings is not None and path:
        settings.setValue(LAST_FOLDER, str(Path(path).parent))


def open_file_names(
    parent: QWidget | None, title: str, filters: str, settings: QSettings | None = None,
    folder: str = "", many: bool = True,
) -> list[str]:  # fmt: skip
    """Files chosen to open (none if cancelled; one at most unless `many`), from the folder
    last used, else `folder`."""
    dialog = _dialog(parent, title, _folder(settings, folder), filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many
                       else QFileDialog.FileMode.ExistingFile)  # fmt: skip
    if not dialog.exec():
        return []
    paths = dialog.selectedFiles()
    _remember(settings, paths[0] if paths else "")
    return paths


def save_file_name(
    parent: QWidget | None, title: str, name: str, filters: str,
    settings: QSettings | None = None,
) -> tuple[str, str]:  # fmt: skip
    """The file to write (empty if cancelled) and the type filter chosen, suggesting `name`
    in the folder last used."""
    folder = _folder(settings)
    dialog = _dialog(parent, title, str(Path(folder) / name) if folder else name, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if not dialog.exec():
        return "", ""
    paths = dialog.selectedFiles()
    path = paths[0] if paths else ""
    _remember(settings, path)
    return path, dialog.selectedNameFilter()
