"""File → Open team store…: a team's store on a PostgreSQL server, in a new window; and what
the window says of a store it may only read.

The dialog asks for the server's URL only: no password field. libpq takes the password from
~/.pgpass, a service file or $PGPASSWORD; a URL with a password in it is refused (Store.open
says so) and is never written to the settings, which keep the last URL that opened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from timeline_app.core.backend import is_server_url
from timeline_app.core.errors import StoreError
from timeline_app.core.store import Store
from timeline_app.ui.i18n import tr
from timeline_app.ui.messages import warn

URL_KEY = "team/url"
EXAMPLE = "postgresql://analyst@db.example.org:5432/timeline?sslmode=require"


class TeamStoreDialog(QDialog):
    """The URL of a team store (user, host, port, database, options such as sslmode)."""

    def __init__(self, parent: QWidget | None, url: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Open team store"))
        self.setObjectName("team_store_dialog")
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setObjectName("team_store_url")
        self.url_edit.setPlaceholderText(EXAMPLE)
        self.url_edit.setMinimumWidth(460)
        self.problem = QLabel(self)
        self.problem.setObjectName("team_store_problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        note = QLabel(
            tr("The address of the team's PostgreSQL store, without a password: it is read "
               "from your ~/.pgpass file, a service file or the PGPASSWORD variable."),
            self,
        )  # fmt: skip
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Store URL:"), self))
        layout.addWidget(self.url_edit)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.adjustSize()

    def url(self) -> str:
        return self.url_edit.text().strip()

    def accept(self) -> None:
        if not is_server_url(self.url()):
            self.problem.setText(tr("A team store's URL begins with postgresql://"))
            self.problem.show()
            self.adjustSize()  # room for the wrapped lines
            return
        super().accept()


class TeamActions:
    """Mixed into MainWindow."""

    def open_team_store(self, url: str | None = None) -> QWidget | None:
        """Open a team store in a new window (this one stays); returns that window. Without
        `url`, asks for it."""
        if url is None:
            dialog = TeamStoreDialog(self, str(self.settings.value(URL_KEY, "") or ""))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            url = dialog.url()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            store = Store.open(url, sample=False)
        except StoreError as exc:
            QGuiApplication.restoreOverrideCursor()
            warn(self, tr("Open team store"),
                 tr("The team store cannot be opened:\n{problem}").format(problem=exc))  # fmt: skip
            return None
        QGuiApplication.restoreOverrideCursor()
        self.settings.setValue(URL_KEY, url)  # (Store.open refused a URL with a password)
        window = type(self)(store, settings=self.settings)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: store.close())  # the window's own store
        window.show()
        return window

    def _say_read_only(self) -> None:
        """Say, in the status bar for as long as the window is open, that the store can only
        be read, and why."""
        label = QLabel(tr("Read-only"), self)
        label.setObjectName("read_only_label")
        if is_server_url(self.store.path):
            why = tr("Your PostgreSQL role may only read this team store: importing and "
                     "editing are off. Its administrator can grant you the editing "
                     "rights.")  # fmt: skip
        else:
            why = tr("The store's file or folder cannot be written: importing and editing "
                     "are off.")  # fmt: skip
        label.setToolTip(why)
        self.statusBar().addPermanentWidget(label)
