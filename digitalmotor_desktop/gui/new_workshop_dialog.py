"""File → New workshop: choose a built-in template and a title."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from digitalmotor_desktop.core.templates import describe_template, template_names
from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.forms.ui_new_workshop import Ui_NewWorkshopDialog


class NewWorkshopDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.ui = Ui_NewWorkshopDialog()
        self.ui.setupUi(self)
        for name in template_names():
            info = describe_template(name)
            self.ui.templateBox.addItem(info.title, name)
        self.ui.templateBox.setCurrentIndex(max(0, self.ui.templateBox.findData(settings.default_template())))
        self.ui.templateBox.currentIndexChanged.connect(self._describe)
        self._describe()

    def _describe(self) -> None:
        info = describe_template(self.template())
        self.ui.titleEdit.setPlaceholderText(info.title)
        self.ui.templateSummary.setText(
            self.tr("%1 areas, %2 groups, %3 capabilities, %4 goals.")
            .replace("%1", str(info.areas)).replace("%2", str(info.groups))
            .replace("%3", str(info.capabilities)).replace("%4", str(info.goals)))

    def template(self) -> str:
        return self.ui.templateBox.currentData()

    def title(self) -> str | None:
        return self.ui.titleEdit.text().strip() or None
