"""Stage 4 — Mognadsbedömning (placeholder until rating capture lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from digitalmotor_desktop.ops.changes import WORKSHOP, Changes
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.overview import OverviewPage
from digitalmotor_desktop.store.workshop import scale


class MaturityStage(StageView):
    depends_on = frozenset({WORKSHOP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.page = OverviewPage()
        QVBoxLayout(self).addWidget(self.page)

    def title(self) -> str:
        return self.tr("Maturity assessment")

    def refresh(self, changes: Changes) -> None:
        purpose = self.tr("Every organisation rates every capability against the goal and chooses whether its "
                          "named result is shared with the group or with the facilitator only.")
        levels = [] if self.session is None else scale(self.session.document)
        self.page.show_sections(self.title(), purpose, [
            (self.tr("Maturity scale"), [f"<b>{lv.level} {lv.label}</b> — {lv.description}" for lv in levels]),
        ])
