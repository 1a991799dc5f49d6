"""The main window: filters, lanes, selection, keyboard, settings, import (pytest-qt)."""

import dataclasses
import json
import re

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QMenu, QMessageBox

from conftest import DATA, shown_window
from timeline_app.app import run
from timeline_app.core.filters import FilterState
from timeline_app.core.store import SAMPLE_DATASET
from timeline_app.ui.event_card import card_html
from timeline_app.ui.event_table import EVENT_ROW_ROLE
from timeline_app.ui.main_window import MainWindow
from timeline_app.ui.settings import open_settings

NORTH_KIVU = ("Democratic Republic of Congo", "North Kivu")


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store)


def shown_uids(w):
    return set(w.session.columns.uids[w.session.shown_rows].tolist())


def table_uids(w):
    m = w.table_model
    rows = [m.index(r, 0).data(EVENT_ROW_ROLE) for r in range(m.rowCount())]
    return set(w.session.columns.uids[rows].tolist())


def timeline_uids(w):
    events = w.timeline.items.data.event
    return set(w.session.columns.uids[np.unique(events)].tolist())


def tick(check_list, name):
    for r in range(check_list.model.rowCount()):
        item = check_list.model.item(r)
        if item.data(Qt.ItemDataRole.UserRole + 1) == name:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(name)


def tick_place(panel, path):
    panel._place_items[path].setCheckState(Qt.CheckState.Checked)


def test_opens_on_the_sample(window, artifacts):
    w = window
    assert w.windowTitle().startswith(SAMPLE_DATASET)
    assert w.status.text().startswith("32 of 32 events shown")
    assert w.timeline.layout_.labels[0] == "M23/AFC"
    QApplication.processEvents()
    w.grab().save(str(artifacts / "main_window.png"))
    assert w.timeline.items.labels_drawn > 10  # titles are drawn where there is room


def test_actor_filter_shows_exactly_that_actors_events(window, store):
    tick(window.filter_panel.actors, "M23/AFC")
    expected = {
        e.id for e in store.events(SAMPLE_DATASET) if any(a.name == "M23/AFC" for a in e.actors)
    }
    assert shown_uids(window) == table_uids(window) == timeline_uids(window) == expected
    assert window.status.text().startswith(f"{len(expected)} of 32 events shown")


def test_place_tree_filters_and_combines(window, store):
    tick_place(window.filter_panel, NORTH_KIVU)
    nk = {e.id for e in store.events(SAMPLE_DATASET) if e.location.admin1 == "North Kivu"}
    assert shown_uids(window) == table_uids(window) == nk
    tick(window.filter_panel.types, "Capture")
    tick(window.filter_panel.actors, "FARDC")
    both = {
        e.id for e in store.events(SAMPLE_DATASET)
        if e.location.admin1 == "North Kivu" and e.event_type == "Capture"
        and any(a.name == "FARDC" for a in e.actors)
    }  # fmt: skip
    assert both and shown_uids(window) == table_uids(window) == both
    window.clear_filters()
    assert len(shown_uids(window)) == 32
    assert not window.filter_panel.actors.checked()


def test_text_and_key_filters_from_the_panel(window, qtbot):
    window.filter_panel.text.setText("Walikale")
    qtbot.waitUntil(lambda: window.session.state.text == "Walikale", timeout=2000)
    assert "congo2025-20" in shown_uids(window) and len(shown_uids(window)) == 6
    window.filter_panel.key_only.setChecked(True)
    assert shown_uids(window) == {"congo2025-20"}


