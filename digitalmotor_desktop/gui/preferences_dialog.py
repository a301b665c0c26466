"""Edit ▸ Preferences: the facilitator's own settings and, with a workshop open, its smallest group size K.

Settings are saved when the dialog is accepted (gui/settings.py); the
workshop's K is changed as an undoable edit of the open workshop, so the room
can see it in the Edit menu and it travels with merges like any other edit.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from digitalmotor_desktop.core.i18n import LANGUAGES
from digitalmotor_desktop.core.privacy import MIN_GROUP_FLOOR
from digitalmotor_desktop.core.templates import describe_template, template_names
from digitalmotor_desktop.gui import settings
from digitalmotor_desktop.gui.i18n import installed_language
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.ops.decisions import set_min_group_size
from digitalmotor_desktop.store.workshop import workshop_row

#: The largest K offered: above it hardly any workshop would show a figure.
MAX_GROUP_SIZE = 50


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, session: WorkshopSession | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Preferences"))
        self.language = QComboBox()
        names = {"sv": self.tr("Swedish"), "en": self.tr("English")}
        for code in LANGUAGES:
            self.language.addItem(names[code], code)
        self.language.setCurrentIndex(self.language.findData(settings.language()))
        self.presenter_font = QSpinBox()
        self.presenter_font.setRange(settings.PRESENTER_FONT_SIZES.start, settings.PRESENTER_FONT_SIZES.stop - 1)
        self.presenter_font.setSuffix(" pt")
        self.presenter_font.setValue(settings.presenter_font_size())
        self.template = QComboBox()
        for name in template_names():
            self.template.addItem(describe_template(name, installed_language()).title, name)
        self.template.setCurrentIndex(max(0, self.template.findData(settings.default_template())))
        self.default_k = self._k_box(settings.default_min_group_size() or 5)
        form = QFormLayout()
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("&Presenter text size"), self.presenter_font)
        form.addRow(self.tr("&Template for new workshops"), self.template)
        form.addRow(self.tr("Smallest group size K for &new workshops"), self.default_k)
        self.workshop_k: QSpinBox | None = None
        if session is not None:
            self.workshop_k = self._k_box(workshop_row(session.document).get("min_group_size", 5))
            form.addRow(self.tr("Smallest group size K for &this workshop"), self.workshop_k)
        explanation = QLabel(self.tr("Figures over fewer organisations than K are shown as “too few answers”; "
                                     "K is never below {floor}.").format(floor=MIN_GROUP_FLOOR))
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explanation)
        layout.addWidget(buttons)

    @staticmethod
    def _k_box(value: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(MIN_GROUP_FLOOR, MAX_GROUP_SIZE)
        box.setValue(value)
        return box

    def accept(self) -> None:
        settings.set_presenter_font_size(self.presenter_font.value())
        settings.set_default_template(self.template.currentData())
        settings.set_default_min_group_size(self.default_k.value())
        if self.workshop_k is not None and self.workshop_k.value() != workshop_row(
                self.session.document).get("min_group_size", 5):
            self.session.apply(set_min_group_size(self.session.document, self.workshop_k.value()))
        super().accept()

    def chosen_language(self) -> str:
        return self.language.currentData()
