"""The capability map widget: bands, group columns and capability boxes.

Stage 3 shows it plain; stage 5 passes a ``style_for`` function to colour
each box (heat map) and add text lines (value and n). Geometry comes from
``core.map_layout``, laid out at the view's own pixel size with columns and
rows sized to the names, which this module measures in the fonts it draws
them with: text stays readable on a projector instead of being scaled down.
A view may allow a little scaling (``least_scale``; stage 3 beside its
outline at 1280×720 draws the whole map at 80 % rather than push its bottom
band out of sight); below that the map scrolls.

The room's view asks for its text at least ``least_text`` pixels high (a
share of the projector's height): the map is laid out smaller and drawn
magnified until its smallest text is that high. The whole map of 55 names
does not fit one screen so (a 1080-line projector needs 22 px text, the map
fits at 12–15 px), so the room's canvas shows ``one_area`` at a time, the
area holding what the facilitator selected: the study's workshops discuss
the map area by area, and a band of 15–20 names fills a screen legibly.

Group and area titles are never cut: a column is at least as wide as its
group's title needs at the smallest title size, and a title that still does
not fit (a column squeezed by its neighbours) ends in an ellipsis with its
whole text on hover.
"""

from __future__ import annotations

import math
import re
from typing import Callable, Iterable, NamedTuple

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QTextOption, QTransform
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem,
                               QGraphicsView, QWidget)

from digitalmotor_desktop.core.map_layout import (NAME_SIZES, BoxStyle, LayoutSpec, MapGeometry, Rect, TitleNeeds,
                                                  layout_map, spec_to_fit)
from digitalmotor_desktop.core.model import Area, Capability, CapabilityMap

StyleFunction = Callable[[Capability], BoxStyle]

SCALE_STEP = 0.05  # tried in turn when a map may be drawn smaller to fit (MapCanvas.least_scale)
TEXT_MARGIN_X, TEXT_MARGIN_Y = 6, 3  # between a box's border and its text
#: A box's outline: dark enough that every heat-map fill stands 3:1 apart from it or from the page (WCAG 1.4.11).
BOX_BORDER = "#26323a"
DETAIL_LINE_HEIGHT = 15  # one line of figures under the name
DETAIL_SIZES = (13, 11)  # a line of figures is drawn at the first, shrunk down to the second to keep it on one line
GROUP_TITLE_SIZES = (16, 11)  # a group's title on one line, shrunk down to the second size to fit its column
AREA_LABEL_SIZES = (17, 11)  # an area's name, written up its band, shrunk down to the second to fit its height
#: The smallest text the map ever draws: the room's view magnifies the map until this is ``least_text`` high.
SMALLEST_TEXT = min(NAME_SIZES[-1], DETAIL_SIZES[-1], GROUP_TITLE_SIZES[-1], AREA_LABEL_SIZES[-1])
TITLE_MARGIN = 2  # between a group's column and its title, on each side
NAME_FLAGS = int(Qt.AlignCenter | Qt.TextWordWrap)
SOFT_HYPHEN = "\u00ad"
#: A word and the "/" or "-" after it: Qt breaks lines at spaces and after those.
WORD = re.compile(r"([^\s/-]+)([/-]?)")
VOWELS = frozenset("aeiouyåäöéü")


def _qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


def _fitting_font(font: QFont, text: str, rect: QRectF, smallest: int = 11, wrap: bool = True) -> QFont:
    """The largest size, down to ``smallest``, at which ``text`` fits ``rect`` (wrapped or on one line)."""
    fitted = QFont(font)
    flags = int(Qt.AlignCenter | (Qt.TextWordWrap if wrap else 0))
    while fitted.pixelSize() > smallest:
        bounds = QFontMetricsF(fitted).boundingRect(rect, flags, text)
        if bounds.height() <= rect.height() and bounds.width() <= rect.width():
            break
        fitted.setPixelSize(fitted.pixelSize() - 1)
    return fitted


