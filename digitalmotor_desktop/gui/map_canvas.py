"""The capability map widget: bands, group columns and capability boxes.

Stage 3 shows it plain; stage 5 passes a ``style_for`` function to colour
each box (heat map) and add text lines (value and n). Geometry comes from
``core.map_layout``, laid out at the view's own pixel size with columns and
rows sized to the names, which this module measures in the fonts it draws
them with: text stays readable on a projector instead of being scaled down.
A view may allow a little scaling (``least_scale``; stage 3 beside its
outline at 1280×720 draws the whole map at 80 % rather than push its bottom
band out of sight); below that the map scrolls.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, NamedTuple

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QTextOption, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene, QGraphicsView, QWidget

from digitalmotor_desktop.core.map_layout import (NAME_SIZES, BoxStyle, MapGeometry, Rect, layout_map,
                                                  spec_to_fit)
from digitalmotor_desktop.core.model import Capability, CapabilityMap

StyleFunction = Callable[[Capability], BoxStyle]

SCALE_STEP = 0.05  # tried in turn when a map may be drawn smaller to fit (MapCanvas.least_scale)
TEXT_MARGIN_X, TEXT_MARGIN_Y = 6, 3  # between a box's border and its text
#: A box's outline: dark enough that every heat-map fill stands 3:1 apart from it or from the page (WCAG 1.4.11).
BOX_BORDER = "#26323a"
DETAIL_LINE_HEIGHT = 15  # one line of figures under the name
DETAIL_SIZES = (13, 11)  # a line of figures is drawn at the first, shrunk down to the second to keep it on one line
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


def _name_font(size: int) -> QFont:
    font = QFont()
    font.setPixelSize(size)
    font.setBold(True)
    return font


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

    def __init__(self, detail_lines: dict[str, int]):
        self.detail_lines = detail_lines  # capability id -> lines of figures under its name
        self._metrics = {size: QFontMetricsF(_name_font(size)) for size in NAME_SIZES}
        self._least_widths: dict[tuple[str, int], float] = {}
        self._shown_names: dict[tuple[str, float], str] = {}

    def least_width(self, capability: Capability, name_size: int) -> float:
        key = (capability.name, name_size)
        if key not in self._least_widths:
            # Wrapped into 1 px, Qt breaks at every opportunity: the widest line is the longest word.
            bounds = self._metrics[name_size].boundingRect(QRectF(0, 0, 1, 1e6), NAME_FLAGS, capability.name)
            self._least_widths[key] = bounds.width() + 2 * TEXT_MARGIN_X
        return self._least_widths[key]

    def least_height(self, capability: Capability, box_width: float, name_size: int) -> float:
        text_width = box_width - 2 * TEXT_MARGIN_X
        bounds = self._metrics[name_size].boundingRect(QRectF(0, 0, text_width, 1e6), NAME_FLAGS,
                                                       self.shown_name(capability, box_width))
        return bounds.height() + 2 * TEXT_MARGIN_Y + DETAIL_LINE_HEIGHT * self.detail_lines[capability.id]

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
            name_font = _fitting_font(_name_font(NAME_SIZES[0]), self.shown_name, name_rect, smallest=NAME_SIZES[-1])
            details_rect = QRectF(name_rect.left(), name_rect.bottom(), name_rect.width(), DETAIL_LINE_HEIGHT * len(lines))
            details_font = QFont()
            details_font.setPixelSize(DETAIL_SIZES[0])
            details_font = _fitting_font(details_font, "\n".join(lines), details_rect, smallest=DETAIL_SIZES[-1],
                                         wrap=False)
            self._text = BoxText(lines, FittedName(name_font, self.shown_name, name_rect), details_font, details_rect)
        return self._text


class MapCanvas(QGraphicsView):
    """Shows a ``CapabilityMap``; emits ``capabilitySelected(id)`` (or "" when cleared)."""

    capabilitySelected = Signal(str)

    def __init__(self, parent=None, min_box: float = 38, least_scale: float = 1.0):
        super().__init__(parent)
        self.min_box = min_box  # the lowest a box gets however little room there is: below, the map scrolls
        #: How far the map may be drawn smaller than its layout to fit the view's height (1: never): a map
        #: laid out wider and drawn at 0.8 keeps names whole where the narrow view would scroll.
        self.least_scale = least_scale
        self.scale_ = 1.0
        # A viewport made here, not by Qt: the first time PySide6 wraps a plain QWidget
        # that Qt made (as paint() receives it) it loads every QWidget subclass, about
        # 15 ms, which would otherwise delay the first frame of the map.
        self.setViewport(QWidget())
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setBackgroundBrush(QColor("#fafafa"))
        self.boxes: dict[str, CapabilityBox] = {}
        self.geometry_: MapGeometry | None = None
        self.capability_map = CapabilityMap()
        self.style_for: StyleFunction | None = None
        self._laid_out_for: tuple[float, float] | None = None  # the width and height of the last build
        self._relayout = QTimer(self, singleShot=True, interval=0, timeout=self._build_if_resized)
        self.scene().selectionChanged.connect(self._on_selection)

    def set_map(self, capability_map: CapabilityMap, style_for: StyleFunction | None = None) -> None:
        self.capability_map = capability_map
        self.style_for = style_for
        if self.isVisible():  # otherwise the first resize lays it out at its real size, once
            self._build()

    def _layout_size(self) -> tuple[float, float]:
        viewport = self.viewport().size()
        return max(viewport.width() - 4, 400), max(viewport.height() - 4, 300)

    def _build(self) -> None:
        capability_map, style_for = self.capability_map, self.style_for
        styles = {capability.id: style_for(capability) if style_for else BoxStyle()
                  for capability in capability_map.capabilities()}
        measure = BoxMeasure({capability_id: len(style.lines) for capability_id, style in styles.items()})
        width, height = self._layout_size()
        spec, geometry, scale = self._fitted(capability_map, measure, width, height)
        if geometry.height * scale > self.viewport().height() and not self.verticalScrollBar().isVisible():
            # It will scroll: lay it out beside the scroll bar now, not again when the bar appears.
            width -= self.verticalScrollBar().sizeHint().width()
            spec = spec_to_fit(capability_map, width, height, measure, self.min_box)
            geometry, scale = layout_map(capability_map, spec), 1.0
        self._laid_out_for = (width, height)
        self.scale_ = scale
        self.setTransform(QTransform.fromScale(scale, scale))
        selected = self.selected_id()
        scene = self.scene()
        scene.blockSignals(True)
        scene.clear()
        self.boxes.clear()
        self.geometry_ = geometry
        label_font = QFont()
        label_font.setPixelSize(17)
        label_font.setBold(True)
        for area, rect, colour in geometry.areas:
            band = scene.addRect(_qrect(rect), QPen(Qt.NoPen), QBrush(QColor(colour)))
            band.setToolTip(f"<b>{area.name}</b><br>{area.title}")
            label = scene.addText(area.name.upper(), label_font)
            label.setDefaultTextColor(QColor("#33404a"))
            label.setRotation(-90)
            label_width = label.boundingRect().width()
            label.setPos(rect.x + 2, rect.y + rect.height / 2 + label_width / 2)
        header_font = QFont()
        header_font.setPixelSize(16)
        header_font.setBold(True)
        for group, rect in geometry.groups:
            scene.addRect(_qrect(rect), QPen(QColor("#9aa7b0"), 1), QBrush(QColor(255, 255, 255, 90)))
            header_rect = QRectF(rect.x + 2, rect.y + 1, rect.width - 4, spec.group_header - spec.gap)
            title = scene.addSimpleText(group.name, _fitting_font(header_font, group.name, header_rect, wrap=False))
            title.setBrush(QColor("#1a1a1a"))
            title.setPos(rect.x + (rect.width - title.boundingRect().width()) / 2, rect.y + 2)
        for capability, rect in geometry.capabilities:
            box = CapabilityBox(capability, rect, styles[capability.id], measure.shown_name(capability, rect.width))
            scene.addItem(box)
            self.boxes[capability.id] = box
        scene.setSceneRect(QRectF(0, 0, geometry.width, geometry.height))
        scene.blockSignals(False)
        if selected in self.boxes:
            self.boxes[selected].setSelected(True)

    def _fitted(self, capability_map: CapabilityMap, measure: BoxMeasure, width: float, height: float):
        """The layout at full size, or at the largest scale down to ``least_scale`` at which the whole map
        fits the view's height (laid out at the width that scale leaves room for)."""
        scale = 1.0
        while True:
            spec = spec_to_fit(capability_map, width / scale, height / scale, measure, self.min_box)
            geometry = layout_map(capability_map, spec)
            if geometry.height * scale <= height or scale - SCALE_STEP < self.least_scale - 1e-9:
                break
            scale -= SCALE_STEP
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
