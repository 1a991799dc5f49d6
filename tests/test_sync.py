"""Sync between laptops (SQLite stores) and a team store (the throw-away PostgreSQL server):
what travels (events, deletions, stories, saved views, history with its authors), that a
second sync changes nothing, conflicts in either order and their resolution, --dataset."""

import dataclasses
import json
import sqlite3

import pytest

from conftest import DATA
from timeline_app.cli import main
from timeline_app.core.model import Story, StoryStep
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.core.sync import sync
from timeline_app.core.sync_state import MERGED, MINE, THEIRS, merged_doc
from timeline_app.core.view_state import ViewSettings

D = SAMPLE_DATASET


@pytest.fixture
def laptops(tmp_path, pg_url):
    """Two laptops that synced once with the team store (so they share the sample)."""
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for path, who in ((a, "amina"), (b, "bruno")):
        with Store.open(path) as s:
            s.user = who
            sync(s, pg_url)
    return a, b, pg_url


def opened(path, who):
    s = Store.open(path)
    s.user = who
    return s


def edit(path, who, uid, **fields):
    with opened(path, who) as s:
        event = s.event(D, uid)
        s.update_event(D, dataclasses.replace(event, **fields), s.revision(D, uid))


def do_sync(path, url, *datasets):
    with Store.open(path) as s:
        return sync(s, url, datasets or None)


def events(location):
    with Store.open(location, sample=False) as s:
        return {e.id: e for e in s.events(D)}


def uid_of(path, n=0):
    return sorted(events(path))[n]


def test_a_first_sync_pushes_the_laptops_datasets_and_a_second_changes_nothing(tmp_path, pg_url):
    a = tmp_path / "a.sqlite"
    with Store.open(a) as s:
        s.import_file(DATA / "small.csv", dataset="Small")
        report = sync(s, pg_url)
    assert report.pushed["event"] > 4 and not report.conflicts
    with Store.open(pg_url, sample=False) as server:
        assert {d.name for d in server.datasets()} == {D, "Small"}
        assert server.event_count("Small") == 4
    again = do_sync(a, pg_url)
    assert not again.changed and again.lines()[0].startswith("nothing to sync")


def test_an_edit_travels_with_its_author_and_a_deletion_too(laptops):
    a, b, url = laptops
    uid, gone = uid_of(a, 0), uid_of(a, 1)
    edit(a, "amina", uid, title="Retitled on laptop A")
    with opened(a, "amina") as s:
        s.delete_event(D, gone, s.revision(D, gone))
    pushed = do_sync(a, url)
    assert pushed.pushed["event"] == 2 and pushed.deleted_there == 1
    assert events(url)[uid].title == "Retitled on laptop A" and gone not in events(url)
    pulled = do_sync(b, url)
    assert pulled.pulled["event"] == 2 and pulled.deleted_here == 1
    got = events(b)
    assert got[uid].title == "Retitled on laptop A" and gone not in got
    with Store.open(b) as s:
        whos = {c.who for c in s.history(D, uid)}
        assert "amina" in whos
        assert s.search(D, "Retitled").size == 1
    assert not do_sync(a, url).changed and not do_sync(b, url).changed


def test_stories_and_saved_views_travel(laptops):
    a, b, url = laptops
    uid = uid_of(a)
    with opened(a, "amina") as s:
        s.save_story(D, Story("Walk", (StoryStep(uid, "first"),)))
        s.save_view(D, "Mine", ViewSettings())
    do_sync(a, url)
    report = do_sync(b, url)
    assert report.pulled["story"] >= 1 and report.pulled["view"] == 1
    with Store.open(b) as s:
        assert s.story(D, "Walk").steps[0].note == "first"
        assert [v.name for v in s.saved_views(D)] == ["Mine"]
        s.delete_view(D, "Mine")
    do_sync(b, url)
    do_sync(a, url)
    with Store.open(a) as s:
        assert s.saved_views(D) == []


