"""Help ▸ Guide (F1): the five workshops explained, in the window's language, without the internet."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from digitalmotor_desktop.guide import guide_html


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Guide to the five workshops"))
        self.resize(820, 640)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("Guide to the five workshops"))
        self.browser.setStyleSheet("font-size: 13pt;")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.show_language()

    def show_language(self) -> None:
        language = "sv" if QLocale().language() == QLocale.Swedish else "en"
        self.browser.setHtml(guide_html(language))
