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

import dataclasses
import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsTextItem, QGraphicsView

from digitalmotor_desktop.core import board as rules
from digitalmotor_desktop.gui.board.items import HIDDEN_COLOUR, KIND_COLOURS, pixel_font
from digitalmotor_desktop.gui.room.audience import LARGE_TEXT_SHARE, LEAST_TEXT_SHARE, TEXT_SHARE, THEMES
from digitalmotor_desktop.gui.room.views import AudienceView
from digitalmotor_desktop.ops.changes import BOARD, MAP, WORKSHOP
from digitalmotor_desktop.store import board as store

MOST_COLUMNS = 8
TITLE_SCALE = 1.25  # a cluster's name or a question, against the card text


@dataclass(frozen=True)
class Page:
    """The room's page at one text size: ``columns`` of ``column_width``, ``height`` tall."""

    size: int  # the card text, px
    columns: int
    column_width: float
    height: float
    gap: float
    continued: float  # the height of a one-line title or note
    least_block: float  # the height of a one-line card


@dataclass(frozen=True)
class Placed:
    """A block (or a section's "continued" line, or the "+ N more cards" line) at ``top`` of ``column``."""

    what: str  # "block", "continued" or "more"
    index: int  # the block's (for "more": the first block left out)
    column: int
    top: float


@dataclass(frozen=True)
class Block:
    """One thing on the room's page: a section's title or a card (``text`` is "" for a hidden card)."""

    text: str
    title: bool = False
    colour: str = ""
    dots: int = 0


def room_blocks(board: rules.Board, loose_title: str, areas: dict[str, str]) -> list[Block]:
    """The board in the room's reading order: clusters (named with the area they go under, if any) with their
    cards, then the loose cards per question."""
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
        area = f" – {areas[cluster.area_id]}" if cluster.area_id in areas else ""
        blocks.append(Block((cluster.name or "…") + area, title=True, dots=totals.get(cluster.id, 0)))
        blocks += [card(n) for n in board.members(cluster.id)]
    loose = [n for n in board.visible_notes() if n.cluster_id not in board.clusters]
    questions = {p.id: p.text for p in board.prompts}
    for prompt_id in [*questions, None]:
        under = [n for n in loose if (n.prompt_id if n.prompt_id in questions else None) == prompt_id]
        if under:
            blocks.append(Block(questions.get(prompt_id) or loose_title, title=True))
            blocks += [card(n) for n in sorted(under, key=lambda n: (n.position, n.id))]
    return blocks


