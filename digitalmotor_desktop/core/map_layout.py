"""Geometry of the capability map as the study drew it (Figur 25).

Areas are horizontal bands (lednings-, kärn-, stödförmågor), each group a
column inside its band, each capability a box in its group's column; the boxes
of a band line up in rows. Pure arithmetic in abstract units, so the window,
the heat map and PDF exports all draw the same picture and scale it to their
own size. ``spec_to_fit`` sizes columns and rows to the names they hold; it
asks a ``BoxMeasure`` (the Qt canvas, which knows its fonts) how much room a
name needs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from digitalmotor_desktop.core.model import Area, Capability, CapabilityGroup, CapabilityMap

#: Band colours by area position, after the study's map (light, for black text).
AREA_COLOURS = ("#d9e6f2", "#dcebd6", "#f6e7d3", "#eadcf0", "#f0f0d8")

#: Pixel sizes a capability name may be drawn at, largest first: the designed size down
#: to the smallest that a room still reads on a projector.
NAME_SIZES = (15, 14, 13, 12)


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
    box_height: float = 46  # of every row that ``row_heights`` does not size
    gap: float = 6
    band_gap: float = 10
    #: Per band, the width of each group column; a band not listed shares its width equally.
    column_widths: tuple[tuple[float, ...], ...] = ()
    #: Per band, the height of each row of boxes; a band not listed has rows ``box_height`` high.
    row_heights: tuple[tuple[float, ...], ...] = ()

    def columns(self, band: int, count: int) -> tuple[float, ...]:
        if band < len(self.column_widths):
            return self.column_widths[band]
        return ((self.width - self.band_label - self.gap) / count,) * count

    def rows(self, band: int, count: int) -> tuple[float, ...]:
        if band < len(self.row_heights):
            return self.row_heights[band]
        return (self.box_height,) * count


@dataclass(frozen=True)
class TitleNeeds:
    """How wide a group's column must be to show its whole title (group id → width), on one line and on
    two, and how much higher the group headers get for a second line."""

    one_line: Mapping[str, float] = field(default_factory=dict)
    two_lines: Mapping[str, float] = field(default_factory=dict)
    second_line: float = 0


class BoxMeasure(Protocol):
    """How much room a capability box needs: asked of whoever draws its text (the Qt canvas)."""

    def least_width(self, capability: Capability, name_size: int) -> float:
        """The narrowest box in which no word of the name has to be broken at ``name_size`` px."""

    def least_height(self, capability: Capability, box_width: float, name_size: int) -> float:
        """The lowest box ``box_width`` wide that holds the whole name at ``name_size`` px and what is drawn under it."""


def share(total: float, needs: Sequence[float], most: float = math.inf) -> list[float]:
    """Splits ``total`` into one part per need, as evenly as the needs allow.

    When the needs fit, the smallest parts are raised to a common level (never
    above ``most``: then the parts add up to less than ``total``) and no part
    gets less than its need. When they do not fit, the largest parts are cut to
    a common level, so that as few parts as possible get less than they need.
    """
    if not needs:
        return []
    if sum(needs) <= total:
        ascending = sorted(needs)
        for raised in range(len(ascending), 0, -1):
            level = (total - sum(ascending[raised:])) / raised
            if level >= ascending[raised - 1]:
                break
        return [max(need, min(level, most)) for need in needs]
    descending = sorted(needs, reverse=True)
    for cut in range(1, len(descending) + 1):
        level = (total - sum(descending[cut:])) / cut
        if cut == len(descending) or level >= descending[cut]:
            break
    return [min(need, level) for need in needs]


def spec_to_fit(capability_map: CapabilityMap, width: float, height: float, measure: BoxMeasure,
                min_box: float = 38, max_box: float = 72, titles: TitleNeeds = TitleNeeds()) -> LayoutSpec:
    """A spec whose map fills ``width`` × ``height`` with the names as large as the room allows.

    Finds the largest of ``NAME_SIZES`` at which the map fits. At a size, a band's columns are as
    even as its longest words allow (at that size, or the largest smaller one
    at which they fit; when none does, the widest columns give way and the
    canvas breaks their longest words), and each row is as high as its longest
    name needs. At the largest size at which the whole map fits ``height``,
    the spare height goes to the lowest rows first, so a band of narrow
    columns gets the room its three-line names need. Boxes are ``min_box`` to
    ``max_box`` high unless a name needs more; when the map does not fit even
    at the smallest size, rows get what that size needs and the map scrolls.

    A column is never narrower than its group's title needs (``titles``): on one line where the
    band's titles and its names at the smallest size fit so, else on two (then every group header
    is a line higher) rather than squeeze the names.
    """
    base = LayoutSpec(width=width)
    usable = base.width - base.band_label - base.gap
    floors = [_title_floors(area, titles, usable, measure, base.gap) for area in capability_map.areas]
    if any(two_lines for _, two_lines in floors):
        base = replace(base, group_header=base.group_header + titles.second_line)
    counts = [_row_count(area) for area in capability_map.areas]
    bands = len(counts)
    room = height - (bands * (base.group_header + base.gap) + sum(counts) * base.gap
                     + max(bands - 1, 0) * base.band_gap)
    chosen = None
    for size in reversed(NAME_SIZES):  # the smallest first: a map too high at one size is higher at the next
        columns = tuple(_fit_columns(area, base, measure, size, band_floors)
                        for area, (band_floors, _) in zip(capability_map.areas, floors))
        needs = _row_needs(capability_map, columns, base, measure, size, min_box)
        fits = sum(needs) <= room
        if fits or chosen is None:
            chosen = columns, needs, fits
        if not fits:
            break
    columns, needs, fits = chosen
    if fits:
        needs = share(room, needs, most=max_box)
    rows, start = [], 0
    for count in counts:
        rows.append(tuple(needs[start:start + count]))
        start += count
    return replace(base, column_widths=columns, row_heights=tuple(rows))


def _title_floors(area: Area, titles: TitleNeeds, usable: float, measure: BoxMeasure,
                  gap: float) -> tuple[list[float], bool]:
    """The least width of each of the band's columns for its title, and whether the titles take two lines."""
    one_line = [titles.one_line.get(group.id, 0) for group in area.groups]
    names = [_name_need(group, measure, NAME_SIZES[-1], gap) for group in area.groups]
    if sum(max(name, title) for name, title in zip(names, one_line)) <= usable:
        return one_line, False
    return [titles.two_lines.get(group.id, 0) for group in area.groups], True


