"""Organisations and participants (placeholder until rating capture lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from digitalmotor_desktop.ops.changes import ORGANISATIONS, Changes
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.overview import OverviewPage


class OrganisationsStage(StageView):
    depends_on = frozenset({ORGANISATIONS})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.page = OverviewPage()
        QVBoxLayout(self).addWidget(self.page)

    def title(self) -> str:
        return self.tr("Organisations and participants")

    def refresh(self, changes: Changes) -> None:
        self.page.show_sections(self.title(), self.tr(
            "The organisations taking part and their respondents, each with a consent: share the named result "
            "with the group, or with the facilitator only."), [])