def _bold_font(size: int) -> QFont:
    font = QFont()
    font.setPixelSize(size)
    font.setBold(True)
    return font


def _fitted_title(text: str, sizes: tuple[int, int], room: float, lines: int = 1) -> tuple[QFont, str]:
    """A title's font (the largest of ``sizes`` at which it fits ``room`` wide) and its text: on one line, else
    on two where ``lines`` allows, else elided."""
    for shown in (text, _two_lines(text, QFontMetricsF(_bold_font(sizes[-1]))))[:lines]:
        font = _fitting_font(_bold_font(sizes[0]), shown, QRectF(0, 0, room, 1e6), smallest=sizes[-1], wrap=False)
        metrics = QFontMetricsF(font)
        if max(metrics.horizontalAdvance(line) for line in shown.split("\n")) <= room:
            return font, shown
    return font, metrics.elidedText(text, Qt.ElideRight, room)


def _two_lines(text: str, metrics: QFontMetricsF) -> str:
    """``text`` broken at the space that leaves its longer line shortest."""
    words = text.split(" ")
    splits = [" ".join(words[:i]) + "\n" + " ".join(words[i:]) for i in range(1, len(words))]
    return min(splits, key=lambda split: max(metrics.horizontalAdvance(line) for line in split.split("\n")),
               default=text)


def _holds(area: Area, item_id: str) -> bool:
    """Whether ``item_id`` is the area, one of its groups or one of their capabilities."""
    return area.id == item_id or any(group.id == item_id or any(c.id == item_id for c in group.capabilities)
                                     for group in area.groups)


def _hyphenated(word: str, fits: Callable[[str], bool], ending: str = "") -> str:
    """``word`` with a soft hyphen where it must break to fit, as near its middle as a rule allows, again in
    each half that still does not fit.

    Without a dictionary: a Swedish compound joint after a genitive s (samverkans-relationer,
    omvärlds-trender) where there is one, else before a consonant that a vowel follows, where a
    syllable may begin (fö-ränder-lig).
    """
    if fits(word + ending):
        return word
    joints = [i for i in range(3, len(word) - 2) if word[i - 1] == "s" and _consonant(word[i - 2]) and _consonant(word[i])]
    syllables = [i for i in range(2, len(word) - 2) if _consonant(word[i]) and word[i + 1].lower() in VOWELS]
    breaks = joints or syllables
    if not breaks:
        return word
    middle = min(breaks, key=lambda i: abs(2 * i - len(word)))
    return _hyphenated(word[:middle], fits, "-") + SOFT_HYPHEN + _hyphenated(word[middle:], fits, ending)


def _consonant(letter: str) -> bool:
    return letter.isalpha() and letter.lower() not in VOWELS


def _breakable(name: str, text_width: float, metrics: QFontMetricsF) -> str:
    """``name`` with soft hyphens in each word too long for ``text_width`` in ``metrics``' font: Qt breaks
    there (drawing the hyphen) only where it must."""

    def fits(text: str) -> bool:
        return metrics.horizontalAdvance(text) <= text_width

    return WORD.sub(lambda word: _hyphenated(word[1], fits, word[2]) + word[2], name)


