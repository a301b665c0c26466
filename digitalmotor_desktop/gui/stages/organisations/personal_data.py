"""The "Personal data in this file" page: what a facilitator needs to answer a data-protection question.

Counts of what the file holds about people (store.erasure.personal_data), whether
it is anonymised, and which earlier documents were merged into it (their ids and
dates: merge never records paths). "Finish workshop…" starts the guided step.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop.store.document import Document
from digitalmotor_desktop.store.erasure import PersonalData, personal_data


class PersonalDataPage(QWidget):
    finish_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.figures = QFormLayout()
        self.values: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        for key in ("organisations", "respondents", "labels", "comments", "consents", "deleted", "erased", "backups"):
            self.names[key], self.values[key] = QLabel(), QLabel()
            self.figures.addRow(self.names[key], self.values[key])
        self.merged_heading = QLabel()
        self.merged = QTableWidget(0, 5)
        self.merged.verticalHeader().hide()
        self.merged.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.merged.horizontalHeader().setStretchLastSection(True)
        self.merged.setEditTriggers(QTableWidget.NoEditTriggers)
        self.finish_button = QPushButton()
        self.finish_button.clicked.connect(self.finish_requested)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.finish_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addLayout(self.figures)
        layout.addWidget(self.merged_heading)
        layout.addWidget(self.merged, 1)
        layout.addStretch()
        layout.addWidget(self.advice)
        layout.addLayout(buttons)
        self.held: PersonalData | None = None
        self.retranslate()

    def retranslate(self) -> None:
        for key, text in (("organisations", self.tr("Organisations")), ("respondents", self.tr("Respondents")),
                          ("labels", self.tr("Respondent labels")), ("comments", self.tr("Comments on ratings")),
                          ("consents", self.tr("Consents")),
                          ("deleted", self.tr("Deleted but not erased (still named)")),
                          ("erased", self.tr("Erased")), ("backups", self.tr("Backups beside the file"))):
            self.names[key].setText(text)
        self.merged.setHorizontalHeaderLabels([self.tr("Merged on"), self.tr("Document id"), self.tr("Organisations"),
                                               self.tr("Respondents"), self.tr("Anonymised")])
        self.finish_button.setText(self.tr("Finish workshop…"))
        self.advice.setText(self.tr(
            "A file that holds organisation names or respondent labels is personal data under GDPR, even with "
            "pseudonyms; only anonymised files are anonymous. Erase an organisation or a respondent on the "
            "Participants page; “Finish workshop” writes the anonymised result and can erase every identity "
            "from this file."))
        if self.held is not None:
            self._show(self.held)

    def refresh(self, document: Document | None) -> None:
        self.held = personal_data(document) if document is not None else None
        self.finish_button.setEnabled(document is not None)
        if self.held is not None:
            self._show(self.held)

    def _show(self, held: PersonalData) -> None:
        if held.anonymised:
            verdict = self.tr("This file is anonymised: organisations are pseudonyms, no labels or comments.")
        elif held.holds_identities:
            verdict = self.tr("This file holds personal data: keep it safe and erase what is no longer needed.")
        else:
            verdict = self.tr("This file holds no organisation names, labels or comments.")
        self.verdict.setText(verdict)
        values = {
            "organisations": str(held.organisations),
            "respondents": str(held.respondents),
            "labels": str(held.labels),
            "comments": str(held.comments),
            "consents": self.tr("{facilitator} facilitator only, {withdrawn} withdrawn").format(
                facilitator=held.facilitator_only, withdrawn=held.withdrawn),
            "deleted": str(held.deleted_with_names),
            "erased": self.tr("{organisations} organisation(s), {respondents} respondent(s)").format(
                organisations=held.erased_organisations, respondents=held.erased_respondents),
            "backups": str(held.backups),
        }
        for key, text in values.items():
            self.values[key].setText(text)
        self.merged_heading.setText(
            self.tr("Documents merged into this file (ids and dates only, never paths):") if held.merged
            else self.tr("No other file has been merged into this one."))
        self.merged.setVisible(bool(held.merged))
        self.merged.setRowCount(len(held.merged))
        for row, merged in enumerate(held.merged):
            cells = (merged.merged_on, merged.document_id, str(merged.organisations), str(merged.respondents),
                     self.tr("yes") if merged.anonymised else self.tr("no"))
            for column, text in enumerate(cells):
                self.merged.setItem(row, column, QTableWidgetItem(text))
