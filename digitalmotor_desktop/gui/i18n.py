"""Installs the user-interface language: Swedish by default, English available."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from digitalmotor_desktop.gui.forms import rc_resources  # noqa: F401 - registers :/translations and :/icons

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
_installed: list[QTranslator] = []


def saved_language() -> str:
    value = QSettings().value("language", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def install_language(language: str) -> None:
    """Swaps the app's translators; widgets then receive a LanguageChange event.

    English is the source language, so it needs no translator of our own.
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "en":
        ours = QTranslator(app)
        if ours.load(f":/translations/digitalmotor_{language}.qm"):
            _installed.append(ours)
        qt_own = QTranslator(app)  # Qt's standard dialogs and buttons
        if qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            _installed.append(qt_own)
    for translator in _installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Swedish if language == "sv" else QLocale.English, QLocale.Sweden))
