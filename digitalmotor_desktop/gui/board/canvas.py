"""The board canvas: a QGraphicsScene adapter over core/board.py and the view that shows it.

The scene keeps one item per card, cluster and prompt, updated in place from
a ``Board`` (only what changed repaints). Gestures do not edit anything: a
drag is recorded on press and reported once on release (``dropped``), as in
Qt's Undo Framework example, and the panel turns it into one op — one undo
step. The keyboard does the same without a mouse (WCAG 2.5.7): arrow keys
move focus between cards, Space lifts the selection, arrows move it, Enter
drops it where it is, Esc puts it back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from digitalmotor_desktop.core import board as rules
from digitalmotor_desktop.core.board import Board, Rect
from digitalmotor_desktop.gui.board.items import KIND_COLOURS, CardItem, CardLook, ClusterItem, PromptItem

#: How far one arrow key moves a lifted card (Shift: five times as far).
NUDGE = 20.0
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.2, 3.0)


def _rect(item: QGraphicsItem) -> Rect:
    box = item.sceneBoundingRect().adjusted(2, 2, -2, -2)
    return Rect(box.x(), box.y(), box.width(), box.height())


class BoardScene(QGraphicsScene):
    """Items for one stage's board. ``dropped(card ids, cluster ids, point)`` after a drag or a keyboard drop."""

    dropped = Signal(list, list, QPointF)

    def __init__(self, kind_labels: dict[str, str], parent=None):
        super().__init__(parent)
        self.kind_labels = kind_labels
        self.cards: dict[str, CardItem] = {}
        self.clusters: dict[str, ClusterItem] = {}
        self.prompts: dict[str, PromptItem] = {}
        self.board: Board | None = None
        self._pressed: dict[QGraphicsItem, QPointF] = {}
        self._full = True  # the next show_board visits every item
        self._labels: dict[str, str] | None = None
        self.setItemIndexMethod(QGraphicsScene.BspTreeIndex)

    # -- showing a board ---------------------------------------------------------------------------

    def show_board(self, board: Board, current_prompt: str | None, cluster_placeholder: str,
                   cluster_extra=lambda cluster: "") -> None:
        """Brings the items in line with ``board``: adds, updates and removes only what differs.

        A board kept between edits (store/board.py) holds the very same row objects for what did not
        change, so only the cards and clusters an edit touched, and those whose look or place follows
        from them, are visited (typing a card on a board of 2,000 visits a handful)."""
        previous, self.board = self.board, board
        shown = board.settings.votes_shown
        totals = board.vote_totals() if shown else {}
        self._sync(self.prompts, {p.id for p in board.prompts}, PromptItem)
        for index, prompt in enumerate(board.prompts):
            item = self.prompts[prompt.id]
            place = rules.prompt_rect(index)
            item.setPos(place.x, place.y)
            item.set_look(prompt.text, prompt.id == current_prompt)
        visible = board.visible_notes()
        added_cards = self._sync(self.cards, {n.id for n in visible}, CardItem)
        added_clusters = self._sync(self.clusters, set(board.clusters), ClusterItem)
        if self._full or previous is None or (previous.stage, previous.settings) != (board.stage, board.settings) \
                or self.kind_labels is not self._labels:
            cards, clusters = {n.id for n in visible}, set(board.clusters)
        else:
            cards, clusters = self._touched(previous, board)
            cards |= added_cards
            clusters |= added_clusters
        self._full, self._labels = False, self.kind_labels
        places = {}
        for cluster_id in clusters:
            cluster = board.clusters.get(cluster_id)
            if cluster is None:
                continue
            inside = board.members(cluster_id)
            layout = rules.cluster_layout(cluster.x, cluster.y, len(inside))
            item = self.clusters[cluster_id]
            item.setPos(cluster.x, cluster.y)
            item.set_look(layout.frame.width, layout.frame.height, cluster.name, cluster_placeholder,
                          totals.get(cluster_id) if shown else None, cluster_extra(cluster))
            places.update({n.id: xy for n, xy in zip(inside, layout.cards)})
        labels = self.kind_labels
        for note_id in cards:
            note = board.notes.get(note_id)
            item = self.cards.get(note_id)
            if note is None or item is None:
                continue
            place = places.get(note_id) if note.cluster_id in board.clusters else (note.x, note.y)
            if place is not None and item.place != place:
                item.place = place
                item.setPos(*place)
            merged = tuple(n.text for n in board.merged_into(note_id))
            parts = len(board.children(note_id))
            inputs = (note, merged, parts, totals.get(note_id) if shown else None)
            if inputs != item.inputs:
                item.inputs = inputs
                item.set_look(CardLook(note.text, labels.get(note.kind, note.kind), KIND_COLOURS.get(note.kind, "#ffffff"),
                                       note.hidden, len(merged), merged, inputs[3], note.goal_id is not None, parts,
                                       note.parent_id is not None))
        self._pressed = {}

    @staticmethod
    def _touched(previous: Board, board: Board) -> tuple[set[str], set[str]]:
        """Cards and clusters whose place or look may differ between two boards."""
        changed = {i for i, n in board.notes.items() if previous.notes.get(i) is not n}
        changed |= previous.notes.keys() - board.notes.keys()
        cards, clusters = set(changed), {i for i, c in board.clusters.items() if previous.clusters.get(i) is not c}
        clusters |= previous.clusters.keys() - board.clusters.keys()
        for note_id in changed:
            for version in (previous.notes.get(note_id), board.notes.get(note_id)):
                if version is not None:
                    cards.update(i for i in (version.merged_into_id, version.parent_id) if i)
                    if version.cluster_id:
                        clusters.add(version.cluster_id)
        if previous.votes != board.votes:
            for target in {v.target for v in set(previous.votes) ^ set(board.votes)}:
                cards.add(target)
                clusters.add(target)
                note = board.notes.get(target)
                if note is not None and note.cluster_id:
                    clusters.add(note.cluster_id)
        for cluster_id in list(clusters):
            cards.update(n.id for n in board.members(cluster_id))
            cards.update(n.id for n in previous.members(cluster_id))
        return cards, clusters

    def _sync(self, items: dict, wanted: set[str], make) -> set[str]:
        """Removes items no longer wanted, makes the missing ones; returns the ids of those made."""
        for gone in items.keys() - wanted:
            self.removeItem(items.pop(gone))
        added = wanted - items.keys()
        for new in added:
            items[new] = make(new)
            self.addItem(items[new])
        return added

    # -- reading what is selected --------------------------------------------------------------------

    def selected_cards(self) -> list[str]:
        return [i.id for i in self.selectedItems() if isinstance(i, CardItem)]

    def selected_clusters(self) -> list[str]:
        return [i.id for i in self.selectedItems() if isinstance(i, ClusterItem)]

    def card_rects(self, skip: set[str] = frozenset()) -> dict[str, Rect]:
        return {i: _rect(item) for i, item in self.cards.items() if i not in skip}

    def cluster_rects(self, skip: set[str] = frozenset()) -> dict[str, Rect]:
        return {i: _rect(item) for i, item in self.clusters.items() if i not in skip}

    def select_only(self, ids: list[str]) -> None:
        self.clearSelection()
        for i in ids:
            item = self.cards.get(i) or self.clusters.get(i)
            if item is not None:
                item.setSelected(True)
        first = next((self.cards.get(i) or self.clusters.get(i) for i in ids if i in self.cards or i in self.clusters),
                     None)
        if first is not None:
            self.setFocusItem(first)

    # -- a drag is one gesture ------------------------------------------------------------------------

    def movable_selection(self) -> list[QGraphicsItem]:
        return [i for i in self.selectedItems() if isinstance(i, (CardItem, ClusterItem))]

    def mousePressEvent(self, event):  # noqa: N802 - Qt's name
        super().mousePressEvent(event)
        self._pressed = {item: item.pos() for item in self.movable_selection()}
        # cards in a selected cluster move with it as the cluster does (ClusterItem.carry): a drag of cards
        # alone runs no Python on each mouse move
        for cluster in [item for item in self._pressed if isinstance(item, ClusterItem)]:
            members = [self.cards[n.id] for n in (self.board.members(cluster.id) if self.board else ())
                       if n.id in self.cards]
            cluster.carry([card for card in members if not card.isSelected()])
            self._pressed.update({card: card.pos() for card in members if card not in self._pressed})

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt's name
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, {}
        for item in pressed:
            if isinstance(item, ClusterItem):
                item.carry([])
        if any(item.pos() != start for item, start in pressed.items()):
            self.report_drop(list(pressed), event.scenePos())

    def report_drop(self, items: list[QGraphicsItem], point: QPointF) -> None:
        cards = [i.id for i in items if isinstance(i, CardItem) and i.isSelected()]
        clusters = [i.id for i in items if isinstance(i, ClusterItem)]
        self.dropped.emit(cards, clusters, point)

    def restore(self, starts: dict[QGraphicsItem, QPointF]) -> None:
        for item, start in starts.items():
            item.setPos(start)

    def forget_places(self) -> None:
        """After a gesture that changed nothing, every card goes back to its place on the next ``show_board``."""
        self._full = True
        for item in self.cards.values():
            item.place = None


