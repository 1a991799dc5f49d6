"""What a new user met in the New event form: Esc threw a half-filled form away, a typed month
was refused, hints looked like values or were cut, a new actor's kinds could not be read."""

import itertools

import pytest
from PySide6.QtCore import Qt

from conftest import shown_window
from timeline_app.core.store import SAMPLE_DATASET
from timeline_app.ui import event_form

D = SAMPLE_DATASET


@pytest.fixture
def window(qtbot, store):
    return shown_window(qtbot, store, (1280, 720))


@pytest.fixture
def asked(monkeypatch):
    """The questions asked, answered by `answer[0]`."""
    questions, answer = [], [False]

    def ask(_parent, text):
        questions.append(text)
        return answer[0]

    monkeypatch.setattr(event_form, "ask_discard", ask)
    return questions, answer


def test_esc_on_a_half_filled_form_asks_before_discarding(window, qtbot, asked):
    questions, answer = asked
    form = window.new_event()
    qtbot.keyClicks(form.title, "Shelling near Sake")
    qtbot.keyClicks(form.start, "2025-03-04")
    qtbot.keyClick(form.start, Qt.Key.Key_Escape)  # meant for a completion popup
    assert questions == ["Discard this event? What you typed is lost."]
    assert form.isVisible() and form.title.text() == "Shelling near Sake"
    form.close()  # the window's close button
    assert len(questions) == 2 and form.isVisible()
    answer[0] = True
    qtbot.keyClick(form.title, Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_an_untouched_form_closes_without_a_question(window, qtbot, asked):
    questions, _ = asked
    form = window.new_event()
    qtbot.keyClick(form.title, Qt.Key.Key_Escape)
    assert not form.isVisible()
    form = window.new_event_at(1.74e9, 0)  # a double-click on empty space
    assert form.start.text()  # filled in by the window, not typed
    qtbot.keyClick(form.title, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert questions == []


def test_editing_asks_about_the_changes(window, qtbot, asked):
    questions, _ = asked
    window.session.select(0)
    form = window.edit_event()
    qtbot.keyClicks(form.title, " (corrected)")
    form.close()
    assert questions == ["Discard your changes to this event?"]


@pytest.mark.parametrize("typed, precision", [("2025-03", "month"), ("2025", "year")])
def test_a_typed_month_or_year_sets_the_precision(window, qtbot, typed, precision):
    form = window.new_event()
    qtbot.keyClicks(form.title, "Clashes near Minembwe")
    qtbot.keyClicks(form.start, typed)
    qtbot.keyClick(form.start, Qt.Key.Key_Tab)
    assert form.precision.currentData() == precision
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert not form.isVisible()
    saved = [e for e in window.store.events(D) if e.title == "Clashes near Minembwe"]
    assert saved[0].when.precision.label == precision


def test_a_day_typed_after_the_month_goes_back_to_day(window, qtbot):
    form = window.new_event()
    qtbot.keyClicks(form.start, "2025-03")
    qtbot.keyClick(form.start, Qt.Key.Key_Tab)
    assert form.precision.currentData() == "month"
    form.start.setFocus()
    qtbot.keyClicks(form.start, "-15")
    qtbot.keyClick(form.start, Qt.Key.Key_Tab)
    assert form.precision.currentData() == "day"


def test_a_precision_chosen_is_kept(window, qtbot):
    form = window.new_event()
    form.precision.setCurrentIndex(form.precision.findData("week"))
    form.precision.activated.emit(form.precision.currentIndex())
    qtbot.keyClicks(form.start, "2025-03-10")
    qtbot.keyClick(form.start, Qt.Key.Key_Tab)
    assert form.precision.currentData() == "week"


def test_coordinate_hints_are_not_values(window):
    form = window.new_event()
    for edit in (form.latitude, form.longitude):
        hint = edit.placeholderText()
        with pytest.raises(ValueError):
            float(hint.replace("−", "-"))
        assert "e.g." in hint
    form.latitude.setText("−1.68")  # the hint's minus sign, typed or pasted
    form.longitude.setText("29.22")
    assert event_form._number(form.latitude.text()) == -1.68


def test_a_new_actors_kinds_can_be_read(window, qtbot, artifacts):
    form = window.new_event()
    qtbot.keyClicks(form.actor_names[0], "Twirwaneho")
    kind = form.actor_rows.kinds[0]
    fm = kind.view().fontMetrics()
    texts = [kind.itemText(i) for i in range(kind.count())]
    assert any(len(t) > 25 for t in texts)
    kind.showPopup()
    widest = max(fm.horizontalAdvance(t) for t in texts)
    assert kind.view().viewport().width() >= widest
    form.grab().save(str(artifacts / "form_kinds.png"))
    kind.hidePopup()


@pytest.fixture
def french(qapp):
    from timeline_app.ui import i18n

    assert i18n.install(choice="fr") == "fr"
    yield
    i18n.install(choice="en")


def test_french_form_hints_and_headers_fit(french, qtbot, store, artifacts):
    w = shown_window(qtbot, store, (1280, 720))
    form = w.new_event()
    qtbot.waitExposed(form)
    start = form.start
    hint = start.fontMetrics().horizontalAdvance(start.placeholderText())
    assert start.width() >= hint + 8, "the date hint is cut"
    heads = [form.actor_rows.grid.itemAtPosition(0, c).widget() for c in range(4)]
    for left, right in itertools.pairwise(heads):
        assert left.geometry().right() < right.geometry().left()
    for head in heads:  # each header's text within its own box (wrapped, not run on)
        need = head.fontMetrics().boundingRect(
            head.contentsRect(), int(Qt.TextFlag.TextWordWrap), head.text()
        )
        assert need.width() <= head.contentsRect().width() + 1
        assert need.height() <= head.contentsRect().height() + 1
    form.grab().save(str(artifacts / "form_new_fr.png"))
