"""File → Merge folder: the preview of a synced folder, then the merge into the open workshop.

Each file of the folder is one row: merged (new; what it adds), already merged,
skipped (why: a sync engine's temporary file, a placeholder, still changing,
…) or refused (the check's sentence). Conflict copies say which engine made
them. Merge applies the plan to the open workshop as one undoable edit
(gui.folder_watch.FolderMerger); the dialog then shows the folder again, every
file merged. "Watch this folder" keeps the folder attached to the workshop, so
new files are offered in the status bar as they arrive.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from digitalmotor_desktop.gui.background import PROGRESS_STEPS
from digitalmotor_desktop.gui.errors import show_user_error, user_sentence
from digitalmotor_desktop.gui.folder_watch import FolderMerger
from digitalmotor_desktop.ops.folder import ALREADY_MERGED, MERGED, REFUSED, SKIPPED, FolderEntry, FolderPlan

#: Text colour per status: refused in red, skipped greyed, the rest as the style has it.
COLOURS = {REFUSED: "#a61b1b", SKIPPED: "#5f5f5f"}


def status_text(entry: FolderEntry) -> str:
    translate = QCoreApplication.translate
    return {
        MERGED: translate("FolderDialog", "New: merged when you press Merge"),
        ALREADY_MERGED: translate("FolderDialog", "Already merged"),
        REFUSED: translate("FolderDialog", "Refused"),
    }.get(entry.status, translate("FolderDialog", "Skipped"))


def details_text(entry: FolderEntry) -> str:
    """Why a file is skipped or refused, or what a new one adds; and whose conflict copy it is."""
    translate = QCoreApplication.translate
    if entry.status == REFUSED:
        text = user_sentence(entry.refusal)
    elif entry.why:
        try:
            text = translate("FolderScan", entry.why).format(**entry.values)
        except (KeyError, IndexError, ValueError):
            text = entry.why.format(**entry.values)
    elif entry.status == MERGED and entry.report is not None:
        report = entry.report
        text = translate("FolderDialog", "{respondents} respondents ({new} new), {ratings} ratings; {updated} rows "
                         "updated, {conflicts} conflicts").format(
            respondents=report.respondents, new=report.new_respondents, ratings=report.ratings,
            updated=report.updated, conflicts=len(report.conflicts))
    else:
        text = ""
    if entry.conflict_of:
        copy = translate("FolderDialog", "a conflict copy made by {engine}").format(engine=entry.conflict_of)
        text = f"{text} ({copy})" if text else copy
    return text


class FolderMergeDialog(QDialog):
    """The preview and merge of one synced folder into the open workshop."""

    folder_chosen = Signal(Path, bool)  # the folder, and whether to watch it
    merged = Signal(object)  # the FolderPlan applied

    def __init__(self, parent: QWidget | None, session, folder: Path | None = None, *, watching: bool = False):
        super().__init__(parent)
        self.session = session
        self.folder: Path | None = None
        self.merger: FolderMerger | None = None
        self.plan: FolderPlan | None = None
        self.setWindowTitle(self.tr("Merge a synced folder"))
        self.resize(1000, 520)
        self._build(watching)
        if folder is not None:
            self.set_folder(folder)

    def _build(self, watching: bool) -> None:
        self.intro = QLabel(self.tr(
            "Every workshop file in the folder is checked and merged into this workshop. Files still being "
            "synced, placeholders and temporary files are skipped; conflict copies are merged (merging twice "
            "changes nothing). The files in the folder are never changed, and a file that disappears from it "
            "deletes nothing."))
        self.intro.setWordWrap(True)
        self.folder_label = QLabel()
        self.choose_button = QPushButton(self.tr("Choose folder…"))
        self.watch_box = QCheckBox(self.tr("Watch this folder and offer new files as they arrive"))
        self.watch_box.setChecked(watching)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Status"), self.tr("Details")])
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setDefault(True)
        self.merge_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))

        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.watch_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_folder)
        self.merge_button.clicked.connect(self.merge)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.watch_box.toggled.connect(lambda on: self.folder and self.folder_chosen.emit(self.folder, on))

    # -- folder and preview ------------------------------------------------------------------
    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("The synced folder to merge"),
                                                str(self.folder or Path.home()))
        if name:
            self.set_folder(Path(name))

    def set_folder(self, folder: Path) -> None:
        if self.merger is not None:
            self.merger.cancel()
            self.merger.wait()
            self.merger.deleteLater()
        self.folder = Path(folder)
        self.folder_label.setText(self.tr("Folder: {folder}").format(folder=str(self.folder)))
        self.folder_chosen.emit(self.folder, self.watch_box.isChecked())
        self.merger = FolderMerger(self.session, self.folder, self)
        self.merger.planned.connect(self._show_plan)
        self.merger.merged.connect(self._merged)
        self.merger.failed.connect(self._failed)
        self.merger.cancelled.connect(lambda: self.status.setText(self.tr("Cancelled; nothing was merged.")))
        self.merger.progressed.connect(self.progress.setValue)
        self.merger.busy_changed.connect(self._busy)
        self.preview()

    def preview(self) -> None:
        if self.merger is None:
            return
        self.plan = None
        self.merge_button.setEnabled(False)
        self.status.setText(self.tr("Reading the folder…"))
        self.merger.start(apply=False)

    def _show_plan(self, plan: FolderPlan) -> None:
        self.plan = plan
        self.table.setRowCount(len(plan.entries))
        for row, entry in enumerate(plan.entries):
            for column, text in enumerate((entry.name, status_text(entry), details_text(entry))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if entry.status in COLOURS:
                    item.setForeground(QColor(COLOURS[entry.status]))
                self.table.setItem(row, column, item)
        counts = {status: len(plan.having(status)) for status in (MERGED, ALREADY_MERGED, REFUSED)}
        skipped = len(plan.entries) - sum(counts.values())
        self.status.setText(self.tr("New: {new}. Already merged: {already}. Skipped: {skipped}. Refused: {refused}.")
                            .format(new=counts[MERGED], already=counts[ALREADY_MERGED], skipped=skipped,
                                    refused=counts[REFUSED]))
        self.merge_button.setEnabled(plan.merge is not None)

    # -- merge -----------------------------------------------------------------------------------
    def merge(self) -> None:
        if self.merger is not None and not self.merger.busy:
            self.merge_button.setEnabled(False)
            self.status.setText(self.tr("Merging…"))
            self.merger.apply()

    def _merged(self, plan: FolderPlan) -> None:
        self.merged.emit(plan)
        self.preview()

    def _failed(self, error) -> None:
        self.status.setText(user_sentence(error))
        show_user_error(self, error)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)

    def cancel(self) -> None:
        if self.merger is not None:
            self.merger.cancel()

    def wait(self) -> None:
        if self.merger is not None:
            self.merger.wait()

    def done(self, result: int) -> None:  # closing: stop the work first, so no thread is left reading
        self.cancel()
        self.wait()
        super().done(result)
