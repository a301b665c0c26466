"""Geometry of the capability map as the study drew it (Figur 25).

Areas are horizontal bands (lednings-, kärn-, stödförmågor), each group a
column inside its band, each capability a box in its group's column. Pure
arithmetic in abstract units, so the window, the heat map and PDF exports all
draw the same picture and scale it to their own size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digitalmotor_desktop.core.model import Area, Capability, CapabilityGroup, CapabilityMap

#: Band colours by area position, after the study's map (light, for black text).
AREA_COLOURS = ("#d9e6f2", "#dcebd6", "#f6e7d3", "#eadcf0", "#f0f0d8")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    def contains(self, other: "Rect") -> bool:
        return (self.x <= other.x and self.y <= other.y and other.x + other.width <= self.x + self.width
                and other.y + other.height <= self.y + self.height)


@dataclass(frozen=True)
class BoxStyle:
    """How one capability box looks; colour is never the only cue (``lines``)."""

    fill: str = "#ffffff"
    text: str = "#1a1a1a"
    lines: tuple[str, ...] = ()
    hatched: bool = False  # e.g. a suppressed cell ("för få svar")


@dataclass(frozen=True)
class MapGeometry:
    width: float
    height: float
    areas: list[tuple[Area, Rect, str]] = field(default_factory=list)
    groups: list[tuple[CapabilityGroup, Rect]] = field(default_factory=list)
    capabilities: list[tuple[Capability, Rect]] = field(default_factory=list)


@dataclass(frozen=True)
class LayoutSpec:
    width: float = 1600
    band_label: float = 34  # the area's name, written vertically
    group_header: float = 30
    box_height: float = 46
    gap: float = 6
    band_gap: float = 10


def spec_to_fit(capability_map: CapabilityMap, width: float, height: float,
                min_box: float = 38, max_box: float = 72) -> LayoutSpec:
    """A spec whose map fills ``width`` × ``height`` (boxes never below ``min_box`` high: then it scrolls)."""
    base = LayoutSpec(width=width)
    bands = len(capability_map.areas)
    rows = sum(max((len(g.capabilities) for g in a.groups), default=1) or 1 for a in capability_map.areas)
    fixed = bands * (base.group_header + base.gap + base.band_gap) + rows * base.gap
    box = (height - fixed) / max(rows, 1)
    return LayoutSpec(width=width, box_height=min(max(box, min_box), max_box))


def layout_map(capability_map: CapabilityMap, spec: LayoutSpec = LayoutSpec()) -> MapGeometry:
    areas, groups, capabilities = [], [], []
    y = 0.0
    for index, area in enumerate(capability_map.areas):
        rows = max((len(g.capabilities) for g in area.groups), default=0)
        band_height = spec.group_header + max(rows, 1) * (spec.box_height + spec.gap) + spec.gap
        areas.append((area, Rect(0, y, spec.width, band_height), AREA_COLOURS[index % len(AREA_COLOURS)]))
        columns = max(len(area.groups), 1)
        usable = spec.width - spec.band_label - spec.gap
        column_width = usable / columns
        for g, group in enumerate(area.groups):
            x = spec.band_label + g * column_width + spec.gap
            inner = column_width - spec.gap
            groups.append((group, Rect(x, y + spec.gap / 2, inner, band_height - spec.gap)))
            for c, capability in enumerate(group.capabilities):
                top = y + spec.group_header + c * (spec.box_height + spec.gap)
                capabilities.append((capability, Rect(x + spec.gap / 2, top, inner - spec.gap, spec.box_height)))
        y += band_height + spec.band_gap
    return MapGeometry(spec.width, max(y - spec.band_gap, 0), areas, groups, capabilities)
