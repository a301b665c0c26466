"""What the board draws: cards, clusters and prompts (painting only; the rules are in core/board.py).

Sizes are for a projector: card text 17 px, cluster names 22 px, questions
20 px, at the view's 100 % zoom. A card's text that does not fit is cut at
a word with "…"; the whole text is in its tooltip, its accessible name and
the card list beside the board.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from digitalmotor_desktop.core import board as rules

CARD_TEXT_PX = 17
BADGE_PX = 16
CLUSTER_NAME_PX = 22
PROMPT_PX = 20
MARGIN = 10.0
BADGE_HEIGHT = 24.0
WRAP = int(Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap)

KIND_COLOURS = {"expectation": "#fff1a8", "challenge": "#ffd3c4", "unique": "#d3f0d0", "capability": "#d5e5ff"}
HIDDEN_COLOUR = "#dfe3e6"
INK = QColor("#1d2730")
FOCUS = QColor("#0a58ca")
#: Built once: combining Qt flags in Python costs more than making the item.
MOVABLE = QGraphicsItem.ItemIsMovable | QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsFocusable
#: The items are QGraphicsRectItems without a pen only so that their bounds and shape are Qt's own C++:
#: Qt asks for an item's bounds about a hundred times a frame while dragging, and a Python boundingRect()
#: would be called each time.
CARD_BOUNDS = QRectF(-2, -2, rules.CARD_WIDTH + 4, rules.CARD_HEIGHT + 4)
PROMPT_BOUNDS = QRectF(0, 0, rules.COLUMN_WIDTH, rules.PROMPT_HEIGHT)


def pixel_font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    return font


def fitted_text(text: str, font: QFont, rect: QRectF) -> str:
    """``text`` cut at a word, with "…", so that it fits ``rect`` wrapped."""
    metrics = QFontMetricsF(font)
    if metrics.boundingRect(rect, WRAP, text).height() <= rect.height():
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:  # the most words that fit with the ellipsis
        middle = (low + high + 1) // 2
        if metrics.boundingRect(rect, WRAP, " ".join(words[:middle]) + " …").height() <= rect.height():
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return metrics.elidedText(text, Qt.ElideRight, rect.width())
    return " ".join(words[:low]) + " …"


@dataclass(frozen=True)
class CardLook:
    """Everything a card shows; a card repaints only when this changes."""

    text: str
    kind_label: str
    colour: str
    hidden: bool
    merged: int  # duplicates merged into it
    merged_texts: tuple[str, ...]  # their texts (the tooltip shows every original text)
    votes: int | None  # None while votes are hidden
    goal: bool
    parts: int  # the parts it was broken into
    part: bool = False  # itself a part of a larger card


class CardItem(QGraphicsRectItem):
    """A card: movable, selectable and focusable (arrow keys move focus between cards)."""

    kind = "card"

    def __init__(self, note_id: str):
        super().__init__(CARD_BOUNDS)
        self.setPen(Qt.NoPen)
        self.id = note_id
        self.look: CardLook | None = None
        self.inputs: tuple = ()  # what the look was made from (canvas.BoardScene)
        self.place: tuple[float, float] | None = None
        self._shown = ""
        self.lifted = False
        self.setFlags(MOVABLE)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.setZValue(2)

    def text_rect(self) -> QRectF:
        return QRectF(MARGIN, MARGIN, rules.CARD_WIDTH - 2 * MARGIN, rules.CARD_HEIGHT - 2 * MARGIN - BADGE_HEIGHT)

    def set_look(self, look: CardLook) -> None:
        if look == self.look:
            return
        self.look = look
        self._shown = None  # fitted when first painted: most of a big board is off screen
        self.setToolTip("" if look.hidden else "\n".join((look.text, *look.merged_texts)))
        self.update()

    def shown_text(self) -> str:
        """The text as the card shows it: cut at a word with "…" where it does not fit."""
        if self._shown is None:
            self._shown = "" if self.look.hidden else fitted_text(self.look.text, pixel_font(CARD_TEXT_PX),
                                                                  self.text_rect())
        return self._shown

    def paint(self, painter: QPainter, option, widget=None) -> None:
        look = self.look
        rect = QRectF(0, 0, rules.CARD_WIDTH, rules.CARD_HEIGHT)
        selected = self.isSelected() or self.hasFocus() or self.lifted
        painter.setPen(QPen(FOCUS, 4) if selected else QPen(QColor("#8a949c"), 1))
        painter.setBrush(QBrush(QColor(HIDDEN_COLOUR if look.hidden else look.colour)))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(INK)
        painter.setFont(pixel_font(CARD_TEXT_PX))
        if look.hidden:
            painter.drawText(self.text_rect(), int(Qt.AlignCenter), "• • •")
        else:
            painter.drawText(self.text_rect(), WRAP, self.shown_text())
        badges = [("↳ " if look.part else "") + look.kind_label]
        if look.merged:
            badges.append(f"+{look.merged}")
        if look.parts:
            badges.append(f"▸{look.parts}")
        if look.goal:
            badges.append("★")
        painter.setFont(pixel_font(BADGE_PX))
        painter.setPen(QColor("#3b4650"))
        badge = QRectF(MARGIN, rules.CARD_HEIGHT - MARGIN - BADGE_HEIGHT, rules.CARD_WIDTH - 2 * MARGIN, BADGE_HEIGHT)
        painter.drawText(badge, int(Qt.AlignLeft | Qt.AlignVCenter), "  ".join(badges))
        if look.votes:
            draw_votes(painter, badge, look.votes)


def draw_votes(painter: QPainter, rect: QRectF, votes: int) -> None:
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor("#c62828"))
    size = rect.height() - 2
    dot = QRectF(rect.right() - size, rect.top() + 1, size, size)
    painter.drawEllipse(dot)
    painter.setPen(QColor("white"))
    painter.setFont(pixel_font(BADGE_PX, bold=True))
    painter.drawText(dot, int(Qt.AlignCenter), str(votes))


class ClusterItem(QGraphicsRectItem):
    """A cluster's frame and name; its cards are drawn on top of it by the scene."""

    kind = "cluster"

    def __init__(self, cluster_id: str):
        super().__init__()
        self.setPen(Qt.NoPen)
        self.id = cluster_id
        self.frame = QRectF()
        self.name = ""
        self.placeholder = ""
        self.votes: int | None = None
        self.extra = ""  # a goal mark or the area it goes under
        self.lifted = False
        self.carried: list[QGraphicsItem] = []  # its cards while the mouse drags it
        self._carried_from = None
        self._title = ""
        self.setFlags(MOVABLE)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)
        self.setZValue(1)

    def set_look(self, width: float, height: float, name: str, placeholder: str, votes: int | None, extra: str) -> None:
        frame = QRectF(0, 0, width, height)
        if (frame, name, placeholder, votes, extra) != (self.frame, self.name, self.placeholder, self.votes, self.extra):
            self.frame, self.name, self.placeholder, self.votes, self.extra = frame, name, placeholder, votes, extra
            self.setRect(frame.adjusted(-2, -2, 2, 2))
            title = f"{name or placeholder}{'  ' + extra if extra else ''}"
            self._title = QFontMetricsF(pixel_font(CLUSTER_NAME_PX, bold=True)).elidedText(
                title, Qt.ElideRight, self.title_rect().width())
            self.update()

    def carry(self, cards: list[QGraphicsItem]) -> None:
        """While the mouse drags the cluster these cards move with it (an empty list: they no longer do)."""
        self.carried = cards
        self._carried_from = self.pos()
        self.setFlag(QGraphicsItem.ItemSendsGeometryChanges, bool(cards))

    def itemChange(self, change, value):  # noqa: N802 - Qt's name
        if change == QGraphicsItem.ItemPositionHasChanged and self.carried:
            delta = value - self._carried_from
            self._carried_from = value
            for card in self.carried:
                card.moveBy(delta.x(), delta.y())
        return super().itemChange(change, value)

    def title_rect(self) -> QRectF:
        return QRectF(rules.CLUSTER_PADDING, 8, self.frame.width() - 2 * rules.CLUSTER_PADDING - 40,
                      rules.CLUSTER_TITLE - 16)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        selected = self.isSelected() or self.hasFocus() or self.lifted
        painter.setPen(QPen(FOCUS, 4) if selected else QPen(QColor("#7d8a94"), 2, Qt.DashLine))
        painter.setBrush(QColor(240, 244, 247, 235))
        painter.drawRoundedRect(self.frame, 10, 10)
        painter.setFont(pixel_font(CLUSTER_NAME_PX, bold=True))
        painter.setPen(INK if self.name else QColor("#5b6770"))
        painter.drawText(self.title_rect(), int(Qt.AlignLeft | Qt.AlignVCenter), self._title)
        if self.votes:
            top = self.title_rect()
            draw_votes(painter, QRectF(self.frame.width() - rules.CLUSTER_PADDING - 36, top.top() + 8, 36, 32),
                       self.votes)


