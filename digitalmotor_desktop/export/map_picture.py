"""The capability map as a picture: plain, or as a heat map of the joint result.

Laid out by the same geometry as the window (``core.map_layout``: bands,
group columns, rows of boxes sized to their names), measured with the export
font, so a poster, an SVG for PowerPoint and the report's map page show the
boxes where the screen does. A heat map colours each box by one figure and
writes the figure and n in it; a suppressed capability is grey, hatched and
says "för få svar" (colour is never the only cue). Only a ``GapReport``, with
the privacy rules already applied, is drawn.
"""

from __future__ import annotations

from digitalmotor_desktop.core.colour_scales import (
    GAP_STOPS,
    IMPORTANCE_STOPS,
    MATURITY_STOPS,
    SPREAD_STOPS,
    SUPPRESSED_FILL,
    blend,
)
from digitalmotor_desktop.core.contrast import readable_text as text_colour
from digitalmotor_desktop.core.errors import InvalidInput
from digitalmotor_desktop.core.i18n import QT_TRANSLATE_NOOP
from digitalmotor_desktop.core.map_layout import NAME_SIZES, BoxStyle, Rect, layout_map, spec_to_fit
from digitalmotor_desktop.core.model import Capability
from digitalmotor_desktop.core.statistics import CapabilityStats
from digitalmotor_desktop.export import fonts
from digitalmotor_desktop.export.picture import LINE_SPACING, Fill, Part, Picture, Text, hatch, text_block, wrap
from digitalmotor_desktop.export.wording import Wording

PLAIN, MATURITY, IMPORTANCE, GAP, SPREAD = "plain", "maturity", "importance", "gap", "spread"
MODES = (PLAIN, MATURITY, IMPORTANCE, GAP, SPREAD)
MODE_TITLES = {
    PLAIN: QT_TRANSLATE_NOOP("Report", "Capability map"),
    MATURITY: QT_TRANSLATE_NOOP("Report", "Heat map: mean maturity (0–4)"),
    IMPORTANCE: QT_TRANSLATE_NOOP("Report", "Heat map: strategic importance (1–5)"),
    GAP: QT_TRANSLATE_NOOP("Report", "Heat map: gap to the target level"),
    SPREAD: QT_TRANSLATE_NOOP("Report", "Heat map: spread (standard deviation)"),
}
WIDE_MARK = "* "

TEXT_MARGIN_X, TEXT_MARGIN_Y = 6, 3
DETAIL_SIZE, DETAIL_SMALLEST = 12, 9
DETAIL_LINE_HEIGHT = DETAIL_SIZE * LINE_SPACING
GROUP_HEADER_SIZE, BAND_LABEL_SIZE, SMALLEST_LABEL = 14, 17, 8
LEGEND_HEIGHT = 44
BORDER = "#5b6770"


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise InvalidInput(QT_TRANSLATE_NOOP("UserError", "Unknown map colouring “{mode}”; choose {modes}."),
                           mode=mode, modes=", ".join(MODES))
    return mode


class TextMeasure:
    """``core.map_layout.BoxMeasure`` for the export font; remembers what it measured."""

    def __init__(self, detail_lines: dict[str, int]):
        self.detail_lines = detail_lines
        self._widths: dict[tuple[str, int], float] = {}
        self._lines: dict[tuple[str, float, float], list[str]] = {}

    def least_width(self, capability: Capability, name_size: int) -> float:
        key = (capability.name, name_size)
        if key not in self._widths:
            words = capability.name.split() or [""]
            self._widths[key] = max(fonts.text_width(word, name_size) for word in words) + 2 * TEXT_MARGIN_X
        return self._widths[key]

    def lines(self, name: str, box_width: float, size: float) -> list[str]:
        key = (name, box_width, size)
        if key not in self._lines:
            self._lines[key] = wrap(name, box_width - 2 * TEXT_MARGIN_X, size)
        return self._lines[key]

    def least_height(self, capability: Capability, box_width: float, name_size: int) -> float:
        return (len(self.lines(capability.name, box_width, name_size)) * name_size * LINE_SPACING
                + 2 * TEXT_MARGIN_Y + DETAIL_LINE_HEIGHT * self.detail_lines[capability.id])


