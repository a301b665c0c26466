"""Organisations and participants: who takes part, with each respondent's consent.

A tree of organisations and their respondents with how far each has rated.
Names are edited in place (double-click); consent is switched in its column
(narrowing it — to facilitator only, or withdrawn from every result — is a
"Withdraw consent" edit); every change is an undoable op except an erasure,
which asks first (``confirm``) and then empties the undo stack. Ratings can be
imported from CSV/XLSX (off the UI thread) and offline rating forms written
from here. A second tab shows the personal data the file holds
(``personal_data``) and starts "Finish workshop" (``finish``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.core.i18n import filled
from digitalmotor_desktop.core.model import CONSENT_FACILITATOR, CONSENT_GROUP, CONSENT_WITHDRAWN
from digitalmotor_desktop.gui.attendance_panel import AttendancePanel
from digitalmotor_desktop.gui.background import BackgroundTask
from digitalmotor_desktop.gui.stages.base import StageView
from digitalmotor_desktop.gui.stages.organisations.confirm import confirm_erasure
from digitalmotor_desktop.gui.stages.organisations.personal_data import PersonalDataPage
from digitalmotor_desktop.ops import erasure
from digitalmotor_desktop.ops import ratings as ops
from digitalmotor_desktop.ops.changes import MAP, ORGANISATIONS, RATINGS, Changes
from digitalmotor_desktop.ops.import_ratings import ImportReport, import_ratings
from digitalmotor_desktop.store import ratings as store
from digitalmotor_desktop.store.document import open_document

_ID = Qt.UserRole
_KIND = Qt.UserRole + 1
ORGANISATION, RESPONDENT = "organisation", "respondent"


class OrganisationsStage(StageView):
    depends_on = frozenset({ORGANISATIONS, RATINGS, MAP})

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.name = QLineEdit()
        self.add_organisation_button = QPushButton()
        self.add_respondent_button = QPushButton()
        self.delete_button = QPushButton()
        self.erase_button = QPushButton()
        self.import_button = QPushButton()
        self.form_button = QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)

        adding = QHBoxLayout()
        for widget in (self.name, self.add_organisation_button, self.add_respondent_button, self.delete_button,
                       self.erase_button):
            adding.addWidget(widget)
        files = QHBoxLayout()
        for widget in (self.import_button, self.form_button, self.busy):
            files.addWidget(widget)
        files.addStretch()
        participants = QWidget()
        people = QVBoxLayout(participants)
        people.addWidget(self.explanation)
        people.addLayout(adding)
        self.attendance = AttendancePanel()  # beside the participants: who is expected, who took part
        lists = QSplitter(Qt.Horizontal)
        lists.addWidget(self.tree)
        lists.addWidget(self.attendance)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        people.addWidget(lists, 1)
        people.addLayout(files)
        self.personal_data = PersonalDataPage()
        self.personal_data.finish_requested.connect(self.finish_workshop)
        self.tabs = QTabWidget()
        self.tabs.addTab(participants, "")
        self.tabs.addTab(self.personal_data, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 24, 36, 24)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.name.returnPressed.connect(self.add_organisation)
        self.add_organisation_button.clicked.connect(self.add_organisation)
        self.add_respondent_button.clicked.connect(self.add_respondent)
        self.delete_button.clicked.connect(self.delete_selected)
        self.erase_button.clicked.connect(self.erase_selected)
        self.import_button.clicked.connect(self.choose_import)
        self.form_button.clicked.connect(self.choose_form)
        self.tree.itemChanged.connect(self._renamed)
        self._import: BackgroundTask | None = None
        self.confirmation = None  # the open erasure confirmation, if any
        self.finish_dialog = None
        self._translate()

    def title(self) -> str:
        return self.tr("Organisations and participants")

    def audience_widget(self):
        from digitalmotor_desktop.gui.room.counts import TakingPart

        return TakingPart(self)

    def _translate(self) -> None:
        self.heading.setText(self.title())
        self.name.setAccessibleName(self.tr("Name of a new organisation or respondent"))
        self.tree.setAccessibleName(self.tr("Organisations and their respondents"))
        self.explanation.setText(self.tr(
            "The organisations taking part and their respondents, each with a consent: share the named result "
            "with the group, with the facilitator only, or withdrawn (counted nowhere). Double-click a name to "
            "change it. Deleting can be undone; erasing removes the data for good."))
        self.name.setPlaceholderText(self.tr("Name of an organisation, or label of a respondent (e.g. a role)"))
        self.add_organisation_button.setText(self.tr("Add organisation"))
        self.add_respondent_button.setText(self.tr("Add respondent to the selected organisation"))
        self.delete_button.setText(self.tr("Delete selected"))
        self.erase_button.setText(self.tr("Erase selected for good…"))
        self.tabs.setTabText(0, self.tr("Participants"))
        self.tabs.setTabText(1, self.tr("Personal data in this file"))
        self.personal_data.retranslate()
        self.import_button.setText(self.tr("Import ratings (CSV/XLSX)…"))
        self.form_button.setText(self.tr("Write an offline rating form (XLSX)…"))
        self.tree.setHeaderLabels([self.tr("Organisation / respondent"), self.tr("Consent"), self.tr("Answered")])

    def retranslate(self) -> None:
        self._translate()
        self.attendance.retranslate()
        super().retranslate()

    def set_session(self, session) -> None:
        self.attendance.set_session(session)
        super().set_session(session)

    # -- showing ------------------------------------------------------------------
    def refresh(self, changes: Changes) -> None:
        self.setEnabled(self.session is not None)
        selected = self.selected()
        self.tree.blockSignals(True)
        self.tree.clear()
        if self.session is not None:
            self._fill()
        self.tree.blockSignals(False)
        if selected:
            self.select(selected[1])
        self.personal_data.refresh(self.session.document if self.session is not None else None)

    def _fill(self) -> None:
        document = self.session.document
        total = len(ops.capture_order(document))
        answered = store.rated_counts(document)
        members: dict[str, list] = {}
        for respondent in store.respondents(document):
            members.setdefault(respondent.organisation_id, []).append(respondent)
        for organisation in store.organisations(document):
            people = members.get(organisation.id, [])
            top = self._item(ORGANISATION, organisation.id, organisation.name)
            top.setText(2, filled(self.tr("Respondents: {count}"), count=len(people)))
            self.tree.addTopLevelItem(top)
            for respondent in people:
                item = self._item(RESPONDENT, respondent.id, respondent.label)
                item.setText(2, f"{answered.get(respondent.id, 0)} / {total}")
                top.addChild(item)
                self.tree.setItemWidget(item, 1, self._consent_choice(respondent.id, respondent.consent))
            top.setExpanded(True)

    def _item(self, kind: str, item_id: str, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text, "", ""])
        item.setData(0, _ID, item_id)
        item.setData(0, _KIND, kind)
        item.setFlags(item.flags() | Qt.ItemIsEditable)
        return item

    def _consent_choice(self, respondent_id: str, consent: str) -> QComboBox:
        choice = QComboBox()
        choice.addItem(self.tr("Share with the group"), CONSENT_GROUP)
        choice.addItem(self.tr("Facilitator only"), CONSENT_FACILITATOR)
        choice.addItem(self.tr("Withdrawn – not counted"), CONSENT_WITHDRAWN)
        choice.setCurrentIndex(choice.findData(consent))
        choice.currentIndexChanged.connect(
            lambda _index: self.set_consent(respondent_id, choice.currentData()))
        return choice

    def consent_choice(self, respondent_id: str) -> QComboBox | None:
        item = self._find(respondent_id)
        return self.tree.itemWidget(item, 1) if item else None

    def _find(self, item_id: str) -> QTreeWidgetItem | None:
        for row in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(row)
            for item in (top, *(top.child(i) for i in range(top.childCount()))):
                if item.data(0, _ID) == item_id:
                    return item
        return None

    def selected(self) -> tuple[str, str] | None:
        """(kind, id) of the selected row."""
        item = self.tree.currentItem()
        return (item.data(0, _KIND), item.data(0, _ID)) if item else None

    def select(self, item_id: str) -> None:
        item = self._find(item_id)
        if item:
            self.tree.setCurrentItem(item)

    # -- edits ----------------------------------------------------------------------
    def _apply(self, make_edit):
        try:
            edit = make_edit()
        except UserError as error:
            self.session.error.emit(error)
            return None
        self.session.apply(edit)
        return edit

    def _added(self, edit) -> None:
        if edit:
            self.name.clear()
            self.select(edit.extra["id"])

    def add_organisation(self) -> None:
        self._added(self._apply(lambda: ops.add_organisation(self.session.document, self.name.text())))

    def add_respondent(self) -> None:
        selected = self.selected()
        if selected is None:
            self.status.setText(self.tr("Select the organisation first."))
            return
        kind, item_id = selected
        organisation_id = item_id if kind == ORGANISATION else store.respondent(self.session.document, item_id).organisation_id
        self._added(self._apply(lambda: ops.add_respondent(self.session.document, organisation_id, self.name.text(),
                                                           CONSENT_GROUP)))

    def delete_selected(self) -> None:
        selected = self.selected()
        if selected is None:
            return
        kind, item_id = selected
        delete = ops.delete_organisation if kind == ORGANISATION else ops.delete_respondent
        self._apply(lambda: delete(self.session.document, item_id))

    def set_consent(self, respondent_id: str, consent: str) -> None:
        edit = self._apply(lambda: ops.set_consent(self.session.document, respondent_id, consent))
        if edit is not None and consent == CONSENT_WITHDRAWN:
            self.status.setText(self.tr(
                "Consent withdrawn for “{label}”: their ratings stay in this file but count in no result. "
                "Edit ▸ Undo brings them back; the next export says how many organisations changed.")
                .format(label=edit.subject))

    # -- erasure --------------------------------------------------------------------
    def erase_selected(self) -> None:
        """Asks first, naming what will go; then erases for good (not undoable)."""
        selected = self.selected()
        if selected is None:
            self.status.setText(self.tr("Select the organisation or respondent to erase first."))
            return
        kind, item_id = selected
        document = self.session.document
        if kind == ORGANISATION:
            plan = erasure.plan_organisation(document, item_id)
            subject = self.tr("the organisation “{name}”").format(name=store.organisation(document, item_id).name)
        else:
            plan = erasure.plan_respondent(document, item_id)
            label = store.respondent(document, item_id).label
            subject = self.tr("the respondent “{label}”").format(label=label) if label else self.tr("this respondent")
        self.confirmation = confirm_erasure(self, subject, plan, lambda: self._erase(plan, subject))

    def _erase(self, plan, subject: str) -> None:
        if self.session.run_for_good(lambda document: erasure.erase(document, plan)) is not None:
            self.status.setText(self.tr("Erased {subject}; the file was rewritten so the old bytes are gone.")
                                .format(subject=subject))

    def finish_workshop(self):
        from digitalmotor_desktop.gui.stages.organisations.finish import FinishWorkshopDialog

        self.finish_dialog = FinishWorkshopDialog(self, self.session)
        self.finish_dialog.open()
        return self.finish_dialog

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        document, item_id, text = self.session.document, item.data(0, _ID), item.text(0)
        if item.data(0, _KIND) == ORGANISATION:
            edit = self._apply(lambda: ops.rename_organisation(document, item_id, text))
        else:
            edit = self._apply(lambda: ops.relabel_respondent(document, item_id, text))
        if edit is None:  # refused: show the stored name again
            self.refresh(Changes.of(ORGANISATIONS))

    # -- files ------------------------------------------------------------------------
    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import ratings"), "",
                                              self.tr("Ratings (*.csv *.xlsx);;All files (*)"))
        if path:
            self.start_import(Path(path))

    def start_import(self, source: Path) -> None:
        """Imports off the UI thread; a file-less (in-memory) workshop imports at once."""
        document = self.session.document
        if document.path is None:
            try:
                self._imported(import_ratings(document, source))
            except UserError as error:
                self.session.error.emit(error)
            return
        workshop = document.path

        def import_on_own_connection(progress, cancelled) -> ImportReport:
            with open_document(workshop) as own:  # SQLite connections are not shared across threads
                return import_ratings(own, source)

        task = BackgroundTask(import_on_own_connection)
        task.finished.connect(self._imported)
        task.failed.connect(self._import_failed)
        task.ended.connect(self._import_ended)
        self._import = task
        self.busy.show()
        self.import_button.setEnabled(False)
        self.status.setText(filled(self.tr("Importing {file}…"), file=source.name))
        task.start()

    def _import_failed(self, error: UserError) -> None:
        self.status.clear()
        self.session.error.emit(error)

    def _import_ended(self) -> None:
        self._import = None
        self.busy.hide()
        self.import_button.setEnabled(True)

    def _imported(self, report: ImportReport) -> None:
        summary = filled(self.tr(
            "Imported {file}: {organisations_added} organisations and {respondents_added} respondents added, "
            "{respondents_updated} respondents updated; {ratings_added} ratings added, {ratings_updated} updated, "
            "{ratings_unchanged} unchanged."),
            file=report.source, organisations_added=report.organisations_added,
            respondents_added=report.respondents_added, respondents_updated=report.respondents_updated,
            ratings_added=report.ratings_added, ratings_updated=report.ratings_updated,
            ratings_unchanged=report.ratings_unchanged)
        if report.encoding:  # a CSV: say how it was read, so a wrong guess is seen at once
            separators = {",": self.tr("commas"), ";": self.tr("semicolons"), "\t": self.tr("tabs")}
            summary += " " + filled(self.tr("Read as {encoding}, separated by {separator}."),
                                    encoding=report.encoding, separator=separators[report.separator])
        self.status.setText(summary)
        # The import stamped its rows on its own connection: our next edit must come after them.
        self.session.document.clock.observe(report.clock)
        self.session.notify(report.changes)

    def choose_form(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Write a rating form"), "rating-form.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.write_form(Path(path).with_suffix(".xlsx"))

    def write_form(self, output: Path) -> None:
        """A form for the selected organisation (or a blank one)."""
        from digitalmotor_desktop.export.rating_form import write_rating_form  # openpyxl is slow to import

        selected = self.selected()
        organisation = None
        if selected and selected[0] == ORGANISATION:
            organisation = store.organisation(self.session.document, selected[1]).name
        try:
            count = write_rating_form(self.session.document, output, organisation=organisation)
        except UserError as error:
            self.session.error.emit(error)
            return
        except OSError as error:
            self.status.setText(filled(self.tr("The form could not be written: {reason}"), reason=error.strerror or error))
            return
        self.status.setText(filled(self.tr("Wrote {file} with {count} capabilities."), file=output.name, count=count))
