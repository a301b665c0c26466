"""Let phones join: the facilitator's panel (address, QR code, URL, joining, progress per organisation)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitalmotor_desktop.gui import settings as saved
from digitalmotor_desktop.gui.errors import user_sentence
from digitalmotor_desktop.gui.phones.qr import QrCodeWidget
from digitalmotor_desktop.gui.phones.server import PhoneServer, room_addresses
from digitalmotor_desktop.gui.session import WorkshopSession
from digitalmotor_desktop.ops.changes import BOARD, ORGANISATIONS, RATINGS, Changes
from digitalmotor_desktop.server.network import DEFAULT_PORT
from digitalmotor_desktop.server.progress import organisation_progress, room_counts
from digitalmotor_desktop.server.room import NotesOffer


#: How often the progress table may be redrawn while answers arrive.
REFRESH_MS = 500


class PhonesDialog(QDialog):
    """Not modal: the facilitator keeps working (and sees answers arrive) while it is open."""

    def __init__(self, session: WorkshopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModal(False)
        self.session = session
        self.server = PhoneServer.of(session)

        self.address = QComboBox()
        self.address.setMinimumContentsLength(15)
        self.address.setEditable(True)  # the facilitator may type another address (a hotspot's, say)
        self.address.addItems(room_addresses() or ["127.0.0.1"])
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.start_stop = QPushButton()
        self.qr = QrCodeWidget()
        self.url = QLabel()
        self.url.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.url.setWordWrap(True)
        self.joining = QCheckBox()
        self.joining.setChecked(self.server.room.joining_open)
        self.rotate = QPushButton()
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.mode = QLabel()
        self.mode.setWordWrap(True)
        self.counts = QLabel()
        self.progress = QTreeWidget()
        self.progress.setRootIsDecorated(False)
        self.progress.header().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.address_label, self.port_label = QLabel(), QLabel()
        self.address_label.setBuddy(self.address)
        self.port_label.setBuddy(self.port)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hotspot = QGroupBox()
        self.hotspot_name, self.hotspot_password = QLineEdit(), QLineEdit()
        self.hotspot_password.setEchoMode(QLineEdit.Password)
        self.hotspot_name.setText(saved.hotspot()[0])
        self.hotspot_password.setText(saved.hotspot()[1])
        self.hotspot_name_label, self.hotspot_password_label = QLabel(), QLabel()
        self.hotspot_name_label.setBuddy(self.hotspot_name)
        self.hotspot_password_label.setBuddy(self.hotspot_password)
        self.hotspot_hint = QLabel()
        self.hotspot_hint.setWordWrap(True)
        hotspot = QFormLayout(self.hotspot)
        hotspot.addRow(self.hotspot_name_label, self.hotspot_name)
        hotspot.addRow(self.hotspot_password_label, self.hotspot_password)
        hotspot.addRow(self.hotspot_hint)

        settings = QGridLayout()
        settings.addWidget(self.address_label, 0, 0)
        settings.addWidget(self.address, 0, 1)
        settings.addWidget(self.port_label, 0, 2)
        settings.addWidget(self.port, 0, 3)
        settings.addWidget(self.start_stop, 0, 4)
        joining = QHBoxLayout()
        joining.addWidget(self.joining)
        joining.addStretch()
        joining.addWidget(self.rotate)
        layout = QVBoxLayout(self)
        layout.addLayout(settings)
        layout.addWidget(self.problem)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.url)
        layout.addWidget(self.hint)
        layout.addWidget(self.hotspot)
        layout.addLayout(joining)
        layout.addWidget(self.mode)
        layout.addWidget(self.counts)
        layout.addWidget(self.progress)

        for button in (self.start_stop, self.rotate):  # Enter in a field saves it; it does not start or stop serving
            button.setAutoDefault(False)
        self.start_stop.clicked.connect(self.toggle)
        self.joining.toggled.connect(self._set_joining)
        self.rotate.clicked.connect(self.server.rotate)
        self.server.started.connect(self._show_url)
        self.server.stopped.connect(lambda: self._show_url(""))
        self.server.failed.connect(lambda error: self.problem.setText(user_sentence(error)))
        self.server.mode_changed.connect(self._refresh_now)
        self.hotspot_name.editingFinished.connect(self._save_hotspot)
        self.hotspot_password.editingFinished.connect(self._save_hotspot)
        # Answers arrive many a second: the table is redrawn at most every REFRESH_MS, not per answer.
        self._refresh_later = QTimer(self)
        self._refresh_later.setSingleShot(True)
        self._refresh_later.setInterval(REFRESH_MS)
        self._refresh_later.timeout.connect(self._refresh_now)
        session.changed.connect(self._refresh)
        session.closing.connect(self.close)
        self._translate()
        self._show_url(self.server.url)
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        # A 1280×720 projector less its title bar and task bar; the QR code gives way on a smaller screen.
        self.resize(560, min(640, screen.availableGeometry().height() - 80))

    def _translate(self) -> None:
        self.setWindowTitle(self.tr("Let phones join"))
        self.address_label.setText(self.tr("&Address"))
        self.port_label.setText(self.tr("&Port"))
        self.port.setSpecialValueText(self.tr("any free port"))
        self.joining.setText(self.tr("New phones may join"))
        self.rotate.setText(self.tr("New QR code"))
        self.rotate.setToolTip(self.tr("The old QR code stops working; phones that joined stay."))
        self.hint.setText(self.tr("Phones must be on the same network as this computer. Answers travel as plain "
                                  "HTTP on the room's network and are saved in this workshop as they arrive."))
        self.progress.setHeaderLabels([self.tr("Organisation"), self.tr("Phones"), self.tr("Finished"),
                                       self.tr("Answers")])
        self.qr.setAccessibleName(self.tr("QR code to join"))
        self.hotspot.setTitle(self.tr("Hotspot (optional): a second QR code on the projector joins phones to it"))
        self.hotspot_name_label.setText(self.tr("Network &name"))
        self.hotspot_password_label.setText(self.tr("Pass&word"))
        self.hotspot_hint.setText(self.tr("The password is in the QR code only, never shown as text; it is kept on "
                                          "this computer, not in the workshop."))
        self._show_state()

    def _show_state(self) -> None:
        self.start_stop.setText(self.tr("Stop") if self.server.running else self.tr("Start"))
        self.address.setEnabled(not self.server.running)
        self.port.setEnabled(not self.server.running)

    def toggle(self) -> None:
        self.problem.clear()
        if self.server.running:
            self.server.stop()
        else:
            self.server.start(self.address.currentText().strip(), self.port.value())

    def _save_hotspot(self) -> None:
        name, password = self.hotspot_name.text().strip(), self.hotspot_password.text()
        if (name, password) != saved.hotspot():
            saved.set_hotspot(name, password)
            self.server.hotspot_changed.emit()

    def _set_joining(self, open_: bool) -> None:
        self.server.room.joining_open = open_

    def _show_url(self, url: str) -> None:
        self.qr.set_url(url)
        self.qr.setVisible(bool(url))
        self.url.setText(url)
        self._show_state()
        self._refresh_now()

    def _refresh(self, changes: Changes) -> None:
        if changes.touches(RATINGS, ORGANISATIONS, BOARD) and not self._refresh_later.isActive():
            self._refresh_later.start()

    def _refresh_now(self) -> None:
        document, room = self.session.document, self.server.room
        counts = room_counts(document, room)
        if room.notes is None:
            self.mode.setText(self.tr("Phones rate the capabilities (stage 4)."))
            self.counts.setText(self.tr("Phones joined: {joined} · rating: {rating} · finished: {finished}")
                                .format(joined=counts.joined, rating=counts.in_progress, finished=counts.finished))
        else:
            self.mode.setText(self.tr("Phones write notes under the current question of stage {stage}; they arrive "
                                      "hidden until you reveal the cards.").format(stage=room.notes.stage))
            self.counts.setText(self.tr("Phones joined: {joined} · notes received: {notes}")
                                .format(joined=counts.joined, notes=counts.notes))
        self.progress.setVisible(room.notes is None)
        self.progress.clear()
        for row in organisation_progress(document, room):
            item = QTreeWidgetItem([row.name, str(row.phones), str(row.finished), str(row.answers)])
            for column in (1, 2, 3):
                item.setTextAlignment(column, Qt.AlignRight | Qt.AlignVCenter)
            self.progress.addTopLevelItem(item)


def open_phones_dialog(parent: QWidget, session: WorkshopSession, notes: NotesOffer | None = None) -> PhonesDialog:
    """The session's one panel, shown again if already open; phones write ``notes`` (stages 1–2) or rate."""
    first = session.findChild(PhoneServer) is None
    PhoneServer.of(session).offer(notes)
    room = getattr(parent, "room", None)
    if first and room is not None:  # already presenting: the room's view gains the join panel now
        room.stage_shown(parent.current_view())
    dialog = parent.findChild(PhonesDialog)
    if dialog is None or dialog.session is not session:
        if dialog is not None:
            dialog.deleteLater()
        dialog = PhonesDialog(session, parent)
    dialog.show()
    dialog.raise_()
    return dialog