class BoxMeasure:
    """Measures boxes as ``CapabilityBox`` draws them, for ``core.map_layout.spec_to_fit``.

    Remembers what it measured: the layout asks again for every name size it tries.
    """

    def __init__(self, detail_lines: dict[str, tuple[str, ...]]):
        self.detail_lines = detail_lines  # capability id -> the lines of figures under its name
        self._metrics = {size: QFontMetricsF(_bold_font(size)) for size in NAME_SIZES}
        details_font = QFont()
        details_font.setPixelSize(DETAIL_SIZES[-1])
        self._details_metrics = QFontMetricsF(details_font)
        self._least_widths: dict[tuple[str, int], float] = {}
        self._shown_names: dict[tuple[str, float], str] = {}

    def least_width(self, capability: Capability, name_size: int) -> float:
        key = (capability.id, name_size)
        if key not in self._least_widths:
            # Wrapped into 1 px, Qt breaks at every opportunity: the widest line is the longest word.
            bounds = self._metrics[name_size].boundingRect(QRectF(0, 0, 1, 1e6), NAME_FLAGS, capability.name)
            details = max((self._details_metrics.horizontalAdvance(line) for line in self.detail_lines[capability.id]),
                          default=0)  # each on one line, at the smallest size
            self._least_widths[key] = max(bounds.width(), math.ceil(details)) + 2 * TEXT_MARGIN_X
        return self._least_widths[key]

    def least_height(self, capability: Capability, box_width: float, name_size: int) -> float:
        text_width = box_width - 2 * TEXT_MARGIN_X
        bounds = self._metrics[name_size].boundingRect(QRectF(0, 0, text_width, 1e6), NAME_FLAGS,
                                                       self.shown_name(capability, box_width))
        return bounds.height() + 2 * TEXT_MARGIN_Y + DETAIL_LINE_HEIGHT * len(self.detail_lines[capability.id])

    def title_needs(self, capability_map: CapabilityMap, gap: float) -> TitleNeeds:
        """How wide the columns (``gap`` between them) must be to show their groups' whole titles at the
        smallest title size, on one line or on two."""
        metrics = QFontMetricsF(_bold_font(GROUP_TITLE_SIZES[-1]))

        def column(text: str) -> float:
            return max(math.ceil(metrics.horizontalAdvance(line)) for line in text.split("\n")) + 2 * TITLE_MARGIN + gap + 1

        groups = capability_map.groups()
        return TitleNeeds({group.id: column(group.name) for group in groups},
                          {group.id: column(_two_lines(group.name, metrics)) for group in groups},
                          QFontMetricsF(_bold_font(GROUP_TITLE_SIZES[0])).lineSpacing())

    def shown_name(self, capability: Capability, box_width: float) -> str:
        """The name as a box ``box_width`` wide shows it: a word too long for a line even at the smallest size
        is hyphenated."""
        if self.least_width(capability, NAME_SIZES[-1]) <= box_width:
            return capability.name
        key = (capability.name, box_width)
        if key not in self._shown_names:
            self._shown_names[key] = _breakable(capability.name, box_width - 2 * TEXT_MARGIN_X,
                                                self._metrics[NAME_SIZES[-1]])
        return self._shown_names[key]


class FittedName(NamedTuple):
    """How a box draws its name: the font chosen, the text (soft hyphens in overlong words), the rectangle."""

    font: QFont
    text: str
    rect: QRectF


class BoxText(NamedTuple):
    """The fonts and rectangles a box draws its text with; fitted again only when its detail lines change."""

    lines: tuple[str, ...]
    name: FittedName
    details_font: QFont
    details_rect: QRectF


