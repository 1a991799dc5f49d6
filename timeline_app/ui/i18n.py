"""The interface's language: English as written in the code, French from Qt's .qm files.

Every string a user reads goes through `tr()` (or is marked with `QT_TR_NOOP` in a table and
passed to `tr()` where shown). All share one context, "", so that one English text has one
translation wherever it appears. To update the translation after changing strings:

    pyside6-lupdate -locations none $(find timeline_app -name "*.py") \
        -ts resources/i18n/timeline_app_fr.ts
    (translate the new entries, e.g. in Qt Linguist)
    pyside6-lrelease resources/i18n/timeline_app_fr.ts -qm resources/i18n/timeline_app_fr.qm

A test fails while any string of the code has no French translation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from timeline_app.core.lanes import PLACEHOLDERS, others_count
from timeline_app.core.paths import resources_dir

# the core's QT_TR_NOOP: the same marker for pyside6-lupdate, typed str -> str (PySide6's
# stub says it returns object, so every tr() of a marked text was a type error)
from timeline_app.core.words import QT_TR_NOOP

__all__ = ["LANGUAGES", "QT_TR_NOOP", "install", "lane_text", "language", "resolve", "tr"]

# The choices of View → Language; each name is written in its own language
LANGUAGES = {"system": QT_TR_NOOP("As the system"), "en": "English", "fr": "Français"}
SETTING = "view/language"
# the "Others" lane of a lane budget, by what it holds (never fewer than two)
OTHERS = {
    "actors": QT_TR_NOOP("Others ({count} actors)"),
    "places": QT_TR_NOOP("Others ({count} places)"),
    "types": QT_TR_NOOP("Others ({count} types)"),
    "events": QT_TR_NOOP("Others ({count} events)"),
}
_installed: list[QTranslator] = []  # Qt keeps no reference: they must live as long as the app
_language = "en"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the interface's language; `n` picks a plural form ("%n file(s)")."""
    return QCoreApplication.translate("", text, disambiguation, n)


def lane_text(label: str) -> str:
    """A lane's label as shown: our own placeholders ("(no actor)") in the interface's
    language; names from the data as they are (an actor called "All" stays "All")."""
    if label in PLACEHOLDERS:
        return tr(label)
    folded = others_count(label)
    return tr(OTHERS[folded[1]]).format(count=folded[0]) if folded else label


def language() -> str:
    """The language the interface is in: "en" or "fr" (dates follow it)."""
    return _language


def resolve(choice: str) -> str:
    """ "en" or "fr" for a setting's value; "system" follows the system's locale."""
    if choice in ("en", "fr"):
        return choice
    return "fr" if QLocale.system().language() == QLocale.Language.French else "en"


def install(settings: QSettings | None = None, choice: str | None = None) -> str:
    """Put the chosen language in place for the application (before any window is built);
    returns it. Qt's own dialogs (file dialogs, buttons) follow through Qt's translations."""
    global _language
    if choice is None:
        choice = str(settings.value(SETTING, "system")) if settings is not None else "system"
    app = QCoreApplication.instance()
    for old in _installed:
        QCoreApplication.removeTranslator(old)  # (static: the application's)
    _installed.clear()
    _language = resolve(choice)
    if _language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return _language
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "i18n" / f"timeline_app_{_language}.qm")):
        QCoreApplication.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{_language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        QCoreApplication.installTranslator(qt)
        _installed.append(qt)
    return _language
