"""The words and numbers of a file written for people, in the language asked for.

Texts are English sources marked with ``QT_TRANSLATE_NOOP`` in context
``"Report"`` (or another context they already have) and translated by the
caller's ``Translate``; numbers follow the language (3,00 in Swedish, 3.00 in
English), as the study published them.
"""

from __future__ import annotations

from dataclasses import dataclass

from digitalmotor_desktop.core.i18n import Translate, english
from digitalmotor_desktop.core.privacy import SUPPRESSED_TEXT

CONTEXT = "Report"
NO_FIGURE = "–"


@dataclass(frozen=True)
class Wording:
    translate: Translate = english
    language: str = "en"
    #: The decimal separator, when the caller's locale decides it (the window's QLocale); else the language's.
    decimal_point: str | None = None

    def __call__(self, text: str, context: str = CONTEXT, **values: object) -> str:
        translated = self.translate(context, text)
        return translated.format(**values) if values else translated

    @property
    def too_few(self) -> str:
        return self(SUPPRESSED_TEXT, "Results")

    def number(self, value: float | None, places: int = 2) -> str:
        if value is None:
            return NO_FIGURE
        text = f"{value:.{places}f}"
        point = self.decimal_point or ("," if self.language == "sv" else ".")
        return text.replace(".", point)

    def choice(self, value: bool | None, yes: str, no: str) -> str:
        """``yes`` or ``no`` translated, or nothing when undecided (None)."""
        return "" if value is None else self(yes if value else no)

    def level(self, value: float | None) -> str:
        """An organisation's level: whole unless its respondents differ."""
        if value is None:
            return NO_FIGURE
        return str(int(value)) if float(value).is_integer() else self.number(value)
