"""Stage 5 — GAP-analys (placeholder until the joint result lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from digitalmotor_desktop.ops.changes import WORKSHOP, Changes
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.overview import OverviewPage
from digitalmotor_desktop.store.workshop import scenarios


class GapStage(StageView):
    depends_on = frozenset({WORKSHOP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.page = OverviewPage()
        QVBoxLayout(self).addWidget(self.page)

    def title(self) -> str:
        return self.tr("GAP analysis")

    def refresh(self, changes: Changes) -> None:
        purpose = self.tr("Strategic importance against joint maturity: decide what to develop, and which "
                          "capabilities to develop together.")
        found = [] if self.session is None else scenarios(self.session.document)
        self.page.show_sections(self.title(), purpose, [
            (self.tr("Collaboration scenarios"), [f"<b>{s.number} {s.name}</b> — {s.summary}" for s in found]),
        ])
