"""Stage 5's side panel: the decision form and the scroll area that keeps it whole on a projector."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.core.scenarios import Decision
from digitalmotor_desktop.ops.results import GapReport

PRIORITIES_LABELLED = 5
#: Lowest box of the heat map: room for a two-line name and the value line; the map scrolls rather than go lower.
HEAT_BOX_HEIGHT = 54


def translated(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class DecisionPanel(QGroupBox):
    """The room's decision for the selected capability, saved as one undoable step."""

    def __init__(self, stage: GapStage):
        super().__init__()
        self.stage = stage
        self.develop = QComboBox()
        self.jointly = QComboBox()
        self.scenario = QComboBox()
        self.target = QComboBox()
        self.note = QPlainTextEdit()  # the room's reasons: often more than a line
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.use_suggestion = QPushButton()
        self.save = QPushButton()
        self.clear = QPushButton()
        self.saved = QLabel()  # "Decision saved", by the button that saved it
        self.saved.setWordWrap(True)
        self.saved.setStyleSheet("color:#1e6b35")
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(5)]
        for label, field in zip(self.labels, (self.develop, self.jointly, self.scenario, self.target, self.note)):
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_suggestion)
        buttons.addStretch(1)
        buttons.addWidget(self.clear)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.suggestion)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.saved)
        self.save.clicked.connect(self._save)
        self.clear.clicked.connect(lambda: self.stage.decide(None))
        self.use_suggestion.clicked.connect(self._use_suggestion)
        self.suggested: int | None = None
        self.shown_id = ""

    def retranslate(self) -> None:
        self.setTitle(self.tr("Decision"))
        for label, text in zip(self.labels, (self.tr("Develop"), self.tr("How"), self.tr("Scenario"),
                                             self.tr("Target level"), self.tr("Note"))):
            label.setText(text)
        self.use_suggestion.setText(self.tr("Use suggestion"))
        self.save.setText(self.tr("Save decision"))
        self.clear.setText(self.tr("Clear"))

    def show_decision(self, report: GapReport | None, capability_id: str) -> None:
        enabled = report is not None and bool(capability_id)
        self.setEnabled(enabled)
        if capability_id != self.shown_id:
            self.saved.clear()  # the confirmation belongs to the capability it was given for
        self.shown_id = capability_id
        for combo in (self.develop, self.jointly, self.scenario, self.target):
            combo.clear()
        self.develop.addItem(self.tr("Not decided"), None)
        self.develop.addItem(self.tr("Develop"), True)
        self.develop.addItem(self.tr("Do not develop"), False)
        self.jointly.addItem(self.tr("Not decided"), None)
        self.jointly.addItem(self.tr("Jointly"), True)
        self.jointly.addItem(self.tr("Alone"), False)
        self.scenario.addItem(self.tr("Not decided"), None)
        if not enabled:
            self.suggestion.setText(self.tr("Select a capability to see its suggested scenario and decide."))
            self.note.clear()
            return
        for s in report.scenarios:
            self.scenario.addItem(f"{s.number} {s.name}", s.number)
        self.target.addItem(filled(self.tr("Workshop target ({level})"), level=report.target_level), None)
        for level in report.scale:
            self.target.addItem(f"{level.level} {level.label}", level.level)
        suggestion = report.suggestions[capability_id]
        self.suggested = suggestion.scenario
        name = next((s.name for s in report.scenarios if s.number == suggestion.scenario), "")
        reason = suggestion.text(lambda t: translated("Scenario", t))
        self.suggestion.setText(filled(self.tr("Suggested: {scenario}. {reason}"),
            scenario=f"{suggestion.scenario} {name}" if suggestion.scenario is not None else "—", reason=reason))
        self.use_suggestion.setEnabled(suggestion.scenario is not None)
        decision = report.decisions.get(capability_id, Decision())
        for combo, value in ((self.develop, decision.develop), (self.jointly, decision.jointly),
                             (self.scenario, decision.scenario), (self.target, decision.target_level)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.note.setPlainText(decision.note)

    def _use_suggestion(self) -> None:
        """Every field the suggestion implies: scenario 0 (today's state) is "do not develop, alone"."""
        if self.suggested is None:
            return
        self.scenario.setCurrentIndex(max(self.scenario.findData(self.suggested), 0))
        self.develop.setCurrentIndex(self.develop.findData(self.suggested > 0))
        self.jointly.setCurrentIndex(self.jointly.findData(self.suggested > 0))
        self.saved.setText(self.tr("Suggestion filled in: check it and save the decision."))

    def _save(self) -> None:
        if self.stage.decide(Decision(self.develop.currentData(), self.jointly.currentData(),
                                      self.scenario.currentData(), self.target.currentData(),
                                      self.note.toPlainText().strip())):
            self.saved.setText(self.tr("Decision saved."))


class VerticalScrollArea(QScrollArea):
    """Scrolls ``widget`` up and down; always as wide as the widget needs, so nothing is cut off at the side."""

    def __init__(self, widget: QWidget):
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(widget)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width(),
                     super().minimumSizeHint().height())

if TYPE_CHECKING:
    from digitalmotor_desktop.gui.stages.gap.view import GapStage
