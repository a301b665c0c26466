"""The series' attendance table: which organisations are expected, and which took part in each workshop.

The study's "Tabell som anger deltagande för varje organisation vid varje mötestillfälle". A
small panel of its own, so any stage can place it (stage 1 beside its board, where the room
arrives; the organisations page beside the participants); each tick is one undoable edit
(``ops.attendance``). Space ticks the current cell.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from digitalmotor_desktop.core.errors import UserError
from digitalmotor_desktop.ops import attendance as ops
from digitalmotor_desktop.ops.attendance import MEETINGS
from digitalmotor_desktop.ops.changes import ATTENDANCE, ORGANISATIONS, RATINGS, Changes

EXPECTED_COLUMN = 1  # then one column per meeting


class AttendancePanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = None
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, EXPECTED_COLUMN + 1 + len(MEETINGS))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column in range(1, self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.table.itemChanged.connect(self._ticked)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Attendance in the series"))
        self.table.setHorizontalHeaderLabels([self.tr("Organisation"), self.tr("Expected"),
                                              *(self.tr("W{meeting}").format(meeting=m) for m in MEETINGS)])
        for column, meeting in enumerate(MEETINGS, start=EXPECTED_COLUMN + 1):
            self.table.horizontalHeaderItem(column).setToolTip(self.tr("Took part in workshop {meeting}").format(
                meeting=meeting))
        self.table.setAccessibleName(self.tr("Attendance: organisations expected and who took part in each workshop"))
        self.refresh(Changes.of(ATTENDANCE))

    def set_session(self, session) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self.refresh)
        self.session = session
        if session is not None:
            session.changed.connect(self.refresh)
        self.refresh(Changes.of(ATTENDANCE))

    def refresh(self, changes: Changes) -> None:
        if not changes.touches(ATTENDANCE, ORGANISATIONS, RATINGS):
            return
        self.setEnabled(self.session is not None)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if self.session is None:
            self.table.blockSignals(False)
            self.summary.clear()
            return
        register = ops.register(self.session.document)
        self.table.setRowCount(len(register.organisations))
        for row, (organisation_id, name) in enumerate(register.organisations):
            item = QTableWidgetItem(name)
            item.setToolTip(name)  # a long name ends in an ellipsis; the whole of it on hover
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            self.table.setItem(row, 0, item)
            marks = [organisation_id in register.expected,
                     *(m in register.took_part.get(organisation_id, ()) for m in MEETINGS)]
            for column, marked in enumerate(marks, start=EXPECTED_COLUMN):
                tick = QTableWidgetItem()
                tick.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
                tick.setCheckState(Qt.Checked if marked else Qt.Unchecked)
                tick.setData(Qt.UserRole, organisation_id)
                self.table.setItem(row, column, tick)
        self.table.blockSignals(False)
        self.summary.setText(self.tr("{expected} expected; {waiting} of them have not answered the maturity "
                                     "assessment yet.").format(expected=len(register.expected),
                                                               waiting=len(register.not_answered)))

    def _ticked(self, item: QTableWidgetItem) -> None:
        if self.session is None or item.column() < EXPECTED_COLUMN:
            return
        organisation_id, marked = item.data(Qt.UserRole), item.checkState() == Qt.Checked
        document = self.session.document
        try:
            if item.column() == EXPECTED_COLUMN:
                edit = ops.set_expected(document, organisation_id, marked)
            else:
                edit = ops.set_took_part(document, organisation_id, MEETINGS[item.column() - EXPECTED_COLUMN - 1], marked)
        except UserError as error:
            self.session.error.emit(error)
            self.refresh(Changes.of(ATTENDANCE))
            return
        self.session.apply(edit)
