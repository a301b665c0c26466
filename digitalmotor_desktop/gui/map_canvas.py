"""The capability map widget: bands, group columns and capability boxes.

Stage 3 shows it plain; stage 5 passes a ``style_for`` function to colour
each box (heat map) and add text lines (value and n). Geometry comes from
``core.map_layout``, laid out again at the view's own pixel size so text stays
at its designed size on a projector instead of being scaled down.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QTextOption
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene, QGraphicsView, QWidget

from digitalmotor_desktop.core.map_layout import BoxStyle, MapGeometry, Rect, layout_map, spec_to_fit
from digitalmotor_desktop.core.model import Capability, CapabilityMap

StyleFunction = Callable[[Capability], BoxStyle]


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


class CapabilityBox(QGraphicsRectItem):
    """One capability: its name wrapped to fit, extra lines below, a tooltip with the description."""

    def __init__(self, capability: Capability, rect: Rect, style: BoxStyle):
        super().__init__(_qrect(rect))
        self.capability = capability
        self.style = style
        self.hovered = False
        self._fitted: tuple[tuple, QFont] | None = None  # (what it was fitted to, the font)
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
        painter.setPen(QPen(QColor("#0b5cad") if selected else QColor("#5b6770"), 3.5 if selected else 1.2))
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
        text_rect = rect.adjusted(6, 3, -6, -3)
        name_font = QFont(painter.font())
        name_font.setPixelSize(15)
        name_font.setBold(True)
        detail_font = QFont(name_font)
        detail_font.setBold(False)
        detail_font.setPixelSize(13)
        option_wrap = QTextOption(Qt.AlignCenter)
        option_wrap.setWrapMode(QTextOption.WordWrap)
        if self.style.lines:
            detail_height = 15 * len(self.style.lines)
            name_rect = text_rect.adjusted(0, 0, 0, -detail_height)
            painter.setFont(detail_font)
            painter.drawText(text_rect.adjusted(0, text_rect.height() - detail_height, 0, 0),
                             " · ".join(self.style.lines), option_wrap)
        else:
            name_rect = text_rect
        painter.setFont(self._name_font(name_font, name_rect))
        painter.drawText(name_rect, self.capability.name, option_wrap)

    def _name_font(self, font: QFont, rect: QRectF) -> QFont:
        """The name's font fitted to ``rect``, kept between paints: hover and selection repaint often."""
        key = (font.key(), rect.width(), rect.height(), self.capability.name)
        if self._fitted is None or self._fitted[0] != key:
            self._fitted = (key, _fitting_font(font, self.capability.name, rect, smallest=9))
        return self._fitted[1]


class MapCanvas(QGraphicsView):
    """Shows a ``CapabilityMap``; emits ``capabilitySelected(id)`` (or "" when cleared)."""

    capabilitySelected = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
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
        self.scene().selectionChanged.connect(self._on_selection)

    def set_map(self, capability_map: CapabilityMap, style_for: StyleFunction | None = None) -> None:
        self.capability_map = capability_map
        self.style_for = style_for
        if self.isVisible():  # otherwise the first resize lays it out at its real size, once
            self._build()

    def _build(self) -> None:
        capability_map, style_for = self.capability_map, self.style_for
        viewport = self.viewport().size()
        spec = spec_to_fit(capability_map, max(viewport.width() - 4, 400), max(viewport.height() - 4, 300))
        selected = self.selected_id()
        scene = self.scene()
        scene.blockSignals(True)
        scene.clear()
        self.boxes.clear()
        geometry = layout_map(capability_map, spec)
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
            width = label.boundingRect().width()
            label.setPos(rect.x + 2, rect.y + rect.height / 2 + width / 2)
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
            box = CapabilityBox(capability, rect, style_for(capability) if style_for else BoxStyle())
            scene.addItem(box)
            self.boxes[capability.id] = box
        scene.setSceneRect(QRectF(0, 0, geometry.width, geometry.height))
        scene.blockSignals(False)
        if selected in self.boxes:
            self.boxes[selected].setSelected(True)

    def restyle(self, style_for: StyleFunction) -> None:
        """Recolours the boxes without rebuilding the scene (fast path for live updates)."""
        self.style_for = style_for
        for box in self.boxes.values():
            box.style = style_for(box.capability)
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
        if self.capability_map.areas:
            self._build()

    def showEvent(self, event):  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.capability_map.areas and not self.boxes:
            self._build()
