"""Installs the user-interface language: Swedish by default, English available."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from digitalmotor_desktop.gui.forms import rc_resources  # noqa: F401 - registers :/translations and :/icons

_installed: list[QTranslator] = []


def _our_translations(language: str, parent: QCoreApplication | None = None) -> QTranslator | None:
    """The app's own compiled translations into ``language``, if there are any."""
    translations = QTranslator(parent)
    return translations if translations.load(f":/translations/digitalmotor_{language}.qm") else None


def install_language(language: str) -> None:
    """Swaps the app's translators; widgets then receive a LanguageChange event.

    English is the source language, so it needs no translator of our own.
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "en":
        ours = _our_translations(language, app)
        if ours:
            _installed.append(ours)
        qt_own = QTranslator(app)  # Qt's standard dialogs and buttons
        if qt_own.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            _installed.append(qt_own)
    for translator in _installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Swedish if language == "sv" else QLocale.English, QLocale.Sweden))


def installed_language() -> str:
    """The language the window shows now (``install_language`` makes it the default locale's)."""
    return "sv" if QLocale().language() == QLocale.Swedish else "en"
