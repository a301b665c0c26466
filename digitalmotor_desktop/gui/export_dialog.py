"""Stage 5's Export…: every deliverable of ``ops.deliverables``, what it will hide, written off the UI thread.

The dialog offers what the command line's ``export`` offers (the report, a
report per organisation, the map or heat map as poster, SVG or PNG, the chart,
the spreadsheets, paper forms), says before anything is written how many
capabilities will read "för få svar" and which organisations appear in no
per-organisation figure, and writes in a worker thread (``gui.background``)
with its own connection to the workshop file, with progress and Cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.gui.background import PROGRESS_STEPS, BackgroundTask
from digitalmotor_desktop.gui.errors import show_user_error, user_sentence
from digitalmotor_desktop.gui.i18n import installed_language
from digitalmotor_desktop.ops.deliverables import (
    CHART,
    DPI_RANGE,
    FORM,
    HEATMAP,
    MAP,
    ORGANISATION,
    PAPERS,
    REPORT,
    ExportRequest,
    export_file,
)
from digitalmotor_desktop.ops.results import gap_report
from digitalmotor_desktop.store import ratings as rating_store
from digitalmotor_desktop.store import results as store
from digitalmotor_desktop.store.document import open_document

#: One file per organisation for these: the dialog asks for a folder.
PER_ORGANISATION = (ORGANISATION, FORM)


class ExportDialog(QDialog):
    """Emits ``exported(message)`` with a sentence for the status bar when files were written."""

    exported = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._task: BackgroundTask | None = None
        self.setWindowTitle(self.tr("Export the joint result"))
        self.what = QComboBox()
        for label, what, formats in (
                (self.tr("Report (PDF)"), REPORT, ("pdf",)),
                (self.tr("A report for each organisation (PDF)"), ORGANISATION, ("pdf",)),
                (self.tr("Capability map"), MAP, ("svg", "png", "pdf")),
                (self.tr("Heat map"), HEATMAP, ("svg", "png", "pdf")),
                (self.tr("Importance and maturity chart"), CHART, ("svg", "png", "pdf")),
                (self.tr("Joint result for spreadsheets"), REPORT, ("xlsx", "csv")),
                (self.tr("Paper rating forms, one per organisation (PDF)"), FORM, ("pdf",))):
            self.what.addItem(label, (what, formats))
        self.format = QComboBox()
        self.heat = QComboBox()
        for label, mode in ((self.tr("Mean maturity"), "maturity"), (self.tr("Strategic importance"), "importance"),
                            (self.tr("Gap to the target"), "gap"), (self.tr("Spread"), "spread")):
            self.heat.addItem(label, mode)
        self.paper = QComboBox()
        self.paper.addItems(PAPERS)
        self.dpi = QSpinBox()
        self.dpi.setRange(*DPI_RANGE)
        self.dpi.setValue(150)
        self.dpi.setSuffix(" dpi")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.hide()
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.hide()
        self.close_button = QPushButton(self.tr("Close"))

        form = QFormLayout()
        form.addRow(self.tr("What"), self.what)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Heat map of"), self.heat)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Resolution"), self.dpi)
        self.form = form
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.what.currentIndexChanged.connect(self._what_changed)
        self.format.currentIndexChanged.connect(self._show_options)
        self.export_button.clicked.connect(self.choose_output)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self._what_changed()
        self._describe_suppression()

    # -- choices ----------------------------------------------------------------------------------
    def _what_changed(self) -> None:
        _, formats = self.what.currentData()
        self.format.blockSignals(True)
        self.format.clear()
        for fmt in formats:
            self.format.addItem(fmt.upper(), fmt)
        self.format.blockSignals(False)
        self._show_options()

    def _show_options(self) -> None:
        what, _ = self.what.currentData()
        fmt = self.format.currentData()
        for widget, shown in ((self.heat, what == HEATMAP), (self.paper, fmt == "pdf" and what in (MAP, HEATMAP, CHART)),
                              (self.dpi, fmt == "png")):
            self.form.setRowVisible(widget, shown)

    def request(self, organisation: str | None = None) -> ExportRequest:
        what, _ = self.what.currentData()
        return ExportRequest(self.format.currentData(), what, organisation, None, installed_language(), self.dpi.value(),
                             self.paper.currentText(), self.heat.currentData())

    def _describe_suppression(self) -> None:
        """What the export will hide, from the same compilation the export uses."""
        report = gap_report(self.session.document, anonymised=True, check_earlier_exports=True)
        result = report.result
        suppressed = [cap.name for (_, _, cap), row in zip(report.places(), result.rows) if row.suppressed]
        rated = {o.organisation_id for o in store.observations(self.session.document)}
        hidden = len(rated - {column.organisation_id for column in result.columns})
        text = self.tr("{suppressed} of {total} capabilities will read “too few answers” (fewer than {k} "
                       "organisations). {hidden} organisation(s) share with the facilitator only: they count in the "
                       "joint figures and appear in no per-organisation figure. {withheld} capabilities are left out of "
                       "the per-organisation table.").format(
            suppressed=len(suppressed), total=len(result.rows), k=result.min_n, hidden=hidden,
            withheld=len(result.withheld))
        if result.changed_since_export:
            text += " " + self.tr("{changed} more withheld: fewer than {k} organisations changed in them since an "
                                  "earlier export.").format(changed=len(result.changed_since_export), k=result.min_n)
        if report.changed_organisations:
            text += " " + self.tr("{changed} organisation(s) changed since the last export.").format(
                changed=report.changed_organisations)
        if suppressed:
            text += " " + self.tr("Hidden: {names}.").format(names=", ".join(suppressed[:12])
                                                             + (" …" if len(suppressed) > 12 else ""))
        self.summary.setText(text)

    # -- writing ----------------------------------------------------------------------------------
    def choose_output(self) -> None:
        request = self.request()
        if request.chosen in PER_ORGANISATION:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the files"))
            if folder:
                self.export_to(Path(folder))
            return
        suffix = f".{request.fmt}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the joint result"),
                                              self.tr("joint-result") + suffix, f"{request.fmt.upper()} (*{suffix})")
        if path:
            self.export_to(Path(path).with_suffix(suffix))

    def export_to(self, output: Path) -> None:
        """Writes to ``output`` (a folder for one file per organisation) in the background."""
        request = self.request()
        source = self.session.document.path
        organisations = [o.name for o in rating_store.organisations(self.session.document)]
        translate = QCoreApplication.translate
        stem = self.tr("report") if request.chosen == ORGANISATION else self.tr("rating-form")

        def step(progress, cancelled) -> list[Path]:
            with open_document(source) as document:  # the worker's own connection
                if request.chosen not in PER_ORGANISATION:
                    return [export_file(document, output, request, translate, progress, cancelled).path]
                written = []
                for index, name in enumerate(organisations):
                    def part(fraction: float, index=index) -> None:
                        progress((index + fraction) / len(organisations))

                    target = output / f"{stem}-{_safe(name)}.pdf"
                    written.append(export_file(document, target, ExportRequest(
                        request.fmt, request.chosen, name, request.min_n, request.language), translate, part,
                        cancelled).path)
                return written

        task = BackgroundTask(step)
        task.progressed.connect(self.progress.setValue)
        task.finished.connect(self._finished)
        task.failed.connect(self._failed)
        task.cancelled.connect(lambda: self.status.setText(self.tr("Cancelled; nothing more was written.")))
        task.ended.connect(self._ended)
        self._task = task
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Writing…"))
        task.start()

    def _finished(self, paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        message = self.tr("Exported {count} file(s): {names}.").format(count=len(paths), names=names)
        self.status.setText(message)
        self.exported.emit(message)
        self._describe_suppression()  # the new export record may hide more next time

    def _failed(self, error: UserError) -> None:
        self.status.setText(user_sentence(error))
        show_user_error(self, error)

    def _ended(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def wait(self) -> None:
        """Blocks until the background work (if any) is done; for closing and tests."""
        if self._task is not None:
            self._task.wait()

    def done(self, result: int) -> None:  # closing: stop the work first, so no thread is left writing
        self.cancel()
        self.wait()
        super().done(result)


def _safe(name: str) -> str:
    """An organisation's name as part of a file name on every system."""
    return "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip() or "organisation"