def test_click_on_the_timeline_selects_and_shows_the_card(window, qtbot):
    w, tl = window, window.timeline
    walikale = w.session.columns.row_of("congo2025-20")
    tl.zoom_to(walikale)
    tl.grab()  # a paint: it stacks the events in their lanes' rows
    d = tl.items.data
    inst = int(np.flatnonzero((d.event == walikale) & (d.lane == 0))[0])
    y = tl.items.drawn_y[np.searchsorted(tl.items.drawn_instances, inst)]
    scene = tl.vb.mapViewToScene(QPointF(d.start[inst] + 43200, y))
    pos = tl.graphics.mapFromScene(scene)
    assert tl.event_at_scene(scene) == walikale
    assert "M23 enters Walikale" in tl.tooltip_text(walikale)
    qtbot.mouseClick(tl.graphics.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: w.session.selected == walikale, timeout=2000)
    assert "M23 enters Walikale" in w.card.toPlainText()
    assert "19 Mar 2025" in w.card.toPlainText()
    assert tl.items.selected == walikale
    current = w.table.selectionModel().currentIndex()
    assert current.data(EVENT_ROW_ROLE) == walikale


def test_selecting_in_the_list_selects_on_the_timeline(window):
    w = window
    index = w.table_model.index(5, 1)
    w.table.setCurrentIndex(index)
    row = index.data(EVENT_ROW_ROLE)
    assert w.session.selected == row == w.timeline.items.selected
    assert w.card.toPlainText().startswith(index.data())


def test_keyboard_steps_through_events_in_date_order(window, qtbot):
    w = window
    tick(w.filter_panel.actors, "FARDC")
    order = list(w.session.shown_rows)
    w.timeline.setFocus()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Home)
    seen = [w.session.selected]
    for _ in range(len(order) - 1):
        qtbot.keyClick(w.timeline, Qt.Key.Key_Right)
        seen.append(w.session.selected)
    assert seen == order
    starts = w.session.columns.events["start_ts"].to_numpy()[seen]
    assert (np.diff(starts) >= 0).all()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Left)
    assert w.session.selected == order[-2]
    qtbot.keyClick(w.timeline, Qt.Key.Key_End)
    assert w.session.selected == order[-1]
    x0, x1 = w.timeline.x_range()
    qtbot.keyClick(w.timeline, Qt.Key.Key_Plus)
    assert w.timeline.x_range()[1] - w.timeline.x_range()[0] < x1 - x0
    qtbot.keyClick(w.timeline, Qt.Key.Key_F)
    lo, hi = w.timeline._extent
    assert w.timeline.x_range() == pytest.approx((lo, hi))


def test_overview_region_and_main_view_stay_in_sync(window):
    tl = window.timeline
    lo, hi = tl._extent
    tl.region.setRegion((lo + 0.2 * (hi - lo), lo + 0.4 * (hi - lo)))
    assert tl.x_range() == pytest.approx((lo + 0.2 * (hi - lo), lo + 0.4 * (hi - lo)))
    tl.set_x_range(lo + 0.5 * (hi - lo), lo + 0.6 * (hi - lo))
    assert tl.region.getRegion() == pytest.approx((lo + 0.5 * (hi - lo), lo + 0.6 * (hi - lo)))


def test_lane_modes(window):
    w = window
    for index, first in ((1, "North Kivu"), (2, "Capture"), (3, "All events")):
        w.lanes_box.setCurrentIndex(index)
        assert w.timeline.layout_.labels[0] == first
    assert len(w.timeline.items.data.event) == 32


def test_card_links_filter_and_text_is_not_markup(window):
    w = window
    w.card._follow(QUrl("tl-actor:M23%2FAFC"))
    assert w.session.state.actors == {"M23/AFC"}
    w.card._follow(QUrl("tl-place:Democratic%20Republic%20of%20Congo/North%20Kivu"))
    assert w.session.state.places == {NORTH_KIVU}
    html_event = dataclasses.replace(
        w.session.event_at(0),
        description="<b>not bold</b> <a href='http://x'>x</a>",
        title="<i>t</i>",
    )
    w.card.show_event(html_event)
    text = w.card.toPlainText()
    assert "<b>not bold</b>" in text and "<i>t</i>" in text


