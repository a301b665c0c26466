"""Plain data objects of a workshop, shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass, field

CONSENT_GROUP = "group"
CONSENT_FACILITATOR = "facilitator"
#: Consent withdrawn without erasure: the respondent's ratings stay in the file but count nowhere.
CONSENT_WITHDRAWN = "withdrawn"
#: Least restrictive first: merge keeps the most restrictive consent any version holds (db/FORMAT.md).
CONSENTS = (CONSENT_GROUP, CONSENT_FACILITATOR, CONSENT_WITHDRAWN)


@dataclass(frozen=True)
class ScaleLevel:
    level: int
    label: str
    description: str = ""


@dataclass(frozen=True)
class Scenario:
    number: int
    name: str
    summary: str = ""
    pilot_capability: str | None = None


@dataclass(frozen=True)
class MunicipalDomain:
    id: str
    name: str
    examples: str = ""


@dataclass(frozen=True)
class Goal:
    id: str
    text: str


@dataclass(frozen=True)
class Capability:
    id: str
    group_id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class CapabilityGroup:
    id: str
    area_id: str
    name: str
    capabilities: tuple[Capability, ...] = ()


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    title: str = ""
    groups: tuple[CapabilityGroup, ...] = ()


@dataclass(frozen=True)
class CapabilityMap:
    """Areas → groups → capabilities, in map order."""

    areas: tuple[Area, ...] = ()

    def capabilities(self) -> list[Capability]:
        return [c for a in self.areas for g in a.groups for c in g.capabilities]

    def groups(self) -> list[CapabilityGroup]:
        return [g for a in self.areas for g in a.groups]

    def capability_after(self, current: str, step: int) -> str:
        """The capability ``step`` places after ``current`` in map order (before, if negative), held at the first
        and the last; from an area or a group, its first capability; from anything else, the map's first."""
        order = [c.id for c in self.capabilities()]
        if current in order:
            return order[max(0, min(len(order) - 1, order.index(current) + step))]
        within = [c.id for a in self.areas for g in a.groups for c in g.capabilities if current in (a.id, g.id)]
        return (within or order or [""])[0]


@dataclass(frozen=True)
class WorkshopSummary:
    """What ``info`` reports about a document."""

    schema_version: int
    document_id: str
    workshop_id: str
    title: str
    template: str
    anonymised: bool
    min_group_size: int
    counts: dict[str, int] = field(default_factory=dict)
    levels: list[ScaleLevel] = field(default_factory=list)
    content_hash: str = ""
