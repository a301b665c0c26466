"""The map's geometry without Qt: columns and rows sized to the names they hold."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digitalmotor_desktop.core.map_layout import (NAME_SIZES, LayoutSpec, TitleNeeds, layout_map, share, share_above,
                                                  spec_to_fit)
from digitalmotor_desktop.core.model import Area, Capability, CapabilityGroup, CapabilityMap

MARGIN = 6  # on each side of the text, as the canvas leaves


class Monospace:
    """Measures as a monospace font sets text: a character 0.6 × the size wide, a line 1.2 × the size high."""

    def __init__(self, lines_under: float = 0):
        self.lines_under = lines_under  # height drawn under every name, as the heat map's figures

    def least_width(self, capability: Capability, name_size: int) -> float:
        return max(len(word) for word in capability.name.split()) * 0.6 * name_size + 2 * MARGIN

    def least_height(self, capability: Capability, box_width: float, name_size: int) -> float:
        per_line = max(int((box_width - 2 * MARGIN) // (0.6 * name_size)), 1)
        lines, used = 1, 0
        for word in capability.name.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, len(word)
            else:
                used += (1 if used else 0) + len(word)
        return lines * 1.2 * name_size + 2 * MARGIN + self.lines_under


def a_map(*bands: list[list[str]]) -> CapabilityMap:
    """Bands of group columns, each a list of capability names."""
    areas = []
    for a, band in enumerate(bands):
        groups = tuple(CapabilityGroup(f"g{a}.{g}", f"a{a}", f"Group {g}",
                                       tuple(Capability(f"c{a}.{g}.{c}", f"g{a}.{g}", name)
                                             for c, name in enumerate(names)))
                       for g, names in enumerate(band))
        areas.append(Area(f"a{a}", f"Area {a}", groups=groups))
    return CapabilityMap(tuple(areas))


def boxes(geometry):
    return {capability.name: rect for capability, rect in geometry.capabilities}


def test_share_raises_the_smallest_parts_to_a_common_level():
    assert share(100, [10, 50]) == [50, 50]
    assert share(100, [10, 70]) == [30, 70]
    assert share(100, [10, 10], most=30) == [30, 30]
    assert share(100, [10, 80], most=5) == [10, 80]  # never below a need


def test_share_cuts_the_largest_parts_first_when_the_needs_do_not_fit():
    assert share(100, [20, 60, 80]) == [20, 40, 40]
    assert share(90, [30, 30, 60]) == [30, 30, 30]


needs = st.lists(st.floats(0, 500), min_size=1, max_size=8)


@given(needs=needs, total=st.floats(0, 2000))
def test_share_adds_up_and_keeps_the_order_of_the_needs(needs, total):
    parts = share(total, needs)
    assert math.isclose(sum(parts), total, rel_tol=1e-9, abs_tol=1e-6)
    fits = sum(needs) <= total
    for need, part in zip(needs, parts):
        assert (part >= need) if fits else (part <= need)
    for i, j in zip(range(len(needs)), range(1, len(needs))):
        if needs[i] <= needs[j]:
            assert parts[i] <= parts[j] + 1e-9


def test_the_default_spec_draws_equal_columns_and_rows():
    geometry = layout_map(a_map([["a", "b"], ["c"]]), LayoutSpec(width=500, box_height=40))
    rects = boxes(geometry)
    assert rects["a"].width == rects["c"].width
    assert {rect.height for rect in rects.values()} == {40}


def test_a_column_widens_only_as_far_as_its_longest_word_needs():
    capability_map = a_map([["Kort"], ["Kort namn"], ["Samverkansrelationer"], ["Ord"]])
    spec = spec_to_fit(capability_map, 560, 400, Monospace())
    rects = boxes(layout_map(capability_map, spec))
    long = rects["Samverkansrelationer"]
    assert long.width == pytest.approx(20 * 0.6 * NAME_SIZES[0] + 2 * MARGIN)  # the word fits at the designed size
    assert rects["Kort"].width == rects["Ord"].width == rects["Kort namn"].width < long.width


def test_long_names_get_taller_rows_and_the_map_fills_the_height():
    narrow = [["Bygga kultur", "Förmåga att sätta användaren i centrum"], ["Styra", "Fatta beslut"],
              ["Planera", "Prioritera utifrån tid och resurser"], ["Förnya", "Nytänkande"]]
    wide = [["Analysera behov", "Inkludera"], ["Utbilda", "Avveckla"]]
    capability_map = a_map(narrow, wide)
    spec = spec_to_fit(capability_map, 700, 360, Monospace())
    geometry = layout_map(capability_map, spec)
    rects = boxes(geometry)
    assert rects["Förmåga att sätta användaren i centrum"].height > rects["Bygga kultur"].height
    assert rects["Bygga kultur"].height == rects["Analysera behov"].height  # spare room evened out
    assert geometry.height == pytest.approx(360)
    groups = dict((group.id, rect) for group, rect in geometry.groups)
    assert all(groups[capability.group_id].contains(rect) for capability, rect in geometry.capabilities)


def test_the_largest_name_size_that_lets_the_map_fit_is_chosen():
    capability_map = a_map([["Förmåga att sätta användaren i centrum", "Skapa dialog"]])
    measure = Monospace()
    roomy = spec_to_fit(capability_map, 220, 400, measure)
    tight = spec_to_fit(capability_map, 220, 138, measure)  # room for the long name at 13 px, not at 14
    long = capability_map.capabilities()[0]
    box_width = layout_map(capability_map, tight).capabilities[0][1].width
    assert roomy.row_heights[0][0] >= measure.least_height(long, box_width, 15)
    assert measure.least_height(long, box_width, 13) <= tight.row_heights[0][0] < measure.least_height(long, box_width, 14)


def test_a_map_too_high_even_at_the_smallest_size_scrolls_with_room_for_every_name():
    names = [f"Förmåga nummer {n} med ett långt namn" for n in range(8)]
    capability_map = a_map([names[:4], names[4:]])
    measure = Monospace(lines_under=15)
    spec = spec_to_fit(capability_map, 400, 200, measure, min_box=54)
    geometry = layout_map(capability_map, spec)
    assert geometry.height > 200
    for capability, rect in geometry.capabilities:
        assert rect.height >= max(54, measure.least_height(capability, rect.width, NAME_SIZES[-1]))


def test_words_too_long_for_any_column_take_room_from_the_widest_columns_only():
    capability_map = a_map([["Ord"], ["Informationssäkerhetsarbete"], ["Samverkansrelationer"]])
    spec = spec_to_fit(capability_map, 360, 400, Monospace())
    rects = boxes(layout_map(capability_map, spec))
    assert rects["Ord"].width >= 3 * 0.6 * NAME_SIZES[-1] + 2 * MARGIN - 1e-9
    assert rects["Informationssäkerhetsarbete"].width == pytest.approx(rects["Samverkansrelationer"].width)


def test_a_part_cut_below_its_floor_keeps_it_and_the_others_give_way():
    assert share(100, [20, 60, 80]) == [20, 40, 40]
    assert share_above(100, [20, 60, 80], [0, 50, 0]) == [20, 50, 30]
    assert share_above(100, [20, 60, 80], [60, 60, 0]) == share(100, [20, 60, 80])  # floors that cannot all fit


def _titled(capability_map, one_line: float, two_lines: float) -> TitleNeeds:
    groups = capability_map.groups()
    return TitleNeeds({g.id: one_line for g in groups}, {g.id: two_lines for g in groups}, second_line=18)


def test_group_titles_widen_their_columns_on_one_line_where_the_band_has_the_room_else_on_two():
    capability_map = a_map([["Ord"], ["Ord"]], [["Ord"], ["Ord"], ["Ord"], ["Ord"]])
    usable = 500 - LayoutSpec.band_label - LayoutSpec.gap
    roomy = spec_to_fit(capability_map, 500, 600, Monospace(), titles=_titled(capability_map, usable / 4, 80))
    assert roomy.group_header == LayoutSpec.group_header and min(roomy.column_widths[1]) >= usable / 4 - 1e-9
    tight = spec_to_fit(capability_map, 500, 600, Monospace(), titles=_titled(capability_map, usable / 3, 80))
    assert tight.group_header == LayoutSpec.group_header + 18, "a band's titles on two lines: every header a line higher"
    assert min(tight.column_widths[0]) >= usable / 3 and min(tight.column_widths[1]) >= 80


def test_only_the_areas_laid_out_keep_their_colours():
    capability_map = a_map([["a"]], [["b"]], [["c"]])
    whole = layout_map(capability_map)
    alone = layout_map(CapabilityMap((capability_map.areas[2],)), first_colour=2)
    assert alone.areas[0][2] == whole.areas[2][2] != whole.areas[0][2]
