"""File → Open team store…, and the window on a store the user's PostgreSQL role may only read."""

import pytest
from PySide6.QtWidgets import QDialog, QLabel

from conftest import DATA, READER_GRANTS, shown_window
from timeline_app.core.store import Store
from timeline_app.ui import window_team
from timeline_app.ui.window_team import URL_KEY, TeamStoreDialog


@pytest.fixture
def team_url(pg_url):
    with Store.open(pg_url, sample=False) as store:
        store.import_file(DATA / "small.csv", dataset="Team events")
    return pg_url


def answer_dialog(monkeypatch, url):
    """The dialog, when it opens, is given `url` and its Open button is pressed."""

    def exec_(dialog):
        dialog.url_edit.setText(url)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TeamStoreDialog, "exec", exec_)


def test_file_open_team_store_opens_it_in_a_new_window(qtbot, store, team_url, monkeypatch):
    w = shown_window(qtbot, store)
    answer_dialog(monkeypatch, team_url)
    w.actions_["open_team_store"].trigger()
    assert not [d for d in w.findChildren(QDialog) if d.isVisible()]  # (the dialog is gone)
    opened = window_team_windows(w)
    assert len(opened) == 1
    other = opened[0]
    qtbot.addWidget(other)
    assert other.store.path == team_url
    assert [other.dataset_box.itemText(i) for i in range(other.dataset_box.count())] == [
        "Team events"
    ]
    assert other.actions_["new_event"].isEnabled() and other.actions_["import_files"].isEnabled()
    assert not other.findChildren(QLabel, "read_only_label")
    assert w.settings.value(URL_KEY) == team_url


def window_team_windows(w):
    from PySide6.QtWidgets import QApplication

    return [
        t for t in QApplication.topLevelWidgets()
        if t is not w and type(t) is type(w) and t.isVisible()
    ]  # fmt: skip


def test_the_dialog_wants_a_postgresql_url(qtbot):
    dialog = TeamStoreDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.url_edit, "/home/me/store.sqlite")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.problem.isVisible()
    assert "postgresql://" in dialog.problem.text()
    assert not [w for w in dialog.findChildren(type(dialog.url_edit))
                if w.echoMode() != w.EchoMode.Normal]  # no password field  # fmt: skip


def test_a_url_with_a_password_is_refused_and_not_kept(qtbot, store, pg_server, monkeypatch):
    w = shown_window(qtbot, store)
    said = []
    monkeypatch.setattr(window_team, "warn", lambda _w, _title, text: said.append(text))
    url = f"postgresql://tl_admin:hunter2@127.0.0.1:{pg_server.port}/postgres"
    assert w.open_team_store(url) is None
    assert "~/.pgpass" in said[0] and "hunter2" not in said[0]
    assert w.settings.value(URL_KEY) in (None, "")


def test_a_read_only_role_gets_a_read_only_window(qtbot, pg_server, team_url, artifacts):
    db = team_url.rsplit("/", 1)[1]
    role = f"reader_{db}"
    pg_server.admin(READER_GRANTS.format(role=role, db=db), db=db)
    store = Store.open(pg_server.url(db, user=role))
    try:
        w = shown_window(qtbot, store)
        assert "(read-only)" in w.windowTitle()
        label = w.findChild(QLabel, "read_only_label")
        assert label is not None and label.isVisible() and "role" in label.toolTip()
        for name in ("import_files", "new_event", "edit_event", "delete_event"):
            assert not w.actions_[name].isEnabled(), name
        assert w.session.columns is not None and len(w.session.columns) == 4
        w.grab().save(str(artifacts / "team-read-only.png"))
        w.close()
    finally:
        store.close()


def test_the_window_edits_a_team_store(qtbot, team_url):
    """A change made in the window is in the server's store (through the real form)."""
    from test_editing_window import save

    with Store.open(team_url) as store:
        w = shown_window(qtbot, store)
        w.table.selectRow(0)
        uid = str(w.session.columns.uids[w.session.selected])
        form = w.edit_event()
        form.title.clear()
        qtbot.keyClicks(form.title, "Renamed on the team store")
        save(qtbot, form)
        renamed = "Renamed on the team store"
        qtbot.waitUntil(lambda: store.event("Team events", uid).title == renamed)
        w.close()
    with Store.open(team_url) as again:
        assert again.history("Team events", uid)[-1].action == "changed"
        assert again.event("Team events", uid).title == "Renamed on the team store"


def test_a_team_store_that_cannot_be_opened_at_start_is_said(qtbot, pg_server, monkeypatch):
    """No 'restore a backup' nor 'start a new store' for a server's store: what is wrong."""
    from timeline_app import app
    from timeline_app.ui import messages

    said, asked = [], []
    monkeypatch.setattr(messages, "warn", lambda _w, _title, text: said.append(text))
    url = f"postgresql://tl_admin@127.0.0.1:{pg_server.port}/no_such_database"
    assert app.open_or_recover(url, True, ask=lambda *a: asked.append(a)) is None
    assert not asked and "no_such_database" in said[0]
