"""File → Merge: choose (or drop) several workshop files, preview, then merge.

The preview table shows per source what it adds — organisations, respondents
(new ones), ratings, rows updated, duplicates skipped, conflicts — or why it is
refused; below it, organisations that become one, possible duplicate
capabilities and the conflicts. Checking and merging are background tasks
(gui.background) with their own SQLite connections (ops.merge works on plain
data); they show progress and can be cancelled. The result is a new file; the
dialog offers to open it.

``open_merge_dialog(window, session)`` is the entry point for the menu action:
with a workshop open, that workshop is the first source. A consistent copy is
taken on the UI thread when the dialog opens and again when Merge is pressed,
so ratings entered while the dialog is open are merged, never half-read.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QProgressBar, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from digitalmotor_desktop import DOCUMENT_SUFFIX
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.model import CONSENT_WITHDRAWN
from digitalmotor_desktop.gui.background import PROGRESS_STEPS, BackgroundTask
from digitalmotor_desktop.gui.errors import show_user_error, user_sentence
from digitalmotor_desktop.ops.merge import MergePlan, kept_consent, plan_merge, write_merge
from digitalmotor_desktop.store.document import Document


class OpenWorkshopSource:
    """The workshop open in the window, as a merge source: a copy in a private folder."""

    def __init__(self, document: Document):
        self.document = document
        self.folder = Path(tempfile.mkdtemp(prefix="digitalmotor-open-"))
        self.copy = self.folder / document.path.name
        self.take_copy()

    def take_copy(self) -> None:
        """Copies the workshop as it is now (SQLite's backup API: consistent while in use)."""
        self.document.save_copy(self.copy)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class MergeDialog(QDialog):
    """The merge preview and the merge itself."""

    open_requested = Signal(Path)  # the user wants to open the merged file
    merged = Signal(Path)

    def __init__(self, parent: QWidget | None = None, open_workshop: OpenWorkshopSource | None = None):
        """``open_workshop``: the workshop open in the window, merged as the first source."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge workshop files"))
        self.setAcceptDrops(True)
        self.resize(1100, 560)
        self.paths: list[Path] = []
        self.display_names: dict[Path, str] = {}
        self.protected: list[Path] = []  # never an output: the sources and the open workshop
        self.plan: MergePlan | None = None
        self.output: Path | None = None
        self.open_workshop = open_workshop
        self._task: BackgroundTask | None = None
        self._plan_again = False
        self._build()
        if open_workshop is not None:
            self.display_names[open_workshop.copy] = open_workshop.document.path.name
            self.protected.append(open_workshop.document.path)
            self.add_paths([open_workshop.copy])

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.intro = QLabel(self.tr(
            "Choose or drop the workshop files to merge: co-facilitators' files and participants' hand-outs. "
            "Every file is checked first; nothing is written until you press Merge, and the files themselves "
            "are never changed."))
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels([
            self.tr("File"), self.tr("Organisations"), self.tr("Respondents"), self.tr("New respondents"),
            self.tr("Ratings"), self.tr("Updated"), self.tr("Duplicates skipped"), self.tr("Conflicts"),
            self.tr("Status")])
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(8, QHeaderView.Stretch)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(140)
        self.add_button = QPushButton(self.tr("Add files…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.anonymise_box = QCheckBox(self.tr("Anonymise: pseudonyms, no respondent labels, comments or exact times"))
        self.comments_box = QCheckBox(self.tr("Keep comments"))
        self.comments_box.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setDefault(True)
        self.merge_button.setEnabled(False)
        self.open_button = QPushButton(self.tr("Open the merged file"))
        self.open_button.hide()
        self.close_button = QPushButton(self.tr("Close"))

        files = QHBoxLayout()
        files.addWidget(self.add_button)
        files.addWidget(self.remove_button)
        files.addStretch()
        files.addWidget(self.anonymise_box)
        files.addWidget(self.comments_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(files)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.anonymise_box.toggled.connect(self.comments_box.setEnabled)
        self.cancel_button.clicked.connect(self.cancel)
        self.merge_button.clicked.connect(self.choose_output)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.output))
        self.close_button.clicked.connect(self.reject)

    # -- sources -------------------------------------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Files to merge"), "", self.tr("Workshops (*%1);;All files (*)").replace("%1", DOCUMENT_SUFFIX))
        self.add_paths([Path(name) for name in names])

    def add_paths(self, paths: list[Path]) -> None:
        new = [Path(p) for p in paths if Path(p) not in self.paths]
        if new:
            self.paths.extend(new)
            self.preview()

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if rows:
            self.paths = [p for i, p in enumerate(self.paths) if i not in rows]
            self.preview()

    def dragEnterEvent(self, event):  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and not self._busy():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt's name
        self.add_paths([Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    # -- preview -------------------------------------------------------------------------
    def preview(self) -> None:
        """Checks the sources and fills the table, off the UI thread; restarts if sources change meanwhile."""
        self.plan = None
        self.merge_button.setEnabled(False)
        if self._busy():
            self._plan_again = True
            self._task.cancel()
            return
        self._show_plan(None)
        if not self.paths:
            return
        paths = list(self.paths)
        self.status.setText(self.tr("Checking the files…"))
        self._start(lambda progress, cancelled: plan_merge(paths, progress=progress, cancelled=cancelled),
                    self._planned)

    def _planned(self, plan: MergePlan) -> None:
        self.plan = plan
        self._show_plan(plan)
        accepted, refused = len(plan.accepted), len(plan.refused)
        text = self.tr("Files that can be merged: %1.").replace("%1", str(accepted))
        if refused:
            text += " " + self.tr("Refused and left out: %1.").replace("%1", str(refused))
        self.status.setText(text)
        self.merge_button.setEnabled(accepted > 0)

    def _name(self, index: int, fallback: str) -> str:
        return self.display_names.get(self.paths[index], fallback) if index < len(self.paths) else fallback

    def _show_plan(self, plan: MergePlan | None) -> None:
        reports = plan.reports if plan else []
        self.table.setRowCount(len(self.paths))
        for row, path in enumerate(self.paths):
            report = reports[row] if row < len(reports) else None
            name = self._name(row, path.name)
            if report is None:
                cells = [name] + [""] * 7 + [self.tr("Waiting…")]
            elif not report.accepted:
                cells = [name] + [""] * 7 + [user_sentence(report.refusal)]
            else:
                status = self.tr("Anonymised file") if report.anonymised else self.tr("OK")
                cells = [name, report.organisations, report.respondents, report.new_respondents, report.ratings,
                         report.updated, report.duplicates, len(report.conflicts), status]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                item.setToolTip(str(value) if column == 8 else str(path))
                if column and column < 8:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if report is not None and not report.accepted:
                    item.setForeground(QColor("#a61b1b"))
                self.table.setItem(row, column, item)
        self.notes.setPlainText("\n".join(self._notes(plan)) if plan else "")

    def _notes(self, plan: MergePlan) -> list[str]:
        lines = []
        for combined in plan.combined:
            lines.append(self.tr("Same organisation in several files: “%1” — %2 become one.")
                         .replace("%1", combined.name).replace("%2", str(len(combined.combined_ids))))
        for duplicate in plan.duplicates:
            lines.append(self.tr("Possible duplicate capability in “%1”: “%2” (%3) — combine them in the map editor.")
                         .replace("%1", duplicate.group).replace("%2", duplicate.name)
                         .replace("%3", str(len(duplicate.capability_ids))))
        for index, report in enumerate(plan.reports):
            for conflict in report.conflicts:
                if conflict.table == "workshop" and "id" in conflict.columns:
                    lines.append(self.tr("%1 was created as a workshop of its own; its organisations and ratings are "
                                         "merged, and the title and settings of the latest edited workshop are kept.")
                                 .replace("%1", self._name(index, report.name)))
                    continue
                kept = []
                if conflict.later_columns:
                    kept.append(self.tr("kept this file's later edit") if conflict.kept_this
                                else self.tr("kept the later edit from a file above"))
                if conflict.stricter_kept:  # whatever the order of the edits (FORMAT.md, "Merge rules")
                    kept.append(self.tr("kept the stricter consent, withdrawn")
                                if kept_consent(plan, conflict) == CONSENT_WITHDRAWN
                                else self.tr("kept the stricter consent, facilitator only"))
                lines.append(self.tr("%1: %2 “%3” edited in two files (%4); %5.")
                             .replace("%1", self._name(index, report.name)).replace("%2", self._entity(conflict.table))
                             .replace("%3", conflict.label).replace("%4", ", ".join(conflict.columns))
                             .replace("%5", "; ".join(kept)))
        for index, report in enumerate(plan.reports):
            if report.erased:
                lines.append(self.tr("{name}: {count} row(s) left out: they belong to an erased organisation or "
                                     "respondent.").format(name=self._name(index, report.name), count=report.erased))
        return lines

    def _entity(self, table: str) -> str:
        names = {
            "workshop": self.tr("workshop"), "capability": self.tr("capability"),
            "capability_group": self.tr("capability group"), "area": self.tr("area"), "goal": self.tr("goal"),
            "organisation": self.tr("organisation"), "respondent": self.tr("respondent"),
            "rating": self.tr("rating"), "decision": self.tr("decision"), "note": self.tr("note"),
        }
        return names.get(table, table)

    # -- merge ---------------------------------------------------------------------------
    def choose_output(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the merged workshop as"), f"merged{DOCUMENT_SUFFIX}",
            self.tr("Workshops (*%1);;All files (*)").replace("%1", DOCUMENT_SUFFIX))
        if name:
            self.merge_into(Path(name).with_suffix(DOCUMENT_SUFFIX))

    def merge_into(self, output: Path) -> None:
        """Checks the files again as they are now and writes the merge to ``output``, off the UI thread."""
        if self.plan is None or self._busy():
            return
        if self.open_workshop is not None:
            self.open_workshop.take_copy()  # ratings entered since the preview are merged too
        paths, sources = list(self.paths), [*self.paths, *self.protected]
        anonymised, keep_comments = self.anonymise_box.isChecked(), self.comments_box.isChecked()

        def check_and_write(progress, cancelled) -> tuple[MergePlan, Path]:
            plan = plan_merge(paths, progress=lambda fraction: progress(fraction / 2), cancelled=cancelled)
            write_merge(plan, output, sources, anonymised=anonymised, keep_comments=keep_comments,
                        progress=lambda fraction: progress(0.5 + fraction / 2), cancelled=cancelled)
            return plan, output

        self.merge_button.setEnabled(False)
        self.status.setText(self.tr("Merging into %1…").replace("%1", output.name))
        self._start(check_and_write, self._written)

    def _written(self, result: tuple[MergePlan, Path]) -> None:
        self.plan, output = result
        self._show_plan(self.plan)
        self.output = output
        self.status.setText(self.tr("Merged into %1 (files merged: %2).")
                            .replace("%1", output.name).replace("%2", str(len(self.plan.accepted))))
        self.open_button.show()
        self.merged.emit(output)

    # -- background work -------------------------------------------------------------------
    def _busy(self) -> bool:
        return self._task is not None

    def _start(self, step, on_finished) -> None:
        task = BackgroundTask(step)
        task.progressed.connect(self.progress.setValue)
        task.finished.connect(on_finished)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        task.ended.connect(self._ended)
        self._task = task
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        for widget in (self.add_button, self.remove_button, self.anonymise_box, self.comments_box):
            widget.setEnabled(False)
        task.start()

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _failed(self, error: UserError) -> None:
        self.status.setText(user_sentence(error))
        show_user_error(self, error)

    def _cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled; nothing was written."))

    def _ended(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.add_button.setEnabled(True)
        self.remove_button.setEnabled(True)
        self.anonymise_box.setEnabled(True)
        self.comments_box.setEnabled(self.anonymise_box.isChecked())
        self.merge_button.setEnabled(self.plan is not None and bool(self.plan.accepted))
        if self._plan_again:
            self._plan_again = False
            self.preview()

    def wait(self) -> None:
        """Blocks until the background work (if any) is done; for closing and tests."""
        if self._task is not None:
            self._task.wait()

    def done(self, result: int) -> None:  # closing: stop the work first, so no thread is left reading the files
        self.cancel()
        self.wait()
        super().done(result)


def open_merge_dialog(parent_window: QWidget, session=None) -> MergeDialog:
    """Shows File → Merge. With a workshop open (``session``), a copy of it is the first source.

    If ``parent_window`` has ``open_path(path)``, "Open the merged file" calls it
    (a ``UserError`` is shown, never raised).
    """
    open_workshop = None
    if session is not None and session.document.path is not None:
        open_workshop = OpenWorkshopSource(session.document)
    dialog = MergeDialog(parent_window, open_workshop)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    if open_workshop is not None:
        dialog.destroyed.connect(open_workshop.remove)
    if hasattr(parent_window, "open_path"):
        def open_result(path: Path) -> None:
            try:
                parent_window.open_path(path)
                dialog.accept()
            except UserError as error:
                show_user_error(dialog, error)

        dialog.open_requested.connect(open_result)
    dialog.show()
    return dialog
