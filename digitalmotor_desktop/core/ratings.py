"""Organisations, respondents and their ratings as plain data (stage 4).

A ``Rating`` row exists per respondent and capability once anything was
entered. ``rated`` says whether the maturity question was answered: rated with
``maturity=None`` is "vet ej" (not a 0); unrated rows only carry importance or
a comment. ``deleted`` marks a tombstone, so a removal travels with a merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from digitalmotor_desktop.core.model import CONSENT_GROUP

IMPORTANCE_LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    deleted: bool = False


@dataclass(frozen=True)
class Respondent:
    id: str
    organisation_id: str
    label: str = ""
    consent: str = CONSENT_GROUP
    deleted: bool = False


@dataclass(frozen=True)
class Rating:
    respondent_id: str
    capability_id: str
    rated: bool = False
    maturity: int | None = None
    importance: int | None = None
    comment: str = ""
    deleted: bool = False

    @property
    def dont_know(self) -> bool:
        """Answered "vet ej": rated, but without a level."""
        return self.rated and self.maturity is None

    @property
    def empty(self) -> bool:
        """Nothing left worth keeping: the row can become a tombstone."""
        return not self.rated and self.importance is None and not self.comment


@dataclass(frozen=True)
class Progress:
    rated: int
    total: int

    @property
    def complete(self) -> bool:
        return self.rated >= self.total


def name_key(text: str) -> str:
    """How names are matched: case and runs of whitespace do not matter."""
    return " ".join(str(text).split()).casefold()
