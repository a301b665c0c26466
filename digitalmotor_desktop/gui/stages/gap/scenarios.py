"""Stage 5's scenario plan: per scenario, the pilot capability the room chooses and the organisations taking part.

Each change is an undoable op (``ops.decisions.choose_pilot`` / ``take_part``)
pushed through the session, as decisions are; the rows merge like decisions
(db/FORMAT.md). Organisations are listed as the stage shows them: names on the
facilitator's own screen, pseudonyms of consenting organisations only when the
stage is anonymised.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFormLayout, QListWidget, QListWidgetItem, QWidget

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.ops.decisions import choose_pilot, take_part


class ScenarioPlanPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.report = None
        self.scenario = QComboBox()
        self.pilot = QComboBox()
        self.participants = QListWidget()
        self.participants.setMaximumHeight(150)
        self.form = QFormLayout(self)
        self.form.addRow(self.tr("Scenario"), self.scenario)
        self.form.addRow(self.tr("Pilot capability"), self.pilot)
        self.form.addRow(self.tr("Taking part"), self.participants)
        self.scenario.currentIndexChanged.connect(self._fill_scenario)
        self.pilot.activated.connect(self._pilot_chosen)
        self.participants.itemChanged.connect(self._participant_changed)

    def show_report(self, session, report) -> None:
        self.session, self.report = session, report
        chosen = self.scenario.currentData()
        self.scenario.blockSignals(True)
        self.scenario.clear()
        for scenario in report.scenarios:
            self.scenario.addItem(f"{scenario.number} {scenario.name}", scenario.number)
        self.scenario.setCurrentIndex(max(self.scenario.findData(chosen), 0))
        self.scenario.blockSignals(False)
        self._fill_scenario()

    def _group(self):
        number = self.scenario.currentData()
        return next((g for g in self.report.scenario_groups() if g.scenario and g.scenario.number == number), None)

    def _fill_scenario(self) -> None:
        group = self._group() if self.report is not None else None
        self.pilot.clear()
        self.participants.blockSignals(True)
        self.participants.clear()
        if group is None:
            self.participants.blockSignals(False)
            return
        template = group.scenario.pilot_capability
        self.pilot.addItem(self.tr("The template's suggestion: {name}").format(name=template) if template
                           else self.tr("None chosen"), None)
        chosen = self.report.pilots.get(group.scenario.number)
        for capability in self.report.capability_map.capabilities():
            self.pilot.addItem(capability.name, capability.id)
        self.pilot.setCurrentIndex(max(self.pilot.findData(chosen), 0) if chosen else 0)
        for column in self.report.result.columns:
            item = QListWidgetItem(column.label)
            item.setData(Qt.UserRole, column.organisation_id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if column.organisation_id in group.participants else Qt.Unchecked)
            self.participants.addItem(item)
        self.participants.blockSignals(False)

    def _apply(self, make) -> None:
        try:
            self.session.apply(make(self.session.document))
        except UserError as error:
            self.session.error.emit(error)

    def _pilot_chosen(self) -> None:
        number, capability = self.scenario.currentData(), self.pilot.currentData()
        if capability != self.report.pilots.get(number):
            self._apply(lambda document: choose_pilot(document, number, capability))

    def _participant_changed(self, item: QListWidgetItem) -> None:
        number, organisation = self.scenario.currentData(), item.data(Qt.UserRole)
        taking_part = item.checkState() == Qt.Checked
        # After the list's own signal: the edit refreshes the stage, which rebuilds this list and its items.
        QTimer.singleShot(0, lambda: self._apply(lambda document: take_part(document, number, organisation,
                                                                            taking_part)))