class BoardView(QGraphicsView):
    """Zoom (Ctrl+wheel, Ctrl++ / Ctrl+-, Ctrl+0 fits), pan (scroll bars, middle button), rubber band.

    What a click, a double click or typing means beyond moving and selecting is handled here, in the view's own
    event handlers, and reported by signal: an event filter would put Python into every mouse move of a drag."""

    focus_changed = Signal(str)  # the id of the card or cluster that has focus
    vote_clicked = Signal(str, bool)  # while ``vote_clicks``: a card or cluster clicked (True: a dot given)
    edit_requested = Signal(object, str)  # a double-clicked item, or a focused cluster typed on (the text typed)

    def __init__(self, scene: BoardScene, parent=None):
        super().__init__(scene, parent)
        self.board_scene = scene
        self.setRenderHints(QPainter.Antialiasing | QPainter.TextAntialiasing)
        self.setDragMode(QGraphicsView.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.lifted: dict[QGraphicsItem, QPointF] = {}
        self.vote_clicks = False
        scene.focusItemChanged.connect(self._on_focus_item)

    def _on_focus_item(self, new, old, reason) -> None:
        if new is not None and hasattr(new, "id"):
            self.focus_changed.emit(new.id)

    # -- zoom and pan ---------------------------------------------------------------------------------

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if ZOOM_RANGE[0] <= scale <= ZOOM_RANGE[1]:
            self.scale(factor, factor)

    def actual_size(self) -> None:
        self.resetTransform()

    def fit(self) -> None:
        """Everything on the board in view (never above 100 %: fitting does not blow small boards up)."""
        bounds = self.scene().itemsBoundingRect().adjusted(-20, -20, 20, 20)
        if bounds.isEmpty():
            return
        self.fitInView(bounds, Qt.KeepAspectRatio)
        if self.transform().m11() > 1.0:
            self.resetTransform()
        self.ensureVisible(bounds.topLeft().x(), bounds.topLeft().y(), 1, 1)

    def wheelEvent(self, event):  # noqa: N802 - Qt's name
        if event.modifiers() & Qt.ControlModifier:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event):  # noqa: N802 - Qt's name
        if event.button() == Qt.MiddleButton:
            self.viewport().installEventFilter(_Panning(self, event.position()))
            return
        if self.vote_clicks and event.button() == Qt.LeftButton:
            item = self.itemAt(event.position().toPoint())  # a card, cluster or question: they have no child items
            if isinstance(item, (CardItem, ClusterItem)):
                self.vote_clicked.emit(item.id, not event.modifiers() & Qt.ShiftModifier)
                return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event):  # noqa: N802 - Qt's name
        item = self.itemAt(event.position().toPoint())
        if item is None:
            super().mouseDoubleClickEvent(event)
            return
        if not isinstance(item, PromptItem):
            self.board_scene.select_only([item.id])
        self.edit_requested.emit(item, "")

    # -- the keyboard: focus, lift, move, drop ---------------------------------------------------------

    ARROWS = {Qt.Key_Left: (-1, 0), Qt.Key_Right: (1, 0), Qt.Key_Up: (0, -1), Qt.Key_Down: (0, 1)}

    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        key = event.key()
        scene = self.board_scene
        if event.matches(QKeySequence.ZoomIn) or (key == Qt.Key_Equal and event.modifiers() & Qt.ControlModifier):
            self.zoom(ZOOM_STEP)
        elif event.matches(QKeySequence.ZoomOut):
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key_0 and event.modifiers() & Qt.ControlModifier:
            self.fit()
        elif key in self.ARROWS and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            dx, dy = self.ARROWS[key]
            if self.lifted:
                step = NUDGE * (5 if event.modifiers() & Qt.ShiftModifier else 1)
                for item in self.lifted:
                    item.moveBy(dx * step, dy * step)
                self.ensureVisible(next(iter(self.lifted)))
            else:
                self._move_focus(dx, dy, extend=bool(event.modifiers() & Qt.ShiftModifier))
        elif key == Qt.Key_Space and not self.lifted:
            self.lift()
        elif key in (Qt.Key_Return, Qt.Key_Enter) and self.lifted:
            self.drop()
        elif key == Qt.Key_Escape and self.lifted:
            self.cancel_lift()
        elif isinstance(scene.focusItem(), ClusterItem) and not self.lifted and event.text().isprintable() \
                and event.text().strip() and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
            self.edit_requested.emit(scene.focusItem(), event.text())  # name a cluster by typing on it
        else:
            super().keyPressEvent(event)

    def _move_focus(self, dx: int, dy: int, extend: bool) -> None:
        scene = self.board_scene
        current = scene.focusItem()
        rects = {**scene.card_rects(), **{f"cluster:{i}": r for i, r in scene.cluster_rects().items()}}
        if current is None or not hasattr(current, "id"):
            target = min(rects, key=lambda i: (rects[i].y, rects[i].x), default=None)
        else:
            key = current.id if isinstance(current, CardItem) else f"cluster:{current.id}"
            origin = rects.pop(key, None) or _rect(current)
            if isinstance(current, ClusterItem):  # from a cluster's name, its cards are below it
                origin = Rect(origin.x, origin.y, origin.width, rules.CLUSTER_TITLE)
            target = rules.nearest_in_direction(origin, rects, dx, dy)
        if target is None:
            return
        item = scene.cards.get(target) or scene.clusters.get(target.removeprefix("cluster:"))
        if not extend:
            scene.clearSelection()
        item.setSelected(True)
        scene.setFocusItem(item)
        self.ensureVisible(item)

    def lift(self) -> None:
        """Space: the selection (or the focused card) is picked up; arrows move it."""
        scene = self.board_scene
        items = scene.movable_selection()
        focus = scene.focusItem()
        if not items and isinstance(focus, (CardItem, ClusterItem)):
            focus.setSelected(True)
            items = [focus]
        if not items:
            return
        self.lifted = {item: item.pos() for item in items}
        for item in list(self.lifted):
            if isinstance(item, ClusterItem) and scene.board:
                for note in scene.board.members(item.id):
                    card = scene.cards.get(note.id)
                    if card is not None and card not in self.lifted:
                        self.lifted[card] = card.pos()
        for item in self.lifted:
            item.lifted = True
            item.setZValue(item.zValue() + 10)
            item.update()

    def _put_down(self) -> dict[QGraphicsItem, QPointF]:
        lifted, self.lifted = self.lifted, {}
        for item in lifted:
            item.lifted = False
            item.setZValue(item.zValue() - 10)
            item.update()
        return lifted

    def drop(self) -> None:
        """Enter: the lifted cards land where they are (on a card, in a cluster, or on the board)."""
        lifted = self._put_down()
        if any(item.pos() != start for item, start in lifted.items()):
            focus = self.board_scene.focusItem()
            anchor = focus if focus in lifted else next(iter(lifted))
            point = anchor.sceneBoundingRect().center()
            if isinstance(anchor, ClusterItem):
                point = anchor.sceneBoundingRect().topLeft() + QPointF(8, 8)
            self.board_scene.report_drop(list(lifted), point)

    def cancel_lift(self) -> None:
        """Esc: everything lifted goes back where it was; nothing is recorded."""
        self.board_scene.restore(self._put_down())

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()


class _Panning(QObject):
    """While the middle button is held: the board follows the mouse. Installed on the view's viewport for that
    gesture only, so the view itself has no Python mouse-move handler to run on every move of a drag."""

    def __init__(self, view: BoardView, start: QPointF):
        super().__init__(view)
        self.view = view
        self.last = start

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.MouseMove:
            delta = event.position() - self.last
            self.last = event.position()
            for bar, moved in ((self.view.horizontalScrollBar(), delta.x()), (self.view.verticalScrollBar(), delta.y())):
                bar.setValue(bar.value() - int(moved))
            return True
        if event.type() == QEvent.MouseButtonRelease and event.button() == Qt.MiddleButton:
            watched.removeEventFilter(self)
            self.deleteLater()
            return True
        return False
