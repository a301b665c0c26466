"""Sub-commands of the ``digitalmotor`` command line, one module per area, and the language they speak.

Every text the command line shows — help, messages, summaries, errors — goes
through ``tr`` (or ``sentence`` for a ``UserError``), in the language cli.py
chose for the run: ``--lang``, else the window's saved language, else the
system locale. The Swedish texts come from the build's JSON catalogue
(``core.i18n.translator``), so no command loads Qt to speak Swedish.
``pyside6-lupdate`` finds ``tr("…")`` calls by name: each text needs its Swedish
in ``resources/translations/sv/*.json`` (tests/test_translations.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from digitalmotor_desktop import APP_NAME, ORGANISATION_NAME
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translate, english, filled, translator

_spoken: list[tuple[str, Translate]] = [("en", english)]


def use_language(language: str) -> None:
    _spoken[:] = [(language, translator(language))]


def language() -> str:
    """The language of this run's output, and the default of the files it writes for people."""
    return _spoken[0][0]


def translate(context: str, text: str) -> str:
    """``text`` (marked elsewhere, e.g. with QT_TRANSLATE_NOOP) in this run's language."""
    return _spoken[0][1](context, text)


def tr(text: str, /, **values: object) -> str:
    """A text of the command line in this run's language, its ``{fields}`` filled in."""
    return filled(translate("", text), **values)


def sentence(error: UserError) -> str:
    return filled(translate("UserError", error.template), **error.values)


def choose_language(argv: list[str]) -> str:
    """``--lang`` (or ``--language``) on the command line, else the window's saved language, else the locale's."""
    for index, word in enumerate(argv):
        name, equals, value = word.partition("=")
        if name in ("--lang", "--language"):
            value = value if equals else (argv[index + 1] if index + 1 < len(argv) else "")
            if value in LANGUAGES:
                return value
    return saved_language() or locale_language()


def saved_language() -> str | None:
    """The language the window saved (gui/settings.py, key ``language``), read where QSettings keeps it."""
    try:
        if sys.platform == "win32":
            import winreg

            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"Software\{ORGANISATION_NAME}\{APP_NAME}") as key:
                value = winreg.QueryValueEx(key, "language")[0]
        elif sys.platform == "darwin":
            import plistlib

            domain = "com." + ORGANISATION_NAME.lower().replace(" ", "-")
            with open(Path.home() / "Library" / "Preferences" / f"{domain}.{APP_NAME}.plist", "rb") as file:
                value = plistlib.load(file).get("language")
        else:
            config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
            text = (Path(config) / ORGANISATION_NAME / f"{APP_NAME}.conf").read_text(encoding="utf-8")
            section, value = "", None
            for line in text.splitlines():
                line = line.strip()
                if line.startswith("["):
                    section = line
                elif section == "[General]" and line.partition("=")[0].strip() == "language":
                    value = line.partition("=")[2].strip().strip('"')
    except (OSError, ValueError, ImportError):
        return None
    return value if value in LANGUAGES else None


def locale_language() -> str:
    """The system's language if it is one of ours; English in the C locale (no language chosen), as every
    command line speaks there; else the app's default, Swedish."""
    names = [os.environ.get(variable, "") for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    if sys.platform == "win32":
        import locale

        names.append(locale.getlocale()[0] or "")
    name = next((n for n in names if n), "C").split(":")[0].lower()
    if name.startswith(("sv", "swedish")):
        return "sv"
    if name.startswith(("en", "english")) or name.partition(".")[0] in ("c", "posix"):
        return "en"
    return DEFAULT_LANGUAGE