def test_card_place_links_round_trip(window):
    w = window
    seen = []
    w.card.placeClicked.connect(seen.append)
    for url in re.findall(r"href='(tl-place:[^']+)'", card_html(w.session.event_at(0))):
        w.card._follow(QUrl(url))
    assert seen == [(*NORTH_KIVU, "Masisi"), NORTH_KIVU, ("Democratic Republic of Congo",)]


def test_settings_restore_the_window(qtbot, store, tmp_path):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.lanes_box.setCurrentIndex(2)
    w.session.set_filters(FilterState(actors=frozenset({"FARDC"}), key_only=True))
    w.close()
    saved = json.loads(open_settings().value("data/filters"))
    assert saved["actors"] == ["FARDC"]
    again = MainWindow(store)
    qtbot.addWidget(again)
    assert again.lanes_box.currentIndex() == 2
    assert again.session.state == FilterState(actors=frozenset({"FARDC"}), key_only=True)
    assert again.filter_panel.actors.checked() == {"FARDC"}
    assert again.filter_panel.key_only.isChecked()


def test_import_from_the_window(window, qtbot):
    with qtbot.waitSignal(window.importFinished, timeout=10000):
        window.import_files([str(DATA / "small.csv")])
    assert window.session.dataset == "small"
    assert window.dataset_box.currentText() == "small"
    assert window.status.text().startswith("4 of 4 events shown")
    window.dataset_box.setCurrentText(SAMPLE_DATASET)
    assert window.session.total == 32


def test_files_given_during_an_import_are_imported_after_it(window, qtbot, store):
    finished = []
    window.importFinished.connect(lambda done, failed: finished.append((done, failed)))
    window.import_files([str(DATA / "small.csv")])
    window.import_files([str(DATA / "acled_current.csv")])  # while the first runs
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=20000)
    assert [done[0][0] for done, _ in finished] == ["small", "acled_current"]
    assert {d.name for d in store.datasets()} == {SAMPLE_DATASET, "small", "acled_current"}
    assert window.session.dataset == "acled_current"


def test_a_bad_file_dropped_on_the_window_is_reported(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "bad_date.csv"))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(window.importFinished, timeout=10000):
        window.dropEvent(drop)
    box = window.findChild(QMessageBox)
    assert "bad_date.csv, line 3, field 'start'" in box.text()
    box.close()
    assert window.session.total == 32


def test_empty_store(qtbot, empty_store):
    w = MainWindow(empty_store)
    qtbot.addWidget(w)
    assert w.session.dataset is None
    assert "import a file" in w.statusBar().currentMessage()


def test_run_opens_and_exits_cleanly(qtbot, store_path):
    app = QApplication.instance()
    QTimer.singleShot(300, app.closeAllWindows)
    assert run(store_path) == 0
    assert store_path.exists()


def test_files_given_to_the_program_are_imported_by_its_window(qtbot, store_path):
    """`timeline-app FILE` is how a file manager opens a file with the app (the .desktop's %F)."""
    import sqlite3

    from timeline_app.cli import _files_to_open, main

    app = QApplication.instance()

    def close_once_imported():
        conn = sqlite3.connect(store_path)
        try:
            names = {n for (n,) in conn.execute("SELECT name FROM datasets")}
        except sqlite3.Error:
            names = set()
        conn.close()
        if "small" in names:
            app.closeAllWindows()
        else:
            QTimer.singleShot(200, close_once_imported)

    QTimer.singleShot(200, close_once_imported)
    assert main(["--store", str(store_path), str(DATA / "small.csv")]) == 0
    conn = sqlite3.connect(store_path)
    assert conn.execute(
        "SELECT COUNT(*) FROM events JOIN datasets AS d ON d.id = dataset_id WHERE d.name = 'small'"
    ).fetchone() == (4,)
    conn.close()
    small = str(DATA / "small.csv")
    assert _files_to_open(["import", small]) == (["import", small], [])  # a command's own
    assert _files_to_open(["--store", small, "--no-sample"]) == (
        ["--store", small, "--no-sample"],
        [],
    )
    assert _files_to_open(["no-such-file"]) == (["no-such-file"], [])  # for argparse to refuse