def _row_count(area: Area) -> int:
    return max((len(group.capabilities) for group in area.groups), default=0) or 1


def _fit_columns(area: Area, spec: LayoutSpec, measure: BoxMeasure, size: int,
                 floors: Sequence[float]) -> tuple[float, ...]:
    """The band's column widths for names at ``size``, or at the largest smaller size at which its words fit;
    never narrower than ``floors`` (its titles) while those fit together."""
    usable = spec.width - spec.band_label - spec.gap
    for smaller in (s for s in NAME_SIZES if s <= size):
        needs = [max(_name_need(group, measure, smaller, spec.gap), floor) for group, floor in zip(area.groups, floors)]
        if sum(needs) <= usable:
            break
    return tuple(share_above(usable, needs, floors))


def _name_need(group: CapabilityGroup, measure: BoxMeasure, size: int, gap: float) -> float:
    """The narrowest column in which no word of the group's names breaks at ``size``."""
    return max((measure.least_width(capability, size) for capability in group.capabilities), default=0) + 2 * gap


def share_above(total: float, needs: Sequence[float], floors: Sequence[float]) -> list[float]:
    """``share``, where a part cut below its floor keeps its floor and the others share what is left (floors
    that do not fit together are ignored)."""
    if sum(floors) > total:
        return share(total, needs)
    kept: dict[int, float] = {}
    while True:
        rest = [i for i in range(len(needs)) if i not in kept]
        parts = dict(zip(rest, share(total - sum(kept.values()), [needs[i] for i in rest])))
        short = [i for i, part in parts.items() if part < floors[i]]
        if not short:
            return [kept.get(i, parts.get(i)) for i in range(len(needs))]
        kept.update((i, floors[i]) for i in short)


def _row_needs(capability_map: CapabilityMap, columns: tuple[tuple[float, ...], ...], spec: LayoutSpec,
               measure: BoxMeasure, size: int, min_box: float) -> list[float]:
    """Every row's height, band after band: what its highest box needs at name ``size``, at least ``min_box``."""
    needs = []
    for area, widths in zip(capability_map.areas, columns):
        band = [min_box] * _row_count(area)
        for group, column in zip(area.groups, widths):
            for row, capability in enumerate(group.capabilities):
                band[row] = max(band[row], _box_height(capability, column - 2 * spec.gap, size, measure))
        needs.extend(band)
    return needs


def _box_height(capability: Capability, width: float, size: int, measure: BoxMeasure) -> float:
    """The height a box needs at name ``size``, or at the largest smaller size at which its words fit its width."""
    fitting = next((s for s in NAME_SIZES if s <= size and measure.least_width(capability, s) <= width), NAME_SIZES[-1])
    return measure.least_height(capability, width, fitting)


def layout_map(capability_map: CapabilityMap, spec: LayoutSpec = LayoutSpec(), first_colour: int = 0) -> MapGeometry:
    """The map's rectangles; ``first_colour`` is the first band's place in the whole map (its colour), when
    only some of its areas are laid out."""
    areas, groups, capabilities = [], [], []
    y = 0.0
    for index, area in enumerate(capability_map.areas):
        rows = spec.rows(index, _row_count(area))
        band_height = spec.group_header + sum(rows) + len(rows) * spec.gap + spec.gap
        areas.append((area, Rect(0, y, spec.width, band_height), AREA_COLOURS[(first_colour + index) % len(AREA_COLOURS)]))
        x = spec.band_label + spec.gap
        for group, column_width in zip(area.groups, spec.columns(index, max(len(area.groups), 1))):
            inner = column_width - spec.gap
            groups.append((group, Rect(x, y + spec.gap / 2, inner, band_height - spec.gap)))
            top = y + spec.group_header
            for capability, row_height in zip(group.capabilities, rows):
                capabilities.append((capability, Rect(x + spec.gap / 2, top, inner - spec.gap, row_height)))
                top += row_height + spec.gap
            x += column_width
        y += band_height + spec.band_gap
    return MapGeometry(spec.width, max(y - spec.band_gap, 0), areas, groups, capabilities)