def box_style(row: CapabilityStats, mode: str, wording: Wording, top_level: int, wide_mark: str = WIDE_MARK) -> BoxStyle:
    """How a capability's box looks in a heat map of ``mode`` (``PLAIN``: white, no figures).

    ``wide_mark`` starts the figure of a widely spread capability (the window has a font with "▲")."""
    if mode == PLAIN:
        return BoxStyle()
    n_text = f"n = {row.n}"
    if row.suppressed or row.mean is None:
        return BoxStyle(fill=SUPPRESSED_FILL, text="#333333", lines=(f"{wording.too_few} · {n_text}",), hatched=True)
    if mode == IMPORTANCE:
        if row.importance_mean is None:
            return BoxStyle(fill=SUPPRESSED_FILL, text="#333333", hatched=True,
                            lines=(f"{wording.too_few} · n = {row.importance_n}",))
        fill = blend(IMPORTANCE_STOPS, (row.importance_mean - 1) / 4)
        lines = (f"{wording.number(row.importance_mean)} · n = {row.importance_n}",)
    elif mode == GAP:
        fill = blend(GAP_STOPS, (row.gap or 0.0) / 2)
        lines = (wording(QT_TRANSLATE_NOOP("Report", "gap {gap}"), gap=wording.number(row.gap)) + f" · {n_text}",)
    elif mode == SPREAD:
        fill = blend(SPREAD_STOPS, (row.sd or 0.0) / 2)
        lines = ((wide_mark if row.wide_spread else "") + wording(QT_TRANSLATE_NOOP("Report", "SD {sd}"),
                                                                 sd=wording.number(row.sd)) + f" · {n_text}",)
    else:
        fill = blend(MATURITY_STOPS, row.mean / top_level)
        lines = (f"{wording.number(row.mean)} · {n_text}",)
    return BoxStyle(fill=fill, text=text_colour(fill), lines=lines)


def map_picture(report, wording: Wording, mode: str = PLAIN, width: float = 1600, height: float = 900) -> Picture:
    """The map (and, for a heat map, its legend) in ``width`` units, aiming at ``height``.

    The map takes more height when its names need it; the picture's regions
    hold every capability's box under its id.
    """
    check_mode(mode)
    capability_map = report.capability_map
    rows = {row.capability_id: row for row in report.result.rows}
    top_level = max(len(report.scale) - 1, 1)
    styles = {c.id: box_style(rows[c.id], mode, wording, top_level) for c in capability_map.capabilities()}
    measure = TextMeasure({cap_id: len(style.lines) for cap_id, style in styles.items()})
    legend = LEGEND_HEIGHT if mode != PLAIN else 0
    spec = spec_to_fit(capability_map, width, height - legend, measure)
    geometry = layout_map(capability_map, spec)
    picture = Picture(width, geometry.height + legend)

    for area, rect, colour in geometry.areas:
        picture.add(Fill(rect, colour))
        label = area.name.upper()
        size = _fitting_size(label, rect.height - 8, BAND_LABEL_SIZE, bold=True)
        picture.add(Text(rect.x + spec.band_label * 0.7, rect.y + rect.height / 2,
                         _elided(label, rect.height - 8, size, bold=True), size, bold=True, colour="#33404a",
                         vertical=True))
    for group, rect in geometry.groups:
        picture.add(Fill(rect, "#ffffff", "#9aa7b0", 1.0))
        size = _fitting_size(group.name, rect.width - 6, GROUP_HEADER_SIZE, bold=True)
        picture.add(Text(rect.x + rect.width / 2, rect.y + 2 + size * 1.05,
                         _elided(group.name, rect.width - 6, size, bold=True), size, bold=True))
    for capability, rect in geometry.capabilities:
        box = Picture(rect.width, rect.height)
        _draw_box(box, capability, rect, styles[capability.id], measure)
        picture.add(Part(capability.id, tuple(box.shapes)))
        picture.regions[capability.id] = rect
    if legend:
        _draw_legend(picture, mode, wording, geometry.height + 8, width, top_level)
    return picture


