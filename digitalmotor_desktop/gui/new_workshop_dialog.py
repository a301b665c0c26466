"""File → New workshop: choose a built-in template and a title."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.core.templates import describe_template, template_names
from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.forms.ui_new_workshop import Ui_NewWorkshopDialog
from digitalmotor_desktop.gui.i18n import installed_language


class NewWorkshopDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.ui = Ui_NewWorkshopDialog()
        self.ui.setupUi(self)
        for name in template_names():
            info = describe_template(name, installed_language())
            self.ui.templateBox.addItem(info.title, name)
        self.ui.templateBox.setCurrentIndex(max(0, self.ui.templateBox.findData(settings.default_template())))
        self.ui.templateBox.currentIndexChanged.connect(self._describe)
        self._describe()

    def _describe(self) -> None:
        info = describe_template(self.template(), installed_language())
        self.ui.titleEdit.setPlaceholderText(info.title)
        self.ui.templateSummary.setText(
            filled(self.tr("{areas} areas, {groups} groups, {capabilities} capabilities, {goals} goals."),
                   areas=info.areas, groups=info.groups, capabilities=info.capabilities, goals=info.goals))

    def template(self) -> str:
        return self.ui.templateBox.currentData()

    def title(self) -> str | None:
        return self.ui.titleEdit.text().strip() or None


def create_new_workshop(path: Path, template: str, title: str | None) -> None:
    """The workshop the dialog chose, at ``path`` (replacing a file the save dialog already asked about),
    in the window's language where its template has it, with the K set in Preferences."""
    from digitalmotor_desktop.ops.decisions import set_min_group_size
    from digitalmotor_desktop.ops.workshop import create_workshop

    if path.exists():
        path.unlink()
    with create_workshop(path, template, title, installed_language()) as document:
        if settings.default_min_group_size():
            set_min_group_size(document, settings.default_min_group_size()).redo(document)
