"""The mapping dialog as a user meets it: a hand-made sheet dropped on the window, its
columns guessed, the first events previewed, a choice changed, the sheet imported
(pytest-qt, offscreen)."""

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from conftest import DATA, shown_window
from timeline_app.ui.mapping_dialog import MappingDialog
from timeline_app.ui.settings import open_settings

FICHE = DATA / "fiche_analyste_cp1252.csv"
MDY = DATA / "mdy_sheet.csv"


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store)


def chosen(dialog):
    return {f: b.currentText() for f, b in dialog.boxes.items() if b.currentIndex()}


def shown(dialog):
    """The preview as the user reads it: one list of cell texts a row."""
    t = dialog.events
    return [[t.item(r, c).text() if t.item(r, c) else "" for c in range(t.columnCount())]
            for r in range(t.rowCount())]  # fmt: skip


def test_a_windows_1252_sheet_with_some_of_our_column_names_asks_for_its_mapping(
    window, qtbot, monkeypatch, artifacts
):
    seen = []

    def answer(dialog):  # the user checks the guess and the preview, then presses OK
        seen.append(dialog)
        assert chosen(dialog) == {
            "date": "Date", "description": "Notes", "actors": "Acteur 1",
            "opposing_actors": "Acteur 2", "place": "Lieu", "country": "Country",
            "latitude": "Latitude", "longitude": "Longitude", "fatalities": "Fatalities",
            "id": "ID",
        }  # fmt: skip
        assert dialog.day_first.isChecked()  # 23/01/2025 settles it
        assert dialog.settled.text() == "The file settles it: 23/01/2025 can only be day first."
        assert shown(dialog)[1] == [
            "3", "26 Jan 2025", "day", "Kinshasa – Goma, évacués vers Gisenyi.",
            "Goma, RD Congo", "M23 · against FARDC, Wazalendo",
        ]  # fmt: skip
        assert dialog.problem() == ""
        dialog.grab().save(str(artifacts / "mapping_dialog.png"))
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(MappingDialog, "exec", answer)
    with qtbot.waitSignal(window.importFinished, timeout=20000) as finished:
        window.import_files([str(FICHE)])
    done, failed = finished.args
    assert failed == [] and len(seen) == 1 and "5 new" in done[0][1]
    assert window.session.dataset == "fiche_analyste_cp1252" and window.session.total == 5
    assert "Kinshasa – Goma, évacués vers Gisenyi." in set(window.session.columns.titles)
    assert "RDC-0125-02" in set(window.session.columns.uids)


def test_the_preview_follows_the_choices_and_shows_bad_rows_as_their_message(qtbot):
    dialog = MappingDialog(MDY, open_settings())
    qtbot.addWidget(dialog)
    assert dialog.month_first.isChecked()  # 7/21/2016 settles it
    rows = shown(dialog)
    assert rows[1] == [
        "3", "21 Jul 2016", "day", "Clashes near Eringeti; the army reports positions retaken.",
        "Eringeti, North Kivu, DR Congo", "FARDC · against ADF · with MONUSCO",
    ]  # fmt: skip
    assert rows[3][1:3] == ["August 2016", "month"]  # "2016-08": only the month is known
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()

    dialog.boxes["title"].setCurrentText("Event Type")  # the user picks a title column
    assert shown(dialog)[1][3] == "Battles"

    dialog.boxes["date"].setCurrentText("Town")  # a wrong choice: every row says why
    rows = shown(dialog)
    assert rows[0][1] == "mdy_sheet.csv, line 2, field 'Town': cannot read 'Beni' as a date"
    assert dialog.events.columnSpan(0, 1) == len(rows[0]) - 1
    assert not ok.isEnabled() and "Line 2 cannot be read" in dialog.message.text()

    dialog.boxes["date"].setCurrentText("Event Date")
    dialog.day_first.setChecked(True)  # against the file: 7/21/2016 has no 21st month
    assert "line 3, field 'Event Date'" in shown(dialog)[1][1] and not ok.isEnabled()
    dialog.month_first.setChecked(True)
    assert ok.isEnabled() and dialog.mapping().date_order == "mdy"


def test_a_bad_row_past_the_first_ones_is_shown_too(qtbot, tmp_path):
    sheet = tmp_path / "long.csv"
    rows = [f"2025-01-{d:02},Event {d}" for d in range(1, 20)] + ["2025-02-30,Bad day"]
    sheet.write_text("Date,Title\n" + "\n".join(rows) + "\n", encoding="utf-8")
    dialog = MappingDialog(sheet, open_settings())
    qtbot.addWidget(dialog)
    last = shown(dialog)[-1]
    assert last[0] == "21" and "line 21, field 'Date'" in last[1]
    assert "Line 21 cannot be read" in dialog.problem()


def test_a_sheet_refused_after_the_dialog_is_reported(window, qtbot, monkeypatch, tmp_path):
    sheet = tmp_path / "dup.csv"  # ids used twice: only the whole file shows it
    sheet.write_text("ID,Date,Titre\na,2025-01-27,Goma\na,2025-02-16,Bukavu\n", encoding="utf-8")
    monkeypatch.setattr(MappingDialog, "exec", lambda d: d._accept() or d.result())
    with qtbot.waitSignal(window.importFinished, timeout=20000) as finished:
        window.import_files([str(sheet)])
    done, failed = finished.args
    assert done == [] and "dup.csv, line 3, field 'id'" in failed[0]
    window.findChild(QMessageBox).close()


def test_cancelling_the_dialog_imports_nothing(window, monkeypatch):
    monkeypatch.setattr(MappingDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert window.importer.start([str(MDY)]) is False


def test_a_damaged_workbook_is_reported_not_raised(window, qtbot, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with qtbot.waitSignal(window.importFinished, timeout=20000) as finished:
        window.import_files([str(broken)])  # no dialog: there are no columns to show
    done, failed = finished.args
    assert done == [] and "broken.xlsx: not readable as an Excel workbook" in failed[0]
    window.findChild(QMessageBox).close()


def test_the_dialogs_fit_a_small_screen(qtbot, window):
    """At 1366 × 768 the mapping dialog (1000 × 820) hid its OK button below the screen."""
    from PySide6.QtGui import QGuiApplication

    from timeline_app.ui.file_dialogs import _dialog

    free = QGuiApplication.primaryScreen().availableGeometry()
    for dialog in (MappingDialog(DATA / "fiche_analyste_cp1252.csv", open_settings(), window),
                   _dialog(window, "Import", "", "All files (*)")):  # fmt: skip
        qtbot.addWidget(dialog)
        dialog.show()
        frame = dialog.frameGeometry()
        assert frame.height() <= free.height() and frame.width() <= free.width()
        assert dialog.findChild(QDialogButtonBox).isVisible()
        dialog.reject()
