"""File → Sync…: sync this store with a team store (core/sync.py), in a child process
(sync_job.py) so that the window stays responsive, with its progress and what it did; then
the conflicts, each decided here: keep mine, take theirs, or merge field by field
(ui/sync_merge.py). The window shows what the sync brought at once.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from timeline_app.core.backend import is_server_url
from timeline_app.core.errors import NEEDS_PSYCOPG, StoreError
from timeline_app.core.sync import SyncReport
from timeline_app.core.sync_state import MERGED, MINE, THEIRS, Conflict
from timeline_app.ui.child_pipe import ChildPipe
from timeline_app.ui.history_dialog import FIELDS
from timeline_app.ui.i18n import QT_TR_NOOP, tr
from timeline_app.ui.messages import warn
from timeline_app.ui.plain import plain_label
from timeline_app.ui.sync_merge import MergeDialog
from timeline_app.ui.window_team import EXAMPLE, URL_KEY

if TYPE_CHECKING:
    from timeline_app.ui.window_base import WindowBase as _Window
else:
    _Window = object

log = logging.getLogger(__name__)
SYNC_URL_KEY = "team/sync-url"
KIND_WORDS = {
    "event": QT_TR_NOOP("event"),
    "story": QT_TR_NOOP("story"),
    "view": QT_TR_NOOP("saved view"),
}


def summary(report: SyncReport) -> str:
    """What the sync did, in the window's language."""
    if not report.changed and not report.conflicts:
        return tr("Nothing to sync: this store and {store} already agree.").format(store=report.url)
    out = [tr("Synced with {store}.").format(store=report.url)]
    for words, counts, gone in (
        (tr("Sent: {events} events ({deleted} deleted), {stories} stories, {views} saved views."),
         report.pushed, report.deleted_there),
        (tr("Received: {events} events ({deleted} deleted), {stories} stories, {views} saved "
            "views."), report.pulled, report.deleted_here),
    ):  # fmt: skip
        out.append(words.format(events=counts["event"], deleted=gone, stories=counts["story"],
                                views=counts["view"]))  # fmt: skip
    if report.conflicts:
        out.append(tr("%n conflict(s): changed on both sides, left as they are until you "
                      "decide below.", "", len(report.conflicts)))  # fmt: skip
    return "\n".join(out)


def conflict_text(c: Conflict) -> str:
    """One line of the list: what, which fields, and who changed it there."""
    title = c.name
    if c.kind == "event":
        doc = json.loads(c.mine or c.theirs or "{}")
        title = f"“{doc.get('title', '')}” ({c.name})"
    what = tr(KIND_WORDS[c.kind])
    if c.mine is None:
        how = tr("deleted here, changed on the team store")
    elif c.theirs is None:
        how = tr("changed here, deleted on the team store")
    else:
        names = [tr(FIELDS[f]) if f in FIELDS else f for f in c.fields()]
        how = tr("changed on both sides: {fields}").format(fields=", ".join(names))
    who = tr("; theirs by {who}").format(who=c.theirs_who) if c.theirs_who else ""
    return f"{c.dataset} — {what} {title}: {how}{who}"


