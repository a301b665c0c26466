"""Stage 2 — Förmågor, ta fram: capability cards linked to goals, broken down, clustered, moved to the map."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from digitalmotor_desktop.gui.stages.goals.malbild import GoalsList
from digitalmotor_desktop.gui.stages.goals.view import BoardStage
from digitalmotor_desktop.ops import board as ops
from digitalmotor_desktop.ops.board_to_map import DEFAULT_AREAS, move_to_map, set_cluster_area
from digitalmotor_desktop.ops.changes import BOARD, GOALS, MAP, ORGANISATIONS, WORKSHOP, Changes
from digitalmotor_desktop.store import board as store


class IdeasStage(BoardStage):
    stage = 2
    depends_on = frozenset({BOARD, GOALS, MAP, ORGANISATIONS, WORKSHOP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.goals = GoalsList(self.panel, checkable=True)
        self.goals.checked.connect(self._link)
        self.area_label = QLabel()
        self.area_label.setWordWrap(True)
        self.area = QComboBox()
        self.area.setEditable(True)
        self.put_under = QPushButton()
        self.put_under.clicked.connect(self.put_under_area)
        self.to_map = QPushButton()
        self.to_map.setStyleSheet("font-size:17px;font-weight:bold")
        self.to_map.clicked.connect(self.move_to_map)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.goals, 1)
        column.addWidget(self.area_label)
        column.addWidget(self.area)
        column.addWidget(self.put_under)
        column.addWidget(self.to_map)
        self.add_side_tabs(tab)
        self.break_down = self.panel.add_action("break_down", self.break_down_selected, "Ctrl+B")
        self.panel.extra_menu_actions = lambda: [self.break_down]
        self.panel.cluster_extra = self._area_of
        self.panel.selection_changed.connect(lambda cards, clusters: self._show_links())
        self.retranslate()

    def title(self) -> str:
        return self.tr("Capabilities – brainstorm")

    def retranslate(self) -> None:
        self.side.setTabText(0, self.tr("Goals and areas"))
        self.area_label.setText(self.tr("Area of the selected cluster (it becomes a group there)"))
        self.put_under.setText(self.tr("Put under area"))
        self.to_map.setText(self.tr("Move to the map"))
        self.break_down.setText(self.tr("Break down"))
        self.goals.retranslate()
        super().retranslate()

    def refresh(self, changes: Changes) -> None:
        if changes.touches(MAP):  # an area renamed in the map: the clusters under it say so
            self.panel.scene.forget_places()
        super().refresh(changes)
        names = [name for _id, name in store.live_areas(self.session.document)] if self.session else []
        typed = self.area.currentText()
        self.area.clear()
        self.area.addItems(names + [n for n in DEFAULT_AREAS if n not in names])
        if typed:
            self.area.setCurrentText(typed)
        self._show_links()

    def _area_of(self, cluster) -> str:
        if self.session is None or cluster.area_id is None:
            return ""
        name = dict(store.live_areas(self.session.document)).get(cluster.area_id, "")
        return f"→ {name}" + (" ✓" if cluster.group_id else "")

    def _show_links(self) -> None:
        board = self.panel.board
        cards = self.panel.scene.selected_cards()
        counts: dict[str, int] = {}
        for card in cards:
            for goal in board.note_goals.get(card, ()) if board else ():
                counts[goal] = counts.get(goal, 0) + 1
        self.goals.show_goals(counts, len(cards))
        self.goals.list.setEnabled(bool(cards))

    def _link(self, goal_id: str, on: bool) -> None:
        cards = self.panel.scene.selected_cards()
        if cards:
            self.panel.apply_op(lambda d: ops.link_goal(d, cards, goal_id, on))

    def break_down_selected(self) -> None:
        cards = self.panel.scene.selected_cards()
        self.panel.set_parent_card(cards[0] if cards else None)

    def put_under_area(self) -> None:
        name = self.area.currentText()
        for cluster in self.panel.scene.selected_clusters():
            self.panel.apply_op(lambda d, c=cluster: set_cluster_area(d, c, name))

    def move_to_map(self) -> None:
        if self.panel.apply_op(move_to_map):
            self.status_message.emit(self.tr("The placed clusters are groups in the capability map now (stage 3)."))