def test_closed_docks_come_back_from_the_view_menu(window):
    dock = window.findChild(QDockWidget, "filters")
    dock.close()
    assert not dock.isVisible()
    view_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View")
    toggle = next(a for a in view_menu.actions() if a.text() == "Filters")
    toggle.trigger()
    assert dock.isVisible()


def test_filtering_with_the_mouse(window, qtbot, store):
    """Click the M23/AFC tick box, then the North Kivu one, as a user would."""
    panel = window.filter_panel

    def click_tick(view, index):
        view.scrollTo(index)
        rect = view.visualRect(index)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.left() + 10, rect.center().y()))  # fmt: skip

    proxy = panel.actors.proxy
    m23 = next(proxy.index(r, 0) for r in range(proxy.rowCount())
               if proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) == "M23/AFC")  # fmt: skip
    click_tick(panel.actors.view, m23)
    assert window.session.state.actors == {"M23/AFC"}
    places = panel.places_model
    drc = next(places.item(r) for r in range(places.rowCount())
               if places.item(r).data(Qt.ItemDataRole.UserRole + 2) == NORTH_KIVU[0])  # fmt: skip
    nk = next(drc.child(r) for r in range(drc.rowCount())
              if drc.child(r).data(Qt.ItemDataRole.UserRole + 2) == "North Kivu")  # fmt: skip
    click_tick(panel.places, panel.places_proxy.mapFromSource(nk.index()))
    expected = {
        e.id for e in store.events(SAMPLE_DATASET)
        if e.location.admin1 == "North Kivu" and any(a.name == "M23/AFC" for a in e.actors)
    }  # fmt: skip
    assert shown_uids(window) == timeline_uids(window) == table_uids(window) == expected


def test_cancelling_an_import_in_the_window_stores_nothing(window, qtbot, store):
    with qtbot.waitSignal(window.importFinished, timeout=20000) as finished:
        window.import_files([str(DATA / "acled_current.csv")])
        window.importer.dialog.canceled.emit()  # what its Cancel button sends
    done, failed = finished.args
    assert done == [] and "cancelled" in failed[0]
    window.findChild(QMessageBox).close()
    assert len(store.events(SAMPLE_DATASET)) == 32
    assert [d.name for d in store.datasets()] == [SAMPLE_DATASET]


def test_an_import_process_that_dies_is_reported(window, qtbot, store):
    with qtbot.waitSignal(window.importFinished, timeout=20000) as finished:
        window.import_files([str(DATA / "acled_current.csv")])
        window.importer.child.process.kill()  # as a crash would
    done, failed = finished.args
    assert done == [] and "stopped unexpectedly" in failed[0]
    window.findChild(QMessageBox).close()
    assert [d.name for d in store.datasets()] == [SAMPLE_DATASET]


def test_a_spreadsheet_asks_for_its_columns_then_remembers_them(window, qtbot, monkeypatch):
    from timeline_app.ui.mapping_dialog import MappingDialog

    shown = []

    def answer(dialog):  # what a user does in the dialog: check the guesses, press OK
        shown.append(dialog)
        guessed = {
            f: b.currentText() for f, b in dialog.boxes.items() if b.currentText() != "(none)"
        }
        assert guessed["date"] == "Date" and guessed["title"] == "Event"
        assert guessed["place"] == "Town" and guessed["actors"] == "Who"
        dialog.boxes["title"].setCurrentText("(none)")
        assert "Choose a column for: Title" in dialog.problem()
        dialog.boxes["title"].setCurrentText("Event")
        dialog.boxes["description"].setCurrentText("Comment")  # not a guess: a choice
        assert dialog.problem() == ""
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(MappingDialog, "exec", answer)
    with qtbot.waitSignal(window.importFinished, timeout=10000):
        window.import_files([str(DATA / "analyst_sheet.csv")])
    assert window.session.dataset == "analyst_sheet" and window.session.total == 4

    def again(dialog):  # the same columns: the last mapping is offered
        assert dialog.boxes["description"].currentText() == "Comment"
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(MappingDialog, "exec", again)
    window.import_files([str(DATA / "analyst_sheet.csv")])  # cancelled: nothing happens
    assert len(shown) == 1


