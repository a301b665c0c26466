"""The målbild beside the board: the workshop's goals, ordered and edited in place.

Stage 1 fills it (a card or a cluster becomes a goal); stage 2 uses it to
link capability cards to the goals they serve (``checkable``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from digitalmotor_desktop.gui.board.panel import StackUndoField
from digitalmotor_desktop.ops import board as ops
from digitalmotor_desktop.store import board as store


class GoalsList(QWidget):
    """The goals in order. ``checked(goal id, on)`` when a checkable item is ticked."""

    checked = Signal(str, bool)

    def __init__(self, panel, *, checkable: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.panel = panel  # the BoardPanel whose session and error route are used
        self.checkable = checkable
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size:20px;font-weight:bold")
        self.list = QListWidget()
        self.list.setStyleSheet("font-size:18px")
        self.list.setWordWrap(True)
        self.list.setAccessibleName(self.tr("Goal image (målbild)"))
        self.new_goal = StackUndoField(self)  # a child even where no layout takes it (the checkable list)
        self.new_goal.setStyleSheet("font-size:17px")
        self.up, self.down, self.remove = QPushButton(), QPushButton(), QPushButton()
        buttons = QHBoxLayout()
        for button in (self.up, self.down, self.remove):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        if not checkable:
            layout.addWidget(self.new_goal)
        else:
            self.new_goal.hide()
        self.new_goal.returnPressed.connect(self.add_goal)
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(1))
        self.remove.clicked.connect(self.delete)
        self.list.itemChanged.connect(self._on_item_changed)
        for keys, slot in (("Alt+Up", lambda: self.move(-1)), ("Alt+Down", lambda: self.move(1))):
            QShortcut(QKeySequence(keys), self.list, slot, context=Qt.WidgetShortcut)
        self._filling = False
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Goals to link") if self.checkable else self.tr("Goal image (målbild)"))
        self.new_goal.setPlaceholderText(self.tr("New goal, then Enter"))
        self.new_goal.setAccessibleName(self.new_goal.placeholderText())
        self.up.setText(self.tr("Up"))
        self.down.setText(self.tr("Down"))
        self.remove.setText(self.tr("Delete goal"))
        self.up.setToolTip("Alt+Up")
        self.down.setToolTip("Alt+Down")

    def show_goals(self, linked: dict[str, int] | None = None, selected: int = 0) -> None:
        """The goals; with ``checkable``, ticked where all ``selected`` cards are linked (``linked``: counts)."""
        session = self.panel.session
        current = self.current_id()
        self._filling = True
        self.list.clear()
        for number, goal in enumerate(store.goal_rows(session.document) if session else [], start=1):
            item = QListWidgetItem(goal.text if self.checkable else f"{number}. {goal.text}")
            item.setData(Qt.UserRole, goal.id)
            item.setData(Qt.UserRole + 1, goal.text)
            flags = item.flags() | Qt.ItemIsEnabled | Qt.ItemIsSelectable
            if self.checkable:
                flags |= Qt.ItemIsUserCheckable
                count = (linked or {}).get(goal.id, 0)
                item.setCheckState(Qt.Unchecked if not count else
                                   Qt.Checked if count == selected else Qt.PartiallyChecked)
            else:
                flags |= Qt.ItemIsEditable
            item.setFlags(flags)
            self.list.addItem(item)
            if goal.id == current:
                self.list.setCurrentItem(item)
        self._filling = False

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    def add_goal(self) -> None:
        text = self.new_goal.text()
        if text.strip() and self.panel.apply_op(lambda d: ops.add_goal(d, text)):
            self.new_goal.clear()

    def move(self, step: int) -> None:
        goal_id = self.current_id()
        if goal_id is not None:
            self.panel.apply_op(lambda d: ops.move_goal(d, goal_id, self.list.currentRow() + step))

    def delete(self) -> None:
        goal_id = self.current_id()
        if goal_id is not None:
            self.panel.apply_op(lambda d: ops.delete_goal(d, goal_id))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        goal_id = item.data(Qt.UserRole)
        if self.checkable:
            self.checked.emit(goal_id, item.checkState() == Qt.Checked)
            return
        text = item.text().split(". ", 1)[-1] if item.text().split(". ", 1)[0].isdigit() else item.text()
        if text.strip() and text != item.data(Qt.UserRole + 1):
            self.panel.apply_op(lambda d: ops.edit_goal(d, goal_id, text))
        else:
            self.show_goals()