def conflict_fields(path):
    with Store.open(path) as s:
        (c,) = s.conflicts()
        return c, c.fields()


@pytest.mark.parametrize("first", ["a", "b"])
def test_the_same_edit_offline_on_two_laptops_is_the_same_conflict_in_either_order(laptops, first):
    a, b, url = laptops
    uid = uid_of(a)
    edit(a, "amina", uid, title="Title from A")
    edit(b, "bruno", uid, title="Title from B")
    one, two = (a, b) if first == "a" else (b, a)
    assert not do_sync(one, url).conflicts
    report = do_sync(two, url)
    assert len(report.conflicts) == 1 and uid in report.lines()[-1]
    conflict, fields = conflict_fields(two)
    assert conflict.name == uid and set(fields) == {"title"}
    assert {*fields["title"]} == {"Title from A", "Title from B"}
    assert conflict.theirs_who == ("amina" if first == "a" else "bruno")
    # nothing was overwritten on either side, and a second sync keeps it as it is
    assert events(one)[uid].title == events(url)[uid].title
    assert events(two)[uid].title == f"Title from {'B' if first == 'a' else 'A'}"
    again = do_sync(two, url)
    assert not again.changed and len(again.conflicts) == 1


@pytest.mark.parametrize("how", [MINE, THEIRS, MERGED])
def test_a_conflict_resolved_each_way_goes_to_the_team_store_with_its_history(laptops, how):
    a, b, url = laptops
    uid = uid_of(a)
    edit(a, "amina", uid, title="Title from A", fatalities=7)
    edit(b, "bruno", uid, title="Title from B")
    do_sync(a, url)
    do_sync(b, url)
    with opened(b, "bruno") as s:
        (conflict,) = s.conflicts()
        doc = None
        if how == MERGED:
            doc = merged_doc(conflict, {"title": "mine", "fatalities": "theirs"})
        s.resolve_conflict(conflict, how, doc)
        assert s.conflicts() == []
        last = s.history(D, uid)[-1]
        assert last.who == "bruno" and last.action == "resolved"
    do_sync(b, url)
    do_sync(a, url)
    want = {MINE: ("Title from B", None), THEIRS: ("Title from A", 7),
            MERGED: ("Title from B", 7)}[how]  # fmt: skip
    original = events(url)[uid]
    for where in (a, b, url):
        got = events(where)[uid]
        assert got.title == want[0]
        if how != MINE:
            assert got.fatalities == want[1]
    assert original.title == want[0]
    with Store.open(url, sample=False) as server:
        assert any(c.action == "resolved" and c.who == "bruno" for c in server.history(D, uid))
    assert not do_sync(a, url).changed and not do_sync(b, url).changed


def test_a_deletion_against_an_edit_is_a_conflict(laptops):
    a, b, url = laptops
    uid = uid_of(a)
    edit(a, "amina", uid, title="Kept and edited")
    with opened(b, "bruno") as s:
        s.delete_event(D, uid, s.revision(D, uid))
    do_sync(a, url)
    report = do_sync(b, url)
    (conflict,) = report.conflicts
    assert conflict.mine is None and json.loads(conflict.theirs)["title"] == "Kept and edited"
    with opened(b, "bruno") as s:
        s.resolve_conflict(conflict, THEIRS)
    assert events(b)[uid].title == "Kept and edited"


def test_only_the_datasets_named_are_synced(laptops):
    a, _, url = laptops
    with Store.open(a) as s:
        s.import_file(DATA / "small.csv", dataset="Small")
    uid = uid_of(a)
    edit(a, "amina", uid, title="Not yet")
    report = do_sync(a, url, "small")
    assert report.datasets == ["Small"] and report.pushed["event"] == 4
    assert events(url)[uid].title != "Not yet"
    assert main(["sync", url, "--dataset", "Nowhere", "--store", str(a)]) == 1


