"""Stage 2 — Förmågor, ta fram: the goals to reach and the areas capabilities fall into."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.overview import OverviewPage
from digitalmotor_desktop.ops.changes import GOALS, MAP, Changes
from digitalmotor_desktop.store.workshop import capability_map, goals


class IdeasStage(StageView):
    depends_on = frozenset({GOALS, MAP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.page = OverviewPage()
        QVBoxLayout(self).addWidget(self.page)

    def title(self) -> str:
        return self.tr("Capabilities – brainstorm")

    def refresh(self, changes: Changes) -> None:
        purpose = self.tr("Brainstorm the capabilities needed to reach the goals, break large ones down "
                          "(“develop digital services” → design, build, validate) and cluster them.")
        if self.session is None:
            self.page.show_sections(self.title(), purpose, [])
            return
        document = self.session.document
        areas = [f"<b>{a.name}</b> — {a.title} ({filled(self.tr('{count} capabilities'), count=sum(len(g.capabilities) for g in a.groups))})"
                 for a in capability_map(document).areas]
        self.page.show_sections(self.title(), purpose, [
            (self.tr("Goals to reach"), [g.text for g in goals(document)]),
            (self.tr("Capability areas so far"), areas),
        ])
