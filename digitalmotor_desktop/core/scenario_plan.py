"""The capabilities grouped by the scenario the room decided for them (chapter 6 of the study).

One group per scenario of the workshop, in number order, with its summary, its
pilot capability (the room's choice, else the template's suggestion) and the
organisations taking part, then the capabilities with no scenario decided yet.
A scenario does not need every organisation: "kräver inte att samtliga
kommuner samverkar".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digitalmotor_desktop.core.model import CapabilityMap, Scenario
from digitalmotor_desktop.core.scenarios import Decision


@dataclass(frozen=True)
class ScenarioGroup:
    scenario: Scenario | None  # None: not decided yet
    capabilities: list[str] = field(default_factory=list)  # ids, in map order
    pilot: str | None = None  # the pilot capability's name
    participants: frozenset[str] = frozenset()  # organisation ids


def scenario_groups(capability_map: CapabilityMap, scenarios: list[Scenario], decisions: dict[str, Decision],
                    pilots: dict[int, str] | None = None,
                    participants: dict[int, frozenset[str]] | None = None) -> list[ScenarioGroup]:
    """``pilots``: scenario number → the capability id the room chose; ``participants``: → organisation ids."""
    names = {c.id: c.name for c in capability_map.capabilities()}
    pilots, participants = pilots or {}, participants or {}
    known = {s.number for s in scenarios}
    groups = {s.number: ScenarioGroup(s, [], names.get(pilots.get(s.number), s.pilot_capability),
                                      participants.get(s.number, frozenset())) for s in scenarios}
    undecided = ScenarioGroup(None)
    for capability in capability_map.capabilities():
        decision = decisions.get(capability.id)
        number = decision.scenario if decision is not None else None
        (groups[number] if number in known else undecided).capabilities.append(capability.id)
    return [*groups.values(), undecided]
