"""Saved views in the window (View → Saved views), in `export --view` and `briefing --view`,
and the one view state the window, the image export and the briefing share (issue 14, item 8;
issue 15, item 7)."""

import argparse
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QInputDialog

from conftest import cli_process as run_cli
from conftest import shown_window
from timeline_app import background
from timeline_app.core.filters import FilterState
from timeline_app.core.lane_control import LaneControl, LaneOrder, others_count
from timeline_app.core.lanes import LaneMode, lane_labels_of
from timeline_app.core.store import SAMPLE_DATASET, Store
from timeline_app.core.view_state import ViewSettings, ViewState
from timeline_app.export_cli import add_parsers, briefing_from_args, view_from_args
from timeline_app.ui import briefing as briefing_module
from timeline_app.ui.export_image import ExportOptions, lay_out
from timeline_app.ui.messages import Button

REPO = Path(__file__).parent.parent
D = SAMPLE_DATASET


def menu_action(window, text: str):
    """The Saved views menu's action whose text starts with `text`, as the menu builds it."""
    window.views_menu.aboutToShow.emit()
    found = [a for a in window.views_menu.actions() if a.text().replace("&", "").startswith(text)]
    assert found, [a.text() for a in window.views_menu.actions()]
    return found[0]


def test_save_change_apply_rename_delete_from_the_window(qtbot, store, monkeypatch):
    w = shown_window(qtbot, store)
    names = iter(["Goma front", "Front line"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (next(names), True))
    kivu = frozenset(w.session.filter.find_places("North Kivu"))
    chosen = FilterState(actors=frozenset({"M23/AFC"}), places=kivu, key_only=True)
    w.session.set_filters(chosen)
    w.lanes_box.setCurrentIndex(w.lanes_box.findData(LaneMode.LOCATION.value))
    w.set_lane_budget(3)
    w.set_lane_order(LaneOrder.NAME)
    w.timeline.set_x_range(1737000000.0, 1740000000.0)
    shown_range = w.timeline.x_range()
    lanes = list(w.timeline.layout_.labels)

    menu_action(w, "Save the current view").trigger()
    (saved,) = store.saved_views(D)
    assert saved.name == "Goma front" and saved.settings.filters == chosen
    assert saved.settings.lane_mode is LaneMode.LOCATION and saved.settings.budget == 3

    w.clear_filters()  # change everything
    w.lanes_box.setCurrentIndex(w.lanes_box.findData(LaneMode.ACTOR.value))
    w.fit_all()
    assert w.session.state == FilterState() and w.timeline.layout_.labels != lanes

    menu_action(w, "Goma front").trigger()
    assert w.session.state == chosen
    assert w.lane_mode is LaneMode.LOCATION and w.lanes_box.currentData() == "location"
    assert w.lane_control().order is LaneOrder.NAME and w.lane_budget() == 3
    assert list(w.timeline.layout_.labels) == lanes
    assert w.timeline.x_range() == pytest.approx(shown_range, abs=1.0)
    assert "Goma front" in w.statusBar().currentMessage()

    dialog = w.manage_views()
    qtbot.addWidget(dialog)
    assert dialog.chosen() == "Goma front"
    dialog.ask_rename()  # "Front line", from the dialog's input
    assert [v.name for v in store.saved_views(D)] == ["Front line"]
    assert dialog.chosen() == "Front line"
    w.clear_filters()
    dialog.apply()
    assert w.session.state == chosen
    monkeypatch.setattr("timeline_app.ui.window_views.warn", lambda *a, **k: Button.Yes)
    dialog.ask_delete()
    assert store.saved_views(D) == [] and dialog.list.count() == 0
    assert not dialog.buttons["apply"].isEnabled()
    assert not menu_action(w, "(no saved views)").isEnabled()


def test_a_view_naming_a_gone_actor_applies_the_rest_and_says_so(qtbot, store):
    gone = FilterState(actors=frozenset({"M23/AFC", "Disbanded Militia"}), key_only=True)
    store.save_view(D, "Old", ViewSettings(gone, LaneMode.TYPE))
    w = shown_window(qtbot, store)
    assert w.apply_view("old")  # any case
    assert w.session.state == FilterState(actors=frozenset({"M23/AFC"}), key_only=True)
    assert w.lane_mode is LaneMode.TYPE
    assert "Disbanded Militia" in w.statusBar().currentMessage()


def test_the_saved_views_menu_and_dialog_look_right(qtbot, store, artifacts):
    for name in ("Goma front", "Doha talks", "Mining areas"):
        store.save_view(D, name, ViewSettings())
    w = shown_window(qtbot, store)
    w.views_menu.popup(w.mapToGlobal(w.rect().center()))
    qtbot.waitExposed(w.views_menu)
    w.views_menu.grab().save(str(artifacts / "saved-views-menu.png"))
    w.views_menu.close()
    dialog = w.manage_views()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(artifacts / "saved-views-dialog.png"))
    assert dialog.list.count() == 3 and dialog.chosen() == "Doha talks"


