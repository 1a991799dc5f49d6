"""The history's lines in French: a no-break space before each colon, as French writes it."""

from timeline_app.core.history import Change
from timeline_app.ui import history_dialog

FRENCH = {  # as in resources/i18n/timeline_app_fr.ts
    "{what}:": "{what}\u00a0:",
    "{field}: {old} → {new}": "{field}\u00a0: {old} → {new}",
    "changed": "modifié",
    "place": "lieu",
}


def test_the_colons_of_a_change_are_the_translations(monkeypatch):
    monkeypatch.setattr(history_dialog, "tr", lambda text, *_: FRENCH.get(text, text))
    change = Change(1, "e1", "2025-03-04T10:00:00+00:00", "ana", "window", "changed",
                    {"location.place": ["Sake", "Goma"]}, None)  # fmt: skip
    assert history_dialog.change_text(change) == "modifié\u00a0:\nlieu\u00a0: Sake → Goma"


def test_in_english_the_colons_stay_as_they_were():
    change = Change(1, "e1", "2025-03-04T10:00:00+00:00", "ana", "window", "changed",
                    {"title": ["A", "B"]}, None)  # fmt: skip
    assert history_dialog.change_text(change) == "changed:\ntitle: A → B"
