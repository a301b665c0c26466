"""The stages the navigator lists, created lazily on first show.

Lazy creation keeps start-up fast: stage 5 pulls in pyqtgraph only when the
facilitator first opens it.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


class StageEntry(NamedTuple):  # a NamedTuple, not a dataclass: made in a tenth of the time at start-up
    number: int | None  # 1–5 for the method's stages; None for supporting pages
    title: str  # marked for translation in context "Stage"
    module: str
    class_name: str

    def translated_title(self) -> str:
        title = QCoreApplication.translate("Stage", self.title)
        return f"{self.number}  {title}" if self.number else title

    def create(self):
        module = importlib.import_module(f"digitalmotor_desktop.gui.stages.{self.module}")
        return getattr(module, self.class_name)()


STAGES = (
    StageEntry(1, QT_TRANSLATE_NOOP("Stage", "Goals and vision"), "goals", "GoalsStage"),
    StageEntry(2, QT_TRANSLATE_NOOP("Stage", "Capabilities – brainstorm"), "ideas", "IdeasStage"),
    StageEntry(3, QT_TRANSLATE_NOOP("Stage", "Capability map"), "capability_map", "CapabilityMapStage"),
    StageEntry(4, QT_TRANSLATE_NOOP("Stage", "Maturity assessment"), "maturity", "MaturityStage"),
    StageEntry(5, QT_TRANSLATE_NOOP("Stage", "GAP analysis"), "gap", "GapStage"),
    StageEntry(None, QT_TRANSLATE_NOOP("Stage", "Organisations and participants"), "organisations", "OrganisationsStage"),
)