class CapabilityBox(QGraphicsRectItem):
    """One capability: its name wrapped to fit, extra lines below, a tooltip with the description."""

    def __init__(self, capability: Capability, rect: Rect, style: BoxStyle, shown_name: str):
        super().__init__(_qrect(rect))
        self.capability = capability
        self.style = style
        self.shown_name = shown_name  # the name, hyphenated where a word is too long for the box
        self.hovered = False
        self._text: BoxText | None = None  # kept between paints: hover and selection repaint often
        self.setFlag(QGraphicsItem.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        self.setToolTip(f"<b>{capability.name}</b><br>{capability.description}")
        self.setCursor(Qt.PointingHandCursor)

    def hoverEnterEvent(self, event):  # noqa: N802 - Qt's name
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event):  # noqa: N802 - Qt's name
        self.hovered = False
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        rect = self.rect()
        painter.setRenderHint(QPainter.Antialiasing)
        brush = QBrush(QColor(self.style.fill))
        painter.setBrush(brush)
        selected = self.isSelected()
        painter.setPen(QPen(QColor("#0b5cad") if selected else QColor(BOX_BORDER), 3.5 if selected else 1.2))
        painter.drawRoundedRect(rect, 5, 5)
        if self.style.hatched:
            painter.setBrush(QBrush(QColor("#8a8a8a"), Qt.BDiagPattern))
            painter.setPen(Qt.NoPen)
            painter.drawRoundedRect(rect, 5, 5)
        if self.hovered and not selected:
            painter.setPen(QPen(QColor("#0b5cad"), 2, Qt.DashLine))
            painter.setBrush(Qt.NoBrush)
            painter.drawRoundedRect(rect, 5, 5)
        painter.setPen(QColor(self.style.text))
        option_wrap = QTextOption(Qt.AlignCenter)
        option_wrap.setWrapMode(QTextOption.WordWrap)
        text = self._fitted_text()
        if self.style.lines:
            painter.setFont(text.details_font)
            painter.drawText(text.details_rect, "\n".join(self.style.lines), QTextOption(Qt.AlignCenter))
        painter.setFont(text.name.font)
        painter.drawText(text.name.rect, text.name.text, option_wrap)

    def fitted_name(self) -> FittedName:
        return self._fitted_text().name

    def _fitted_text(self) -> BoxText:
        """The name fitted to the room above the detail lines, and a font that keeps each of those on one line."""
        lines = self.style.lines
        if self._text is None or self._text.lines != lines:
            text_rect = self.rect().adjusted(TEXT_MARGIN_X, TEXT_MARGIN_Y, -TEXT_MARGIN_X, -TEXT_MARGIN_Y)
            name_rect = text_rect.adjusted(0, 0, 0, -DETAIL_LINE_HEIGHT * len(lines))
            name_font = _fitting_font(_bold_font(NAME_SIZES[0]), self.shown_name, name_rect, smallest=NAME_SIZES[-1])
            details_rect = QRectF(name_rect.left(), name_rect.bottom(), name_rect.width(), DETAIL_LINE_HEIGHT * len(lines))
            details_font = QFont()
            details_font.setPixelSize(DETAIL_SIZES[0])
            details_font = _fitting_font(details_font, "\n".join(lines), details_rect, smallest=DETAIL_SIZES[-1],
                                         wrap=False)
            self._text = BoxText(lines, FittedName(name_font, self.shown_name, name_rect), details_font, details_rect)
        return self._text


class TitleItem(QGraphicsSimpleTextItem):
    """A group's or area's title; a title on two lines has each line centred."""

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setFont(self.font())
        painter.setPen(self.brush().color())
        painter.drawText(self.boundingRect(), Qt.AlignCenter, self.text())