# -- one view state for the window, the image export and the briefing ------------------------


def cli_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def test_the_window_the_image_export_and_the_briefing_draw_the_same_lanes(
    qtbot, store, monkeypatch, tmp_path
):
    w = shown_window(qtbot, store)
    w.session.set_filters(FilterState(start=date(2025, 1, 1), end=date(2025, 6, 30)))
    w.set_lane_order(LaneOrder.NAME)
    w.hide_lane("MSF")
    w.pin_lane("Qatar")
    w.set_lane_budget(5)
    window_lanes = list(w.timeline.layout_.labels)
    assert window_lanes[0] == "Qatar" and "MSF" not in window_lanes
    assert len(window_lanes) == 6 and others_count(window_lanes[-1])
    assert w.save_view("Parity") == "Parity"

    # the window's own image export draws its lanes
    options = ExportOptions(width=1600, height=None)
    assert lay_out(w.session.columns, w.session.view.layout(), options)[0].labels == window_lanes
    # the command line, from the saved view, as `export --view` and `briefing --view` do
    view = view_from_args(store, cli_args("export", "x.png", "--view", "Parity"))
    assert lay_out(view.columns, view.layout(), options)[0].labels == window_lanes
    briefing = briefing_from_args(store, cli_args("briefing", "x.pdf", "--view", "Parity"))
    assert briefing.overview_lanes == window_lanes
    # the window's own briefing: the job it hands its child process, made as the child does
    jobs = []
    monkeypatch.setattr(w.briefer, "start", lambda job, why="": jobs.append(job) or True)
    w.export_briefing(tmp_path / "window.pdf")
    made = []
    real = briefing_module.build_briefing
    monkeypatch.setattr(briefing_module, "build_briefing",
                        lambda *a, **k: made.append(real(*a, **k)) or made[-1])  # fmt: skip
    background._write_briefing(str(store.path), jobs[0], lambda *a: None, lambda: None)
    assert made[0].overview_lanes == window_lanes


def test_no_step_of_the_bundled_briefing_is_folded_into_others(qapp, store_path):
    """At 16:9, "M23 enters Bukavu"'s lane RDF was folded into "Others" on its own slide."""
    Store.open(store_path).close()
    with Store.open(store_path) as store:
        briefing = briefing_from_args(store, cli_args("briefing", "x.pptx"))
        columns = store.columns(D)
    titles = [s.event.title for s in briefing.steps]
    assert "M23 enters Bukavu" in titles
    for step, lanes in zip(briefing.steps, briefing.slide_lanes, strict=True):
        own = lane_labels_of(columns, LaneMode.ACTOR, [step.row])
        assert set(own) <= set(lanes), (step.event.title, own, lanes)


def test_briefing_max_lanes_applies_to_every_slide(qapp, store):
    briefing = briefing_from_args(store, cli_args("briefing", "x.pptx", "--max-lanes", "2"))
    assert len(briefing.overview_lanes) == 3 and others_count(briefing.overview_lanes[-1])
    for step, lanes in zip(briefing.steps, briefing.slide_lanes, strict=True):
        own = lane_labels_of(store.columns(D), LaneMode.ACTOR, [step.row])
        assert set(own) <= set(lanes)  # pinned: kept, whatever the budget
        assert len(lanes) <= max(len(own), 2) + 1


# -- the command line, as a user runs it -----------------------------------------------------


