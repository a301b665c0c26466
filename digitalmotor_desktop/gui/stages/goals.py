"""Stage 1 — Mål och vision: the mission question, municipal domains and the målbild."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.overview import OverviewPage
from digitalmotor_desktop.ops.changes import GOALS, WORKSHOP, Changes
from digitalmotor_desktop.store.workshop import goals, municipal_domains, workshop_row


class GoalsStage(StageView):
    depends_on = frozenset({GOALS, WORKSHOP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.page = OverviewPage()
        QVBoxLayout(self).addWidget(self.page)

    def title(self) -> str:
        return self.tr("Goals and vision")

    def refresh(self, changes: Changes) -> None:
        purpose = self.tr("Collect expectations and challenges, cluster them, merge duplicates and agree on a "
                          "goal image (målbild).")
        if self.session is None:
            self.page.show_sections(self.title(), purpose, [])
            return
        document = self.session.document
        question = workshop_row(document).get("mission_question", "")
        self.page.show_sections(self.title(), purpose, [
            (self.tr("The question"), [question] if question else []),
            (self.tr("Municipal domains (SCB)"), [f"<b>{d.name}</b> — {d.examples}" for d in municipal_domains(document)]),
            (self.tr("Goal image (målbild)"), [g.text for g in goals(document)]),
        ])
