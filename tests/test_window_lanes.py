"""The window's lanes (issue 14, item 1): as many as fit the view plus "Others", the Lanes
menu and a lane name's context menu, remembered per dataset, and exported as they are seen."""

import csv
import random

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QApplication

from conftest import DATA
from timeline_app.core.filters import FilterState
from timeline_app.core.lane_control import LaneOrder, others_count
from timeline_app.ui.export_image import lay_out
from timeline_app.ui.i18n import lane_text
from timeline_app.ui.main_window import MainWindow

ACTORS = [f"Armed Group {i:03d}" for i in range(200)]
with open(DATA / "acled_current.csv", encoding="utf-8-sig") as _f:
    HEADER = next(csv.reader(_f))  # the current ACLED export's columns


def write_acled(path, n: int = 1200) -> None:
    """An ACLED export with 200 actors: a few busy, most with a handful of events."""
    r = random.Random(3)
    weights = [1 / (i + 1) for i in range(len(ACTORS))]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(n):
            day = f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
            a1, a2 = r.choices(ACTORS, weights, k=2)
            w.writerow([f"X{i}", day, 2024, 1, "Political violence", "Battles", "Armed clash",
                        a1, "", "Rebel group", a2, "", "Rebel group", "", "", 180,
                        "Middle Africa", "Democratic Republic of Congo", "North Kivu", "",
                        "", f"Place {i % 50}", -1.5, 29.0, 1, "Reuters", "International",
                        f"{a1} clashed with {a2}.", 0, "", 1700000000 + i])  # fmt: skip
    # every actor has an event, so that the dataset has 200 lanes
    with open(path, "a", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for i, actor in enumerate(ACTORS):
            w.writerow([f"Y{i}", "2024-06-15", 2024, 1, "Political violence", "Battles",
                        "Armed clash", actor, "", "Rebel group", "", "", "", "", "", 180,
                        "Middle Africa", "Democratic Republic of Congo", "North Kivu", "", "",
                        "Goma", -1.5, 29.0, 1, "Reuters", "International", "Clash.", 0, "",
                        1800000000 + i])  # fmt: skip


@pytest.fixture
def big_store(store, tmp_path):
    path = tmp_path / "acled200.csv"
    write_acled(path)
    store.import_file(path, dataset="ACLED 200")
    return store


def open_window(qtbot, store, size=(1280, 720)) -> MainWindow:
    w = MainWindow(store, dataset="ACLED 200")
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


def labels(w) -> list[str]:
    return list(w.timeline.layout_.labels)


def test_the_window_shows_the_lanes_that_fit_and_others(qtbot, big_store):
    w = open_window(qtbot, big_store)
    fit = w.lanes_that_fit()
    shown = labels(w)
    assert 2 <= len(shown) <= fit  # every lane, "Others" included, at its minimum height
    assert fit == int(w.timeline.vb.height() // w.timeline.lane_px)
    folded = others_count(shown[-1])
    assert folded is not None and folded[0] == 200 - (len(shown) - 1)  # each actor counted
    # the axis names the same lanes
    axis = [text for _, text in w.timeline.lane_axis._tickLevels[0]]
    assert axis[-1] == lane_text(shown[-1])
    # a taller window has room for more lanes: they follow, once the resize pauses
    w.resize(1280, 1000)
    qtbot.waitUntil(lambda: len(labels(w)) > len(shown))
    assert len(labels(w)) <= w.lanes_that_fit()


def test_a_filter_recomputes_the_lanes(qtbot, big_store):
    w = open_window(qtbot, big_store)
    few = frozenset(ACTORS[:3])
    w.session.set_filters(FilterState(actors=few))
    # the events of three actors, and the actors they met: fewer lanes than fit, no "Others"
    shown = labels(w)
    assert set(few) <= set(shown)
    if len(shown) < w.lanes_that_fit():
        assert not any(others_count(x) for x in shown)


def test_ordering_by_name_orders_the_lane_labels(qtbot, big_store):
    w = open_window(qtbot, big_store)
    w.set_lane_order(LaneOrder.NAME)
    own = [x for x in labels(w) if not others_count(x)]
    assert own == sorted(own, key=str.casefold) and len(own) > 2
    axis = [text for _, text in w.timeline.lane_axis._tickLevels[0]]
    assert axis[: len(own)] == own


def test_a_hidden_lane_stays_hidden_after_reopening(qtbot, big_store):
    w = open_window(qtbot, big_store)
    first = labels(w)[0]
    w.hide_lane(first)
    assert first not in labels(w)
    assert first in w.statusBar().currentMessage()  # and how to bring it back
    w.close()
    again = open_window(qtbot, big_store)
    assert first not in labels(again)
    again.show_all_lanes()
    assert first in labels(again) and len(labels(again)) == 200  # every lane: none folded


def test_pinning_puts_a_lane_first(qtbot, big_store):
    w = open_window(qtbot, big_store)
    rare = ACTORS[-1]  # folded into "Others" at first
    assert rare not in labels(w)
    w.pin_lane(rare)
    assert labels(w)[0] == rare
    assert len(labels(w)) <= w.lanes_that_fit()
    w.pin_lane(rare, False)
    assert rare not in labels(w)


def test_the_budget_can_be_a_number_or_all(qtbot, big_store):
    w = open_window(qtbot, big_store)
    w.set_lane_budget(5)
    assert len(labels(w)) == 6 and others_count(labels(w)[-1])[0] == 195
    w.set_lane_budget("all")
    assert len(labels(w)) == 200
    w.reset_lanes()
    assert len(labels(w)) <= w.lanes_that_fit()


def test_the_context_menu_of_a_lane_name_hides_it(qtbot, big_store):
    w = open_window(qtbot, big_store)
    view = w.timeline
    second = labels(w)[1]
    # the middle of the second lane's name, in the timeline's viewport
    axis = view.lane_axis.sceneBoundingRect()
    lane_mid = float(view.items.offsets[1] + view.items.offsets[2]) / 2
    y = view.vb.mapViewToScene(QPointF(0, lane_mid)).y()
    assert w.lane_at(view.graphics.mapFromScene(QPointF(axis.center().x(), y))) == second
    assert w.lane_at(QPoint(1, 1)) is None  # not on a lane's name
    menu = w.lane_menu(second)
    hide = next(a for a in menu.actions() if a.text().startswith("Hide"))
    hide.trigger()
    assert second not in labels(w)
    # the Lanes menu in the menu bar lists the order and budget commands
    w.lanes_menu.aboutToShow.emit()
    texts = [a.text() for a in w.lanes_menu.actions()]
    assert "By name" in texts and "&Reset lanes" in texts
    menus = {a.text(): a.menu() for a in w.lanes_menu.actions() if a.menu()}
    third = labels(w)[2]
    next(a for a in menus["&Pin lane on top"].actions() if a.text() == third).setChecked(True)
    assert labels(w)[0] == third
    w.lanes_menu.aboutToShow.emit()
    menus = {a.text(): a.menu() for a in w.lanes_menu.actions() if a.menu()}
    shown_again = menus["Show hi&dden lane"].actions()
    assert [a.text() for a in shown_again] == [second]
    shown_again[0].trigger()
    assert second in labels(w)


def test_the_image_export_lists_the_lanes_of_the_window(qtbot, big_store):
    w = open_window(qtbot, big_store)
    w.pin_lane(ACTORS[-1])
    w.set_lane_order(LaneOrder.NAME)
    options, _ = w._export_options()
    drawn, page = lay_out(w.session.columns, w.timeline.layout_, options)
    assert drawn.labels == labels(w)
    legend = [label for _, label, _ in page.legend.cells(page.legend_rect)]
    assert legend[: len(drawn.labels)] == [lane_text(x) for x in labels(w)]
