"""Stage 3 — Förmågekarta: the map as the study drew it, with an editable detail panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.model import CapabilityMap
from digitalmotor_desktop.gui.map_canvas import MapCanvas
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.ops.changes import MAP, Changes
from digitalmotor_desktop.ops.map import edit_map_text
from digitalmotor_desktop.store.workshop import capability_map


class CapabilityDetails(QWidget):
    """Name and "Vi kan …" description of the selected capability, editable."""

    def __init__(self, stage: "CapabilityMapStage"):
        super().__init__()
        self.stage = stage
        self.capability_id = ""
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size:15px;color:#33404a")
        self.name = QLineEdit()
        self.name.setStyleSheet("font-size:20px;font-weight:bold")
        self.description = QPlainTextEdit()
        self.description.setStyleSheet("font-size:17px")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#5b6770")
        form = QFormLayout()
        self.name_label = QLabel()
        self.description_label = QLabel()
        form.addRow(self.name_label, self.name)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.description_label)
        layout.addWidget(self.description, 1)
        layout.addWidget(self.hint)
        self.name.editingFinished.connect(lambda: self._commit("name", self.name.text()))
        self.description.installEventFilter(self)
        self.retranslate()
        self.show_capability(None, "", "")

    def retranslate(self) -> None:
        self.name_label.setText(self.tr("Name"))
        self.description_label.setText(self.tr("Description (“Vi kan …”)"))
        self.hint.setText(self.tr("Select a capability in the map to read or revise it. "
                                  "Every change is saved at once and can be undone."))

    def show_capability(self, capability, area_name: str, group_name: str) -> None:
        self.capability_id = capability.id if capability else ""
        enabled = capability is not None
        self.name.setEnabled(enabled)
        self.description.setEnabled(enabled)
        self.heading.setText(f"{area_name} › {group_name}" if enabled else "")
        self.name.setText(capability.name if enabled else "")
        self.description.setPlainText(capability.description if enabled else "")

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if watched is self.description and event.type() == event.Type.FocusOut:
            self._commit("description", self.description.toPlainText())
        return super().eventFilter(watched, event)

    def _commit(self, field: str, value: str) -> None:
        self.stage.edit_capability(self.capability_id, field, value)


class CapabilityMapStage(StageView):
    depends_on = frozenset({MAP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvas = MapCanvas()
        self.details = CapabilityDetails(self)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.canvas)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1130, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.map = CapabilityMap()
        self.canvas.capabilitySelected.connect(self._on_selected)

    def title(self) -> str:
        return self.tr("Capability map")

    def refresh(self, changes: Changes) -> None:
        self.map = capability_map(self.session.document) if self.session else CapabilityMap()
        self.canvas.set_map(self.map)
        self._on_selected(self.canvas.selected_id())

    def retranslate(self) -> None:
        self.details.retranslate()

    def _on_selected(self, capability_id: str) -> None:
        for area in self.map.areas:
            for group in area.groups:
                for capability in group.capabilities:
                    if capability.id == capability_id:
                        self.details.show_capability(capability, area.name, group.name)
                        return
        self.details.show_capability(None, "", "")

    def edit_capability(self, capability_id: str, field: str, value: str) -> None:
        if not capability_id or self.session is None:
            return
        current = next((c for c in self.map.capabilities() if c.id == capability_id), None)
        if current is None or getattr(current, field) == value.strip():
            return
        try:
            self.session.apply(edit_map_text(self.session.document, "capability", capability_id, field, value))
        except UserError as error:
            self.session.error.emit(error)
            self._on_selected(capability_id)