class MapCanvas(QGraphicsView):
    """Shows a ``CapabilityMap``; emits ``capabilitySelected(id)`` (or "" when cleared)."""

    capabilitySelected = Signal(str)

    def __init__(self, parent=None, min_box: float = 38, least_scale: float = 1.0, one_area: bool = False):
        super().__init__(parent)
        self.min_box = min_box  # the lowest a box gets however little room there is: below, the map scrolls
        #: How far the map may be drawn smaller than its layout to fit the view's height (1: never): a map
        #: laid out wider and drawn at 0.8 keeps names whole where the narrow view would scroll.
        self.least_scale = least_scale
        self.least_text = 0.0  # on-screen pixels the smallest text must have (0: as laid out)
        self.one_area = one_area  # show only the area at ``area_index`` (the room's view)
        #: How far the map may be drawn larger than asked where it has the room: an area of four rows fills
        #: the projector with larger text rather than leave its lower half empty.
        self.most_scale = 1.5 if one_area else 1.0
        self.area_index = 0
        self.scale_ = 1.0
        #: (whole title, its item, the width it may take) of every group and area title, as drawn.
        self.titles: list[tuple[str, TitleItem, float]] = []
        # A viewport made here, not by Qt: the first time PySide6 wraps a plain QWidget
        # that Qt made (as paint() receives it) it loads every QWidget subclass, about
        # 15 ms, which would otherwise delay the first frame of the map.
        self.setViewport(QWidget())
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setBackgroundBrush(QColor("#fafafa"))
        if one_area:  # an area rarely fills the projector's height: it starts at the top, under the room's eyes
            self.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.boxes: dict[str, CapabilityBox] = {}
        self.geometry_: MapGeometry | None = None
        self.capability_map = CapabilityMap()
        self.style_for: StyleFunction | None = None
        self._laid_out_for: tuple[float, float] | None = None  # the width and height of the last build
        self._relayout = QTimer(self, singleShot=True, interval=0, timeout=self._build_if_resized)
        self.scene().selectionChanged.connect(self._on_selection)

    def set_map(self, capability_map: CapabilityMap, style_for: StyleFunction | None = None, around: str = "") -> None:
        """Shows the map; with ``one_area``, the area that holds ``around`` (an area, group or capability id),
        or the one shown before when nothing in the map is."""
        self.capability_map = capability_map
        self.style_for = style_for
        self.area_index = self._area_of(around)
        if self.isVisible():  # otherwise the first resize lays it out at its real size, once
            self._build()

    def shows_area_of(self, item_id: str) -> bool:
        """Whether the map as laid out already shows ``item_id``'s area (always, without ``one_area``)."""
        return not self.one_area or self._area_of(item_id) == self.area_index

    def _area_of(self, item_id: str) -> int:
        """The place of the area that holds ``item_id``, or of the one shown when none does."""
        return next((index for index, area in enumerate(self.capability_map.areas) if _holds(area, item_id)),
                    self.area_index)

    def set_least_text(self, pixels: float) -> None:
        """Draws the map magnified until its smallest text is ``pixels`` high on screen."""
        if pixels != self.least_text:
            self.least_text = pixels
            if self.isVisible() and self.capability_map.areas:
                self._build()

    def magnification(self) -> float:
        return self.least_text / SMALLEST_TEXT if self.least_text else 1.0

    def shown_map(self) -> tuple[CapabilityMap, int]:
        """What is laid out: the whole map, or with ``one_area`` only the area chosen; and its first area's place."""
        areas = self.capability_map.areas
        if not self.one_area or not areas:
            return self.capability_map, 0
        index = min(self.area_index, len(areas) - 1)
        return CapabilityMap((areas[index],)), index

    def _layout_size(self) -> tuple[float, float]:
        viewport = self.viewport().size()
        return max(viewport.width() - 4, 400), max(viewport.height() - 4, 300)

    def _build(self) -> None:
        (capability_map, first_colour), style_for = self.shown_map(), self.style_for
        styles = {capability.id: style_for(capability) if style_for else BoxStyle()
                  for capability in capability_map.capabilities()}
        measure = BoxMeasure({capability_id: style.lines for capability_id, style in styles.items()})
        titles = measure.title_needs(capability_map, LayoutSpec.gap)
        width, height = self._layout_size()
        spec, geometry, scale = self._fitted(capability_map, measure, titles, first_colour, width, height)
        if geometry.height * scale > self.viewport().height() and not self.verticalScrollBar().isVisible():
            # It will scroll: lay it out beside the scroll bar now, not again when the bar appears.
            width -= self.verticalScrollBar().sizeHint().width()
            scale = self.magnification()
            spec = spec_to_fit(capability_map, width / scale, height / scale, measure, self.min_box, titles=titles)
            geometry = layout_map(capability_map, spec, first_colour)
        self._laid_out_for = (width, height)
        self.scale_ = scale
        selected = self.selected_id()
        scene = self.scene()
        scene.blockSignals(True)
        scene.clear()
        self.boxes.clear()
        self.geometry_ = geometry
        self.titles = []
        for area, rect, colour in geometry.areas:
            band = scene.addRect(_qrect(rect), QPen(Qt.NoPen), QBrush(QColor(colour)))
            band.setToolTip(f"<b>{area.name}</b><br>{area.title}")
            label = self._add_title(area.name.upper(), AREA_LABEL_SIZES, rect.height - 8, "#33404a")
            label.setRotation(-90)  # written upwards: its width runs up the band, its height across the label strip
            bounds = label.boundingRect()
            label.setPos(rect.x + (spec.band_label - bounds.height()) / 2, rect.y + (rect.height + bounds.width()) / 2)
        for group, rect in geometry.groups:
            scene.addRect(_qrect(rect), QPen(QColor("#9aa7b0"), 1), QBrush(QColor(255, 255, 255, 90)))
            title = self._add_title(group.name, GROUP_TITLE_SIZES, rect.width - 2 * TITLE_MARGIN, "#1a1a1a",
                                    lines=2 if spec.group_header > LayoutSpec.group_header else 1)
            title.setPos(rect.x + (rect.width - title.boundingRect().width()) / 2, rect.y + 2)
        for capability, rect in geometry.capabilities:
            box = CapabilityBox(capability, rect, styles[capability.id], measure.shown_name(capability, rect.width))
            scene.addItem(box)
            self.boxes[capability.id] = box
        scene.setSceneRect(QRectF(0, 0, geometry.width, geometry.height))
        self.setTransform(QTransform.fromScale(scale, scale))
        self.setSceneRect(scene.sceneRect())  # the view's scroll bars measured again for this map, at this scale
        scene.blockSignals(False)
        if selected in self.boxes:
            self.boxes[selected].setSelected(True)

    def _add_title(self, text: str, sizes: tuple[int, int], room: float, colour: str,
                   lines: int = 1) -> TitleItem:
        font, shown = _fitted_title(text, sizes, room, lines)
        title = TitleItem(shown)
        title.setFont(font)
        title.setBrush(QColor(colour))
        self.scene().addItem(title)
        if shown.replace("\n", " ") != text:
            title.setToolTip(text)
        self.titles.append((text, title, room))
        return title

    def _fitted(self, capability_map: CapabilityMap, measure: BoxMeasure, titles: TitleNeeds,
                first_colour: int, width: float, height: float):
        """The layout at the largest scale from ``most_scale`` down to ``least_scale`` of the magnification asked
        for at which the whole map fits the view's height (laid out at the width that scale leaves room for)."""
        full = self.magnification()
        scale = full * self.most_scale
        while True:
            spec = spec_to_fit(capability_map, width / scale, height / scale, measure, self.min_box, titles=titles)
            geometry = layout_map(capability_map, spec, first_colour)
            if geometry.height * scale <= height or scale - SCALE_STEP * full < self.least_scale * full - 1e-9:
                break
            scale -= SCALE_STEP * full
        return spec, geometry, scale

    def restyle(self, style_for: StyleFunction, capability_ids: Iterable[str] | None = None) -> None:
        """New looks for the boxes of ``capability_ids`` (else every box) without rebuilding the scene. Only boxes
        whose look changed are repainted: one new rating repaints one box."""
        self.style_for = style_for
        for capability_id in self.boxes if capability_ids is None else capability_ids:
            box = self.boxes.get(capability_id)
            if box is None:
                continue
            style = style_for(box.capability)
            if style != box.style:
                box.style = style
                box.update()

    def selected_id(self) -> str:
        selected = [item for item in self.scene().selectedItems() if isinstance(item, CapabilityBox)]
        return selected[0].capability.id if selected else ""

    def select(self, capability_id: str) -> None:
        self.scene().clearSelection()
        if capability_id in self.boxes:
            self.boxes[capability_id].setSelected(True)
            self.ensureVisible(self.boxes[capability_id])

    def _on_selection(self) -> None:
        self.capabilitySelected.emit(self.selected_id())

    def resizeEvent(self, event):  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.capability_map.areas and self._layout_size() != self._laid_out_for:
            if self.boxes:  # a layout settling sends several resizes in a row: lay out once, for the last
                self._relayout.start()
            else:
                self._build()

    def _build_if_resized(self) -> None:
        if self._layout_size() != self._laid_out_for:
            self._build()

    def showEvent(self, event):  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.capability_map.areas and not self.boxes:
            self._build()