def test_the_command_line_says_what_it_did(laptops, capsys):
    a, _, url = laptops
    uid = uid_of(a)
    edit(a, "amina", uid, title="From the command line")
    assert main(["sync", url, "--store", str(a)]) == 0
    assert "pushed: 1 events" in capsys.readouterr().out
    assert main(["sync", url, "--store", str(a)]) == 0
    assert "nothing to sync" in capsys.readouterr().out


def test_both_stores_pass_their_checks_after_syncs(laptops):
    a, b, url = laptops
    edit(a, "amina", uid_of(a), title="x")
    do_sync(a, url)
    do_sync(b, url)
    for path in (a, b):
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_sync_cut_short_after_the_servers_commit_then_an_edit_here_is_no_conflict(
    laptops, monkeypatch
):
    a, _, url = laptops
    uid = uid_of(a)
    edit(a, "amina", uid, title="First")

    def killed(*args, **kwargs):  # between the server's commit and the laptop's
        raise KeyboardInterrupt

    monkeypatch.setattr("timeline_app.core.sync.set_bases", killed)
    with pytest.raises(KeyboardInterrupt):
        do_sync(a, url)
    monkeypatch.undo()
    assert events(url)[uid].title == "First"  # the server has it; the laptop did not note it
    edit(a, "amina", uid, title="Second")
    report = do_sync(a, url)
    assert not report.conflicts and events(url)[uid].title == "Second"


def test_a_server_that_goes_away_mid_sync_is_said_and_the_next_sync_finishes(
    tmp_path, pg_server, pg_url, monkeypatch, capsys
):
    import timeline_app.core.sync as sync_module
    from timeline_app.core.sync_apply import write_events as real_write

    a = tmp_path / "a.sqlite"
    with Store.open(a) as s:
        s.import_file(DATA / "small.csv", dataset="Small")
    db = pg_url.rsplit("/", 1)[1]
    calls = []

    def write_then_lose_the_server(conn, *args):
        real_write(conn, *args)
        calls.append(1)
        if len(calls) == 3:  # a batch or two in
            pg_server.admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{db}' AND pid != pg_backend_pid()"
            )

    monkeypatch.setattr(sync_module, "write_events", write_then_lose_the_server)
    monkeypatch.setattr(sync_module, "BATCH", 5)
    assert main(["sync", pg_url, "--store", str(a)]) == 1
    err = capsys.readouterr().err
    assert "was lost" in err and "run the same sync again" in err and "Traceback" not in err
    monkeypatch.undo()
    assert main(["sync", pg_url, "--store", str(a)]) == 0
    assert events(a) == events(pg_url)
    with Store.open(a) as s:
        assert not sync(s, pg_url).changed


def test_a_conflict_shows_mine_as_it_is_now(laptops):
    a, b, url = laptops
    uid = uid_of(a)
    edit(a, "amina", uid, title="Title from A")
    edit(b, "bruno", uid, title="Title from B")
    do_sync(a, url)
    do_sync(b, url)
    edit(b, "bruno", uid, title="Title from B, again")
    with Store.open(b) as s:
        (conflict,) = s.conflicts()
        assert json.loads(conflict.mine)["title"] == "Title from B, again"


def test_a_story_sync_cut_short_after_the_servers_commit_is_no_conflict(laptops, monkeypatch):
    a, _, url = laptops
    uid = uid_of(a)
    with opened(a, "amina") as s:
        s.save_story(D, Story("Walk", (StoryStep(uid, "first"),)))

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("timeline_app.core.sync.set_bases", killed)
    with pytest.raises(KeyboardInterrupt):
        do_sync(a, url)
    monkeypatch.undo()
    with opened(a, "amina") as s:
        s.save_story(D, Story("Walk", (StoryStep(uid, "second"),)))
    report = do_sync(a, url)
    assert not report.conflicts and report.pushed["story"] == 1
    with Store.open(url, sample=False) as server:
        assert server.story(D, "Walk").steps[0].note == "second"
