"""Finish workshop: the guided step for the retention rule "keep only what you need".

1. Write the anonymised result: a workshop file with pseudonyms and no labels,
   comments or exact times (ops.merge with ``anonymised=True``, off the UI
   thread), which can be shared and pooled with other anonymised results.
2. Then, on request, erase every organisation and respondent from the working
   file (ops.erasure.plan_identities) after the same confirmation as a single
   erasure. Step 2 opens only once step 1 has written its file, so the result
   is never lost with the identities.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop import DOCUMENT_SUFFIX
from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.gui.background import BackgroundTask
from digitalmotor_desktop.gui.stages.organisations.confirm import confirm_erasure
from digitalmotor_desktop.ops import erasure


def write_anonymised_result(workshop: Path, output: Path):
    """The step run off the UI thread: the open workshop (file and -wal) read as a merge source."""
    from digitalmotor_desktop.ops.merge import plan_merge, write_merge  # store.merge is heavy: not at start-up

    def step(progress, cancelled):
        plan = plan_merge([workshop], cancelled=cancelled)
        if plan.refused:
            raise plan.refused[0].refusal
        write_merge(plan, output, [workshop], anonymised=True, progress=progress, cancelled=cancelled)
        return output

    return step


class FinishWorkshopDialog(QDialog):
    def __init__(self, parent: QWidget, session):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Finish workshop"))
        workshop = session.document.path
        self.result_box = QGroupBox(self.tr("1. Write the anonymised result"))
        explain_result = QLabel(self.tr(
            "A copy of the workshop with organisations as pseudonyms and no respondent labels, comments or exact "
            "times: it can be shared and merged with other anonymised results."))
        explain_result.setWordWrap(True)
        default = workshop.with_name(self.tr("{name} anonymised").format(name=workshop.stem) + DOCUMENT_SUFFIX) \
            if workshop else Path()
        self.output = QLineEdit(str(default))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        self.write_button = QPushButton(self.tr("Write the anonymised result"))
        self.write_button.clicked.connect(self.write_result)
        self.write_button.setEnabled(workshop is not None)
        self.written = QLabel()
        self.written.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        result_layout = QVBoxLayout(self.result_box)
        for item in (explain_result, row, self.write_button, self.written):
            result_layout.addLayout(item) if isinstance(item, QHBoxLayout) else result_layout.addWidget(item)

        self.keep_box = QGroupBox(self.tr("2. Keep only what you need"))
        self.keep = QRadioButton(self.tr("Keep this working file as it is"))
        self.erase_identities = QRadioButton(self.tr(
            "Erase every organisation and respondent from this working file: names, labels, consents, ratings "
            "and comments (the map, goals and decisions stay)"))
        self.keep.setChecked(True)
        choices = QButtonGroup(self)
        choices.addButton(self.keep)
        choices.addButton(self.erase_identities)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        keep_layout = QVBoxLayout(self.keep_box)
        for widget in (self.keep, self.erase_identities, self.done_label):
            keep_layout.addWidget(widget)
        self.keep_box.setEnabled(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.finish_button = self.buttons.addButton(self.tr("Finish"), QDialogButtonBox.AcceptRole)
        self.finish_button.setEnabled(False)
        self.finish_button.clicked.connect(self.finish)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_box)
        layout.addWidget(self.keep_box)
        layout.addWidget(self.buttons)
        self.task: BackgroundTask | None = None
        self.confirmation = None
        self.resize(720, 420)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Write the anonymised result"), self.output.text(),
                                              self.tr("Workshops (*{suffix})").format(suffix=DOCUMENT_SUFFIX))
        if path:
            self.output.setText(path)

    def write_result(self) -> None:
        output = Path(self.output.text()).with_suffix(DOCUMENT_SUFFIX)
        self.write_button.setEnabled(False)
        self.written.setText(self.tr("Writing {name}…").format(name=output.name))
        self.task = BackgroundTask(write_anonymised_result(self.session.document.path, output))
        self.task.finished.connect(self._written)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _written(self, output: Path) -> None:
        self.written.setText(self.tr("Wrote {name}: the anonymised result, ready to share.").format(name=output.name))
        self.keep_box.setEnabled(True)
        self.finish_button.setEnabled(True)

    def _failed(self, error: UserError) -> None:
        self.written.clear()
        self.write_button.setEnabled(True)
        self.session.error.emit(error)

    def finish(self) -> None:
        if not self.erase_identities.isChecked():
            self.accept()
            return
        plan = erasure.plan_identities(self.session.document)
        if plan.empty:  # nothing left to erase: rewrite the file anyway, in case an earlier rewrite could not run
            self._erase(plan)
            return
        self.confirmation = confirm_erasure(self, self.tr("every organisation and respondent"), plan,
                                            lambda: self._erase(plan))

    def _erase(self, plan) -> None:
        if self.session.run_for_good(lambda document: erasure.erase(document, plan)) is not None:
            self.done_label.setText(self.tr(
                "Erased {organisations} organisation(s) and {respondents} respondent(s); the working file was "
                "rewritten so the old bytes are gone.").format(
                    organisations=len(plan.organisation_names),
                    respondents=len(plan.respondent_ids) + len(plan.removed_respondent_ids)))
            self.erase_identities.setEnabled(False)
            self.keep.setChecked(True)
