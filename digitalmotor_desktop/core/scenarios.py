"""Suggested collaboration scenarios (the study's chapter 6) and the room's decisions.

The scenarios: 0 nuläge, 1 stödjande (peers of similar strength strengthen
each other), 2 stöttande (a strong organisation lifts weaker ones), 3
kapacitet (peers of similar strength pool capacity and redundancy around a
critical capability), 4 upprätthållande (one organisation provides the
capability to others that have great difficulty), 5 gemensam (a joint
digital motor: a decision about the whole map, not one capability).

The suggestion for a capability is read from its shown figures, in this order
(an organisation is *strong* at level 3–4 and *weak* at level 0–1, counted at
its combined level; *important* means importance mean ≥ ``IMPORTANT``):

1. suppressed or unrated → no suggestion;
2. mean at or above the target and nobody weak → 0, no joint effort needed;
3. someone strong and someone weak:
   a. at least a third of the organisations weak → 4 (one provides for the others);
   b. otherwise → 2 (the strong lift the weak);
4. similar levels, below the target, important → 3 (pool capacity);
5. otherwise → 1 (peers strengthen each other).

At map level, scenario 5 is suggested when at least ``JOINT_SHARE`` of the
capabilities with a suggestion would gain from working together (1–4).
The facilitator confirms or changes every suggestion; it is only a prompt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP, filled
from digitalmotor_desktop.core.statistics import CapabilityStats

IMPORTANT = 3.5
JOINT_SHARE = 0.5
_STRONG, _WEAK = 3, 1


@dataclass(frozen=True)
class Suggestion:
    scenario: int | None
    reason: str  # an English template marked for translation in context "Scenario"
    values: dict = field(default_factory=dict)

    def text(self, translate: Callable[[str], str] = lambda s: s) -> str:
        return filled(translate(self.reason), **self.values)


@dataclass(frozen=True)
class Decision:
    """What the room decided for one capability (None: not decided)."""

    develop: bool | None = None
    jointly: bool | None = None
    scenario: int | None = None
    target_level: int | None = None
    note: str = ""


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def suggest(row: CapabilityStats) -> Suggestion:
    """The suggested scenario for one capability, with a one-line reason."""
    if row.suppressed or row.mean is None:
        return Suggestion(None, QT_TRANSLATE_NOOP("Scenario", "Too few answers to suggest a scenario."))
    counts = row.level_counts
    strong = sum(counts[_STRONG:])
    weak = sum(counts[: _WEAK + 1])
    target = row.target_level if row.target_level is not None else len(counts) - 2
    values = {"n": row.n, "strong": strong, "weak": weak, "mean": _fmt(row.mean), "target": target}
    if row.mean >= target and weak == 0:
        return Suggestion(0, QT_TRANSLATE_NOOP(
            "Scenario", "Mean {mean} is at the target {target} and no organisation is at level 0–1: no joint effort needed."), values)
    if strong and weak:
        if 3 * weak >= row.n:
            return Suggestion(4, QT_TRANSLATE_NOOP(
                "Scenario", "{weak} of {n} organisations are at level 0–1 while {strong} are at 3–4: a strong one could provide it for the others."), values)
        return Suggestion(2, QT_TRANSLATE_NOOP(
            "Scenario", "{strong} organisation(s) at level 3–4 could lift the {weak} at level 0–1."), values)
    if row.importance_mean is not None and row.importance_mean >= IMPORTANT and row.mean < target:
        values["importance"] = _fmt(row.importance_mean)
        return Suggestion(3, QT_TRANSLATE_NOOP(
            "Scenario", "Similar levels (mean {mean}) on an important capability (importance {importance}): pool capacity and redundancy."), values)
    return Suggestion(1, QT_TRANSLATE_NOOP(
        "Scenario", "Similar levels (mean {mean}): organisations of like strength can strengthen each other."), values)


def map_suggestion(suggestions: Sequence[Suggestion]) -> Suggestion | None:
    """Scenario 5 for the whole map when most capabilities would gain from working together."""
    suggested = [s for s in suggestions if s.scenario is not None]
    joint = sum(1 for s in suggested if s.scenario in (1, 2, 3, 4))
    if not suggested or joint < JOINT_SHARE * len(suggested):
        return None
    return Suggestion(5, QT_TRANSLATE_NOOP(
        "Scenario", "{joint} of {total} capabilities would gain from working together: consider a joint digital motor."),
        {"joint": joint, "total": len(suggested)})
