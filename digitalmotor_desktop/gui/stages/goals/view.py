"""Stage 1 — Mål och vision: answers to the questions on the board, clustered, voted on, made into goals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from digitalmotor_desktop.gui.attendance_panel import AttendancePanel
from digitalmotor_desktop.gui.board.panel import BoardPanel
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.goals.malbild import GoalsList
from digitalmotor_desktop.ops import board as ops
from digitalmotor_desktop.ops.changes import BOARD, GOALS, ORGANISATIONS, WORKSHOP, Changes
from digitalmotor_desktop.store.workshop import municipal_domains


class BoardStage(StageView):
    """A stage whose main area is a board, with tabs beside it (the card list always among them)."""

    stage = 1
    depends_on = frozenset({BOARD, GOALS, ORGANISATIONS, WORKSHOP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.panel = BoardPanel(self.stage)
        self.side = QTabWidget()
        self.side.setMinimumWidth(300)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.panel)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1100, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.splitter = splitter
        self.phones = self.panel.add_action("phones", self.let_phones_join)
        # Beside "Reveal cards", which shows the notes phones send: in sight at 1280×720, not in the overflow.
        self.panel.toolbar.insertAction(self.panel.actions_["reveal"], self.phones)
        self.panel.prompt_box.currentIndexChanged.connect(lambda _: self._phones_follow_question())
        self._phones_asked = False  # aiohttp is loaded only once the facilitator asks for phones

    def add_side_tabs(self, first: QWidget) -> None:
        self.side.addTab(first, "")
        self.side.addTab(self.panel.card_list, "")
        self.side.currentChanged.connect(lambda _: self.panel.show_list())

    def audience_widget(self):
        from digitalmotor_desktop.gui.stages.goals.audience import BoardAudience

        return BoardAudience(self)

    def set_session(self, session) -> None:
        self.panel.session = session
        super().set_session(session)

    def refresh(self, changes: Changes) -> None:
        self.panel.refresh()

    def let_phones_join(self):
        """Phones write notes under the current question; they arrive hidden until the cards are revealed."""
        from digitalmotor_desktop.gui.phones.dialog import open_phones_dialog
        from digitalmotor_desktop.server.room import NotesOffer

        if self.session is not None:
            self._phones_asked = True
            return open_phones_dialog(self.window(), self.session, NotesOffer(self.stage, self.panel.current_prompt()))

    def _phones_follow_question(self) -> None:
        if not self._phones_asked or self.session is None:
            return
        from digitalmotor_desktop.gui.phones.server import PhoneServer
        from digitalmotor_desktop.server.room import NotesOffer

        server = PhoneServer.of(self.session)
        if server.room.notes is not None and server.room.notes.stage == self.stage:
            server.offer(NotesOffer(self.stage, self.panel.current_prompt()))

    def retranslate(self) -> None:
        self.panel.retranslate()
        self.phones.setText(self.tr("Let phones join…"))
        self.phones.setToolTip(self.tr("Participants write notes on their own phones over this room's network"))
        self.side.setTabText(1, self.tr("Cards as a list"))
        self.refresh(Changes.of(BOARD))


class GoalsStage(BoardStage):
    stage = 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self.goals = GoalsList(self.panel)
        self.make_goal = QPushButton()
        self.make_goal.clicked.connect(self.goal_from_selection)
        self.domain_label = QLabel()
        self.domain = QComboBox()
        self.domain.activated.connect(self._tag_prompt)
        tab = QWidget()
        column = QVBoxLayout(tab)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.goals, 1)
        column.addWidget(self.make_goal)
        column.addWidget(self.domain_label)
        column.addWidget(self.domain)
        self.add_side_tabs(tab)
        self.attendance = AttendancePanel()  # the study's table: ticked as the organisations arrive
        self.side.addTab(self.attendance, "")
        self.make_goal_action = self.panel.add_action("make_goal", self.goal_from_selection, "Ctrl+Shift+M")
        self.panel.extra_menu_actions = lambda: [self.make_goal_action]
        self.panel.prompt_box.currentIndexChanged.connect(lambda _: self._show_domain())
        self.retranslate()

    def title(self) -> str:
        return self.tr("Goals and vision")

    def retranslate(self) -> None:
        self.side.setTabText(0, self.tr("Goal image (målbild)"))
        self.make_goal.setText(self.tr("Make goal from selection"))
        self.make_goal_action.setText(self.tr("Make goal"))
        self.domain_label.setText(self.tr("Municipal domain of this question (SCB)"))
        self.side.setTabText(self.side.indexOf(self.attendance), self.tr("Attendance"))
        self.goals.retranslate()
        self.attendance.retranslate()
        super().retranslate()

    def set_session(self, session) -> None:
        self.attendance.set_session(session)
        super().set_session(session)

    def refresh(self, changes: Changes) -> None:
        super().refresh(changes)
        self.goals.show_goals()
        self._show_domain()

    def _show_domain(self) -> None:
        self.domain.clear()
        self.domain.addItem(self.tr("(no domain)"), None)
        if self.session is None:
            return
        for domain in municipal_domains(self.session.document):
            self.domain.addItem(domain.name, domain.id)
        prompt = next((p for p in (self.panel.board.prompts if self.panel.board else [])
                       if p.id == self.panel.current_prompt()), None)
        self.domain.setCurrentIndex(max(0, self.domain.findData(prompt.domain_id)) if prompt else 0)

    def _tag_prompt(self, index: int) -> None:
        prompt = self.panel.current_prompt()
        if prompt is not None:
            domain = self.domain.itemData(index)
            self.panel.apply_op(lambda d: ops.tag_prompt(d, self.stage, prompt, domain))

    def goal_from_selection(self) -> None:
        for source in self.panel.scene.selected_clusters() or self.panel.scene.selected_cards():
            self.panel.apply_op(lambda d, s=source: ops.goal_from(d, self.stage, s))