def test_the_mapping_dialog_asks_for_the_date_order(qtbot, tmp_path):
    from timeline_app.ui.mapping_dialog import MappingDialog

    dialog = MappingDialog(DATA / "ambiguous_sheet.csv", open_settings())
    qtbot.addWidget(dialog)
    dialog.boxes["date"].setCurrentText("when")
    dialog.boxes["title"].setCurrentText("what")
    assert "4/1/2017 read either way" in dialog.problem()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.month_first.setChecked(True)
    assert ok.isEnabled() and dialog.mapping().date_order == "mdy"


def test_the_window_marks_what_the_last_import_changed(qtbot, store):
    store.import_file(DATA / "acled_current.csv", dataset="ACLED")
    store.import_file(DATA / "acled_newer.csv", dataset="ACLED")  # 1 new, 1 changed, 1 gone
    w = MainWindow(store, dataset="ACLED")
    qtbot.addWidget(w)
    panel = w.filter_panel
    assert not panel.changed_only.isHidden()
    assert "(2, acled_newer.csv)" in panel.changed_only.text()
    panel.changed_only.setChecked(True)
    assert shown_uids(w) == table_uids(w) == {"DRC35101", "DRC35300"}
    model = w.table_model
    assert all(
        model.index(r, 1).data(Qt.ItemDataRole.FontRole).bold() for r in range(model.rowCount())
    )
    w.clear_filters()
    cols = w.session.columns
    gone = cols.row_of("DRC35177")
    w.session.select(gone)
    assert "No longer in its source" in w.card.toPlainText()
    pos = model.position_of(gone)
    assert model.index(pos, 1).data(Qt.ItemDataRole.FontRole).italic()


def test_all_and_none_tick_what_the_search_shows(window):
    actors = window.filter_panel.actors
    actors.search.setText("gov")
    actors.set_all(True)
    assert window.session.state.actors == {"DRC government", "Rwanda government"}
    actors.search.setText("")
    actors.set_all(False)
    assert window.session.state.actors == frozenset()
    assert len(shown_uids(window)) == 32


def test_presentation_steps_through_the_key_events(window, qtbot):
    p = window.present()
    qtbot.addWidget(p)
    titles = window.session.columns.titles
    seen = [str(titles[p.current])]
    for _ in range(3):
        qtbot.keyClick(p, Qt.Key.Key_PageDown)  # what a clicker sends
        seen.append(str(titles[p.current]))
    assert seen == [
        "M23 claims Goma and enters the city centre",
        "M23 enters Bukavu",
        "Tshisekedi and Kagame meet in Doha",
        "M23 enters Walikale",
    ]
    qtbot.keyClick(p, Qt.Key.Key_Right)  # the end: stays on the last step
    assert p.index == 3 and p.counter.text() == "4 / 4"
    qtbot.waitUntil(lambda: p.glide.state() == p.glide.State.Stopped, timeout=3000)
    x0, x1 = p.timeline.x_range()
    start = float(window.session.columns.events["start_ts"].iat[p.current])
    assert x0 < start < x1  # the view glided to the event
    assert "19 Mar 2025" in p.card.text() and p.timeline.items.selected == p.current
    qtbot.keyClick(p, Qt.Key.Key_Left)
    assert "Doha" in p.card.text()
    before = window.timeline.x_range()
    with qtbot.waitSignal(p.closed):
        qtbot.keyClick(p, Qt.Key.Key_Escape)
    assert window.timeline.x_range() == before  # the window's own view is as it was


def test_presentation_follows_the_filters(window):
    window.session.set_filters(FilterState(actors=frozenset({"FARDC"})))
    p = window.present()
    titles = [str(window.session.columns.titles[r]) for r in p.steps]
    assert titles == [
        "M23 claims Goma and enters the city centre",
        "M23 enters Bukavu",
        "M23 enters Walikale",
    ]
    p.close()