def _draw_box(picture: Picture, capability: Capability, rect: Rect, style: BoxStyle, measure: TextMeasure) -> None:
    picture.add(Fill(rect, style.fill, BORDER, 1.2, radius=5))
    if style.hatched:
        picture.add(*hatch(rect))
    details = DETAIL_LINE_HEIGHT * len(style.lines)
    name_room = rect.height - 2 * TEXT_MARGIN_Y - details
    size = next((s for s in NAME_SIZES
                 if len(measure.lines(capability.name, rect.width, s)) * s * LINE_SPACING <= name_room), NAME_SIZES[-1])
    lines = measure.lines(capability.name, rect.width, size)
    room = len(lines) * size * LINE_SPACING
    name_rect = Rect(rect.x, rect.y + TEXT_MARGIN_Y, rect.width, max(name_room, room))
    below = text_block(picture, name_rect, lines, size, colour=style.text)
    for line in style.lines:
        line_size = _fitting_size(line, rect.width - 2 * TEXT_MARGIN_X, DETAIL_SIZE, smallest=DETAIL_SMALLEST)
        text_block(picture, Rect(rect.x, below, rect.width, DETAIL_LINE_HEIGHT), [line], line_size,
                   colour=style.text, top=below + (DETAIL_LINE_HEIGHT - line_size * LINE_SPACING) / 2)
        below += DETAIL_LINE_HEIGHT


def _draw_legend(picture: Picture, mode: str, wording: Wording, top: float, width: float, top_level: int) -> None:
    stops, first, last, places = {
        MATURITY: (MATURITY_STOPS, 0, top_level, 0),
        IMPORTANCE: (IMPORTANCE_STOPS, 1, 5, 0),
        GAP: (GAP_STOPS, 0, 2, 1),
        SPREAD: (SPREAD_STOPS, 0, 2, 1),
    }[mode]
    title = wording(MODE_TITLES[mode])
    picture.add(Text(0, top + 14, title, 13, bold=True, anchor="start"))
    x = max(fonts.text_width(title, 13, bold=True) + 16, 300)
    steps = 5
    for step in range(steps):
        value = first + (last - first) * step / (steps - 1)
        swatch = Rect(x, top, 56, 24)
        fill = blend(stops, step / (steps - 1))
        picture.add(Fill(swatch, fill, BORDER, 1.0))
        picture.add(Text(x + 28, top + 16, wording.number(value, places), 11, colour=text_colour(fill)))
        x += 60
    x += 20
    suppressed = Rect(x, top, 56, 24)
    picture.add(Fill(suppressed, SUPPRESSED_FILL, BORDER, 1.0), *hatch(suppressed))
    note = wording.too_few
    if mode == SPREAD:
        note += "   " + WIDE_MARK + wording(QT_TRANSLATE_NOOP("Report", "wide spread"))
    picture.add(Text(x + 64, top + 16, note, 12, anchor="start"))


def _fitting_size(text: str, width: float, size: float, bold: bool = False, smallest: float = SMALLEST_LABEL) -> float:
    """The largest size down to ``smallest`` (in halves) at which ``text`` fits ``width`` on one line."""
    while size > smallest and fonts.text_width(text, size, bold) > width:
        size -= 0.5
    return size


def _elided(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` shortened with "…" to fit ``width`` at ``size`` (only labels are shortened, never a capability)."""
    if fonts.text_width(text, size, bold) <= width:
        return text
    while text and fonts.text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"