def wrapped_height(text: str, font: QFont, width: float) -> float:
    """The height of ``text`` wrapped to ``width`` as a QGraphicsTextItem lays it out (at word boundaries, a word
    longer than the line broken anywhere), so a card's box is as tall as its text."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return height


class BoardAudience(AudienceView):
    depends_on = frozenset({BOARD, MAP, WORKSHOP})  # MAP: an area renamed in the map

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
        self._measured: dict[tuple, float] = {}
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.lay_out)
        self.show_state()

    def show_state(self) -> None:
        if self.session is None:
            return
        board = store.board(self.session.document, self.stage.stage)
        self.blocks = room_blocks(board, self.tr("Not in a cluster yet"), dict(store.live_areas(self.session.document)))
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
        window = self.audience_window()
        height = getattr(window, "screen_height", window.height)()
        return max(height, 1)

    def _text_sizes(self) -> tuple[float, float]:
        """The least and the largest card text, from the screen's height."""
        height = self._screen_height()
        large = getattr(self.audience_window(), "large", False)
        return height * LEAST_TEXT_SHARE, height * (LARGE_TEXT_SHARE if large else TEXT_SHARE)

    def _heights(self, size: int, width: float, count: int | None = None) -> list[float]:
        """The heights of the first ``count`` blocks (all by default) at ``size`` in a column ``width`` wide."""
        pad = size * 0.5
        heights = []
        for block in self.blocks[:count]:
            key = (block.title, self._written(block), size, round(width))
            if key not in self._measured:
                self._measured[key] = wrapped_height(self._written(block) or "•", self._font(block, size),
                                                     width - 2 * pad) + (pad * 0.6 if block.title else 2 * pad) + 2
            heights.append(self._measured[key])
        if len(self._measured) > 50_000:  # measured once per text, size and width: kept across redraws, within reason
            self._measured.clear()
        return heights

    @staticmethod
    def _font(block: Block, size: float) -> QFont:
        return pixel_font(round(size * TITLE_SCALE), bold=True) if block.title else pixel_font(round(size))

    def _written(self, block: Block) -> str:
        return f"{block.text}   ● {block.dots}" if block.dots else block.text

    def _flow(self, heights: list[float], page: Page, shown: int, more: bool) -> list[Placed] | None:
        """The first ``shown`` blocks flowed column after column (and, with ``more``, the line saying how many
        cards did not fit); None when they do not fit.

        A section (a title and its cards) that fits a column is not split: it starts a new column rather
        than leave its last cards at the top of the next one. One taller than a column goes on in the next
        under a one-line "continued" title."""
        placed, column, top, section = [], 0, 0.0, None
        for index in range(shown):
            height = heights[index]
            if self.blocks[index].title:
                section = index
                end = next((i for i in range(index + 1, shown) if self.blocks[i].title), shown)
                whole = sum(heights[index:end]) + page.gap * (end - index - 1)
                first = height + page.gap + heights[index + 1] if index + 1 < end else height
                if top > 0 and top + (whole if whole <= page.height else first) > page.height:
                    column, top = column + 1, 0.0
            elif top > 0 and top + height > page.height:
                column, top = column + 1, 0.0
                if section is not None:
                    placed.append(Placed("continued", section, column, top))
                    top += page.continued + page.gap
            if column >= page.columns or top + height > page.height:
                return None
            placed.append(Placed("block", index, column, top))
            top += height + page.gap
        if more:
            if top > 0 and top + page.continued > page.height:
                column, top = column + 1, 0.0
            if column >= page.columns:
                return None
            placed.append(Placed("more", shown, column, top))
        return placed

    def _page(self, size: int, columns: int, width: float, height: float) -> Page:
        gap = size * 0.5
        line = QFontMetricsF(pixel_font(size)).height()
        return Page(size, columns, (width - (columns - 1) * gap) / columns, height, gap, line + size * 0.3 + 2,
                    line + 2 * size * 0.5 + 2)

    def _fitting(self, size: int, width: float, height: float) -> tuple[Page, list[float], list[Placed]] | None:
        """The fewest columns that show every block at ``size``, or None."""
        widest = size * 36  # some sixty letters a line: a wider column is hard to follow across a room
        for columns in range(max(1, math.ceil((width + size * 0.5) / (widest + size * 0.5))), MOST_COLUMNS + 1):
            page = self._page(size, columns, width, height)
            if page.column_width < size * 12:  # some twenty letters a line: a column narrower reads badly
                return None
            if len(self.blocks) * (page.least_block + page.gap) > columns * (height + page.gap):
                continue  # not even one line a block would fit: nothing to measure
            heights = self._heights(size, page.column_width)
            placed = self._flow(heights, page, len(self.blocks), more=False)
            if placed is not None:
                return self._balanced(page, heights, placed)
        return None

    def _balanced(self, page: Page, heights: list[float], placed: list[Placed]) -> tuple[Page, list[float], list[Placed]]:
        """The same blocks flowed into columns as short as they can be, so that they share the screen evenly
        rather than fill the first columns and leave the last one empty (never so short that a section
        which fitted a column is split)."""
        starts = [i for i, block in enumerate(self.blocks) if block.title] + [len(self.blocks)]
        sections = [sum(heights[a:b]) + page.gap * (b - a - 1) for a, b in zip(starts, starts[1:])]
        low, high = min(page.height, max([*sections, *heights])), page.height
        while high - low > 4:
            middle = (low + high) / 2
            shorter = self._flow(heights, dataclasses.replace(page, height=middle), len(self.blocks), more=False)
            if shorter is None:
                low = middle
            else:
                high, placed = middle, shorter
        return page, heights, placed

    def _fit(self, width: float, height: float) -> tuple[Page, list[float], list[Placed]]:
        """The largest text and fewest columns that show every block; else the least text, cut short.

        Smaller text never fits fewer blocks, so the size is searched by halves."""
        least_share, most_share = self._text_sizes()
        least, most = math.ceil(least_share), max(math.ceil(least_share), math.floor(most_share))
        best = self._fitting(least, width, height)
        if best is None:
            return self._cut(least, width, height)
        low, high = least, most
        while low < high:
            middle = (low + high + 1) // 2
            fitting = self._fitting(middle, width, height)
            if fitting is None:
                high = middle - 1
            else:
                low, best = middle, fitting
        return best

    def _cut(self, size: int, width: float, height: float) -> tuple[Page, list[float], list[Placed]]:
        """As many blocks as fit at ``size``, and a line saying how many cards did not."""
        page = self._page(size, max(1, min(MOST_COLUMNS, int((width + size * 0.5) / (size * 12.5)))), width, height)
        most = min(len(self.blocks), page.columns * int((height + page.gap) / (page.least_block + page.gap)))
        heights = self._heights(size, page.column_width, most)
        low, high, best = 0, most, self._flow(heights, page, 0, more=True) or []
        while low < high:  # the most blocks that fit with the line
            middle = (low + high + 1) // 2
            placed = self._flow(heights, page, middle, more=True)
            if placed is None:
                high = middle - 1
            else:
                low, best = middle, placed
        return page, heights, best

    def lay_out(self) -> None:
        self.scene.clear()
        viewport = self.view.viewport()
        width, height = viewport.width(), viewport.height()
        self.scene.setSceneRect(0, 0, width, height)
        self.left_out = 0
        if not self.blocks or width < 50 or height < 50:
            return
        high_contrast = bool(getattr(self.audience_window(), "high_contrast", False))
        colours = THEMES[high_contrast]
        page, heights, placed = self._fit(width, height)
        self.text_px = page.size
        pad = page.size * 0.5
        for place in placed:
            left = place.column * (page.column_width + page.gap)
            if place.what == "more":
                self.left_out = sum(1 for b in self.blocks[place.index:] if not b.title)
                self._add_line(self.tr("+ {count} more cards").format(count=self.left_out), page, colours["quiet"],
                               left + pad, place.top)
                continue
            block = self.blocks[place.index]
            if place.what == "continued":
                self._add_line(block.text, page, colours["text"], left + pad, place.top, self.tr("(continued)"))
                continue
            if not block.title:
                self.scene.addRect(QRectF(left, place.top, page.column_width, heights[place.index]),
                                   QPen(QColor(colours["text"]), 2),
                                   QBrush(QColor(colours["page"] if high_contrast else block.colour)))
            text = QGraphicsTextItem(self._written(block))  # plain text: a card is shown as typed, never as markup
            text.setFont(self._font(block, page.size))
            text.setDefaultTextColor(QColor(colours["text"] if block.title or high_contrast else "#1d2730"))
            text.document().setDocumentMargin(0)
            text.setTextWidth(page.column_width - 2 * pad)
            text.setPos(left + pad, place.top + (pad * 0.3 if block.title else pad))
            self.scene.addItem(text)

    def _add_line(self, text: str, page: Page, colour: str, x: float, y: float, after: str = "") -> None:
        """One bold line: ``text`` cut with "…" to the column, then ``after`` whole."""
        line_font = pixel_font(page.size, bold=True)
        metrics = QFontMetricsF(line_font)
        room = page.column_width - page.size - (metrics.horizontalAdvance(" " + after) if after else 0)
        line = QGraphicsSimpleTextItem(" ".join(filter(None, (metrics.elidedText(text, Qt.ElideRight, room), after))))
        line.setFont(line_font)
        line.setBrush(QColor(colour))
        line.setPos(x, y + page.size * 0.15)
        self.scene.addItem(line)
