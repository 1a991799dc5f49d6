"""The window notices what the command line changes in its store (issue 13, defect 16)."""

from __future__ import annotations

import pytest

from conftest import DATA
from timeline_app.cli import main
from timeline_app.core.store import SAMPLE_DATASET
from timeline_app.ui.event_table import EVENT_ROW_ROLE
from timeline_app.ui.main_window import MainWindow

pytestmark = pytest.mark.both_backends  # the same store tests on SQLite and PostgreSQL


@pytest.fixture
def window(qtbot, store):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def cli(store, *argv) -> None:
    """The command line, on the same store, from another connection."""
    assert main([*map(str, argv), "--store", str(store.path)]) == 0


def table_titles(w) -> set[str]:
    m = w.table_model
    return {m.index(r, 1).data() for r in range(m.rowCount())}


def box_names(w) -> list[str]:
    return [w.dataset_box.itemText(i) for i in range(w.dataset_box.count())]


def test_a_dataset_imported_by_the_command_line_shows_in_the_list(window, store):
    reloads = []
    window.session.datasetChanged.connect(lambda: reloads.append(1))
    cli(store, "import", DATA / "small.csv")
    window.watch.poll()
    assert "small" in box_names(window)
    assert window.session.dataset == SAMPLE_DATASET and not reloads  # nothing under the user
    assert window.watch.bar.isHidden()
    window.dataset_box.setCurrentText("small")
    assert window.session.total == 4


def test_a_re_import_by_the_command_line_offers_a_reload(window, store, tmp_path):
    cli(store, "import", DATA / "small.csv")
    window.watch.poll()
    window.dataset_box.setCurrentText("small")
    window.table.selectRow(0)
    uid = str(window.session.columns.uids[window.session.selected])
    text = (DATA / "small.csv").read_text(encoding="utf-8")
    changed = tmp_path / "small.csv"
    changed.write_text(text.replace("Goma", "Goma (retitled)", 1), encoding="utf-8")
    before = table_titles(window)
    window.watch.poll()
    assert window.watch.bar.isHidden()  # nothing changed yet
    cli(store, "import", changed, "--dataset", "small")
    window.watch.poll()
    assert not window.watch.bar.isHidden()
    assert "'small' was changed by another program" in window.watch.bar.label.text()
    assert table_titles(window) == before  # as it was until the user says
    window.watch.bar.reload.click()
    assert any("(retitled)" in t for t in table_titles(window))
    assert window.watch.bar.isHidden()
    assert str(window.session.columns.uids[window.session.selected]) == uid  # kept
    row = window.table.selectionModel().selectedRows()[0].data(EVENT_ROW_ROLE)
    assert row == window.session.selected


def test_a_dataset_deleted_by_another_program(window, store):
    cli(store, "import", DATA / "small.csv")
    window.watch.poll()
    window.dataset_box.setCurrentText("small")
    with type(store).open(store.path) as other:
        other.delete_dataset("small")
    window.watch.poll()
    assert "small" not in box_names(window)
    assert "'small' was deleted" in window.watch.bar.label.text()
    window.watch.bar.reload.click()
    assert window.session.dataset == SAMPLE_DATASET


def test_the_window_s_own_import_reloads_once(window, qtbot):
    reloads = []
    window.session.datasetChanged.connect(lambda: reloads.append(1))
    with qtbot.waitSignal(window.importFinished, timeout=20000):
        window.import_files([str(DATA / "small.csv")])
    window.watch.poll()
    assert len(reloads) == 1 and window.watch.bar.isHidden()
    assert window.session.dataset == "small"


def test_a_story_saved_by_the_window_is_not_taken_for_a_change(window, store):
    from timeline_app.core.model import Story, StoryStep

    uid = str(window.session.columns.uids[0])
    window.writes.run(
        lambda: store.save_story(SAMPLE_DATASET, Story("mine", (StoryStep(uid),))), "save", "ok"
    )
    window.watch.poll()
    assert window.watch.bar.isHidden()


def test_the_watch_polls_on_its_own(window):
    assert window.watch.timer.isActive() and window.watch.timer.interval() <= 500
    assert window.watch.bar.parent() is window.centralWidget()  # above the timeline


def test_a_reload_keeps_the_stretch_of_time_in_view(window, store, tmp_path):
    # the reload's new columns were taken for another dataset: the first view came back
    cli(store, "import", DATA / "small.csv")
    window.watch.poll()
    window.dataset_box.setCurrentText("small")
    t = window.timeline
    x0, x1 = t.x_range()
    t.set_x_range(x0 + (x1 - x0) * 0.4, x0 + (x1 - x0) * 0.5)
    kept = t.x_range()
    changed = tmp_path / "small.csv"
    text = (DATA / "small.csv").read_text(encoding="utf-8")
    changed.write_text(text.replace("Goma", "Goma (retitled)", 1), encoding="utf-8")
    cli(store, "import", changed, "--dataset", "small")
    window.watch.poll()
    window.watch.bar.reload.click()
    assert any("(retitled)" in t for t in table_titles(window))
    assert t.x_range() == pytest.approx(kept)