@pytest.fixture
def saved_store(store_path):
    with Store.open(store_path) as s:
        s.save_view(D, "Doha talks", ViewSettings(
            FilterState(actors=frozenset({"Qatar", "Gone Group"})), LaneMode.ACTOR,
            LaneControl(pinned=("Qatar",)), 3, (1738000000.0, 1750000000.0),
        ))  # fmt: skip
        s.save_view(D, "Mining", ViewSettings(FilterState(text="Alphamin")))
    return store_path


def test_export_and_briefing_with_a_saved_view_as_subprocesses(saved_store, tmp_path, artifacts):
    out = tmp_path / "doha.png"
    proc = run_cli(saved_store, "export", str(out), "--view", "doha talks", "--title", "Doha")
    assert proc.returncode == 0, proc.stderr
    assert "'Gone Group'" in proc.stderr and "the rest of it applies" in proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2000, 1125)
    image.save(str(artifacts / "export-view-doha.png"))
    deck = tmp_path / "doha.pdf"
    proc = run_cli(saved_store, "briefing", str(deck), "--view", "Doha talks")
    assert proc.returncode == 0, proc.stderr
    assert "Doha" in proc.stdout and deck.stat().st_size > 10_000


def test_an_unknown_view_is_named_with_the_datasets_views(saved_store, tmp_path):
    for command, out in (("export", "x.png"), ("briefing", "x.pptx")):
        proc = run_cli(saved_store, command, str(tmp_path / out), "--view", "Goma")
        assert proc.returncode != 0 and not (tmp_path / out).exists()
        assert "no saved view 'Goma' in 'Congo 2025'" in proc.stderr
        assert "'Doha talks', 'Mining'" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_views_list_and_delete(saved_store):
    proc = run_cli(saved_store, "views", "list")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split(" — ")[0] for line in lines] == ["Doha talks", "Mining"]
    assert "Text: “Alphamin”" in lines[1]
    proc = run_cli(saved_store, "views", "delete", "mining")
    assert proc.returncode == 0 and "deleted the saved view 'Mining'" in proc.stdout
    with Store.open(saved_store) as s:
        assert [v.name for v in s.saved_views(D)] == ["Doha talks"]


def test_presenting_a_story_follows_the_lane_control_with_its_steps_lanes_pinned(qtbot, store):
    w = shown_window(qtbot, store)
    w.hide_lane("MSF")
    w.set_lane_budget(3)
    p = w.present_story("Goma → Bukavu → Doha → Walikale")
    qtbot.addWidget(p)
    labels = p.timeline.layout_.labels
    assert "MSF" not in labels and others_count(labels[-1])  # the window's lane control
    own = lane_labels_of(w.session.columns, LaneMode.ACTOR, p.steps)
    assert set(own) <= set(labels) and labels[: len(own)] == own  # pinned, in step order
    p.close()


def test_no_step_is_drawn_in_others_alone_on_the_overview(qapp, store, tmp_path):
    from test_briefing import acled_export

    store.import_file(acled_export(tmp_path / "testland.csv", 200), dataset="Testland")
    args = cli_args("briefing", "x.pdf", "--dataset", "Testland", "--max-lanes", "2")
    briefing = briefing_from_args(store, args)
    columns = store.columns("Testland")
    assert len(briefing.steps) == 12
    for step in briefing.steps:
        own = lane_labels_of(columns, LaneMode.ACTOR, [step.row])
        assert set(own) & set(briefing.overview_lanes), (own, briefing.overview_lanes)
    assert len(briefing.overview_lanes) <= 12 + 1  # one lane pinned for a step at most


def test_an_export_of_a_view_counts_the_events_its_period_takes_in(saved_store, tmp_path, capsys):
    # "(4 events)" and "4 sources cited" were the filters' events, of which the view's range
    # took in 2
    from timeline_app.cli import main

    with Store.open(saved_store) as s:
        ev = s.columns(D).events
        view = ViewState(s.search)
        view.open(D, s.columns(D))
        view.apply(s.saved_view(D, "Doha talks").settings)
        x0, x1 = view.x_range()
        inside = view.mask & (ev["start_ts"].to_numpy() <= x1) & (ev["end_ts"].to_numpy() >= x0)
        assert 0 < inside.sum() < view.mask.sum()
    out = tmp_path / "doha.png"
    assert main(["export", str(out), "--view", "Doha talks", "--store", str(saved_store)]) == 0
    assert f"({int(inside.sum())} events)" in capsys.readouterr().out