class PromptItem(QGraphicsRectItem):
    """A question heading its column of cards."""

    kind = "prompt"

    def __init__(self, prompt_id: str):
        super().__init__(PROMPT_BOUNDS)
        self.setPen(Qt.NoPen)
        self.id = prompt_id
        self.text = ""
        self._shown = ""
        self.current = False
        self.setFlags(QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsFocusable)
        self.setCacheMode(QGraphicsItem.DeviceCoordinateCache)

    def text_rect(self) -> QRectF:
        return PROMPT_BOUNDS.adjusted(14, 8, -14, -8)

    def set_look(self, text: str, current: bool) -> None:
        if (text, current) != (self.text, self.current):
            self.text, self.current = text, current
            self._shown = fitted_text(text, pixel_font(PROMPT_PX, bold=True), self.text_rect())
            self.setToolTip(text)
            self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        rect = PROMPT_BOUNDS
        painter.setPen(QPen(FOCUS, 4) if self.current or self.hasFocus() else QPen(QColor("#33404a"), 1))
        painter.setBrush(QColor("#33404a"))
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 8, 8)
        painter.setPen(QColor("white"))
        painter.setFont(pixel_font(PROMPT_PX, bold=True))
        painter.drawText(self.text_rect(), WRAP, self._shown)
