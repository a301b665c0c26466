"""Stages 1 and 2 for the room: the board read-only, in type the back row can read.

The facilitator's board is laid out for working on (a tall column of cards per question), which
fitted to a projector would shrink its text to a few pixels. The room sees the same board set as
a newspaper page instead: the clusters (by their dots once the dots are shown, else as they stand on
the board) with their names and cards, then the cards not yet in a cluster under their question,
flowed into as many columns as needed, in the largest type that lets everything fit the screen,
never smaller than 1/50 of its height; what does not fit even then is counted ("+ 12 more cards").

Only what the room may see: a hidden card is a blank card until revealed, dots are totals and
only once shown, and a card never says who wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView

from digitalmotor_desktop.core import board as rules
from digitalmotor_desktop.gui.board.items import HIDDEN_COLOUR, KIND_COLOURS
from digitalmotor_desktop.gui.room.audience import LARGE_TEXT_SHARE, LEAST_TEXT_SHARE, TEXT_SHARE, THEMES
from digitalmotor_desktop.gui.room.views import AudienceView
from digitalmotor_desktop.ops.changes import BOARD, WORKSHOP
from digitalmotor_desktop.store import board as store

WRAP = int(Qt.AlignLeft | Qt.AlignTop | Qt.TextWordWrap)
MOST_COLUMNS = 8


@dataclass(frozen=True)
class Block:
    """One thing on the room's page: a section's title or a card (``text`` is "" for a hidden card)."""

    text: str
    title: bool = False
    colour: str = ""
    dots: int = 0


def room_blocks(board: rules.Board, loose_title) -> list[Block]:
    """The board in the room's reading order: clusters with their cards, then the loose cards per question."""
    shown = board.settings.votes_shown
    totals = board.vote_totals() if shown else {}

    def card(note: rules.Note) -> Block:
        text = "" if note.hidden else ("↳ " if note.parent_id else "") + note.text
        return Block(text, colour=HIDDEN_COLOUR if note.hidden else KIND_COLOURS.get(note.kind, "#ffffff"),
                     dots=totals.get(note.id, 0))

    clusters = rules.clusters_by_votes(board) if shown else sorted(board.clusters.values(),
                                                                   key=lambda c: (c.y, c.x, c.id))
    blocks = []
    for cluster in clusters:
        blocks.append(Block(cluster.name or "…", title=True, dots=totals.get(cluster.id, 0)))
        blocks += [card(n) for n in board.members(cluster.id)]
    loose = [n for n in board.visible_notes() if n.cluster_id not in board.clusters]
    questions = {p.id: p.text for p in board.prompts}
    for prompt_id in [*questions, None]:
        under = [n for n in loose if (n.prompt_id if n.prompt_id in questions else None) == prompt_id]
        if under:
            blocks.append(Block(questions.get(prompt_id) or loose_title, title=True))
            blocks += [card(n) for n in sorted(under, key=lambda n: (n.position, n.id))]
    return blocks


def font(size: float, bold: bool = False) -> QFont:
    made = QFont()
    made.setPixelSize(max(1, round(size)))
    made.setBold(bold)
    return made