class SyncDialog(QDialog):
    """The team store's URL, Sync, its progress and outcome, and the conflicts to decide."""

    def __init__(self, window: SyncActions) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(tr("Sync with a team store"))
        self.setObjectName("sync_dialog")
        settings = window.settings
        url = str(settings.value(SYNC_URL_KEY, "") or settings.value(URL_KEY, "") or "")
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setObjectName("sync_url")
        self.url_edit.setPlaceholderText(EXAMPLE)
        self.url_edit.setMinimumWidth(520)
        self.only_shown = QCheckBox(self)
        self.only_shown.setObjectName("sync_only_shown")
        if window.session.dataset:
            self.only_shown.setText(
                tr("Only the dataset shown ({name})").format(name=window.session.dataset)
            )
        else:
            self.only_shown.hide()
        self.sync_button = QPushButton(tr("Sync"), self)
        self.sync_button.setObjectName("sync_button")
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.start)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.outcome = plain_label(parent=self)  # it quotes names and the server's words
        self.outcome.setObjectName("sync_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.outcome.setMinimumHeight(5 * self.outcome.fontMetrics().lineSpacing())  # its lines
        self.conflicts = QListWidget(self)
        self.conflicts.setObjectName("sync_conflicts")
        self.conflicts.setWordWrap(True)
        self.keep_mine = QPushButton(tr("Keep mine"), self)
        self.take_theirs = QPushButton(tr("Take theirs"), self)
        self.merge = QPushButton(tr("Merge…"), self)
        self.keep_mine.clicked.connect(lambda: self.decide(MINE))
        self.take_theirs.clicked.connect(lambda: self.decide(THEIRS))
        self.merge.clicked.connect(lambda: self.decide(MERGED))
        self.conflicts.currentRowChanged.connect(self._enable)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.url_edit, 1)
        top.addWidget(self.sync_button)
        decide = QHBoxLayout()
        for button in (self.keep_mine, self.take_theirs, self.merge):
            decide.addWidget(button)
        decide.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Team store URL (no password: ~/.pgpass or PGPASSWORD):"),
                                self))  # fmt: skip
        layout.addLayout(top)
        layout.addWidget(self.only_shown)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(QLabel(tr("Conflicts to decide:"), self))
        layout.addWidget(self.conflicts, 1)
        layout.addLayout(decide)
        layout.addWidget(close)
        self.pipe = ChildPipe(self, 100)
        self.pipe.message.connect(self._message)
        self.pipe.ended.connect(self._ended)
        self.resize(760, 480)
        self.fill_conflicts()

    # -- running ----------------------------------------------------------------------------

    def running(self) -> bool:
        return self.pipe.running()

    def start(self) -> None:
        from timeline_app.sync_job import start_sync

        url = self.url_edit.text().strip()
        try:
            if not is_server_url(url):
                raise StoreError(tr("A team store's URL begins with postgresql://"))
            try:  # psycopg comes with the "team" extra only
                from timeline_app.core.pg_conn import check_url
            except ImportError:
                raise StoreError(NEEDS_PSYCOPG) from None
            check_url(url)
        except StoreError as exc:
            self.outcome.setText(str(exc))
            return
        self.window_.settings.setValue(SYNC_URL_KEY, url)
        shown = self.window_.session.dataset
        datasets = [shown] if shown and self.only_shown.isChecked() else None
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first batch says how many
        self.progress.show()
        self.outcome.setText(tr("Syncing…"))
        self.pipe.start(start_sync(self.window_.store.path, url, datasets))

    def _message(self, message: tuple) -> None:
        if message[0] == "progress":
            _, done, total = message
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _ended(self, message: tuple) -> None:
        self.sync_button.setEnabled(True)
        self.progress.hide()
        if len(message) >= 3 and message[1] == "done":
            report: SyncReport = message[2]
            self.outcome.setText(summary(report))
            if report.changed:
                self.window_._synced()
        elif len(message) >= 2 and message[1] == "stopped":
            self.outcome.setText(tr("The sync was stopped; what was synced is kept on both "
                                   "sides. Sync again to finish it."))  # fmt: skip
        else:
            problem = message[2] if len(message) >= 3 else tr("the sync ended without a word")
            if len(message) >= 4 and message[3]:
                log.error("sync failed: %s\n%s", problem, message[3])
            self.outcome.setText(tr("The sync did not finish: {problem}\nWhat was synced is kept "
                                   "on both sides; sync again to finish it.")
                                .format(problem=problem))  # fmt: skip
        self.fill_conflicts()

    def reject(self) -> None:
        if self.pipe.running():  # stopped after its batch: what is synced stays synced
            self.pipe.send("stop")
            self.pipe.kill(10)
            self.sync_button.setEnabled(True)
        super().reject()

    # -- conflicts --------------------------------------------------------------------------

    def fill_conflicts(self) -> None:
        self.conflicts.clear()
        try:
            found = self.window_.store.conflicts()
        except StoreError as exc:
            log.warning("cannot read the conflicts: %s", exc)
            found = []
        for conflict in found:
            item = QListWidgetItem(conflict_text(conflict))
            item.setData(Qt.ItemDataRole.UserRole, conflict)
            self.conflicts.addItem(item)
        if found:
            self.conflicts.setCurrentRow(0)
        self._enable()

    def _current(self) -> Conflict | None:
        item = self.conflicts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _enable(self, *_) -> None:
        conflict = self._current()
        for button in (self.keep_mine, self.take_theirs):
            button.setEnabled(conflict is not None)
        self.merge.setEnabled(
            conflict is not None and conflict.kind == "event"
            and conflict.mine is not None and conflict.theirs is not None
        )  # fmt: skip

    def decide(self, how: str, merge_dialog: MergeDialog | None = None) -> bool:
        """Decide the conflict selected; `merge_dialog` (tests) stands for the one shown."""
        conflict = self._current()
        if conflict is None:
            return False
        doc = None
        if how == MERGED:
            dialog = merge_dialog or MergeDialog(conflict, self)
            if merge_dialog is None and dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            doc = dialog.merged
            if doc is None:
                return False
        try:
            self.window_.store.resolve_conflict(conflict, how, doc)
        except StoreError as exc:
            warn(self, tr("Sync"), tr("The conflict was not decided:\n{problem}")
                 .format(problem=exc))  # fmt: skip
            self.fill_conflicts()
            return False
        self.window_._synced()
        self.fill_conflicts()
        self.outcome.setText(tr("Decided. The next sync takes it to the team store."))
        return True


class SyncActions(_Window):
    """Mixed into MainWindow."""

    _sync_dialog: SyncDialog | None = None

    def sync_store(self) -> SyncDialog | None:
        """File → Sync…: the dialog (not modal: the window stays usable); returns it."""
        if is_server_url(self.store.path):
            warn(self, tr("Sync"), tr("This window shows a team store: sync is for a store "
                                      "file (a laptop's), with a team store."))  # fmt: skip
            return None
        if self.store.read_only:
            warn(self, tr("Sync"), tr("The store is read-only: a sync cannot write to it."))
            return None
        if self._sync_dialog is None:
            self._sync_dialog = SyncDialog(self)
        self._sync_dialog.fill_conflicts()
        self._sync_dialog.show()
        self._sync_dialog.raise_()
        return self._sync_dialog

    def _sync_running(self) -> bool:
        return self._sync_dialog is not None and self._sync_dialog.running()

    def _synced(self) -> None:
        """The store changed under the window (the sync's child, a decision): show it."""
        self.store.reopen()  # a safeguard, as after an import (ui/window_imports.py)
        self.watch.reload()
        self.watch.rebase()
        if self.store.search_pending():  # what the sync brought, for search
            self.indexer.start()
