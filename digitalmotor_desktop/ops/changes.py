"""What an op changed, and the do/undo pair the GUI puts on its undo stack.

Views refresh from ``Changes`` (which kinds of data, which ids), never from a
global reset. An ``Edit`` is a ready-to-run pair: ``redo`` applies it, ``undo``
restores what was there; both return the ``Changes`` they made. The GUI wraps
an ``Edit`` in a QUndoCommand; the CLI just calls ``redo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from digitalmotor_desktop.store.document import Document

# Kinds of data a view may depend on.
WORKSHOP = "workshop"
MAP = "map"
GOALS = "goals"
NOTES = "notes"
BOARD = "board"  # prompts, cards, clusters, votes and links of the boards of stages 1 and 2
ORGANISATIONS = "organisations"
RATINGS = "ratings"
DECISIONS = "decisions"
ATTENDANCE = "attendance"
ALL = frozenset({WORKSHOP, MAP, GOALS, NOTES, BOARD, ORGANISATIONS, RATINGS, DECISIONS, ATTENDANCE})


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str]
    ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *kinds: str, ids: tuple[str, ...] | list[str] = ()) -> "Changes":
        return cls(frozenset(kinds), frozenset(ids))

    def touches(self, *kinds: str) -> bool:
        return bool(self.kinds.intersection(kinds))


@dataclass
class Edit:
    """An undoable edit. ``action`` (marked for translation in context "Edit")
    and ``subject`` name it in the Edit menu: "Undo Rename «Avveckla»"."""

    action: str
    subject: str
    redo: Callable[[Document], Changes]
    undo: Callable[[Document], Changes]
    #: Edits with the same non-empty key and target merge into one undo step (drags, typing).
    merge_key: str = ""
    extra: dict = field(default_factory=dict)