class BoardAudience(AudienceView):
    depends_on = frozenset({BOARD, WORKSHOP})

    def __init__(self, stage):
        super().__init__(stage)
        self.scene = QGraphicsScene(self)
        self.view = QGraphicsView(self.scene)
        self.view.setFrameShape(QFrame.NoFrame)
        self.view.setInteractive(False)
        self.view.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.body.addWidget(self.view, 1)
        self.blocks: list[Block] = []
        self.text_px = 0.0  # the card text's size as laid out
        self.left_out = 0  # cards that did not fit
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.lay_out)
        self.show_state()

    def show_state(self) -> None:
        if self.session is None:
            return
        board = store.board(self.session.document, self.stage.stage)
        self.blocks = room_blocks(board, self.tr("Not in a cluster yet"))
        self._pending.start()

    def resizeEvent(self, event):  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._pending.start()

    def changeEvent(self, event):  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == event.Type.StyleChange:  # large type or high contrast switched in the audience window
            self._pending.start()

    # -- the page ----------------------------------------------------------------------------------------
    def _screen_height(self) -> int:
        window = self.window()
        height = getattr(window, "screen_height", window.height)()
        return max(height, 1)

    def _text_sizes(self) -> tuple[float, float]:
        """The least and the largest card text, from the screen's height."""
        height = self._screen_height()
        large = getattr(self.window(), "large", False)
        return height * LEAST_TEXT_SHARE, height * (LARGE_TEXT_SHARE if large else TEXT_SHARE)

    def _heights(self, size: float, width: float) -> list[float]:
        pad = size * 0.5
        heights = []
        for block in self.blocks:
            metrics = QFontMetricsF(font(size * (1.25 if block.title else 1), bold=block.title))
            text = self._written(block) or "•"
            wrapped = metrics.boundingRect(QRectF(0, 0, width - 2 * pad, 1e6), WRAP, text).height()
            heights.append(wrapped + (pad * 0.6 if block.title else 2 * pad) + 2)
        return heights

    def _written(self, block: Block) -> str:
        return f"{block.text}   ● {block.dots}" if block.dots else block.text

    def _flow(self, heights: list[float], columns: int, room_height: float, gap: float) -> list[tuple[int, float]] | None:
        """(column, top) of each block, flowed column after column; None when they do not all fit."""
        places, column, top = [], 0, 0.0
        for index, height in enumerate(heights):
            title_alone = self.blocks[index].title and index + 1 < len(heights) \
                and top + height + gap + heights[index + 1] > room_height  # a title goes with its first card
            if top > 0 and (top + height > room_height or title_alone):
                column, top = column + 1, 0.0
            if column >= columns or height > room_height:
                return None
            places.append((column, top))
            top += height + gap
        return places

    def _fit(self, width: float, height: float):
        """The largest text size and fewest columns that show every block; else the least size, cut."""
        least, most = self._text_sizes()
        size = most
        while size >= least:
            for columns in range(1, MOST_COLUMNS + 1):
                gap = size * 0.5
                column_width = (width - (columns - 1) * gap) / columns
                if column_width < size * 8:
                    break
                heights = self._heights(size, column_width)
                places = self._flow(heights, columns, height, gap)
                if places is not None:
                    return size, columns, heights, places
            size -= 1
        columns = max(1, min(MOST_COLUMNS, int((width + least * 0.5) / (least * 8.5))))
        gap = least * 0.5
        heights = self._heights(least, (width - (columns - 1) * gap) / columns)
        for shown in range(len(self.blocks), 0, -1):  # as many as fit, and the place of a line saying how many did not
            places = self._flow(heights[:shown] + [least * 2], columns, height, gap)
            if places is not None:
                return least, columns, heights[:shown], places
        return least, columns, [], [(0, 0.0)]

    def lay_out(self) -> None:
        self.scene.clear()
        viewport = self.view.viewport()
        width, height = viewport.width(), viewport.height()
        self.scene.setSceneRect(0, 0, width, height)
        if not self.blocks or width < 50 or height < 50:
            self.left_out = 0
            return
        high_contrast = bool(getattr(self.window(), "high_contrast", False))
        colours = THEMES[high_contrast]
        size, columns, heights, places = self._fit(width, height)
        self.text_px = size
        gap = size * 0.5
        column_width = (width - (columns - 1) * gap) / columns
        pad = size * 0.5
        for block, block_height, (column, top) in zip(self.blocks, heights, places):
            left = column * (column_width + gap)
            if not block.title:
                self.scene.addRect(QRectF(left, top, column_width, block_height), QPen(QColor(colours["text"]), 2),
                                   QBrush(QColor(colours["page"] if high_contrast else block.colour)))
            text = QGraphicsTextItem(self._written(block))  # plain text: a card is shown as typed, never as markup
            text.setFont(font(size * (1.25 if block.title else 1), bold=block.title))
            text.setDefaultTextColor(QColor(colours["text"] if block.title or high_contrast else "#1d2730"))
            text.document().setDocumentMargin(0)
            text.setTextWidth(column_width - 2 * pad)
            text.setPos(left + pad, top + (pad * 0.3 if block.title else pad))
            self.scene.addItem(text)
        self.left_out = sum(1 for b in self.blocks[len(heights):] if not b.title)
        if len(heights) < len(self.blocks):
            more = QGraphicsSimpleTextItem(self.tr("+ {count} more cards").format(count=self.left_out))
            more.setFont(font(size, bold=True))
            more.setBrush(QColor(colours["quiet"]))
            column, top = places[len(heights)]
            more.setPos(column * (column_width + gap) + pad, top)
            self.scene.addItem(more)
