"""The window (a placeholder list until the timeline lands) opens on the bundled dataset."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from timeline_app.app import run
from timeline_app.ui.event_table import EVENT_ROW_ROLE
from timeline_app.ui.main_window import MainWindow


def test_window_lists_the_sample_in_date_order(qtbot, store, artifacts):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.table_model
    assert window.windowTitle().startswith("Congo 2025")
    assert model.rowCount() == 32
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert (
        titles.index("M23 claims Goma and enters the city centre")
        < titles.index("M23 enters Bukavu")
        < titles.index("Tshisekedi and Kagame meet in Doha")
        < titles.index("M23 enters Walikale")
    )
    assert model.index(0, 0).data() == "January 2025"
    assert "32 events" in window.statusBar().currentMessage()
    window.grab().save(str(artifacts / "main_window.png"))


def test_sorting_and_rows(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    model = window.table_model
    window.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert titles == sorted(titles)
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "9–10 Dec 2025"
    model.set_rows(store.columns("Congo 2025").rows_of_actor("Burundi"))
    assert model.rowCount() == 1 and model.index(0, 4).data() == "M23/AFC, FARDC, Burundi"
    assert model.index(0, 0).data(EVENT_ROW_ROLE) == 31


def test_empty_store_says_how_to_import(qtbot, empty_store):
    window = MainWindow(empty_store)
    qtbot.addWidget(window)
    assert "timeline-app import" in window.centralWidget().text()


def test_run_opens_and_exits_cleanly(qtbot, store_path):
    app = QApplication.instance()
    QTimer.singleShot(300, app.closeAllWindows)
    assert run(store_path) == 0
    assert store_path.exists()