def test_presenting_the_bundled_story_with_its_notes(window, qtbot):
    p = window.present_story("Goma → Bukavu → Doha → Walikale")
    qtbot.addWidget(p)
    seen = [p.card.text()]
    for _ in range(3):
        qtbot.keyClick(p, Qt.Key.Key_PageDown)
        seen.append(p.card.text())
    for text, title, note in zip(
        seen,
        [
            "M23 claims Goma",
            "M23 enters Bukavu",
            "Tshisekedi and Kagame meet in Doha",
            "M23 enters Walikale",
        ],
        [
            "27 January: M23 takes",
            "Mid-February: Bukavu",
            "18 March: Tshisekedi",
            "The next evening",
        ],
        strict=True,
    ):
        assert title in text and note in text
    p.close()


def test_dark_theme_can_be_chosen_and_is_remembered(qtbot, store, artifacts):
    from PySide6.QtGui import QPalette

    from timeline_app.ui.themes import LIGHT, PRESENTATION

    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    try:
        w.theme_actions["dark"].trigger()
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 60
        assert w.timeline.items.theme == PRESENTATION
        w.session.select(19)
        QApplication.processEvents()
        w.grab().save(str(artifacts / "main_window_dark.png"))
        w.close()
        assert open_settings().value("view/theme") == "dark"
        again = MainWindow(store)
        qtbot.addWidget(again)
        assert again.theme_actions["dark"].isChecked()
    finally:
        w.set_theme("light")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 150
    assert w.timeline.items.theme == LIGHT


def test_filter_lists_show_faceted_counts_and_grey_the_empty(window):
    def shown(check_list, name):
        proxy = check_list.proxy
        for r in range(proxy.rowCount()):
            index = proxy.index(r, 0)
            if index.data(Qt.ItemDataRole.UserRole + 1) == name:
                return index.data(), index.data(Qt.ItemDataRole.ForegroundRole)
        raise AssertionError(name)

    panel = window.filter_panel
    assert shown(panel.actors, "M23/AFC") == ("M23/AFC  (22)", None)
    window.session.set_filters(FilterState(types=frozenset({"Diplomacy"})))
    text, brush = shown(panel.actors, "MSF")
    assert text == "MSF  (0)" and brush is not None  # greyed: ticking it would show nothing
    root = panel.places_proxy.index(0, 0)
    assert root.data().endswith(")") and "  (" in root.data()


def test_place_ticks_follow_filters_set_elsewhere(window):
    """A card's place link (or a restored setting) sets the filters: the tree shows the tick,
    and reading the panel back gives the same places."""
    panel = window.filter_panel
    north_kivu = ("Democratic Republic of Congo", "North Kivu")
    window.session.set_filters(FilterState(places=frozenset({north_kivu})))
    item = panel._place_items[north_kivu]
    assert item.checkState() == Qt.CheckState.Checked
    assert panel.current_state().places == {north_kivu}
    item.setCheckState(Qt.CheckState.Unchecked)  # the user unticks it
    assert window.session.state.places == frozenset()
    assert len(shown_uids(window)) == 32


def test_submenus_outlive_the_code_that_built_them(window):
    """PySide 6.7's addMenu(title) left the submenu to its Python reference: View → Theme,
    View → Language and each story's submenu were gone once the code that built them
    returned (CI's run on the oldest versions caught it in the Lanes menu)."""
    import gc

    window.story_menu.aboutToShow.emit()
    gc.collect()
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    subs = {a.text(): a.menu() for a in view.actions() if a.menu()}
    assert len(subs["&Theme"].actions()) == 3 and len(subs["&Language"].actions()) >= 2
    stories = [a.menu() for a in window.story_menu.actions() if a.menu()]
    assert stories and all(len(s.actions()) == 3 for s in stories)
