"""The board of one stage as a widget: fast capture, the canvas, its actions and a card list.

Every gesture becomes one op from ops/board.py through the session's undo
stack. Each drag has a menu and keyboard equivalent (the actions below,
also in the context menu). The card list beside the canvas says in words
what the canvas shows (clusters by votes, then their cards), for screen
readers, and selecting there selects on the board.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractListModel, QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QMenu, QPushButton, QSpinBox,
                               QToolBar, QVBoxLayout, QWidget)

from digitalmotor_desktop.core import board as rules
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.gui.board.canvas import BoardScene, BoardView
from digitalmotor_desktop.gui.board.items import CLUSTER_NAME_PX, ClusterItem, CardItem, PromptItem, pixel_font
from digitalmotor_desktop.ops import board as ops
from digitalmotor_desktop.ops.changes import Edit
from digitalmotor_desktop.store import board as store
from digitalmotor_desktop.store import ratings as ratings_store


class StackUndoField(QLineEdit):
    """A text field whose Ctrl+Z / Ctrl+Shift+Z undo the board, not the letters typed (item 3 of the issue)."""

    def event(self, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.ShortcutOverride and (event.matches(QKeySequence.Undo)
                                                        or event.matches(QKeySequence.Redo)):
            event.ignore()  # the window's Undo/Redo actions take it
            return True
        return super().event(event)


class CardListModel(QAbstractListModel):
    """The board in words: one row per cluster and card."""

    def __init__(self):
        super().__init__()
        self.rows: list[tuple[str, str]] = []  # (id, text)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        if rows != self.rows:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.DisplayRole):
        if index.isValid() and role in (Qt.DisplayRole, Qt.AccessibleTextRole, Qt.ToolTipRole):
            return self.rows[index.row()][1]
        if index.isValid() and role == Qt.UserRole:
            return self.rows[index.row()][0]
        return None


class BoardPanel(QWidget):
    """One stage's board. ``selection_changed`` carries the selected card and cluster ids."""

    selection_changed = Signal(list, list)

    def __init__(self, stage: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.stage = stage
        self.session = None
        self.board: rules.Board | None = None
        self.kind = rules.NOTE_KINDS[stage][0]
        self.parent_card: str | None = None  # Break down: new cards become parts of this one
        self.suggestion: list[str] = []
        self.cluster_extra: Callable = lambda cluster: ""
        self.scene = BoardScene(self.kind_labels(), self)  # owned by the panel: it goes before the panel does
        self.view = BoardView(self.scene)
        self.view.setAccessibleName(self.tr("Board"))
        self.editor: QLineEdit | None = None

        self.prompt_box = QComboBox()
        self.prompt_box.setAccessibleName(self.tr("Question"))
        self.kind_button = QPushButton()
        self.kind_button.setAccessibleName(self.tr("Kind of card"))
        self.capture = StackUndoField()
        self.capture.setAccessibleName(self.tr("New card"))
        self.capture.setStyleSheet("font-size:18px")
        self.parent_label = QLabel()
        self.parent_label.hide()
        capture_row = QHBoxLayout()
        capture_row.addWidget(self.prompt_box, 2)
        capture_row.addWidget(self.kind_button)
        capture_row.addWidget(self.capture, 5)
        capture_row.addWidget(self.parent_label)

        self.suggestion_bar = QWidget()
        self.suggestion_label = QLabel()
        self.suggestion_label.setStyleSheet("font-size:16px")
        self.merge_button = QPushButton()
        self.dismiss_button = QPushButton()
        bar = QHBoxLayout(self.suggestion_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.suggestion_label, 1)
        bar.addWidget(self.merge_button)
        bar.addWidget(self.dismiss_button)
        self.suggestion_bar.hide()

        self.toolbar = QToolBar()
        self.voter = QComboBox()
        self.voter.setAccessibleName(self.tr("Votes for"))
        self.budget = QSpinBox()
        self.budget.setRange(0, 99)
        self.budget.setAccessibleName(self.tr("Dots per organisation"))
        self.actions_: dict[str, QAction] = {}
        self._make_actions()

        self.card_model = CardListModel()
        self.card_list = QListView()
        self.card_list.setModel(self.card_model)
        self.card_list.setAccessibleName(self.tr("Cards on the board"))
        self.card_list.setSelectionMode(QListView.ExtendedSelection)
        self.card_list.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(capture_row)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.suggestion_bar)
        layout.addWidget(self.view, 1)

        self.capture.returnPressed.connect(self.add_card)
        self.kind_button.clicked.connect(self.cycle_kind)
        self.prompt_box.currentIndexChanged.connect(lambda _: self._show())
        self.scene.dropped.connect(self._on_dropped)
        self.view.focus_changed.connect(self._describe_focus)
        self.scene.selectionChanged.connect(self._on_scene_selection)
        self.card_list.selectionModel().selectionChanged.connect(self._on_list_selection)
        self.merge_button.clicked.connect(self.merge_suggestion)
        self.dismiss_button.clicked.connect(self.dismiss_suggestion)
        self.budget.editingFinished.connect(self._set_budget)
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.vote_clicked.connect(lambda target, give: self.vote(give, target))
        self.view.edit_requested.connect(self.start_editing)
        self.retranslate()

    # -- actions ---------------------------------------------------------------------------------------

    def kind_labels(self) -> dict[str, str]:
        return {"expectation": self.tr("Expectation"), "challenge": self.tr("Challenge"), "unique": self.tr("Unique"),
                "capability": self.tr("Capability")}

    def add_action(self, name: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions_[name] = action
        return action

    def _make_actions(self) -> None:
        a = self.add_action
        a("group", self.group, "Ctrl+G")
        a("move_to_cluster", self.show_cluster_menu, "Ctrl+M")
        a("take_out", self.take_out, "Ctrl+Shift+G")
        a("rename", self.start_editing, "F2")
        a("merge", self.merge_selected, "Ctrl+D")
        a("suggest", self.suggest_duplicates, "Ctrl+Shift+D")
        a("delete", self.delete_selected, QKeySequence.Delete)
        a("kind", self.cycle_kind, "Ctrl+K")
        a("vote", lambda: self.vote(True), "+")
        a("unvote", lambda: self.vote(False), "-")
        a("vote_mode", lambda: None, checkable=True).toggled.connect(lambda on: setattr(self.view, "vote_clicks", on))
        a("show_votes", self._toggle_votes, checkable=True)
        a("private", self._toggle_private, checkable=True)
        a("reveal", lambda: self.apply_op(lambda d: ops.reveal(d, self.stage)))
        a("order", lambda: self.apply_op(lambda d: ops.tidy_up(d, self.stage)), "Ctrl+T")
        a("separate", self.separate_selected)
        a("add_prompt", self.add_prompt)
        a("delete_prompt", lambda: self.apply_op(lambda d: ops.delete_prompt(d, self.stage, self.current_prompt())))
        a("fit", self.view.fit, "Ctrl+0")
        a("actual", self.view.actual_size, "Ctrl+1")
        a("capture", lambda: self.capture.setFocus(), "Ctrl+L")
        for name in ("group", "move_to_cluster", "merge", "suggest", "reveal", "private", "order", "fit"):
            self.toolbar.addAction(self.actions_[name])
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.voter)
        self.toolbar.addAction(self.actions_["vote_mode"])
        self.toolbar.addWidget(self.budget)
        self.toolbar.addAction(self.actions_["show_votes"])

    def retranslate(self) -> None:
        names = {
            "group": self.tr("Group"), "move_to_cluster": self.tr("Move to cluster…"),
            "take_out": self.tr("Take out of cluster"), "rename": self.tr("Edit text"),
            "merge": self.tr("Merge duplicates"), "suggest": self.tr("Find duplicates"),
            "delete": self.tr("Delete"), "kind": self.tr("Next kind"), "vote": self.tr("Give a dot"),
            "unvote": self.tr("Take back a dot"), "vote_mode": self.tr("Vote by clicking"),
            "show_votes": self.tr("Show votes"), "private": self.tr("Write privately"),
            "reveal": self.tr("Reveal cards"), "order": self.tr("Tidy up"), "fit": self.tr("Fit to view"), "actual": self.tr("Actual size"),
            "capture": self.tr("Write a card"), "separate": self.tr("Separate duplicates"),
            "add_prompt": self.tr("Add question"), "delete_prompt": self.tr("Delete question"),
        }
        for name, text in names.items():
            self.actions_[name].setText(text)
        self.scene.kind_labels = self.kind_labels()
        self.capture.setPlaceholderText(self.tr("Type a card and press Enter"))
        self.merge_button.setText(self.tr("Merge them"))
        self.dismiss_button.setText(self.tr("Not duplicates"))
        self.budget.setSuffix(self.tr(" dots"))
        self._show_kind()
        self._show()

    # -- reading and showing ----------------------------------------------------------------------------

    def set_session(self, session) -> None:
        self.session = session
        self.parent_card = None
        self.refresh()

    def refresh(self) -> None:
        if self.session is None:
            self.board = None
            self.scene.show_board(rules.Board(self.stage, rules.BoardSettings(self.stage)), None, "")
            return
        document = self.session.document
        self.board = store.board(document, self.stage)
        current = self.prompt_box.currentData()
        self.prompt_box.blockSignals(True)
        self.prompt_box.clear()
        for prompt in self.board.prompts:
            self.prompt_box.addItem(prompt.text, prompt.id)
        index = max(0, self.prompt_box.findData(current))
        self.prompt_box.setCurrentIndex(index)
        self.prompt_box.blockSignals(False)
        voter = self.voter.currentData()
        self.voter.blockSignals(True)
        self.voter.clear()
        for organisation in ratings_store.organisations(document):
            self.voter.addItem(organisation.name, organisation.id)
        self.voter.setCurrentIndex(max(0, self.voter.findData(voter)))
        self.voter.blockSignals(False)
        settings = self.board.settings
        self.budget.blockSignals(True)
        self.budget.setValue(settings.vote_budget)
        self.budget.blockSignals(False)
        for name, on in (("show_votes", settings.votes_shown), ("private", settings.private_writing)):
            self.actions_[name].blockSignals(True)
            self.actions_[name].setChecked(on)
            self.actions_[name].blockSignals(False)
        if self.parent_card is not None and self.parent_card not in self.board.notes:
            self.set_parent_card(None)
        self._show()

    def _show(self) -> None:
        if self.board is None:
            return
        self.scene.show_board(self.board, self.current_prompt(), self.tr("Type a name…"), self.cluster_extra)
        self.show_list()
        self.selection_changed.emit(self.scene.selected_cards(), self.scene.selected_clusters())

    def show_list(self) -> None:
        """The card list is written while it is shown (a stage shows it on its own tab)."""
        if self.card_list.isVisible() and self.board is not None:
            self.card_model.set_rows(self._describe())

    def _describe(self) -> list[tuple[str, str]]:
        """Clusters by votes with their cards, then the cards on their own, in words."""
        board = self.board
        shown = board.settings.votes_shown
        totals = board.vote_totals() if shown else {}
        labels = self.kind_labels()

        def card(note) -> str:
            text = self.tr("(not revealed yet)") if note.hidden else note.text
            words = [f"{labels.get(note.kind, note.kind)}: {text}"]
            merged = board.merged_into(note.id)
            if merged:
                words.append(self.tr("also: {texts}").format(texts=" | ".join(n.text for n in merged)))
            if shown and totals.get(note.id):
                words.append(self.tr("{count} dots").format(count=totals[note.id]))
            return ", ".join(words)

        rows = []
        for cluster in rules.clusters_by_votes(board):
            members = board.members(cluster.id)
            heading = self.tr("Cluster “{name}”, {count} cards").format(
                name=cluster.name or self.tr("unnamed"), count=len(members))
            if shown:
                heading += ", " + self.tr("{count} dots").format(count=totals.get(cluster.id, 0))
            rows.append((cluster.id, heading))
            rows += [(n.id, "    " + card(n)) for n in members]
        rows += [(n.id, card(n)) for n in sorted(board.visible_notes(), key=lambda n: (n.position, n.id))
                 if n.cluster_id not in board.clusters]
        return rows

    def _describe_focus(self, item_id: str) -> None:
        """A screen reader hears the focused card or cluster, as the card list words it."""
        words = dict(self._describe()) if self.board else {}
        self.view.setAccessibleDescription(words.get(item_id, "").strip())

    def current_prompt(self) -> str | None:
        return self.prompt_box.currentData()

    def _show_kind(self) -> None:
        self.kind_button.setText(self.kind_labels()[self.kind])

    def cycle_kind(self) -> None:
        self.kind = rules.next_kind(self.stage, self.kind)
        self._show_kind()

    def set_parent_card(self, note_id: str | None) -> None:
        """Break down: while set, new cards become parts of this card."""
        self.parent_card = note_id
        if note_id is None or self.board is None:
            self.parent_label.hide()
            return
        self.parent_label.setText(self.tr("Part of: {text}").format(text=self.board.notes[note_id].text[:40]))
        self.parent_label.show()
        self.capture.setFocus()

    # -- edits --------------------------------------------------------------------------------------------

    def apply_op(self, make: Callable[[object], Edit]) -> bool:
        """Makes the op for the open document and runs it on the undo stack; a refusal goes to the presenter."""
        if self.session is None:
            return False
        try:
            edit = make(self.session.document)
        except UserError as error:
            self.session.error.emit(error)
            return False
        self.session.apply(edit)
        return True

    def add_card(self) -> None:
        text = self.capture.text()
        if not text.strip():
            return
        if self.apply_op(lambda d: ops.add_note(d, self.stage, self.current_prompt(), text, self.kind,
                                              parent_id=self.parent_card)):
            self.capture.clear()
        self.capture.setFocus()

    def selected(self) -> list[str]:
        return self.scene.selected_cards()

    def group(self) -> None:
        self.apply_op(lambda d: ops.group_notes(d, self.stage, self.selected()))

    def take_out(self) -> None:
        self.apply_op(lambda d: ops.take_out_of_cluster(d, self.stage, self.selected()))

    def merge_selected(self) -> None:
        focus = self.scene.focusItem()
        chosen = self.selected()
        if isinstance(focus, CardItem) and focus.id in chosen:  # the focused card is the one that stays
            chosen.remove(focus.id)
            chosen.insert(0, focus.id)
        self.apply_op(lambda d: ops.merge_duplicates(d, self.stage, chosen))

    def delete_selected(self) -> None:
        if self.selected():
            self.apply_op(lambda d: ops.delete_notes(d, self.stage, self.selected()))
        for cluster_id in self.scene.selected_clusters():
            self.apply_op(lambda d, c=cluster_id: ops.ungroup(d, self.stage, c))

    def separate_selected(self) -> None:
        """Every duplicate merged into the selected cards back on the board of its own (one undo step)."""
        merged = [n.id for card in self.selected() for n in (self.board.merged_into(card) if self.board else [])]
        if not merged or self.session is None:
            return
        self.session.undo_stack.beginMacro(self.tr("Separate duplicates"))
        for note_id in merged:
            self.apply_op(lambda d, n=note_id: ops.separate_duplicate(d, self.stage, n))
        self.session.undo_stack.endMacro()

    def add_prompt(self) -> None:
        """A new question: the text in the capture field, else one to be named at once."""
        text = self.capture.text().strip() or self.tr("New question")
        if self.apply_op(lambda d: ops.add_prompt(d, self.stage, text)):
            self.capture.clear()
            self.prompt_box.setCurrentIndex(self.prompt_box.count() - 1)
            if text == self.tr("New question"):
                self.start_editing(self.scene.prompts[self.current_prompt()])

    def cluster_menu(self) -> QMenu:
        """Move to cluster…: the clusters by name (and "New cluster"), for the selected cards."""
        menu = QMenu(self)
        for cluster in sorted(self.board.clusters.values() if self.board else [], key=lambda c: c.name.casefold()):
            menu.addAction(cluster.name or self.tr("unnamed"),
                           lambda c=cluster.id: self.apply_op(lambda d: ops.move_to_cluster(d, self.stage, self.selected(), c)))
        menu.addSeparator()
        menu.addAction(self.tr("New cluster"), self.group)
        return menu

    def show_cluster_menu(self) -> None:
        self.cluster_menu().popup(self.view.mapToGlobal(self.view.rect().center()))

    def vote(self, give: bool, target: str | None = None) -> None:
        organisation = self.voter.currentData()
        if organisation is None:
            return
        targets = [target] if target else (self.selected() or self.scene.selected_clusters())
        make = ops.add_vote if give else ops.remove_vote
        for chosen in targets:
            self.apply_op(lambda d, t=chosen: make(d, self.stage, organisation, t))

    def _toggle_votes(self, shown: bool) -> None:
        self.apply_op(lambda d: ops.show_votes(d, self.stage, shown))

    def _toggle_private(self, private: bool) -> None:
        self.apply_op(lambda d: ops.set_private_writing(d, self.stage, private))

    def _set_budget(self) -> None:
        if self.board is not None and self.budget.value() != self.board.settings.vote_budget:
            self.apply_op(lambda d: ops.set_vote_budget(d, self.stage, self.budget.value()))

    # -- duplicates -----------------------------------------------------------------------------------------

    def suggest_duplicates(self) -> None:
        if self.session is None:
            return
        groups = ops.similar_cards(self.session.document, self.stage)
        self.suggestion = groups[0] if groups else []
        if not self.suggestion:
            self.suggestion_label.setText(self.tr("No cards look alike."))
            self.merge_button.hide()
            self.dismiss_button.hide()
        else:
            self.suggestion_label.setText(self.tr("These {count} cards look alike: {texts}").format(
                count=len(self.suggestion), texts=" | ".join(self.board.notes[i].text for i in self.suggestion)))
            self.merge_button.show()
            self.dismiss_button.show()
            self.scene.select_only(self.suggestion)
        self.suggestion_bar.show()

    def merge_suggestion(self) -> None:
        chosen, self.suggestion = self.suggestion, []
        self.suggestion_bar.hide()
        if chosen:
            self.apply_op(lambda d: ops.merge_duplicates(d, self.stage, chosen))

    def dismiss_suggestion(self) -> None:
        """Not duplicates: an undoable edit kept in the file; the next suggestion, if any, is shown."""
        if self.apply_op(lambda d: ops.dismiss_duplicates(d, self.stage, self.suggestion)):
            self.suggest_duplicates()

    # -- gestures -----------------------------------------------------------------------------------------------

    def _on_dropped(self, cards: list[str], clusters: list[str], point) -> None:
        """One gesture, one op (several moved clusters: one undo step too)."""
        board = self.board
        edits: list[Callable] = [lambda d, c=c, p=self.scene.clusters[c].pos(): ops.move_cluster(d, self.stage, c, p.x(), p.y())
                                 for c in clusters]
        if cards:
            dragged = set(cards)
            target = rules.drop_target(point.x(), point.y(), self.scene.card_rects(dragged),
                                       self.scene.cluster_rects(set(clusters)), dragged)
            target_cluster = (board.notes[target.id].cluster_id if target.kind == "card" else
                              target.id if target.kind == "cluster" else None)
            if target_cluster in board.clusters:
                if any(board.notes[c].cluster_id != target_cluster for c in cards):
                    edits.append(lambda d: ops.move_to_cluster(d, self.stage, cards, target_cluster))
            elif target.kind == "card":
                edits.append(lambda d: ops.group_notes(d, self.stage, [target.id, *cards]))
            else:
                places = {c: (self.scene.cards[c].pos().x(), self.scene.cards[c].pos().y()) for c in cards}
                edits.append(lambda d: ops.move_notes(d, self.stage, places))
        stack = self.session.undo_stack if self.session else None
        if len(edits) > 1 and stack is not None:
            stack.beginMacro(self.tr("Move"))
        for make in edits:
            self.apply_op(make)
        if len(edits) > 1 and stack is not None:
            stack.endMacro()
        self.scene.forget_places()  # a drop that changed nothing snaps back
        self._show()

    def _context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        for name in ("group", "move_to_cluster", "take_out", "merge", "separate", "rename", "vote", "unvote", "delete",
                     "add_prompt", "delete_prompt"):
            menu.addAction(self.actions_[name])
        for action in self.extra_menu_actions():
            menu.addAction(action)
        menu.popup(self.view.mapToGlobal(position))

    def extra_menu_actions(self) -> list[QAction]:
        """Stage views add theirs (Make goal, Break down …)."""
        return []

    # -- editing text in place ----------------------------------------------------------------------------------

    def start_editing(self, item=None, typed: str = "") -> None:
        """F2, a double click or typing on a cluster: edit a card's text, a cluster's name or a question."""
        item = item if isinstance(item, (CardItem, ClusterItem, PromptItem)) else self.scene.focusItem()
        if not isinstance(item, (CardItem, ClusterItem, PromptItem)) or self.board is None:
            return
        if isinstance(item, CardItem):
            current, commit = self.board.notes[item.id].text, lambda d, t: ops.edit_note(d, self.stage, item.id, t)
        elif isinstance(item, ClusterItem):
            current = self.board.clusters[item.id].name
            commit = lambda d, t: ops.rename_cluster(d, self.stage, item.id, t)  # noqa: E731
        else:
            current = next(p.text for p in self.board.prompts if p.id == item.id)
            commit = lambda d, t: ops.edit_prompt(d, self.stage, item.id, t)  # noqa: E731
        editor = StackUndoField(self.view.viewport())
        editor.setFont(pixel_font(CLUSTER_NAME_PX))
        editor.setAccessibleName(self.tr("Edit text"))
        editor.setText(typed or current)
        box = self.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        editor.setGeometry(box.x(), box.y(), max(box.width(), 240), 44)
        self.editor = editor
        state = {"done": False}

        def finish(save: bool) -> None:
            if state["done"]:
                return
            state["done"] = True
            text = editor.text()
            editor.deleteLater()
            self.editor = None
            self.view.setFocus()
            if save and text.strip() != current:
                self.apply_op(lambda d: commit(d, text))

        editor.returnPressed.connect(lambda: finish(True))
        editor.editingFinished.connect(lambda: finish(True))
        editor.installEventFilter(_EscapeCancels(editor, lambda: finish(False)))
        editor.show()
        editor.setFocus()
        if not typed:
            editor.selectAll()

    # -- selection kept in step with the card list -----------------------------------------------------------

    def _on_scene_selection(self) -> None:
        ids = set(self.scene.selected_cards()) | set(self.scene.selected_clusters())
        selection = self.card_list.selectionModel()
        selection.blockSignals(True)
        selection.clearSelection()
        for row, (row_id, _text) in enumerate(self.card_model.rows):
            if row_id in ids:
                selection.select(self.card_model.index(row), QItemSelectionModel.Select)
        selection.blockSignals(False)
        self.card_list.viewport().update()
        self.selection_changed.emit(self.scene.selected_cards(), self.scene.selected_clusters())

    def _on_list_selection(self) -> None:
        ids = [self.card_model.rows[i.row()][0] for i in self.card_list.selectionModel().selectedRows()]
        self.scene.blockSignals(True)
        self.scene.select_only(ids)
        self.scene.blockSignals(False)
        for row_id in ids[:1]:
            item = self.scene.cards.get(row_id) or self.scene.clusters.get(row_id)
            self.view.ensureVisible(item)
        self.selection_changed.emit(self.scene.selected_cards(), self.scene.selected_clusters())


class _EscapeCancels(QObject):
    """Esc in the in-place editor leaves it without saving."""

    def __init__(self, editor: QLineEdit, cancel: Callable[[], None]):
        super().__init__(editor)
        self.cancel = cancel

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape:
            self.cancel()
            return True
        return False
