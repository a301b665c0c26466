"""Marks user-visible text in the Qt-free core for Qt's translation system.

``pyside6-lupdate`` finds ``QT_TRANSLATE_NOOP("Context", "text")`` by name, so
the core can mark strings without importing Qt; the GUI translates them with
``QCoreApplication.translate(context, text)`` and fills in the values after.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text
