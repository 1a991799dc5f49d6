"""The map's lasso (Ctrl+Shift+drag, or Alt+drag) sets the place filter to exactly the places
inside the polygon drawn; a playback step is a move of the timeline a resize keeps."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from conftest import shown_window
from timeline_app.core import geo

MOD = Qt.KeyboardModifier


def open_map(qtbot, store):
    w = shown_window(qtbot, store, (1366, 768))
    w.map_dock.show()
    qtbot.waitUntil(lambda: w.map_view.basemap is not None)
    w.map_panel.all_times.setChecked(True)
    qtbot.wait(100)  # the dock's size and its first fit (a timer) settled
    # the Kivus in view
    w.map_view.box.setRange(xRange=(27.3, 29.8), yRange=(-3.6, -0.9), padding=0)
    qtbot.wait(50)
    return w


@pytest.fixture
def every_move():
    """pyqtgraph drops mouse moves closer than 10 ms apart (its mouseRateLimit): a hand's are
    spread over time, the test's are not."""
    import pyqtgraph as pg

    rate = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOption("mouseRateLimit", 0)
    yield
    pg.setConfigOption("mouseRateLimit", rate)


def drag(widget, points: list[QPoint], modifiers) -> None:
    """A left-button drag through `points` on `widget`, with `modifiers` held, as Qt delivers
    it (QTest's mouseMove carries no button)."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind, p, button, buttons):
        pos = QPointF(p)
        glob = QPointF(widget.mapToGlobal(p))
        QApplication.sendEvent(widget, QMouseEvent(kind, pos, glob, button, buttons, modifiers))

    send(QEvent.Type.MouseButtonPress, points[0], left, left)
    for p in points[1:]:
        send(QEvent.Type.MouseMove, p, none, left)
    send(QEvent.Type.MouseButtonRelease, points[-1], left, none)


def ray_cast(x: float, y: float, poly: np.ndarray) -> bool:
    """Point in polygon, one point at a time (the test's own, to check the vectorised one)."""
    inside = False
    for (x0, y0), (x1, y1) in zip(poly, np.roll(poly, -1, axis=0), strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_inside_polygon_agrees_with_a_plain_ray_cast():
    rng = np.random.default_rng(3)
    poly = np.array([(0, 0), (4, 0), (4, 3), (2, 1), (0, 3)], dtype=float)  # a notch on top
    lon, lat = rng.uniform(-1, 5, 3000), rng.uniform(-1, 4, 3000)
    got = geo.inside_polygon(lon, lat, poly, chunk=500)
    assert got.tolist() == [ray_cast(x, y, poly) for x, y in zip(lon, lat, strict=True)]
    assert geo.inside_polygon(np.array([2.0]), np.array([2.0]), poly).tolist() == [False]
    assert not geo.inside_polygon(lon, lat, poly[:2]).any()  # not a polygon: nothing


@pytest.mark.parametrize("keys", [MOD.ControlModifier | MOD.ShiftModifier, MOD.AltModifier])
def test_a_lasso_sets_the_place_filter_to_exactly_the_places_inside(qtbot, store, keys,
                                                                    every_move):  # fmt: skip
    w = open_map(qtbot, store)
    view = w.map_view
    places_before = dict(zip(view.names, zip(view.lon, view.lat, strict=True), strict=True))
    assert {"Goma", "Bukavu", "Masisi", "Walikale"} <= set(places_before)
    # a hook-shaped lasso round Goma, Masisi and Sake that leaves Bukavu out: not a rectangle
    corners = [(28.6, -1.2), (29.45, -1.2), (29.45, -1.9), (29.0, -1.9), (28.95, -1.5),
               (28.6, -1.5)]  # fmt: skip
    box = view.box
    viewport = view.plot.viewport()
    points = [box.mapViewToDevice(QPointF(x, y)).toPoint() for x, y in corners]  # viewport's
    # the mouse goes along each side in small steps, as a hand does
    path = []
    for a, b in zip(points, points[1:] + points[:1], strict=True):
        for t in np.linspace(0, 1, 8, endpoint=False):
            path.append(
                QPoint(round(a.x() + (b.x() - a.x()) * t), round(a.y() + (b.y() - a.y()) * t))
            )
    range_before = box.viewRange()
    drag(viewport, path, keys)
    assert np.allclose(box.viewRange(), range_before)  # the lasso did not pan the map
    drawn = np.array(corners)
    expected = {n for n, (x, y) in places_before.items() if ray_cast(x, y, drawn)}
    assert {"Goma", "Masisi"} <= expected and not {"Bukavu", "Walikale"} & expected
    assert {p[-1] for p in w.session.state.places} == expected
    assert w.filter_panel._ticked_places == set(w.session.state.places)  # the tree agrees
    assert set(view.names) == expected
    assert not box._lasso.isVisible()  # the outline goes once the mouse is released


def test_a_playback_step_is_kept_when_the_window_is_resized(qtbot, store):
    from timeline_app.core.dates import DAY_SECONDS

    w = open_map(qtbot, store)
    w.map_panel.window_length.setCurrentIndex(1)  # two weeks
    w.map_panel.play.setChecked(True)
    w.playback.timer.stop()  # the steps by hand
    w.playback.step()
    played = w.timeline.x_range()
    assert played[1] - played[0] == pytest.approx(14 * DAY_SECONDS, rel=1e-6)
    w.map_panel.play.setChecked(False)
    # the first view's fit of the key events is not redone by a resize: the window stays
    w.resize(1200, 700)
    qtbot.waitUntil(lambda: w.timeline.width() < 1000)
    qtbot.wait(50)
    x0, x1 = w.timeline.x_range()
    assert x1 - x0 == pytest.approx(14 * DAY_SECONDS, rel=1e-6) and x0 == pytest.approx(played[0])


def pixel_box(view, item):
    """A label's rectangle in the map's pixels (its scene rectangle is no use: a label keeps
    its size whatever the zoom, so it ignores the scene's transform)."""
    return item.deviceTransform(view.plot.viewportTransform()).mapRect(item.boundingRect())


@pytest.mark.parametrize(
    "area",
    [((27.3, 29.8), (-3.6, -0.9)), ((20.0, 35.0), (-8.0, 3.0)), ((-20.0, 60.0), (-35.0, 40.0))],
)
def test_the_map_s_names_never_overlap(qtbot, store, area):
    w = open_map(qtbot, store)
    view = w.map_view
    view.box.setRange(xRange=area[0], yRange=area[1], padding=0)
    qtbot.wait(20)
    view.settle()
    names = [i.text() for i in view.labels.items if i.isVisible()]
    counts = {str(int(c)) for c in view.count if c > 1}
    boxes = [
        (pixel_box(view, i), i.text())
        for i in view.labels.items
        if i.isVisible() and i.text() not in counts  # a count sits on its own marker
    ]
    assert len(boxes) >= 3, names
    frame = QRectF(view.plot.mapFromScene(view.box.sceneBoundingRect()).boundingRect())
    for k, (a, ta) in enumerate(boxes):
        assert frame.contains(a), ta  # within the map
        for b, tb in boxes[k + 1 :]:
            assert not a.intersects(b), (ta, tb)


def test_keys_pressed_on_the_map_raise_nothing(qtbot, store):
    # the playback's length box was the panel's `window`, hiding QWidget.window(): the
    # window's shortcut filter called it on every key pressed on the map
    w = open_map(qtbot, store)
    w.activateWindow()
    w.map_view.plot.setFocus()
    for key in (Qt.Key.Key_Shift, Qt.Key.Key_Plus, Qt.Key.Key_A):
        qtbot.keyClick(w.map_view.plot, key)
    qtbot.keyClick(w.map_panel.window_length, Qt.Key.Key_Down)


def test_switching_to_a_smaller_dataset_with_the_map_open(qtbot, store):
    # the map coloured its markers from the timeline's layout of the dataset before: its
    # event rows were out of the new dataset's bounds ("index 99446 is out of bounds")
    from conftest import DATA
    from timeline_app.cli import main

    assert main(["import", str(DATA / "small.csv"), "--store", str(store.path)]) == 0
    w = open_map(qtbot, store)
    w.watch.poll()
    w.dataset_box.setCurrentText("small")
    assert w.session.dataset == "small"
    layout = w.timeline.layout_
    assert int(layout.event.max()) < len(w.session.columns)
    lanes = w.map_view.lanes
    assert len(lanes) == len(w.map_view.lon) and (lanes < len(layout.labels)).all()
