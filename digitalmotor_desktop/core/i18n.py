"""Marks user-visible text in the Qt-free core for Qt's translation system.

``pyside6-lupdate`` finds ``QT_TRANSLATE_NOOP("Context", "text")`` by name, so
the core can mark strings without importing Qt; the GUI translates them with
``QCoreApplication.translate(context, text)`` and fills in the values after.
Code that writes a file for people in a chosen language takes a ``Translate``
from its caller for the same purpose.

Where there is no Qt (the command line and the files it writes), ``translator``
reads the same Swedish texts from the JSON catalogue the build writes beside
this module (``translations/sv.json``, from ``resources/translations/sv/*.json``,
the dictionary the .qm is filled from) — a dictionary lookup instead of a
reader of Qt's binary .qm format, and no QtCore to load.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Callable

#: The user interface's languages; English is the source language, Swedish the default.
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

#: (context, English source text) → the text in the wanted language, as ``QCoreApplication.translate``.
Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


def english(context: str, text: str) -> str:
    """The ``Translate`` into English: the source text itself."""
    return text


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    """English source → text in ``language`` (empty for English, or before the first build)."""
    if language == "en":
        return {}
    try:  # beside this module in a source tree, an installed package and the bundle alike (importlib.resources
        # would cost the command line more than reading the file)
        text = (Path(__file__).parent / "translations" / f"{language}.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(text)


def translator(language: str) -> Translate:
    """Translates into ``language`` without Qt, as ``QCoreApplication.translate`` does with the .qm (the
    Swedish texts are the same whatever the context)."""
    if language == "en":
        return english
    texts = catalogue(language)
    return lambda context, text: texts.get(text) or text


def filled(text: str, /, **values: object) -> str:
    """A translated ``text`` with its ``{field}``s filled in: the one placeholder style of the app.

    A translation that lost, misspelt or broke a field must not crash the window
    or the export, so then every field still written correctly is filled in and
    the rest of the text is left as the translator wrote it.
    """
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text
